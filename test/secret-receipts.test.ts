/**
 * Secret rounds: every voter gets a random receipt; after close the receipts are published with
 * their choices (GET /api/rounds/:id/ballots, public), and nothing stored links a choice to a member.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

// Each test its own database (STYLE.md 11): a fresh app, meeting and, where needed, a secret round.
let t: TestApp;
let m: SeededMeeting;
let roundId: number;
let cast: Map<string, { receipt: string; choices: { motionId: number; choice: string }[]; weight: number }>;

beforeEach(async () => {
  t = await makeApp();
  m = await seedMeeting(t, { populations: [90_000, 45_000, 30_000, 12_000, 6_000], motions: 2 });
});

afterEach(async () => {
  await t.close();
});

/** A secret round, open, in which every member voted. */
async function voteSecretRound(): Promise<void> {
  cast = new Map();
  roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret: true } })).json().id;
  await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
  let i = 0;
  for (const [memberCode, code] of m.codes) {
    const choices = m.motionIds.map((motionId, j) => ({ motionId, choice: (['for', 'against', 'abstain'] as const)[(i + j) % 3] }));
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices, nonce: nonce() } });
    expect(res.statusCode).toBe(201);
    cast.set(memberCode, { receipt: res.json().receipt, choices, weight: m.members.find((x) => x.code === memberCode)!.weight });
    i++;
  }
}

describe('GET /api/rounds/:id/ballots of a secret round', () => {
  it('is not published while the round is open', async () => {
    await voteSecretRound();
    const res = await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
  });

  it('after close lists every receipt with its choices, and nothing else: no weight, no time, no kiosk, no member (issue 12, point 1)', async () => {
    await voteSecretRound();
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    const res = await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` });
    expect(res.statusCode).toBe(200);
    const published = res.json() as Record<string, unknown>[];
    expect(published).toHaveLength(cast.size);
    for (const mine of cast.values()) {
      // The voter finds their receipt and sees their ballot counted as cast.
      expect(published).toContainEqual({ receipt: mine.receipt, choices: mine.choices });
    }
    // Exactly these fields: a weight next to the choices named the member (weights are nearly unique).
    for (const ballot of published) {
      expect(Object.keys(ballot).sort()).toEqual(['choices', 'receipt']);
      for (const choice of ballot.choices as Record<string, unknown>[]) expect(Object.keys(choice).sort()).toEqual(['choice', 'motionId']);
    }
    // The chair gets the same list.
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json()).toEqual(published);
    const text = res.body;
    for (const member of m.members) {
      expect(text).not.toContain(member.code);
      expect(text).not.toContain(member.name);
    }
    // Sorted by receipt, not in the order of voting.
    expect(published.map((b) => b.receipt)).toEqual(published.map((b) => b.receipt).sort());
  });

  it('never gives a roll call, also not to the chair, open or closed', async () => {
    await voteSecretRound();
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json().rollCall ?? null).toBeNull();
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json().rollCall ?? null).toBeNull();
  });
});

describe('the stored secret ballot', () => {
  it('has no column that links it to a member, a time, a weight or the order of arrival', async () => {
    await voteSecretRound();
    // Stored sealed once the round has ended (while it is open, see test/secrecy/files.test.ts).
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    const db = t.app.domain.db;
    const columns = (db.pragma('table_info(secret_ballots)') as { name: string }[]).map((c) => c.name).sort();
    // No weight: weights are nearly unique, and participations say who voted, with which weight.
    expect(columns).toEqual(['choices', 'receipt', 'round_id']);
    // WITHOUT ROWID, keyed by round and receipt: no hidden arrival-order rowid to line up with participations.
    expect(() => db.prepare('SELECT rowid FROM secret_ballots').all()).toThrow();
    const participationColumns = (db.pragma('table_info(participations)') as { name: string }[]).map((c) => c.name).sort();
    expect(participationColumns).toEqual(['cast_at', 'member_id', 'nonce_hash', 'round_id', 'sealed_receipt']);
    // The only shared column is the round: a join pairs every participation with every ballot.
    const shared = columns.filter((c) => participationColumns.includes(c));
    expect(shared).toEqual(['round_id']);
    const joined = db.prepare('SELECT count(*) FROM participations p JOIN secret_ballots s ON s.round_id = p.round_id WHERE p.round_id = ?').pluck().get(roundId);
    expect(joined).toBe(cast.size * cast.size);
  });

  it('keeps the receipt in participations only sealed, not readable, and the audit log has no choice', async () => {
    await voteSecretRound();
    const db = t.app.domain.db;
    const sealed = db.prepare('SELECT sealed_receipt FROM participations WHERE round_id = ?').pluck().all(roundId) as Buffer[];
    const receipts = [...cast.values()].map((c) => c.receipt);
    for (const blob of sealed) for (const r of receipts) expect(blob.toString('latin1')).not.toContain(r);
    const entries = db.prepare("SELECT data FROM audit_log WHERE meeting_id = ? AND action = 'ballot.cast'").pluck().all(m.meetingId) as string[];
    expect(entries).toHaveLength(cast.size);
    for (const data of entries) {
      expect(data).not.toMatch(/"for"|"against"|"abstain"|choices|receipt/);
    }
  });
});

describe('GET /api/rounds/:id/ballots of an open (not secret) round', () => {
  it('after close has the same shape: receipt and choices, sorted by receipt', async () => {
    const openRoundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${openRoundId}/open` });
    for (const code of m.codes.values()) {
      const choices = m.motionIds.map((motionId) => ({ motionId, choice: 'for' }));
      expect((await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId: openRoundId, choices, nonce: nonce() } })).statusCode).toBe(201);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/ballots` })).statusCode).toBe(409);
    await t.admin({ method: 'POST', url: `/api/rounds/${openRoundId}/close` });
    const published = (await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/ballots` })).json() as Record<string, unknown>[];
    expect(published).toHaveLength(m.codes.size);
    for (const ballot of published) expect(Object.keys(ballot).sort()).toEqual(['choices', 'receipt']);
    expect(published.map((b) => b.receipt)).toEqual(published.map((b) => b.receipt).sort());
  });
});
