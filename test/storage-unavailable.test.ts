/**
 * A database that cannot take a write (read-only, or held by another process past the busy
 * timeout; a full disk gives SQLITE_FULL and takes the same path): the ballot is refused with
 * 503 storage_unavailable, never acknowledged, not counted, and the server recovers.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let m: SeededMeeting;
let roundId: number;
let codes: string[];

beforeAll(async () => {
  t = await makeApp();
  m = await seedMeeting(t, { populations: [80_000, 40_000, 20_000, 10_000, 5_000], motions: 1 });
  codes = [...m.codes.values()];
  const round = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } });
  roundId = round.json().id;
  await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
});

afterAll(async () => {
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
    expect(await castCount()).toBe(3);
    expect((await ballot(codes[3], 'locked-ballot-1')).statusCode).toBe(201);
    expect(await castCount()).toBe(4);

    // The tally equals a recount and the audit chain verifies after the failures.
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    const published = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json() as { choices: { choice: string }[] }[];
    expect(closed.tallies[0].for.count).toBe(published.filter((b) => b.choices[0].choice === 'for').length);
    const rollCall = closed.rollCall as { weight: number; choices: { choice: string }[] }[];
    expect(closed.tallies[0].for.weight).toBe(rollCall.filter((b) => b.choices[0].choice === 'for').reduce((s, b) => s + b.weight, 0));
    expect(closed.tallies[0].cast.count).toBe(4);
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/audit/verify` })).json()).toMatchObject({ ok: true });
  });
});
