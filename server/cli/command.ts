/**
 * What every command of the command line shares: a command's shape (Command, RunContext, CliIo),
 * the error it stops with (CliError), and reading its options and input files. The commands
 * themselves are in commands/, one file per group; main.ts finds and runs them.
 */
import { readFileSync } from 'node:fs';
import type { ParseArgsConfig } from 'node:util';
import type { Domain } from '../domain.ts';
import type { CsvLang } from '../lib/csv.ts';
import type { ServerClient } from './server-client.ts';

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

/** A usage error (a missing or bad option): exit code 2. */
export const usage = (message: string) => new CliError(message, 2);

/** Who the audit log names for what the command line does. */
export const ACTOR = 'cli';

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

export function intOption(values: RunContext['values'], name: string, required = true): number {
  const raw = values[name];
  if (raw === undefined) {
    if (required) throw usage(`--${name} is required`);
    return 0;
  }
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1) throw usage(`--${name} must be a positive whole number, not "${String(raw)}"`);
  return Number(raw);
}

export function stringOption(values: RunContext['values'], name: string): string {
  const raw = values[name];
  if (typeof raw !== 'string' || raw.trim() === '') throw usage(`--${name} is required`);
  return raw;
}

export function readInput(path: string): string {
  return readInputBytes(path).toString('utf8');
}

export function readInputBytes(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `cannot read ${path}: no such file` : `cannot read ${path} (${code ?? 'error'})`);
  }
}

export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new CliError(`${path} is not valid JSON: ${(err as Error).message}`);
  }
}

/** `--lang en`: a CSV in English with commas; Dutch with semicolons otherwise. */
export function csvLangOption(values: RunContext['values']): CsvLang {
  const raw = values.lang ?? 'nl';
  if (raw !== 'nl' && raw !== 'en') throw usage(`--lang must be nl or en, not "${String(raw)}"`);
  return raw;
}

