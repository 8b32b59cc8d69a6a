/**
 * After a secret round ends the WAL is truncated (server/db/database.ts `truncateWalSoon`): while
 * another connection reads, it keeps trying until it can, and says so at warn level. Before the fix it
 * gave up after 120 tries, silently, and the WAL kept the ballots' page images until shutdown.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, truncateWalSoon, type Db } from '../server/db/database.ts';

let dir: string;
let db: Db | null = null;
let reader: Database.Database | null = null;
afterEach(() => {
  vi.useRealTimers();
  reader?.close();
  db?.close();
  db = reader = null;
  rmSync(dir, { recursive: true, force: true });
});

const walBytes = (path: string) => statSync(`${path}-wal`).size;

/** A database with rows in its WAL, and a second connection in the middle of reading it. */
function walHeldByReader(): string {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-wal-'));
  const path = join(dir, 'wal.db');
  db = openDatabase(path);
  db.exec('CREATE TABLE wal_probe (receipt TEXT, weight INTEGER)');
  const insert = db.prepare('INSERT INTO wal_probe VALUES (?, ?)');
  for (let i = 0; i < 50; i++) insert.run(`R-${i}`, i + 2);
  reader = new Database(path, { readonly: true });
  reader.exec('BEGIN');
  reader.prepare('SELECT count(*) FROM wal_probe').get();
  // A commit after the reader's snapshot: a checkpoint cannot reset the WAL under the reader.
  insert.run('R-late', 99);
  return path;
}

describe('truncateWalSoon while another connection reads', () => {
  it('keeps trying until the reader is done (beyond 120 tries), warns, and then empties the WAL', async () => {
    const path = walHeldByReader();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const log = { warn: vi.fn(), info: vi.fn() };
    truncateWalSoon(db!, { delayMs: 1000, log });
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(walBytes(path)).toBeGreaterThan(0);

    // Ten minutes of a reader that does not let go: 600 tries, still trying, warned again.
    await vi.advanceTimersByTimeAsync(600_000);
    expect(walBytes(path)).toBeGreaterThan(0);
    expect(log.warn.mock.calls.length).toBeGreaterThan(1);
    expect(log.info).not.toHaveBeenCalled();

    reader!.exec('COMMIT');
    await vi.advanceTimersByTimeAsync(1000);
    expect(walBytes(path)).toBe(0);
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ tries: expect.any(Number) }), 'the WAL is truncated');
    // Done: no timer left behind.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('runs one retry loop however often it is asked, and stops when the database closes', async () => {
    walHeldByReader();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const log = { warn: vi.fn(), info: vi.fn() };
    for (let i = 0; i < 3; i++) truncateWalSoon(db!, { delayMs: 1000, log });
    expect(log.warn).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
    reader!.exec('COMMIT');
    reader!.close();
    reader = null;
    db!.close();
    await vi.advanceTimersByTimeAsync(1000);
    expect(vi.getTimerCount()).toBe(0);
    db = null;
  });
});
