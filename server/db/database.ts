import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../paths.ts';

export type Db = Database.Database;

export const MIGRATIONS_DIR = join(PROJECT_ROOT, 'migrations');

/** Opens (or creates) the database with durable settings and brings its schema up to date. */
export function openDatabase(path: string, migrationsDir = MIGRATIONS_DIR): Db {
  if (path !== ':memory:') {
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
  migrate(db, migrationsDir);
  return db;
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
