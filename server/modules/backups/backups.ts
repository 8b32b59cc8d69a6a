/**
 * Online backups of the live database with SQLite's backup API (better-sqlite3 `db.backup()`):
 * a consistent copy taken while the server keeps writing, into a folder beside the database,
 * keeping the newest `keep` files. Restore: docs/operations.md.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { Backup } from '../../../shared/schemas.ts';
import { ownerOnly, type Db } from '../../db/database.ts';

/** Where the backups of a database go unless configured: `backups/` beside it. */
export const backupDirOf = (dbPath: string): string => join(dirname(resolve(dbPath)), 'backups');

/**
 * `<database>-<UTC time>-<reason>.db`, named after the database file (`stemkaart.db` →
 * `stemkaart-20231201T101500123Z-close-3.db`, `alv-2025.db` → `alv-2025-…`): two databases in one
 * folder keep apart, and one database's names sort by time, so the oldest go first when pruning.
 */
export function backupPrefix(dbPath: string): string {
  const name = basename(dbPath).replace(/\.(db|sqlite3?)$/i, '');
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-') || 'stemkaart';
}
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The names of one database's backups. */
export const backupPattern = (prefix: string): RegExp => new RegExp(`^${escapeRegExp(prefix)}-\\d{8}T\\d{9}Z-[a-z0-9-]+\\.db$`);

export interface BackupLog {
  info: (obj: object, msg: string) => void;
  error: (obj: object, msg: string) => void;
}

export interface BackupService {
  /** Takes a backup now (after the one running, if any); resolves with its path. */
  run(reason: string): Promise<string>;
  /** The backup files present, oldest first. */
  list(): string[];
  /** The backups present, oldest first, as `GET /api/backups` gives them. */
  entries(): Backup[];
  /** Waits for the running backup, if any (before the database is closed). */
  idle(): Promise<void>;
  /** Called after each backup is complete (GET /metrics); returns the unsubscribe. */
  onTaken(listener: (file: string, at: Date) => void): () => void;
  /**
   * After the backups queued before it: removes every backup for which `holds` (given the backup
   * opened read-only) is true, its bytes overwritten with zeros first. Resolves with the files removed.
   */
  forget(holds: (backup: Db) => boolean): Promise<string[]>;
  /** The backups for which `holds` is true now (each opened read-only). */
  matching(holds: (backup: Db) => boolean): string[];
  readonly dir: string;
}

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

/** The time in a backup's name (`stemkaart-20231201T101500123Z-…`) as ISO 8601. */
function timeOf(name: string): string {
  const m = /-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z/.exec(name)!;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`;
}

/** What `POST /api/backups` answers and `GET /api/backups` lists for one file. */
export function describeBackup(path: string): Backup {
  const file = basename(path);
  return { file, at: timeOf(file), bytes: statSync(path).size };
}

export function createBackups(opts: { db: Db; dir: string; keep: number; log: BackupLog; now?: () => Date }): BackupService {
  const { db, dir, keep, log } = opts;
  const prefix = backupPrefix(db.name);
  const pattern = backupPattern(prefix);
  const now = opts.now ?? (() => new Date());
  let chain: Promise<unknown> = Promise.resolve();
  let last = '';
  const listeners = new Set<(file: string, at: Date) => void>();

  function list(): string[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.filter((n) => pattern.test(n)).sort().map((n) => join(dir, n));
  }

  // A backup cut short by a crash leaves a `.partial` file: never a backup, removed at start.
  try {
    for (const n of readdirSync(dir)) if (n.endsWith('.db.partial')) rmSync(join(dir, n), { force: true });
  } catch {
    // no backups folder yet
  }

  function prune(): void {
    const files = list();
    for (const file of files.slice(0, Math.max(0, files.length - keep))) rmSync(file, { force: true });
  }

  async function take(reason: string): Promise<string> {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let name = `${prefix}-${stamp(now())}-${reason.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}.db`;
    // Two backups within one millisecond: keep both.
    if (name <= last) name = last.replace(/\.db$/, '-1.db');
    last = name;
    const target = join(dir, name);
    const partial = `${target}.partial`;
    // Written under another name first, so a half-written file never looks like a backup; created
    // owner-only first, since SQLite would make it 0644 (and the rename keeps the mode).
    ownerOnly(partial);
    await db.backup(partial);
    // A rollback-journal file, not WAL: one file, and reading it (read-only, as `forget` does) makes
    // no -wal and -shm beside it. The server sets WAL again when a backup is restored.
    const copy = new Database(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
    renameSync(partial, target);
    prune();
    log.info({ backup: target, reason }, 'database backed up');
    const at = now();
    for (const listener of listeners) listener(target, at);
    return target;
  }

  function matching(holds: (backup: Db) => boolean): string[] {
    return list().filter((file) => {
      // Backups of earlier versions are WAL files: reading one makes a -wal and -shm, removed after.
      const made = [`${file}-wal`, `${file}-shm`].filter((f) => !existsSync(f));
      try {
        const backup = new Database(file, { readonly: true, fileMustExist: true });
        try {
          return holds(backup);
        } finally {
          backup.close();
        }
      } catch (err) {
        log.error({ err, backup: file }, 'backup could not be read');
        return false;
      } finally {
        for (const f of made) rmSync(f, { force: true });
      }
    });
  }

  async function forgetNow(holds: (backup: Db) => boolean): Promise<string[]> {
    const removed: string[] = [];
    for (const file of matching(holds)) {
      await overwriteWithZeros(file);
      rmSync(file, { force: true });
      removed.push(file);
      log.info({ backup: file }, 'backup removed');
    }
    return removed;
  }

  return {
    dir,
    list,
    entries: () => list().map(describeBackup),
    matching,
    forget(holds: (backup: Db) => boolean): Promise<string[]> {
      const next = chain.then(() => forgetNow(holds));
      chain = next.catch((err: unknown) => log.error({ err }, 'removing backups failed'));
      return next;
    },
    run(reason: string): Promise<string> {
      const next = chain.then(() => take(reason));
      chain = next.catch((err: unknown) => log.error({ err, reason }, 'backup failed'));
      return next;
    },
    async idle(): Promise<void> {
      await chain;
    },
    onTaken(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The test for `forget` and `matching` against the live database `live`: true when a backup holds
 * secret ballots as an open round keeps them (each with its weight, which with `participations`
 * names the voter), of a round that is no longer open, or any ballot of a cancelled round.
 */
export function holdsUnsealedBallots(live: Db): (backup: Db) => boolean {
  const roundState = live.prepare('SELECT state FROM rounds WHERE id = ?').pluck();
  return (backup) => {
    const table = backup.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck();
    if (table.get('secret_ballots_open')) {
      const rounds = backup.prepare('SELECT DISTINCT round_id FROM secret_ballots_open').pluck().all() as number[];
      if (rounds.some((id) => roundState.get(id) !== 'open')) return true;
      // Sealed ballots of a round that was cancelled since (or by a version that kept them).
      const sealed = backup.prepare('SELECT DISTINCT round_id FROM secret_ballots').pluck().all() as number[];
      return sealed.some((id) => roundState.get(id) === 'cancelled');
    }
    // Made before migration 003: every secret ballot kept its weight.
    return Boolean(table.get('secret_ballots')) && backup.prepare('SELECT 1 FROM secret_ballots LIMIT 1').get() !== undefined;
  };
}

/**
 * What follows the end of a round, the same in the server (after the commit, on `round-changed`)
 * and on the command line (after its close or cancel): a backup after every close
 * (`…-close-r<id>.db`) and after the cancel of a secret round that was open (`…-cancel-r<id>.db`);
 * then, when the round was secret and had opened, every backup that still holds ballots of an ended
 * round as they were cast is overwritten with zeros and removed. Both are queued on `backups`; the
 * promise settles when both are done, with the first failure if any (the server need not wait; the
 * command line does, then closes the database). Null when the end calls for neither (the cancel of
 * a round that is not secret, or of one that never opened).
 */
export function backUpRoundEnd(backups: BackupService, live: Db, roundId: number, cause: 'close' | 'cancel'): Promise<void> | null {
  const row = live.prepare('SELECT secret, opened_at FROM rounds WHERE id = ?').get(roundId) as { secret: number; opened_at: string | null } | undefined;
  const secretEnded = row?.secret === 1 && row.opened_at !== null;
  if (cause !== 'close' && !secretEnded) return null;
  const taken = backups.run(`${cause}-r${roundId}`);
  const forgotten = secretEnded ? backups.forget(holdsUnsealedBallots(live)) : null;
  return Promise.allSettled([taken, forgotten]).then((results) => {
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  });
}

/**
 * Writes zeros over a file before it is removed: the blocks it used no longer hold its contents on a
 * file system that writes in place (ext4, xfs). A copy-on-write file system, a snapshot or an SSD's
 * wear levelling may keep the old blocks anyway (docs/security.md).
 */
async function overwriteWithZeros(file: string): Promise<void> {
  // In the thread pool, a MiB at a time: a 100 MB backup does not hold up the ballots.
  const handle = await open(file, 'r+');
  try {
    const zeros = Buffer.alloc(1 << 20);
    const { size } = await handle.stat();
    for (let at = 0; at < size; at += zeros.length) await handle.write(zeros, 0, Math.min(zeros.length, size - at), at);
    await handle.sync();
  } finally {
    await handle.close();
  }
}
