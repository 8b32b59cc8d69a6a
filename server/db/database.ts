import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';
import { refuseHardLinks } from './server-lock.ts';

export type Db = Database.Database;

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

/** Opens (or creates) the database with durable settings and brings its schema up to date. */
export function openDatabase(path: string, migrationsDir = MIGRATIONS_DIR): Db {
  if (path !== ':memory:') {
    // One name per database file (server/db/server-lock.ts): another name would hide a running server.
    refuseHardLinks(path);
    mkdirSync(dirname(resolve(path)), { recursive: true });
    ownerOnly(path);
  }
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // An acknowledged ballot must survive a power cut: fsync on every commit.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // 8 MB of page cache (better-sqlite3's default is 16 MB): the hot pages of a 100,000-member
  // meeting (the card index, the ends of the ballot and audit tables) fit, and the server's peak
  // memory in the benchmark fell by 25–35 MB; everything else is in the operating system's cache.
  db.pragma('cache_size = -8000');
  // Deleted rows and freed pages are overwritten with zeros, so what a transaction removes (the rows
  // of a secret round while it was open, moved at its close) leaves no copy in the file.
  db.pragma('secure_delete = ON');
  const applied = migrate(db, migrationsDir);
  // A migration that moved or dropped data leaves its old pages in the WAL until a checkpoint.
  if (applied.length > 0) truncateWal(db);
  return db;
}

/**
 * Copies the WAL into the database file and truncates it to zero bytes, so that no earlier version
 * of a page stays in the WAL (it holds one for every commit, in the order of the commits). False
 * when another connection still reads an older snapshot (after waiting up to busy_timeout for it,
 * unless `wait` is false); then the WAL is left as it is, to be tried again. A database in memory has
 * no WAL: true.
 */
export function truncateWal(db: Db, opts: { wait?: boolean } = {}): boolean {
  if (db.memory) return true;
  // A TRUNCATE checkpoint calls the busy handler while a reader holds the WAL: with busy_timeout it
  // blocks the thread (the server's event loop) for up to that long. `wait: false` gives up at once.
  const timeout = opts.wait === false ? (db.pragma('busy_timeout', { simple: true }) as number) : null;
  if (timeout !== null) db.pragma('busy_timeout = 0');
  try {
    const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return result.busy === 0 && result.log === 0;
  } finally {
    if (timeout !== null) db.pragma(`busy_timeout = ${timeout}`);
  }
}

/**
 * Makes the database file readable by its owner only (0600) before SQLite opens it, creating it
 * empty when new: SQLite creates the -wal, -shm and -journal files with the database file's mode,
 * so they follow. Files left 0644 by an earlier version are tightened too. Exported for the backups,
 * which are databases as well.
 */
export function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`, `${path}-journal`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** Where `truncateWalSoon` says that the WAL could not be emptied yet (pino's `warn` fits). */
export interface WalLog {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** The databases whose WAL is waiting to be truncated: one retry loop each, however many asked. */
const truncating = new WeakSet<Db>();

/**
 * `truncateWal` now, without waiting (the event loop goes on), and again every `delayMs` (1 s)
 * while another connection keeps it from completing, until it does or the database is closed: until then the WAL keeps earlier versions of
 * pages (a secret round's ballots in the order they were cast). The server has no other connection;
 * a command-line process reading the same file is one, and may read for long. Says so on `log` at
 * warn level when the first try fails and every `warnEveryMs` (5 minutes) after, and at info level
 * when it has succeeded after all. A call while a retry loop runs for `db` adds nothing: the loop
 * truncates everything committed before it succeeds.
 */
export function truncateWalSoon(db: Db, opts: { delayMs?: number; warnEveryMs?: number; log?: WalLog } = {}): void {
  if (truncating.has(db)) return;
  if (!db.open || truncateWal(db, { wait: false })) return;
  const delayMs = opts.delayMs ?? 1000;
  const warnEvery = Math.max(1, Math.round((opts.warnEveryMs ?? 300_000) / delayMs));
  let tries = 1;
  truncating.add(db);
  opts.log?.warn({ retryMs: delayMs }, 'the WAL could not be truncated yet: another connection reads the database; trying again');
  const attempt = () => {
    if (!db.open) {
      truncating.delete(db);
      return;
    }
    tries++;
    if (truncateWal(db, { wait: false })) {
      truncating.delete(db);
      opts.log?.info({ tries }, 'the WAL is truncated');
      return;
    }
    if (tries % warnEvery === 0) opts.log?.warn({ tries }, 'the WAL still could not be truncated: another connection reads the database; trying again');
    setTimeout(attempt, delayMs).unref();
  };
  setTimeout(attempt, delayMs).unref();
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .map((f) => ({ version: Number.parseInt(f, 10), name: f, sql: readFileSync(join(dir, f), 'utf8') }))
    .sort((a, b) => a.version - b.version);
}

/** Applies the numbered SQL files not yet recorded, in order, all in one transaction. */
export function migrate(db: Db, dir = MIGRATIONS_DIR): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const pending = readMigrations(dir).filter((m) => !applied.has(m.version));
  if (pending.length === 0) return [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  // Foreign keys are off while migrations run, so that a migration can rebuild a table that others
  // point at (SQLite's way to change a constraint), and checked as a whole before the commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    db.transaction(() => {
      for (const m of pending) {
        db.exec(m.sql);
        record.run(m.version, m.name, new Date().toISOString());
      }
      const broken = db.pragma('foreign_key_check') as unknown[];
      if (broken.length > 0) throw new Error(`migration left ${broken.length} rows pointing at nothing: ${JSON.stringify(broken.slice(0, 3))}`);
    }).immediate();
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
  return pending.map((m) => m.version);
}

/** SQLite failures that mean the disk cannot take the write (full, read-only, I/O), not a bug. */
export function isStorageError(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return (
    typeof code === 'string' &&
    /^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|LOCKED|NOMEM|CORRUPT|NOTADB|PROTOCOL)/.test(code)
  );
}
