/**
 * Side effects after commit (issue 13, problem 1): memory updates and emits caused by a transaction
 * run only after its outermost commit and are dropped on rollback. A revote or a card revocation
 * whose transaction fails at its last write (the disk full at that moment) changes nothing: the
 * database, the server's memory, `/live` and `/kiosk` all still say what they said before.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { afterCommit, inOpenTransaction, inTransaction } from '../server/db/transaction.ts';
import {
  call,
  castBallot,
  checkIn,
  connected,
  connectFeed,
  createRound,
  ok,
  seedMeeting,
  startServer,
  type Recorder,
  type RunningServer,
  type SeededMeeting,
} from './helpers/live.ts';

describe('inTransaction and afterCommit (server/db/transaction.ts)', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
    db.exec('CREATE TABLE t (v INTEGER PRIMARY KEY)');
  });
  afterEach(() => db.close());
  const rows = () => db.prepare('SELECT v FROM t ORDER BY v').pluck().all();

  it('runs effects after the outermost commit, in the order they were queued', () => {
    const seen: string[] = [];
    inTransaction(db, () => {
      db.prepare('INSERT INTO t VALUES (1)').run();
      afterCommit(db, () => seen.push(`first, committed: ${JSON.stringify(rows())}`));
      inTransaction(db, () => {
        db.prepare('INSERT INTO t VALUES (2)').run();
        afterCommit(db, () => seen.push('second'));
      });
      expect(seen).toEqual([]);
      expect(inOpenTransaction(db)).toBe(true);
    });
    expect(seen).toEqual(['first, committed: [1,2]', 'second']);
    expect(inOpenTransaction(db)).toBe(false);
  });

  it('runs an effect at once outside a transaction', () => {
    const seen: number[] = [];
    afterCommit(db, () => seen.push(1));
    expect(seen).toEqual([1]);
  });

  it('drops the effects of a transaction that rolls back', () => {
    const seen: number[] = [];
    expect(() =>
      inTransaction(db, () => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        afterCommit(db, () => seen.push(1));
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(seen).toEqual([]);
    expect(rows()).toEqual([]);
  });

  it('drops only the effects of a savepoint that rolls back; the rest commit', () => {
    const seen: number[] = [];
    inTransaction(db, () => {
      afterCommit(db, () => seen.push(1));
      try {
        inTransaction(db, () => {
          db.prepare('INSERT INTO t VALUES (2)').run();
          afterCommit(db, () => seen.push(2));
          db.prepare('INSERT INTO t VALUES (2)').run(); // duplicate key
        });
      } catch {
        // the savepoint is rolled back; the transaction goes on
      }
      db.prepare('INSERT INTO t VALUES (3)').run();
      afterCommit(db, () => seen.push(3));
    });
    expect(seen).toEqual([1, 3]);
    expect(rows()).toEqual([3]);
  });

  it('drops the effects when the COMMIT itself fails', () => {
    // A deferred foreign key is checked at COMMIT: the statements succeed, the commit does not.
    db.exec('PRAGMA foreign_keys = ON; CREATE TABLE parent (id INTEGER PRIMARY KEY); CREATE TABLE child (p INTEGER REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED)');
    const seen: number[] = [];
    expect(() =>
      inTransaction(db, () => {
        db.prepare('INSERT INTO t VALUES (1)').run();
        db.prepare('INSERT INTO child VALUES (42)').run();
        afterCommit(db, () => seen.push(1));
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(seen).toEqual([]);
    expect(rows()).toEqual([]);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses to run inside a transaction begun elsewhere, whose commit it cannot see', () => {
    expect(() => db.transaction(() => inTransaction(db, () => 1))()).toThrow(/outside inTransaction/);
    expect(() => db.transaction(() => afterCommit(db, () => undefined))()).toThrow(/outside inTransaction/);
  });
});

type Failure = 'disk full at the last write' | 'the commit fails';

/**
 * Makes the next transaction that appends `action` to the audit log fail:
 * - 'disk full at the last write': SQLITE_FULL at that write, as a disk that fills up at that
 *   moment (a TEMP trigger writes 4 MB into a database held below that size by max_page_count);
 *   the server answers 503 storage_unavailable.
 * - 'the commit fails': every statement succeeds and the COMMIT is refused (the trigger leaves a
 *   deferred foreign-key violation, which SQLite checks at COMMIT); the server answers 500.
 * Returns the function that puts things right again.
 */
function failTransaction(db: Database.Database, action: string, how: Failure): () => void {
  if (how === 'disk full at the last write') {
    db.exec('CREATE TABLE IF NOT EXISTS disk_filler (b BLOB)');
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 200}`);
    db.exec(`CREATE TEMP TRIGGER fail_transaction AFTER INSERT ON main.audit_log WHEN NEW.action = '${action}'
      BEGIN INSERT INTO disk_filler VALUES (zeroblob(4 * 1024 * 1024)); END`);
  } else {
    db.exec('CREATE TABLE IF NOT EXISTS commit_guard (round_id INTEGER REFERENCES rounds(id) DEFERRABLE INITIALLY DEFERRED)');
    db.exec(`CREATE TEMP TRIGGER fail_transaction AFTER INSERT ON main.audit_log WHEN NEW.action = '${action}'
      BEGIN INSERT INTO commit_guard VALUES (-1); END`);
  }
  return () => {
    db.exec('DROP TRIGGER IF EXISTS temp.fail_transaction');
    db.pragma('max_page_count = 1073741823');
  };
}
const FAILURES: [Failure, number, string][] = [
  ['disk full at the last write', 503, 'storage_unavailable'],
  ['the commit fails', 500, 'internal'],
];

describe.each(FAILURES)('a transaction that fails (%s) changes nothing, in the database or in memory', (failure, status, reason) => {
  let server: RunningServer;
  let seeded: SeededMeeting;
  let base: string;
  let admin: string;
  let dir: string;
  const feeds: Recorder[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stemkaart-after-commit-'));
    server = await startServer({ dir });
    base = server.baseUrl;
    admin = server.adminToken;
    seeded = await seedMeeting(base, admin, { members: 4, motions: 1 });
    for (const card of seeded.cards) await checkIn(base, seeded, card.code);
  });
  afterEach(async () => {
    for (const f of feeds.splice(0)) f.socket.disconnect();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function follow(): Promise<{ live: Recorder; kiosk: Recorder }> {
    const live = connectFeed(base, '/live', { meetingId: seeded.meetingId });
    const kiosk = connectFeed(base, '/kiosk', { token: seeded.votingToken });
    feeds.push(live, kiosk);
    await Promise.all([connected(live), connected(kiosk)]);
    // Each feed's first snapshot has arrived. A second one may follow: the seeding's last
    // agenda edit is announced as a coalesced snapshot, which can land after the connection.
    await vi.waitFor(() => {
      expect(live.snapshots.length).toBeGreaterThan(0);
      expect(kiosk.snapshots.length).toBeGreaterThan(0);
    });
    return { live, kiosk };
  }
  const scan = (code: string) => call<{ round?: { id: number }; error?: string }>(base, 'POST', '/api/scan', { code }, seeded.votingToken);

  it('POST /api/rounds/:id/revote: the old round stays open everywhere, no new round appears', async () => {
    const [first, second, third] = seeded.cards;
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds });
    await castBallot(base, seeded, first.code, roundId, seeded.motionIds, 'for');
    const { live, kiosk } = await follow();

    const restore = failTransaction(server.app.domain.db, 'round.opened', failure);
    const revote = await call<{ error: string }>(base, 'POST', `/api/rounds/${roundId}/revote`, undefined, admin);
    restore();
    expect(revote.status).toBe(status);
    expect(revote.body.error).toBe(reason);

    // Database: the old round is open with its ballot; there is no other round.
    const rounds = await ok<{ id: number; state: string; voted: { count: number } }[]>(base, 'GET', `/api/meetings/${seeded.meetingId}/rounds`);
    expect(rounds.map((r) => [r.id, r.state, r.voted.count])).toEqual([[roundId, 'open', 1]]);
    // Memory: the kiosks still find the open round, and it takes ballots.
    const scanned = await scan(second.code);
    expect(scanned.status).toBe(200);
    expect(scanned.body.round?.id).toBe(roundId);
    await castBallot(base, seeded, second.code, roundId, seeded.motionIds, 'against');
    // /live and /kiosk: the next event is that ballot, on the open round; nothing said
    // "cancelled", nothing named a round that does not exist.
    for (const feed of [live, kiosk]) {
      await vi.waitFor(() => expect(feed.lastRound(roundId)?.voted.count).toBe(2));
      expect(feed.rounds.map((r) => [r.id, r.state])).toEqual(feed.rounds.map(() => [roundId, 'open']));
    }
    // And the revote works once the disk has room again.
    const again = await call<{ id: number; state: string }>(base, 'POST', `/api/rounds/${roundId}/revote`, undefined, admin);
    expect(again.status).toBe(201);
    expect(again.body.state).toBe('open');
    expect((await scan(third.code)).body.round?.id).toBe(again.body.id);
    await vi.waitFor(() => expect(live.lastRound(roundId)?.state).toBe('cancelled'));
    expect((await ok<{ ok: boolean }>(base, 'GET', `/api/meetings/${seeded.meetingId}/audit/verify`, undefined, admin)).ok).toBe(true);
  });

  it('POST /api/meetings/:id/cards/:memberCode/revoke: the card still votes and its member is still present', async () => {
    const [first, second] = seeded.cards;
    const { live } = await follow();
    const presentBefore = (await ok<{ presence: { count: number; weight: number } }>(base, 'GET', `/api/meetings/${seeded.meetingId}`)).presence;

    // The check-out is the revocation's last write.
    const restore = failTransaction(server.app.domain.db, 'presence.checked_out', failure);
    const revoke = await call<{ error: string }>(base, 'POST', `/api/meetings/${seeded.meetingId}/cards/${first.memberCode}/revoke`, undefined, admin);
    restore();
    expect(revoke.status).toBe(status);
    expect(revoke.body.error).toBe(reason);

    // Database and memory: the member is present and entitled, its card opens a round and votes.
    const detail = await ok<{ presence: { count: number; weight: number } }>(base, 'GET', `/api/meetings/${seeded.meetingId}`);
    expect(detail.presence).toEqual(presentBefore);
    const present = await ok<{ code: string }[]>(base, 'GET', `/api/meetings/${seeded.meetingId}/presence`, undefined, admin);
    expect(present.map((p) => p.code)).toContain(first.memberCode);
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds });
    expect((await scan(first.code)).status).toBe(200);
    await castBallot(base, seeded, first.code, roundId, seeded.motionIds, 'for');
    await castBallot(base, seeded, second.code, roundId, seeded.motionIds, 'for');
    // /live: the feed never heard of a check-out; its figures agree with the database.
    await vi.waitFor(() => expect(live.lastRound(roundId)?.voted.count).toBe(2));
    expect(live.presence.every((p) => p.count === presentBefore.count)).toBe(true);
    expect(live.lastRound(roundId)?.tallies?.[0].present).toEqual(presentBefore);
    expect(live.lastRound(roundId)?.tallies?.[0].entitled.count).toBe(seeded.cards.length);
  });
});
