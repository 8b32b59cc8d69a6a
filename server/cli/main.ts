/**
 * `stemkaart`: the organiser's command line, on the same database as the server (no HTTP). For the
 * preparation before a meeting and for automation: exit code 0 when done, 1 when the work failed
 * (bad data, unknown meeting, a broken audit chain), 2 for a usage error.
 */
import { closeSync, existsSync, fchmodSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ApiError, type Lang } from '../../shared/errors.ts';
import { ROUND_STATE_LABELS } from '../../shared/labels.ts';
import { formatCardCode } from '../../shared/card-code.ts';
import { AgendaInputSchema, MEMBER_CODE_PATTERN, type AgendaItem, type Backup, type Kiosk, type Meeting, type MemberInput, type Round } from '../../shared/schemas.ts';
import { openDatabase } from '../db/database.ts';
import { currentHolder, type DatabaseHolder } from '../db/server-lock.ts';
import { inTransaction } from '../db/transaction.ts';
import { createDomain, type Domain } from '../domain.ts';
import { backUpRoundEnd, backupDirOf, createBackups, describeBackup, type BackupService } from '../modules/backups/backups.ts';
import { loadCardKey } from '../modules/cards/card-key.ts';
import type { IssuedCard } from '../modules/cards/cards.service.ts';
import { parseMemberFile } from '../modules/members/member-file.ts';
import type { CardSheetMeeting } from '../modules/pdf/card-sheet.ts';
import { reportPdf, resultsCsv } from '../modules/reports/reports.service.ts';
import { consoleLang } from '../lib/console-lang.ts';
import type { CsvLang } from '../lib/csv.ts';
import { codesCsv } from '../modules/cards/codes-csv.ts';
import { outcomeWord } from '../../shared/labels.ts';
import { formatDateTimeNl } from '../modules/pdf/format.ts';
import { proxiesCommands, proxiesOption } from './proxies.ts';
import { serverClient, ServerError, type ServerClient } from './server-client.ts';

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A failure the user can act on: printed as one line, no stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}
const usage = (message: string) => new CliError(message, 2);

const ACTOR = 'cli';

/** `rounds close` of a secret round with fewer ballots than its meeting's minimum: what the chair must know, and how to close anyway. */
function smallSecretRound(message: string, figures: Record<string, unknown>): CliError {
  const revealed = (figures.revealed ?? []) as { memberCode: string; name: string; motionId: number }[];
  const lines = [message];
  if (revealed.length > 0) {
    lines.push('The totals would make known the choice of:');
    for (const r of revealed) lines.push(`  ${r.memberCode} ${r.name} (motion ${r.motionId})`);
  }
  lines.push('Nothing changed. Run again with --confirm-small to close it anyway.');
  return new CliError(lines.join('\n'));
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  details?: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: number;
  /** Commands that only read never create a database file. */
  createsDatabase?: boolean;
  /**
   * Changes data. While a server holds the database such a command goes through the server's HTTP
   * API (`viaServer`, with STEMKAART_ADMIN_TOKEN) or refuses: writing behind the server's back
   * would leave its memory stale (a reissued card that still votes).
   */
  writes?: boolean;
  run(ctx: RunContext): Promise<void> | void;
  viaServer?(ctx: RunContext, server: ServerClient): Promise<void>;
}

export interface RunContext {
  /** The database file the command works on (absolute). */
  dbPath: string;
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
  io: CliIo;
  domain(): Domain;
  path(p: string): string;
}

const COMMON = { db: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

function intOption(values: RunContext['values'], name: string, required = true): number {
  const raw = values[name];
  if (raw === undefined) {
    if (required) throw usage(`--${name} is required`);
    return 0;
  }
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) throw usage(`--${name} must be a positive whole number, not "${String(raw)}"`);
  return Number(raw);
}

function stringOption(values: RunContext['values'], name: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw.trim() === '') throw usage(`--${name} is required`);
  return raw;
}

function readInput(path: string): string {
  return readInputBytes(path).toString('utf8');
}

function readInputBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path} (${code ?? 'error'})`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * Opens the output file before any card is issued: the codes exist only in the printed sheet, so a
 * sheet that cannot be written must stop the command before the cards are made.
 */
function openOutput(path: string): { write(data: Buffer | string): void; discard(): void } {
  if (existsSync(path) && statSync(path).isDirectory()) throw new CliError(`${path} is a directory; give a file name`);
  if (!existsSync(dirname(path))) throw new CliError(`cannot write ${path}: the folder ${dirname(path)} does not exist`);
  const existed = existsSync(path);
  let fd: number;
  try {
    fd = openSync(path, 'w', 0o600);
    // The mode of open() applies only to a new file: an existing one is made private too.
    fchmodSync(fd, 0o600);
  } catch (err) {
    throw new CliError(`cannot write ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let open = true;
  return {
    write(data) {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      closeSync(fd);
      open = false;
    },
    /** Closes the file unwritten; one that this command created is removed again. */
    discard() {
      if (!open) return;
      closeSync(fd);
      open = false;
      if (!existed) unlinkSync(path);
    },
  };
}

/** `[#####.....]  120/342 cards` on stderr, redrawn in place; only on a terminal. */
function progressBar(io: CliIo, label: string): { update(done: number, total: number): void; end(): void } {
  if (!io.stderr.isTTY) return { update: () => {}, end: () => {} };
  let last = -1;
  let drawn = false;
  return {
    update(done, total) {
      const width = Math.max(10, Math.min(40, (io.stderr.columns ?? 80) - 30));
      const filled = total === 0 ? width : Math.round((done / total) * width);
      if (filled === last && done !== total) return;
      last = filled;
      drawn = true;
      io.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`);
    },
    end() {
      if (drawn) io.stderr.write('\n');
    },
  };
}

async function writeCardSheet(ctx: RunContext, meeting: CardSheetMeeting, out: ReturnType<typeof openOutput>, cards: IssuedCard[], outPath: string) {
  const bar = progressBar(ctx.io, 'cards');
  try {
    const { renderCardSheet } = await import('../modules/pdf/card-sheet.ts');
    const pdf = await renderCardSheet({ meeting: { title: meeting.title, date: meeting.date, venue: meeting.venue }, cards }, { onProgress: bar.update });
    bar.end();
    out.write(pdf);
  } catch (err) {
    bar.end();
    out.discard();
    const list = cards.map((c) => `${c.memberCode} ${c.code}`).join('\n');
    // Never lose issued codes: print them so they can still be used (or reissued).
    ctx.io.stderr.write(`The cards were issued but the sheet could not be made. Their codes:\n${list}\n`);
    throw err;
  }
  ctx.io.stdout.write(`${cards.length} card${cards.length === 1 ? '' : 's'} written to ${outPath} (readable only by you; it holds the card codes)\n`);
}

/** The members file, read as a spreadsheet writes it (member-file.ts): validated members, or an error naming row and column. */
function readMembersFile(ctx: RunContext): MemberInput[] {
  const charset = typeof ctx.values.charset === 'string' ? ctx.values.charset : undefined;
  return parseMemberFile({ bytes: readInputBytes(ctx.path(ctx.positionals[0])), charset });
}

/** The agenda file: its items (checked against the schema), and a meeting to create if it has one. */
function readAgendaFile(ctx: RunContext): { items: unknown; meetingInput: unknown } {
  const file = ctx.path(ctx.positionals[0]);
  const data = parseJson(readInput(file), file);
  if (typeof data !== 'object' || data === null || Array.isArray(data) || !('items' in data)) {
    throw new CliError(`${file}: expected an object with "items" (the agenda), optionally with "meeting"`);
  }
  const { meeting: meetingInput, items } = data as { meeting?: unknown; items: unknown };
  const parsed = AgendaInputSchema.safeParse({ items });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CliError(`${file}: items.${issue.path.join('.')}: ${issue.message}`);
  }
  if (ctx.values.meeting === undefined && meetingInput === undefined) throw usage('--meeting is required (the file has no "meeting" to create)');
  return { items, meetingInput };
}

/** The body of POST /api/meetings from `meeting create`'s flags (the schema checks each value). */
function meetingInput(ctx: RunContext) {
  const title = stringOption(ctx.values, 'title');
  const date = stringOption(ctx.values, 'date');
  return {
    title,
    date,
    venue: typeof ctx.values.venue === 'string' ? ctx.values.venue : null,
    requireCheckIn: !ctx.values['no-check-in'],
    allowSplit: ctx.values['allow-split'] === true,
    ...(typeof ctx.values['time-zone'] === 'string' ? { timeZone: ctx.values['time-zone'] } : {}),
    ...(typeof ctx.values['secret-min-ballots'] === 'string' ? { secretMinBallots: intOption(ctx.values, 'secret-min-ballots') } : {}),
    ...proxiesOption(ctx.values, { intOption }),
  };
}

function memberCodesOption(values: RunContext['values']): string[] | undefined {
  const codes = typeof values.members === 'string' ? values.members.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  if (codes && codes.length === 0) throw usage('--members names no member');
  return codes;
}

function nothingIssued(meetingId: number): CliError {
  return new CliError(`every member already has an active card in meeting ${meetingId}; nothing issued (use "cards reissue" for a lost card)`);
}

function writeCodes(ctx: RunContext, codesOut: ReturnType<typeof openOutput>, cards: IssuedCard[]): void {
  codesOut.write(codesCsv(cards, csvLangOption(ctx.values)));
}

/** `--lang en`: a CSV in English with commas; Dutch with semicolons otherwise. */
function csvLangOption(values: RunContext['values']): CsvLang {
  const raw = values.lang ?? 'nl';
  if (raw !== 'nl' && raw !== 'en') throw usage(`--lang must be nl or en, not "${String(raw)}"`);
  return raw;
}

/** `--member CODE`, checked before it reaches a path or a URL. */
function memberOption(values: RunContext['values']): string {
  const code = stringOption(values, 'member');
  if (!MEMBER_CODE_PATTERN.test(code)) throw usage(`--member must be a member code, not "${code}"`);
  return code;
}

/**
 * `--out`, or a new file for codes beside the database (`data/` by default, ignored by git):
 * `NAME.pdf`, or `NAME-2.pdf` ... when that exists, so an earlier sheet is never overwritten.
 */
function outputOrDefault(ctx: RunContext, name: string): string {
  if (typeof ctx.values.out === 'string') return ctx.path(stringOption(ctx.values, 'out'));
  const dir = dirname(ctx.dbPath);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (let n = 1; ; n++) {
    const file = join(dir, `${name}${n === 1 ? '' : `-${n}`}.pdf`);
    if (!existsSync(file)) return file;
  }
}

/** The motion ids of refs (`8a.A1`) or ids, checked against the meeting's agenda. */
function motionIdsOf(meetingId: number, agenda: AgendaItem[], names: string[]): { ids: number[]; refs: string[] } {
  const motions = agenda.flatMap((item) => item.motions);
  const found = names.map((n) => {
    const m = motions.find((x) => x.ref.toLowerCase() === n.toLowerCase()) ?? (/^\d+$/.test(n) ? motions.find((x) => x.id === Number(n)) : undefined);
    if (!m) throw new CliError(`meeting ${meetingId} has no motion "${n}" (refs: ${motions.map((x) => x.ref).join(', ') || 'none'})`);
    return m;
  });
  return { ids: found.map((m) => m.id), refs: found.map((m) => m.ref) };
}

/** The body of POST /api/meetings/:id/rounds from the options of "rounds create" (motions apart). */
function roundOptions(values: RunContext['values']): { names: string[]; options: Record<string, unknown> } {
  const names = stringOption(values, 'motions').split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw usage('--motions names no motion');
  const majority = values.majority ?? 'simple';
  if (majority !== 'simple' && majority !== 'two_thirds') throw usage(`--majority must be simple or two_thirds, not "${String(majority)}"`);
  let quorumPercent = 0;
  if (values.quorum !== undefined) {
    const raw = String(values.quorum);
    if (!/^\d+$/.test(raw) || Number(raw) > 100) throw usage(`--quorum must be a whole percentage from 0 to 100, not "${raw}"`);
    quorumPercent = Number(raw);
  }
  return { names, options: { secret: values.secret === true, allowChange: values['allow-change'] === true, showLive: values['hide-live'] !== true, majority, quorumPercent } };
}

function kioskInput(values: RunContext['values']): { name: string; mode: 'checkin' | 'voting' } {
  const name = stringOption(values, 'name');
  const mode = stringOption(values, 'mode');
  if (mode !== 'checkin' && mode !== 'voting') throw usage(`--mode must be checkin or voting, not "${mode}"`);
  return { name, mode };
}

function printPairedKiosk(ctx: RunContext, meetingId: number, kiosk: Kiosk & { token: string; url: string }): void {
  if (ctx.values.json) {
    ctx.io.stdout.write(`${JSON.stringify(kiosk)}\n`);
    return;
  }
  ctx.io.stdout.write(`kiosk ${kiosk.id} (${kiosk.name}, ${kiosk.mode}) paired to meeting ${meetingId}\n  link:  ${kiosk.url}\n  token: ${kiosk.token}\n`);
}

/** What `kiosks list` says of a kiosk: removed, never opened on a device, or when it was last seen. */
function kioskState(k: Kiosk, lang: Lang, timeZone: string): string {
  const time = (at: string) => formatDateTimeNl(at, timeZone);
  if (k.revokedAt) return lang === 'en' ? `removed ${time(k.revokedAt)}` : `verwijderd ${time(k.revokedAt)}`;
  if (!k.lastSeenAt) return lang === 'en' ? 'never opened on a device' : 'nog nooit geopend op een apparaat';
  return lang === 'en' ? `last seen ${time(k.lastSeenAt)}` : `laatst gezien ${time(k.lastSeenAt)}`;
}

function printKiosks(ctx: RunContext, kiosks: Kiosk[], timeZone: string): void {
  if (ctx.values.json) {
    ctx.io.stdout.write(`${JSON.stringify(kiosks, null, 2)}\n`);
    return;
  }
  if (kiosks.length === 0) {
    ctx.io.stdout.write('no kiosks\n');
    return;
  }
  const width = Math.max(4, ...kiosks.map((k) => k.name.length));
  const lang = consoleLang(ctx.io.env);
  const lines = [`${'id'.padStart(4)}  ${'name'.padEnd(width)}  ${'mode'.padEnd(7)}  state`];
  for (const k of kiosks) lines.push(`${String(k.id).padStart(4)}  ${k.name.padEnd(width)}  ${k.mode.padEnd(7)}  ${kioskState(k, lang, timeZone)}`);
  ctx.io.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * `stemronde 2 (gesloten): 2 gestemd, gewicht 80` and each motion's outcome and weights, by the
 * round's number and in the words of the report (a practice round's outcome is `geen besluit`).
 */
function describeRound(round: Round, lang: Lang): string {
  const en = lang === 'en';
  const state = ROUND_STATE_LABELS[round.state][lang].toLowerCase() + (round.secret ? (en ? ', secret' : ', geheim') : '') + (round.practice ? (en ? ', practice vote' : ', proefstemming') : '');
  const head = en
    ? `round ${round.number} (${state}): ${round.voted.count} voted, weight ${round.voted.weight}`
    : `stemronde ${round.number} (${state}): ${round.voted.count} gestemd, gewicht ${round.voted.weight}`;
  const tallies = (round.tallies ?? []).map((t) => {
    const outcome = round.state === 'closed' || round.practice ? outcomeWord(round.practice, t.outcome, lang) : en ? 'no outcome yet' : 'nog geen uitslag';
    const quorum = t.quorumMet ? '' : en ? ' (no quorum)' : ' (geen quorum)';
    return en
      ? `\n  ${t.ref}: ${outcome} - for ${t.for.weight}, against ${t.against.weight}, abstain ${t.abstain.weight}${quorum}`
      : `\n  ${t.ref}: ${outcome} - voor ${t.for.weight}, tegen ${t.against.weight}, onthouding ${t.abstain.weight}${quorum}`;
  });
  return head + tallies.join('');
}

/** `stemronde 2 voorbereid op 7.1` / `round 2 created (draft) on 7.1`. */
function roundCreated(round: Round, refs: string[], lang: Lang): string {
  return lang === 'en' ? `round ${round.number} created (draft) on ${refs.join(', ')}\n` : `stemronde ${round.number} voorbereid op ${refs.join(', ')}\n`;
}

const COMMANDS: Command[] = [
  {
    name: 'members import',
    summary: 'Load or update members (municipalities) from a CSV or JSON file',
    usage: 'members import FILE [--charset utf-8|windows-1252] [--db PATH]',
    details:
      'FILE is a CSV with the header code,name,province,population[,weight] (or the Dutch naam, provincie,\n' +
      'inwonertal, gewicht), separated by commas, semicolons (Dutch Excel) or tabs, in UTF-8 (with or without\n' +
      'BOM) or Windows-1252 (detected; --charset names it); or a JSON array of {"code","name","province"?,\n' +
      '"population","weight"?}. Members are upserted by code, upper and lower case alike; a missing weight\n' +
      'comes from the weight scheme. All or nothing: one bad row stops the import and names its row and column.',
    options: { charset: { type: 'string' } },
    positionals: 1,
    createsDatabase: true,
    writes: true,
    run(ctx) {
      // The file first: a bad one stops before a database (and its admin token) is made.
      const rows = readMembersFile(ctx);
      const result = ctx.domain().members.import(rows, ACTOR);
      ctx.io.stdout.write(`${result.inserted} inserted, ${result.updated} updated\n`);
    },
    async viaServer(ctx, server) {
      // Read and checked here (row and column messages as without a server), sent as JSON.
      const result = await server.call<{ inserted: number; updated: number }>('PUT', '/api/members', { json: readMembersFile(ctx) });
      ctx.io.stdout.write(`${result.inserted} inserted, ${result.updated} updated\n`);
    },
  },
  {
    name: 'weights show',
    summary: 'Show the weight scheme and the weight of every member',
    usage: 'weights show [--json] [--db PATH]',
    options: { json: { type: 'boolean' } },
    run(ctx) {
      const domain = ctx.domain();
      const scheme = domain.members.scheme();
      const members = domain.members.list();
      if (ctx.values.json) {
        ctx.io.stdout.write(`${JSON.stringify({ scheme, members }, null, 2)}\n`);
        return;
      }
      const en = consoleLang(ctx.io.env) === 'en';
      const lines: string[] = [];
      if (scheme.kind === 'proportional') {
        const rounding = scheme.rounding === 'floor' ? (en ? 'down' : 'naar beneden') : en ? 'up' : 'naar boven';
        lines.push(
          en
            ? `Scheme: one vote per ${scheme.perInhabitants} inhabitants, rounded ${rounding}, at least ${scheme.min}, at most ${scheme.max}`
            : `Regeling: één stem per ${scheme.perInhabitants} inwoners, afgerond ${rounding}, ten minste ${scheme.min}, ten hoogste ${scheme.max}`,
        );
      } else {
        lines.push(`${en ? 'Scheme: brackets' : 'Regeling: klassen'} ${scheme.brackets.map((b) => `${en ? 'from' : 'vanaf'} ${b.minPopulation}: ${b.weight}`).join('; ')}`);
      }
      const nameWidth = Math.min(40, Math.max(4, ...members.map((m) => m.name.length)));
      const [code, name, population, weight] = en ? ['code', 'name', 'population', 'weight'] : ['code', 'naam', 'inwonertal', 'stemmen'];
      lines.push('', `${code.padEnd(10)}${name.padEnd(nameWidth + 2)}${population.padStart(12)}${weight.padStart(8)}`);
      for (const m of members) lines.push(`${m.code.padEnd(10)}${m.name.slice(0, nameWidth).padEnd(nameWidth + 2)}${String(m.population).padStart(12)}${String(m.weight).padStart(8)}`);
      const total = members.reduce((s, m) => s + m.weight, 0);
      lines.push('', en ? `${members.length} members, ${total} votes in total` : `${members.length} leden, ${total} stemmen in totaal`);
      ctx.io.stdout.write(`${lines.join('\n')}\n`);
    },
  },
  {
    name: 'meeting create',
    summary: 'Create a meeting',
    usage:
      'meeting create --title TITLE --date YYYY-MM-DD [--venue VENUE] [--no-check-in] [--allow-split]\n' +
      '                       [--time-zone ZONE] [--secret-min-ballots N] [--proxies MAX] [--db PATH]',
    details:
      '--no-check-in: the scan at the voting desk is the proof of presence (no check-in desk).\n' +
      '--allow-split: a member may divide its votes over for, against and abstain (split votes; off by default).\n' +
      '--time-zone: the IANA zone every time is shown in (default Europe/Amsterdam).\n' +
      '--secret-min-ballots: a secret round with fewer ballots closes only when the chair confirms (default 5).\n' +
      '--proxies MAX: proxy votes (volmacht) allowed, at most MAX per holder (not allowed without it).',
    options: {
      title: { type: 'string' },
      date: { type: 'string' },
      venue: { type: 'string' },
      'no-check-in': { type: 'boolean' },
      'allow-split': { type: 'boolean' },
      'time-zone': { type: 'string' },
      'secret-min-ballots': { type: 'string' },
      proxies: { type: 'string' },
    },
    createsDatabase: true,
    writes: true,
    run(ctx) {
      const meeting = ctx.domain().meetings.create(meetingInput(ctx), ACTOR);
      ctx.io.stdout.write(`meeting ${meeting.id} created: ${meeting.title}, ${meeting.date}\n`);
    },
    async viaServer(ctx, server) {
      const meeting = await server.call<Meeting>('POST', '/api/meetings', { json: meetingInput(ctx) });
      ctx.io.stdout.write(`meeting ${meeting.id} created: ${meeting.title}, ${meeting.date}\n`);
    },
  },
  {
    name: 'agenda import',
    summary: "Add agenda items and motions to a meeting from a JSON file",
    usage: 'agenda import [--meeting ID] FILE.json [--db PATH]',
    details:
      'FILE.json has the shape of POST /api/meetings/:id/agenda: {"items":[{"number","title","motions":[...]}]}.\n' +
      'A file with a "meeting" key as well (like data/demo-meeting.json) creates that meeting when --meeting is\n' +
      'not given, and adds the agenda to it.',
    options: { meeting: { type: 'string' } },
    positionals: 1,
    writes: true,
    run(ctx) {
      const { items, meetingInput } = readAgendaFile(ctx);
      const domain = ctx.domain();
      if (ctx.values.meeting === undefined) {
        // Meeting and agenda together or not at all.
        const result = inTransaction(domain.db, () => {
          const m = domain.meetings.create(meetingInput, ACTOR);
          return { id: m.id, items: domain.meetings.addAgenda(m.id, { items }, ACTOR) };
        });
        ctx.io.stdout.write(`meeting ${result.id} created with ${describeAgenda(result.items)}\n`);
        return;
      }
      const meetingId = intOption(ctx.values, 'meeting');
      domain.meetings.get(meetingId);
      const added = domain.meetings.addAgenda(meetingId, { items }, ACTOR);
      ctx.io.stdout.write(`added ${describeAgenda(added)} to meeting ${meetingId}\n`);
    },
    async viaServer(ctx, server) {
      const { items, meetingInput } = readAgendaFile(ctx);
      if (ctx.values.meeting !== undefined) {
        const meetingId = intOption(ctx.values, 'meeting');
        const added = await server.call<{ items: AgendaItem[] }>('POST', `/api/meetings/${meetingId}/agenda`, { json: { items } });
        ctx.io.stdout.write(`added ${describeAgenda(added.items)} to meeting ${meetingId}\n`);
        return;
      }
      // Two requests (the API has no single one for both): say so when the second fails.
      const meeting = await server.call<Meeting>('POST', '/api/meetings', { json: meetingInput });
      let added: { items: AgendaItem[] };
      try {
        added = await server.call<{ items: AgendaItem[] }>('POST', `/api/meetings/${meeting.id}/agenda`, { json: { items } });
      } catch (err) {
        throw new CliError(`meeting ${meeting.id} was created, but its agenda was not added: ${(err as Error).message}`);
      }
      ctx.io.stdout.write(`meeting ${meeting.id} created with ${describeAgenda(added.items)}\n`);
    },
  },
  {
    name: 'cards issue',
    summary: 'Issue voting cards and write the printable card sheet (PDF)',
    usage: 'cards issue --meeting ID [--out FILE.pdf] [--codes FILE.csv] [--members CODE,CODE...] [--db PATH]',
    details:
      'Issues a card to every member without an active card in the meeting (or to the members named),\n' +
      'freezing the weights on first issue. The codes exist only in the sheet (and in --codes, a CSV for a\n' +
      'Dutch spreadsheet, code lid;lid;stemmen;kaartcode, or in English with commas with --lang en): the\n' +
      'database keeps their hashes. Both files are readable only by\n' +
      'you (mode 0600). Without --out the sheet goes beside the database, in data/ by default (ignored\n' +
      'by git): data/cards-meeting-ID.pdf, or -2, -3 ... when that exists.\n' +
      'Uses the card key of the server (STEMKAART_CARD_KEY or the key file beside the database).',
    options: { meeting: { type: 'string' }, out: { type: 'string' }, codes: { type: 'string' }, members: { type: 'string' }, lang: { type: 'string' } },
    writes: true,
    async run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const outPath = outputOrDefault(ctx, `cards-meeting-${meetingId}`);
      const codesPath = typeof ctx.values.codes === 'string' ? ctx.path(ctx.values.codes) : null;
      const memberCodes = memberCodesOption(ctx.values);
      const domain = ctx.domain();
      const meeting = domain.meetings.get(meetingId);
      const out = openOutput(outPath);
      const codesOut = codesPath ? openOutput(codesPath) : null;
      let cards: IssuedCard[];
      try {
        cards = domain.cards.issue(meetingId, memberCodes, ACTOR);
        if (cards.length === 0) throw nothingIssued(meetingId);
      } catch (err) {
        out.discard();
        codesOut?.discard();
        throw err;
      }
      if (codesOut) writeCodes(ctx, codesOut, cards);
      await writeCardSheet(ctx, meeting, out, cards, outPath);
      if (codesPath) ctx.io.stdout.write(`codes written to ${codesPath} (readable only by you)\n`);
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      const outPath = outputOrDefault(ctx, `cards-meeting-${meetingId}`);
      const codesPath = typeof ctx.values.codes === 'string' ? ctx.path(ctx.values.codes) : null;
      const memberCodes = memberCodesOption(ctx.values);
      const meeting = await server.call<Meeting>('GET', `/api/meetings/${meetingId}`);
      const out = openOutput(outPath);
      const codesOut = codesPath ? openOutput(codesPath) : null;
      let cards: IssuedCard[];
      try {
        cards = (await server.call<{ cards: IssuedCard[] }>('POST', `/api/meetings/${meetingId}/cards`, { json: memberCodes ? { members: memberCodes } : {} })).cards;
        if (cards.length === 0) throw nothingIssued(meetingId);
      } catch (err) {
        out.discard();
        codesOut?.discard();
        throw err;
      }
      if (codesOut) writeCodes(ctx, codesOut, cards);
      await writeCardSheet(ctx, meeting, out, cards, outPath);
      if (codesPath) ctx.io.stdout.write(`codes written to ${codesPath} (readable only by you)\n`);
    },
  },
  {
    name: 'cards reissue',
    summary: "Revoke a member's card and write a new one (PDF)",
    usage: 'cards reissue --meeting ID --member CODE [--out FILE.pdf] [--db PATH]',
    details:
      'The old card stops working at once (it reads "revoked" at the desks). Without --out the one-card\n' +
      'sheet goes beside the database (data/card-meeting-ID-CODE.pdf by default), readable only by you.',
    options: { meeting: { type: 'string' }, member: { type: 'string' }, out: { type: 'string' } },
    writes: true,
    async run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const memberCode = memberOption(ctx.values);
      const outPath = outputOrDefault(ctx, `card-meeting-${meetingId}-${memberCode.toUpperCase()}`);
      const domain = ctx.domain();
      const meeting = domain.meetings.get(meetingId);
      if (!domain.members.byCode(memberCode)) throw new CliError(`member ${memberCode} does not exist`);
      const out = openOutput(outPath);
      let card: IssuedCard;
      try {
        card = domain.cards.reissue(meetingId, memberCode, ACTOR);
      } catch (err) {
        out.discard();
        throw err;
      }
      await writeCardSheet(ctx, meeting, out, [card], outPath);
      ctx.io.stdout.write(`new card for ${card.name}: ${formatCardCode(card.code)}\n`);
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      const memberCode = memberOption(ctx.values);
      const outPath = outputOrDefault(ctx, `card-meeting-${meetingId}-${memberCode.toUpperCase()}`);
      const meeting = await server.call<Meeting>('GET', `/api/meetings/${meetingId}`);
      const out = openOutput(outPath);
      let card: IssuedCard;
      try {
        [card] = (await server.call<{ cards: IssuedCard[] }>('POST', `/api/meetings/${meetingId}/cards/${encodeURIComponent(memberCode)}/reissue`)).cards;
      } catch (err) {
        out.discard();
        throw err;
      }
      await writeCardSheet(ctx, meeting, out, [card], outPath);
      ctx.io.stdout.write(`new card for ${card.name}: ${formatCardCode(card.code)}\n`);
    },
  },
  {
    name: 'kiosks create',
    summary: 'Pair a kiosk (check-in desk or voting desk) and print its link',
    usage: 'kiosks create --meeting ID --name NAME --mode checkin|voting [--json] [--db PATH]',
    details:
      'Prints the kiosk id, the link that opens the kiosk page already paired, and its token (for\n' +
      'scripts: Authorization: Bearer TOKEN); --json prints the answer of POST /api/meetings/:id/kiosks.\n' +
      'Both are shown only now; "kiosks remove" stops the token.\n' +
      'The link starts with $STEMKAART_PUBLIC_URL (default http://127.0.0.1:$STEMKAART_PORT).',
    options: { meeting: { type: 'string' }, name: { type: 'string' }, mode: { type: 'string' }, json: { type: 'boolean' } },
    writes: true,
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      printPairedKiosk(ctx, meetingId, ctx.domain().kiosks.pair(meetingId, kioskInput(ctx.values), ACTOR));
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      printPairedKiosk(ctx, meetingId, await server.call<Kiosk & { token: string; url: string }>('POST', `/api/meetings/${meetingId}/kiosks`, { json: kioskInput(ctx.values) }));
    },
  },
  {
    name: 'kiosks list',
    summary: "List a meeting's kiosks (without their tokens)",
    usage: 'kiosks list --meeting ID [--json] [--db PATH]',
    details: 'Per kiosk when it was last seen (its link last used, to the minute), or that it was never opened on a device.',
    options: { meeting: { type: 'string' }, json: { type: 'boolean' } },
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const domain = ctx.domain();
      printKiosks(ctx, domain.kiosks.list(meetingId), domain.meetings.get(meetingId).timeZone);
    },
  },
  {
    name: 'kiosks remove',
    summary: 'Remove a kiosk: its token stops working',
    usage: 'kiosks remove --kiosk ID [--db PATH]',
    details: 'A lost or stolen tablet: its token is refused from now on.',
    options: { kiosk: { type: 'string' } },
    writes: true,
    run(ctx) {
      const kiosk = ctx.domain().kiosks.revoke(intOption(ctx.values, 'kiosk'), ACTOR);
      ctx.io.stdout.write(`kiosk ${kiosk.id} (${kiosk.name}) removed\n`);
    },
    async viaServer(ctx, server) {
      const kiosk = await server.call<Kiosk>('DELETE', `/api/kiosks/${intOption(ctx.values, 'kiosk')}`);
      ctx.io.stdout.write(`kiosk ${kiosk.id} (${kiosk.name}) removed\n`);
    },
  },
  {
    name: 'rounds create',
    summary: 'Create a voting round (draft) on one or more motions',
    usage:
      'rounds create --meeting ID --motions REF|ID,... [--secret] [--allow-change] [--hide-live]\n' +
      '                       [--majority simple|two_thirds] [--quorum PERCENT] [--db PATH]',
    details:
      '--motions names motions by their ref (8a.A1) or id, comma-separated. --secret: no link between a\n' +
      'ballot and its member; --allow-change: a member may vote again until close (not with --secret);\n' +
      '--hide-live: the projector shows no figures until close. The round opens with "rounds open".',
    options: {
      meeting: { type: 'string' },
      motions: { type: 'string' },
      secret: { type: 'boolean' },
      'allow-change': { type: 'boolean' },
      'hide-live': { type: 'boolean' },
      majority: { type: 'string' },
      quorum: { type: 'string' },
    },
    writes: true,
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const { names, options } = roundOptions(ctx.values);
      const domain = ctx.domain();
      const { ids, refs } = motionIdsOf(meetingId, domain.meetings.agenda(meetingId), names);
      const round = domain.rounds.create(meetingId, { motionIds: ids, ...options }, ACTOR);
      ctx.io.stdout.write(roundCreated(round, refs, consoleLang(ctx.io.env)));
    },
    async viaServer(ctx, server) {
      const meetingId = intOption(ctx.values, 'meeting');
      const { names, options } = roundOptions(ctx.values);
      const meeting = await server.call<{ agenda: AgendaItem[] }>('GET', `/api/meetings/${meetingId}`);
      const { ids, refs } = motionIdsOf(meetingId, meeting.agenda, names);
      const round = await server.call<Round>('POST', `/api/meetings/${meetingId}/rounds`, { json: { motionIds: ids, ...options } });
      ctx.io.stdout.write(roundCreated(round, refs, consoleLang(ctx.io.env)));
    },
  },
  {
    name: 'rounds list',
    summary: "List a meeting's rounds with their state and outcomes",
    usage: 'rounds list --meeting ID [--json] [--db PATH]',
    options: { meeting: { type: 'string' }, json: { type: 'boolean' } },
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const domain = ctx.domain();
      domain.meetings.get(meetingId);
      const rounds = domain.rounds.viewsOfMeeting(meetingId, 'admin');
      if (ctx.values.json) ctx.io.stdout.write(`${JSON.stringify(rounds, null, 2)}\n`);
      else ctx.io.stdout.write(rounds.length === 0 ? 'no rounds\n' : `${rounds.map((r) => describeRound(r, consoleLang(ctx.io.env))).join('\n')}\n`);
    },
  },
  ...(['open', 'close', 'cancel'] as const).map(
    (action): Command => ({
      name: `rounds ${action}`,
      summary: { open: 'Open a round: the voting desks take ballots for it', close: 'Close a round and print its outcome', cancel: 'Cancel a draft or open round: its ballots count for nothing' }[action],
      usage: `rounds ${action} --round ID${action === 'cancel' ? ' [--reason TEXT]' : action === 'close' ? ' [--confirm-small]' : ''} [--db PATH]`,
      options:
        action === 'cancel'
          ? { round: { type: 'string' }, reason: { type: 'string' } }
          : action === 'close'
            ? { round: { type: 'string' }, 'confirm-small': { type: 'boolean' } }
            : { round: { type: 'string' } },
      writes: true,
      async run(ctx) {
        const id = intOption(ctx.values, 'round');
        const { rounds, db } = ctx.domain();
        const reason = typeof ctx.values.reason === 'string' ? ctx.values.reason : undefined;
        // Before the round changes: a wrong STEMKAART_BACKUP_KEEP changes nothing.
        const backups = action === 'open' ? null : cliBackups(ctx);
        const confirmSmall = ctx.values['confirm-small'] === true;
        let round: Round;
        try {
          round = action === 'open' ? rounds.open(id, ACTOR) : action === 'close' ? rounds.close(id, ACTOR, { confirmSmall }) : rounds.cancel(id, reason, ACTOR);
        } catch (err) {
          if (err instanceof ApiError && err.reason === 'small_secret_round') throw smallSecretRound(err.messageIn(consoleLang(ctx.io.env)), err.details ?? {});
          throw err;
        }
        ctx.io.stdout.write(`${describeRound(round, consoleLang(ctx.io.env))}\n`);
        if (!backups || action === 'open') return;
        // As the server does after a round ends: its backup, then no backup left that holds a secret
        // round's ballots as they were cast (a server stopped during the round took some).
        const done = backUpRoundEnd(backups, db, id, action);
        if (!done) return;
        try {
          await done;
        } catch (err) {
          throw new CliError(`round ${id} is ${action === 'close' ? 'closed' : 'cancelled'}, but its backup failed: ${(err as Error).message}`);
        }
      },
      async viaServer(ctx, server) {
        const id = intOption(ctx.values, 'round');
        const body =
          action === 'cancel' && typeof ctx.values.reason === 'string'
            ? { json: { reason: ctx.values.reason } }
            : action === 'close' && ctx.values['confirm-small'] === true
              ? { json: { confirmSmall: true } }
              : undefined;
        let round: Round;
        try {
          round = await server.call<Round>('POST', `/api/rounds/${id}/${action}`, body);
        } catch (err) {
          if (err instanceof ServerError && err.reason === 'small_secret_round') throw smallSecretRound(err.message, err.body);
          throw err;
        }
        ctx.io.stdout.write(`${describeRound(round, consoleLang(ctx.io.env))}\n`);
      },
    }),
  ),
  {
    name: 'audit verify',
    summary: "Verify a meeting's audit chain and recount its closed rounds",
    usage: 'audit verify --meeting ID [--json] [--db PATH]',
    details: 'Exit code 0 when the chain verifies, 1 when it is broken.',
    options: { meeting: { type: 'string' }, json: { type: 'boolean' } },
    run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const result = ctx.domain().verify(meetingId);
      if (ctx.values.json) ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
      if (result.ok) {
        if (!ctx.values.json) ctx.io.stdout.write(`ok: ${result.entries} entries, head ${result.head}\n`);
        return;
      }
      const problems = (result.problems ?? []).map((p) => `\n  ${p}`).join('');
      throw new CliError(`audit chain of meeting ${meetingId} is BROKEN at entry ${result.brokenAt}${problems}`);
    },
  },
  {
    name: 'results export',
    summary: "Export a round's roll call and totals as CSV",
    usage: 'results export --round ID [--out FILE.csv] [--lang nl|en] [--db PATH]',
    details:
      'For a Dutch spreadsheet: UTF-8 with BOM, semicolons, columns soort;stemronde;voorstel-id;voorstel;titel;code;\n' +
      'lid;keuze;stemmen;aantal;uitslag and the words voor, tegen, onthouding, aangenomen, verworpen, geen besluit.\n' +
      '--lang en: English headers and words, commas. Without --out the CSV goes to stdout. A secret round has totals only.',
    options: { round: { type: 'string' }, out: { type: 'string' }, lang: { type: 'string' } },
    run(ctx) {
      const roundId = intOption(ctx.values, 'round');
      const lang = csvLangOption(ctx.values);
      const domain = ctx.domain();
      const csv = resultsCsv(domain, roundId, 'admin', lang);
      if (typeof ctx.values.out === 'string') {
        const outPath = ctx.path(ctx.values.out);
        openOutput(outPath).write(csv);
        const number = domain.rounds.view(roundId, 'admin').number;
        ctx.io.stdout.write(consoleLang(ctx.io.env) === 'en' ? `round ${number} written to ${outPath}\n` : `stemronde ${number} geschreven naar ${outPath}\n`);
      } else {
        ctx.io.stdout.write(csv);
      }
    },
  },
  {
    name: 'report',
    summary: "Write the meeting's results report (PDF) for the minutes",
    usage: 'report --meeting ID --out FILE.pdf [--db PATH]',
    options: { meeting: { type: 'string' }, out: { type: 'string' } },
    async run(ctx) {
      const meetingId = intOption(ctx.values, 'meeting');
      const outPath = ctx.path(stringOption(ctx.values, 'out'));
      const domain = ctx.domain();
      domain.meetings.get(meetingId);
      const out = openOutput(outPath);
      try {
        out.write(await reportPdf(domain, meetingId, 'admin'));
      } finally {
        out.discard();
      }
      ctx.io.stdout.write(`report written to ${outPath}\n`);
    },
  },
  {
    name: 'backup',
    summary: 'Take an online backup of the database now',
    usage: 'backup [--db PATH]',
    details:
      'Into backups/ beside the database, as the server does after every close (keeping the newest\n' +
      '$STEMKAART_BACKUP_KEEP, default 20). While a server runs on the database it takes the backup itself\n' +
      'when STEMKAART_ADMIN_TOKEN is set; otherwise this command reads the database alongside it.',
    options: {},
    async run(ctx) {
      const path = await cliBackups(ctx).run('cli');
      ctx.io.stdout.write(`backup written to ${path} (${describeBackup(path).bytes} bytes)\n`);
    },
    async viaServer(ctx, server) {
      const backup = await server.call<Backup>('POST', '/api/backups');
      ctx.io.stdout.write(`backup written to ${join(backupDirOf(ctx.dbPath), backup.file)} (${backup.bytes} bytes)\n`);
    },
  },
  {
    name: 'admin-token rotate',
    summary: 'Replace the admin token (the chair console signs in with it); prints the new one once',
    usage: 'admin-token rotate [--db PATH]',
    details:
      'The old token and every signed-in console session stop working. Run it while the server is stopped.\n' +
      'Not while STEMKAART_ADMIN_TOKEN is set: then the token is that variable\'s (change it there).',
    options: {},
    writes: true,
    run(ctx) {
      if (ctx.io.env.STEMKAART_ADMIN_TOKEN) throw new CliError('STEMKAART_ADMIN_TOKEN is set: the admin token is that variable\'s; change the variable instead (and restart the server)');
      const token = ctx.domain().auth.rotate();
      ctx.io.stdout.write(`New admin token (shown once; the old one and every console session no longer work): ${token}\n`);
    },
  },
  ...proxiesCommands({ intOption, stringOption, readInput, usage, actor: ACTOR }),
];

/** The backups of the command line's database: into backups/ beside it, keeping $STEMKAART_BACKUP_KEEP (20), as the server does. */
function cliBackups(ctx: RunContext): BackupService {
  const keep = Number(ctx.io.env.STEMKAART_BACKUP_KEEP ?? 20);
  if (!Number.isInteger(keep) || keep < 1) throw usage(`STEMKAART_BACKUP_KEEP must be a positive whole number, not "${ctx.io.env.STEMKAART_BACKUP_KEEP}"`);
  return createBackups({ db: ctx.domain().db, dir: backupDirOf(ctx.dbPath), keep, log: { info: () => undefined, error: () => undefined } });
}

function describeAgenda(items: { motions: unknown[] }[]): string {
  const motions = items.reduce((n, i) => n + i.motions.length, 0);
  return `${items.length} agenda item${items.length === 1 ? '' : 's'} and ${motions} motion${motions === 1 ? '' : 's'}`;
}

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
