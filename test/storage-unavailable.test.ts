/**
 * A database that cannot take a write (read-only, held by another process past the busy timeout,
 * or a full disk: SQLITE_FULL): the ballot is refused with 503 storage_unavailable, never
 * acknowledged, not counted, and the server recovers. Each test has its own database.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let m: SeededMeeting;
let roundId: number;
let codes: string[];

async function setup(populations = [80_000, 40_000, 20_000, 10_000, 5_000]): Promise<void> {
  t = await makeApp();
  m = await seedMeeting(t, { populations, motions: 1 });
  codes = [...m.codes.values()];
  const round = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } });
  roundId = round.json().id;
  await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
}

beforeEach(() => setup());

afterEach(async () => {
  t.app.domain.db.pragma('query_only = OFF');
  await t.close();
});

const ballot = (code: string, nonce: string, choice: 'for' | 'against' = 'for') =>
  t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices: [{ motionId: m.motionIds[0], choice }], nonce } });

async function castCount(): Promise<number> {
  const view = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
  return view.tallies[0].cast.count;
}

describe('POST /api/ballots when the database cannot be written', () => {
  it('answers 503 storage_unavailable on a read-only database, counts nothing, and recovers', async () => {
    expect((await ballot(codes[0], 'before-readonly-1')).statusCode).toBe(201);
    const headBefore = t.app.domain.audit.head(m.meetingId);

    t.app.domain.db.pragma('query_only = ON');
    const refused = await Promise.all([ballot(codes[1], 'readonly-ballot-1'), ballot(codes[2], 'readonly-ballot-2', 'against')]);
    for (const res of refused) {
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ error: 'storage_unavailable', message: expect.any(String) });
    }
    // English when asked.
    const en = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', headers: { 'accept-language': 'en' }, payload: { code: codes[3], roundId, choices: [{ motionId: m.motionIds[0], choice: 'for' }], nonce: 'readonly-ballot-3' } });
    expect(en.json().message).toBe('The ballot could not be stored. Nothing was recorded; please try again.');
    // A check-in is refused the same way.
    const checkin = await t.kiosk(m.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: codes[4], direction: 'out' } });
    expect(checkin.statusCode).toBe(503);
    expect(checkin.json().error).toBe('storage_unavailable');
    // Not counted, not in the audit log, and the member can still vote (nothing was recorded).
    expect(await castCount()).toBe(1);
    expect(t.app.domain.audit.head(m.meetingId)).toEqual(headBefore);
    const scan = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/scan', payload: { code: codes[1] } });
    expect(scan.statusCode).toBe(200);

    // Space returns: the kiosk's retry with the same nonce is stored now, as new (201).
    t.app.domain.db.pragma('query_only = OFF');
    expect((await ballot(codes[1], 'readonly-ballot-1')).statusCode).toBe(201);
    expect((await ballot(codes[2], 'readonly-ballot-2', 'against')).statusCode).toBe(201);
    expect(await castCount()).toBe(3);
  });

  it('answers 503 while another process holds the write lock past the busy timeout, then recovers', async () => {
    expect((await ballot(codes[0], 'before-lock-1')).statusCode).toBe(201);
    const other = new Database(t.dbPath);
    t.app.domain.db.pragma('busy_timeout = 50');
    try {
      other.exec('BEGIN EXCLUSIVE');
      const res = await ballot(codes[3], 'locked-ballot-1');
      expect(res.statusCode).toBe(503);
      expect(res.json().error).toBe('storage_unavailable');
      other.exec('ROLLBACK');
    } finally {
      other.close();
      t.app.domain.db.pragma('busy_timeout = 5000');
    }
    expect(await castCount()).toBe(1);
    expect((await ballot(codes[3], 'locked-ballot-1')).statusCode).toBe(201);
    expect(await castCount()).toBe(2);
    await expectRecountAndChain(2);
  });

  it('answers 503 when the disk is full (SQLITE_FULL), counts nothing of it, and takes the retries once there is room', async () => {
    await t.close();
    // Enough members that their ballots cannot all fit in the pages the database has.
    await setup(Array.from({ length: 80 }, (_, i) => 1_000 * (i + 1)));
    const db = t.app.domain.db;
    // The disk is full: the database may not grow by a single page.
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const accepted: string[] = [];
    const refused: { code: string; nonce: string }[] = [];
    for (const [i, code] of codes.entries()) {
      const nonce = `full-disk-${i}`;
      const res = await ballot(code, nonce);
      if (res.statusCode === 201) accepted.push(code);
      else {
        expect(res.statusCode).toBe(503);
        expect(res.json().error).toBe('storage_unavailable');
        refused.push({ code, nonce });
      }
    }
    expect(refused.length).toBeGreaterThan(0);
    // What was refused is not counted, not in the audit log, and its member may still vote.
    expect(await castCount()).toBe(accepted.length);
    const logged = db.prepare("SELECT COUNT(*) FROM audit_log WHERE action = 'ballot.cast'").pluck().get();
    expect(logged).toBe(accepted.length);
    expect((await t.kiosk(m.votingToken, { method: 'POST', url: '/api/scan', payload: { code: refused[0].code } })).statusCode).toBe(200);
    // Room again: the kiosks' retries (same nonces) are stored as new.
    db.pragma('max_page_count = 1073741823');
    for (const r of refused) expect((await ballot(r.code, r.nonce)).statusCode).toBe(201);
    expect(await castCount()).toBe(codes.length);
    await expectRecountAndChain(codes.length);
  });
});

/** The tally equals a recount and the audit chain verifies after the failures. */
async function expectRecountAndChain(count: number): Promise<void> {
  const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
  expect(closed.tallies[0].cast.count).toBe(count);
  const published = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json() as { choices: { choice: string }[] }[];
  expect(published.filter((b) => b.choices[0].choice === 'for')).toHaveLength(closed.tallies[0].for.count);
  expect(published).toHaveLength(count);
  expect((await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/audit/verify` })).json()).toMatchObject({ ok: true });
}
