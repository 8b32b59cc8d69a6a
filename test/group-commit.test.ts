import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import type { Kiosk } from '../shared/schemas.ts';
import { openDatabase, type Db } from '../server/db/database.ts';
import { createDomain, type Domain } from '../server/domain.ts';
import { BallotWriter, type WriteJob } from '../server/modules/ballots/ballot-writer.ts';
import type { IssuedCard } from '../server/modules/cards/cards.service.ts';

let dir: string;
let db: Db;
let domain: Domain;
let kiosk: Kiosk;
let cards: IssuedCard[];
let meetingId: number;
let motionIds: number[];

const MEMBERS = 60;
let nonceCounter = 0;
const nonce = () => `group-commit-${++nonceCounter}`;

// Each test its own database (STYLE.md 11).
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-group-commit-'));
  db = openDatabase(join(dir, 'test.db'));
  domain = createDomain({ db, cardKey: Buffer.alloc(32, 7) });
  domain.members.import(
    Array.from({ length: MEMBERS }, (_, i) => ({ code: `GC${String(i + 1).padStart(3, '0')}`, name: `Lid ${i + 1}`, population: 1000 * (i + 1) })),
    'test',
  );
  meetingId = domain.meetings.create({ title: 'Group commit', date: '2026-11-26', requireCheckIn: false }, 'test').id;
  const items = domain.meetings.addAgenda(
    meetingId,
    { items: [{ number: '1', title: 'Moties', motions: [{ ref: '1.1', kind: 'motion', title: 'Een', submitters: ['GC001'] }, { ref: '1.2', kind: 'motion', title: 'Twee', submitters: ['GC001'] }] }] },
    'test',
  );
  motionIds = items[0].motions.map((m) => m.id);
  cards = domain.cards.issue(meetingId, undefined, 'test');
  kiosk = domain.kiosks.pair(meetingId, { name: 'Stemzuil', mode: 'voting' }, 'test');
});

afterEach(() => {
  domain.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openRound(): number {
  const round = domain.rounds.create(meetingId, { motionIds }, 'test');
  domain.rounds.open(round.id, 'test');
  return round.id;
}

const ballot = (code: string, roundId: number, choice: 'for' | 'against' | 'abstain' = 'for') => ({
  code,
  roundId,
  choices: motionIds.map((motionId) => ({ motionId, choice })),
  nonce: nonce(),
});

describe('BallotWriter (group commit)', () => {
  it('writes ballots that arrive together in one transaction and acknowledges each after it', async () => {
    const roundId = openRound();
    const before = { ...domain.writer.stats };
    // All submitted in one turn of the event loop, as when many kiosks post while a commit runs.
    const casts = cards.slice(0, 40).map((c, i) => domain.ballots.cast(kiosk, ballot(c.code, roundId, i % 2 ? 'for' : 'against')));
    const receipts = await Promise.all(casts);

    expect(receipts.every((r) => r.created && typeof r.receipt === 'string')).toBe(true);
    expect(new Set(receipts.map((r) => r.receipt)).size).toBe(40);
    expect(domain.writer.stats.jobs - before.jobs).toBe(40);
    expect(domain.writer.stats.commits - before.commits).toBe(1);
    expect(domain.writer.stats.maxBatch).toBeGreaterThanOrEqual(40);

    // Every ballot counted exactly once, in memory and in the database.
    const view = domain.rounds.view(roundId, 'admin');
    expect(view.voted.count).toBe(40);
    expect(view.tallies![0].for.count + view.tallies![0].against.count).toBe(40);
    expect(view.tallies![0].for.count).toBe(20);
    expect(domain.rounds.storedBallots(domain.rounds.row(roundId))).toHaveLength(40);
    domain.rounds.close(roundId, 'test');
    expect(domain.rounds.view(roundId, 'public').tallies![0].cast.count).toBe(40);
    expect(domain.verify(meetingId)).toMatchObject({ ok: true });
  });

  it('answers bad ballots of a batch with their own error and stores the others', async () => {
    const roundId = openRound();
    const before = { ...domain.writer.stats };
    const settled = await Promise.allSettled([
      domain.ballots.cast(kiosk, ballot(cards[0].code, roundId)),
      domain.ballots.cast(kiosk, { ...ballot(cards[1].code, roundId), choices: [{ motionId: motionIds[0], choice: 'maybe' }] }),
      domain.ballots.cast(kiosk, ballot(cards[2].code, roundId)),
      // The same member twice in one batch: the second is refused, the first counts.
      domain.ballots.cast(kiosk, ballot(cards[2].code, roundId, 'against')),
      domain.ballots.cast(kiosk, ballot('0000000000000000000000000', roundId)),
      domain.ballots.cast(kiosk, ballot(cards[3].code, roundId)),
    ]);
    const reasons = settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as ApiError).reason));
    expect(reasons).toEqual(['ok', 'invalid_choices', 'ok', 'already_voted', 'unknown_card', 'ok']);
    expect(domain.writer.stats.commits - before.commits).toBe(1);
    expect(domain.writer.stats.jobs - before.jobs).toBe(3);

    const view = domain.rounds.view(roundId, 'admin');
    expect(view.voted.count).toBe(3);
    expect(view.tallies!.map((t) => [t.for.count, t.against.count])).toEqual([
      [3, 0],
      [3, 0],
    ]);
    domain.rounds.close(roundId, 'test');
    expect(domain.verify(meetingId)).toMatchObject({ ok: true });
  });

  it('counts a resend of the same nonce in the same batch once', async () => {
    const roundId = openRound();
    const first = ballot(cards[5].code, roundId);
    const [a, b] = await Promise.all([domain.ballots.cast(kiosk, first), domain.ballots.cast(kiosk, { ...first })]);
    expect(a.created).toBe(true);
    expect(b.created).toBe(false);
    expect(b.receipt).toBe(a.receipt);
    expect(domain.rounds.view(roundId, 'admin').voted.count).toBe(1);
    domain.rounds.close(roundId, 'test');
  });

  it('rolls back only the job that fails while writing; the others of its transaction commit', () => {
    db.exec('CREATE TABLE IF NOT EXISTS writer_probe (v INTEGER PRIMARY KEY)');
    const writer = new BallotWriter(db);
    const insert = db.prepare('INSERT INTO writer_probe (v) VALUES (?)');
    const outcome = new Map<number, string>();
    const job = (k: number, write: () => void): WriteJob => ({
      write,
      committed: () => outcome.set(k, 'committed'),
      failed: (err) => outcome.set(k, `failed:${err.reason}`),
    });
    writer.submit(job(1, () => insert.run(1)));
    // Writes a row, then fails on a duplicate key: its savepoint takes its first row back too.
    writer.submit(
      job(2, () => {
        insert.run(200);
        insert.run(1);
      }),
    );
    writer.submit(job(3, () => insert.run(3)));
    writer.submit(
      job(4, () => {
        throw new ApiError('already_voted');
      }),
    );
    writer.submit(job(5, () => insert.run(5)));
    writer.flush();

    expect(writer.stats.commits).toBe(1);
    expect(writer.stats.jobs).toBe(5);
    expect([...outcome.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [1, 'committed'],
      [2, 'failed:internal'],
      [3, 'committed'],
      [4, 'failed:already_voted'],
      [5, 'committed'],
    ]);
    expect(db.prepare('SELECT v FROM writer_probe ORDER BY v').pluck().all()).toEqual([1, 3, 5]);
    expect(writer.pending).toBe(0);
  });
});
