/**
 * `stemkaart`: the organiser's command line, on the same database as the server (no HTTP). For the
 * preparation before a meeting and for automation: exit code 0 when done, 1 when the work failed
 * (bad data, unknown meeting, a broken audit chain), 2 for a usage error.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/errors.ts';
import { openDatabase } from '../db/database.ts';
import { currentHolder, type DatabaseHolder } from '../db/server-lock.ts';
import { createDomain, type Domain } from '../domain.ts';
import { loadCardKey } from '../modules/cards/card-key.ts';
import { consoleLang } from '../lib/console-lang.ts';
import { CliError, usage, type CliIo, type Command, type RunContext } from './command.ts';
import { adminCommands } from './commands/admin.ts';
import { cardsCommands } from './commands/cards.ts';
import { kiosksCommands } from './commands/kiosks.ts';
import { meetingCommands } from './commands/meeting.ts';
import { membersCommands } from './commands/members.ts';
import { proxiesCommands } from './commands/proxies.ts';
import { resultsCommands } from './commands/results.ts';
import { roundsCommands } from './commands/rounds.ts';
import { serverClient, ServerError } from './server-client.ts';

export { CliError, type CliIo } from './command.ts';

const COMMON = { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/** Every command, in the order of `stemkaart --help`. */
const COMMANDS: Command[] = [
  ...membersCommands,
  ...meetingCommands,
  ...cardsCommands,
  ...kiosksCommands,
  ...roundsCommands,
  ...resultsCommands,
  ...adminCommands,
  ...proxiesCommands,
];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: stemkaart <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'relay'.padEnd(width)}  Start a feed relay: the live feed, projector and public pages for many viewers (docs/scaling.md)`,
    '',
    'Options for every command:',
    '  --db PATH   the database (default: $STEMKAART_DB or data/stemkaart.db)',
    '  --help, -h  help for the command',
    '',
    'While a server runs on the database, commands that change data go through it (set',
    'STEMKAART_ADMIN_TOKEN to its admin token) or say what to do; commands that only read work',
    'as always. Exit codes: 0 done, 1 failed, 2 usage error.',
    '',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [`Usage: stemkaart ${c.usage}`, '', c.summary + '.', ...(c.details ? ['', c.details] : []), ''].join('\n');
}

/** One line: which server holds the database, and what to do instead. */
function refusal(holder: DatabaseHolder, dbPath: string, command: Command, hasToken: boolean): string {
  const who = `a Stemkaart server (pid ${holder.pid}${holder.url ? `, ${holder.url}` : ''}) is using ${dbPath}`;
  if (command.viaServer && !hasToken) return `${who}: set STEMKAART_ADMIN_TOKEN to its admin token so that "${command.name}" goes through the server, or stop the server first`;
  if (command.viaServer) return `${who} and is still starting: try again in a moment`;
  return `${who}: stop the server first, then run "${command.name}" again`;
}

/** Where kiosk links made without a server point: STEMKAART_PUBLIC_URL, or the server's default address. */
function cliPublicUrl(env: NodeJS.ProcessEnv): string {
  if (env.STEMKAART_PUBLIC_URL) return env.STEMKAART_PUBLIC_URL;
  const host = !env.STEMKAART_HOST || env.STEMKAART_HOST === '0.0.0.0' || env.STEMKAART_HOST === '::' ? '127.0.0.1' : env.STEMKAART_HOST;
  return `${env.STEMKAART_TLS_CERT ? 'https' : 'http'}://${host}:${env.STEMKAART_PORT || '3000'}`;
}

/** Runs one command line; returns the exit code. Never throws. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let close: (() => void) | null = null;
  try {
    // The command's words come first: `stemkaart cards issue --meeting 1 ...`.
    const words = argv.slice(0, 2);
    const command = COMMANDS.find((c) => c.name.split(' ').every((p, i) => words[i] === p));
    if (!command) {
      if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
        io.stdout.write(mainHelp());
        return argv.length === 0 ? 2 : 0;
      }
      const known = COMMANDS.filter((c) => c.name.startsWith(`${words[0]} `));
      throw usage(
        known.length
          ? `unknown command "${words.slice(0, 2).join(' ')}"; did you mean: ${known.map((c) => c.name).join(', ')}?`
          : `unknown command "${words[0]}"; run "stemkaart --help" for the list`,
      );
    }
    const rest = argv.slice(command.name.split(' ').length);
    let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
    try {
      parsed = parseArgs({ args: rest, options: { ...COMMON, ...command.options }, allowPositionals: true, strict: true }) as typeof parsed;
    } catch (err) {
      throw usage(`${(err as Error).message.split('\n')[0]}\n${commandHelp(command)}`);
    }
    if (parsed.values.help) {
      io.stdout.write(commandHelp(command));
      return 0;
    }
    const expected = command.positionals ?? 0;
    if (parsed.positionals.length !== expected) {
      throw usage(
        parsed.positionals.length < expected
          ? `missing FILE\n${commandHelp(command)}`
          : `unexpected argument "${parsed.positionals[expected]}"\n${commandHelp(command)}`,
      );
    }

    const dbPath = resolve(io.cwd, typeof parsed.values.db === 'string' ? parsed.values.db : io.env.STEMKAART_DB || 'data/stemkaart.db');
    let domain: Domain | null = null;
    const ctx: RunContext = {
      dbPath,
      values: parsed.values,
      positionals: parsed.positionals,
      io,
      path: (p) => resolve(io.cwd, p),
      domain() {
        if (domain) return domain;
        const isNew = !existsSync(dbPath);
        if (!command.createsDatabase && isNew) {
          throw new CliError(`no database at ${dbPath} (give --db PATH or set STEMKAART_DB; "members import" creates one)`);
        }
        const db = openDatabase(dbPath);
        try {
          // Only a database made here gets its admin token here (STEMKAART_ADMIN_TOKEN's, or a new one
          // printed once); an existing database keeps the one it has.
          domain = createDomain({
            db,
            cardKey: loadCardKey({ cardKey: io.env.STEMKAART_CARD_KEY, dbPath }),
            adminToken: isNew ? io.env.STEMKAART_ADMIN_TOKEN || undefined : undefined,
            generateAdminToken: isNew,
            publicUrl: cliPublicUrl(io.env),
          });
        } catch (err) {
          db.close();
          throw err;
        }
        const created = domain;
        close = () => {
          created.close();
          db.close();
        };
        const token = created.auth.generatedAdminToken();
        if (token) io.stderr.write(`New database: admin token (shown once; keep it for the chair console): ${token}\n`);
        return created;
      },
    };
    const holder = command.writes || command.viaServer ? currentHolder(dbPath) : null;
    const token = io.env.STEMKAART_ADMIN_TOKEN;
    // A command that only reads may still use the server (a backup it takes itself) when it can.
    if (holder && !command.writes && !(token && holder.url)) {
      await command.run(ctx);
      return 0;
    }
    if (holder) {
      if (!command.viaServer || !token || !holder.url) throw new CliError(refusal(holder, dbPath, command, Boolean(token)));
      const server = serverClient({ url: holder.url, adminToken: token, lang: consoleLang(io.env), tlsCertFile: io.env.STEMKAART_TLS_CERT });
      try {
        await command.viaServer(ctx, server);
      } catch (err) {
        if (err instanceof ServerError) throw new CliError(err.status === 401 ? `the server at ${holder.url} refused STEMKAART_ADMIN_TOKEN (${err.message})` : err.message);
        throw err;
      }
      return 0;
    }
    await command.run(ctx);
    return 0;
  } catch (err) {
    if (err instanceof CliError) {
      io.stderr.write(`stemkaart: ${err.message.trimEnd()}\n`);
      return err.exitCode;
    }
    if (err instanceof ApiError) {
      io.stderr.write(`stemkaart: ${err.messageIn(consoleLang(io.env))}\n`);
      return 1;
    }
    const e = err as NodeJS.ErrnoException;
    io.stderr.write(`stemkaart: ${e?.code ? `${e.code}: ` : ''}${e?.message ?? String(err)}\n`);
    if (io.env.STEMKAART_DEBUG === '1' && e?.stack) io.stderr.write(`${e.stack}\n`);
    return 1;
  } finally {
    (close as (() => void) | null)?.();
  }
}

/** Runs as a program: `tsx server/cli/main.ts ...` or through bin/stemkaart.js. */
export async function main(argv = process.argv.slice(2)): Promise<void> {
  // Output piped into `head` closes early; that is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
  });
  process.exitCode = await runCli(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
