import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';
import { dammDigit } from '../shared/card-code.ts';

let t: TestApp;
let s: SeededMeeting;

async function openRound(body: Record<string, unknown> = {}) {
  const created = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds, ...body } });
  expect(created.statusCode).toBe(201);
  const id = created.json().id as number;
  const opened = await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` });
  expect(opened.statusCode).toBe(200);
  return id;
}

const choicesAll = (choice: string) => s.motionIds.map((motionId) => ({ motionId, choice }));
const cast = (code: string, roundId: number, choices: unknown, n = nonce()) =>
  t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices, nonce: n } });
const codeOf = (i: number) => s.codes.get(s.members[i].code)!;

beforeEach(async () => {
  t = await makeApp();
  s = await seedMeeting(t); // weights 75, 50, 20, 5; everyone checked in
});
afterEach(() => t.close());

describe('POST /api/scan', () => {
  it('answers the member with its weight and the open round, trimming and upper-casing the code', async () => {
    const roundId = await openRound();
    const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: `  ${codeOf(0)}\r\n` } });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.member).toEqual({ code: 'GM0001', name: s.members[0].name, weight: 75 });
    expect(body.round.id).toBe(roundId);
    expect(body.round.motions.map((m: { ref: string }) => m.ref)).toEqual(['7.1', '7.2']);
    expect(body.round.allowChange).toBe(false);
    expect(body.ballot).toBeNull();
  });

  it('says no_open_round while nothing is open', async () => {
    const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({ error: 'no_open_round', message: 'Er is op dit moment geen stemming geopend.' });
  });

  it('tells a misread or unknown code (unknown_card), never another card', async () => {
    await openRound();
    const code = codeOf(0);
    const misread = code.slice(0, 3) + ((Number(code[3]) + 1) % 10) + code.slice(4);
    for (const bad of [misread, '1234', 'ABCDEF', '0'.repeat(24) + String((dammDigit('0'.repeat(24)) + 1) % 10)]) {
      const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: bad } });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('unknown_card');
    }
    const valid = '1'.repeat(24) + String(dammDigit('1'.repeat(24)));
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: valid } })).json().error).toBe('unknown_card');
  });

  it('refuses a member that is not checked in (not_checked_in), in English when asked', async () => {
    const t2 = t;
    await openRound();
    await t2.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: codeOf(1), direction: 'out' } });
    const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: codeOf(1) }, headers: { 'accept-language': 'en-GB,en;q=0.9,nl;q=0.5' } });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toEqual({ error: 'not_checked_in', message: 'You are not checked in. Please scan your card at the entrance first.' });
  });

  it('refuses a revoked card (revoked_card) and accepts the reissued one', async () => {
    await openRound();
    const old = codeOf(2);
    // Scanned once first, so the reissue has to replace a card the server already knows.
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: old } })).statusCode).toBe(200);
    const re = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${s.members[2].code}/reissue` });
    expect(re.statusCode).toBe(201);
    const fresh = re.json().cards[0].code as string;
    expect(fresh).not.toBe(old);
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: old } })).json().error).toBe('revoked_card');
    const ok = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: fresh } });
    expect(ok.statusCode).toBe(200);
  });

  it('refuses a card of another meeting (wrong_meeting)', async () => {
    await openRound();
    const other = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Voorjaars ALV', date: '2024-06-01' } })).json().id;
    const card = (await t.admin({ method: 'POST', url: `/api/meetings/${other}/cards`, payload: { members: ['GM0001'] } })).json().cards[0].code;
    const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: card } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('wrong_meeting');
  });

  it('is for voting kiosks only: a check-in kiosk gets 403, no token 401', async () => {
    await openRound();
    expect((await t.kiosk(s.checkinToken, { method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } })).json().error).toBe('unauthorized');
    expect((await t.kiosk('not-a-token', { method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } })).statusCode).toBe(401);
    expect((await t.admin({ method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } })).statusCode).toBe(403);
  });

  it('holds the answers of unknown codes at one kiosk, never a real card (issue 23, point 8)', async () => {
    await openRound();
    const statuses: number[] = [];
    // Holds of 0, 0, 0, 0.5, 1 and 2 s with the default settings.
    for (let i = 0; i < 6; i++) {
      const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: `99999${i}` } });
      statuses.push(res.statusCode);
    }
    // Held, not refused: each is answered unknown_card (test/kiosk-guessing.test.ts has the holds).
    expect(statuses).toEqual(Array(6).fill(404));
    // The member behind the guesser is served.
    const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } });
    expect(res.statusCode).toBe(200);
  });
});

describe('POST /api/ballots', () => {
  it('stores a weighted ballot and acknowledges it with a receipt (201)', async () => {
    const roundId = await openRound();
    const res = await cast(codeOf(0), roundId, [
      { motionId: s.motionIds[0], choice: 'for' },
      { motionId: s.motionIds[1], choice: 'against' },
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json().receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(Date.parse(res.json().castAt)).not.toBeNaN();
    const round = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(round.tallies[0].for).toEqual({ weight: 75, count: 1 });
    expect(round.tallies[1].against).toEqual({ weight: 75, count: 1 });
    expect(round.voted).toEqual({ weight: 75, count: 1 });
  });

  it('is idempotent by nonce: the same nonce answers 200 with the same receipt and counts once', async () => {
    const roundId = await openRound();
    const n = nonce();
    const first = await cast(codeOf(1), roundId, choicesAll('for'), n);
    const again = await cast(codeOf(1), roundId, choicesAll('for'), n);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    const round = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(round.tallies[0].for).toEqual({ weight: 50, count: 1 });
    // Still the same answer after the round closed: a kiosk retrying late learns its ballot counted.
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    const late = await cast(codeOf(1), roundId, choicesAll('for'), n);
    expect(late.statusCode).toBe(200);
    expect(late.json().receipt).toBe(first.json().receipt);
  });

  it('refuses a second ballot of the same member (already_voted) without changing the tally', async () => {
    const roundId = await openRound();
    await cast(codeOf(0), roundId, choicesAll('for'));
    const second = await cast(codeOf(0), roundId, choicesAll('against'));
    expect(second.statusCode).toBe(409);
    expect(second.json().error).toBe('already_voted');
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } })).json().error).toBe('already_voted');
    const round = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(round.tallies[0].for.weight).toBe(75);
    expect(round.tallies[0].against.weight).toBe(0);
  });

  it('lets a member change its vote where the round allows it: the new ballot replaces the old', async () => {
    const roundId = await openRound({ allowChange: true });
    const first = await cast(codeOf(0), roundId, choicesAll('for'));
    const scan = (await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: codeOf(0) } })).json();
    expect(scan.round.allowChange).toBe(true);
    expect(scan.ballot.choices).toEqual(choicesAll('for'));
    expect(scan.ballot.receipt).toBe(first.json().receipt);
    const second = await cast(codeOf(0), roundId, choicesAll('abstain'));
    expect(second.statusCode).toBe(201);
    const round = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(round.tallies[0].for).toEqual({ weight: 0, count: 0 });
    expect(round.tallies[0].abstain).toEqual({ weight: 75, count: 1 });
    expect(round.voted).toEqual({ weight: 75, count: 1 });
    expect(round.rollCall).toEqual([{ memberCode: 'GM0001', name: s.members[0].name, weight: 75, choices: choicesAll('abstain') }]);
  });

  it.each([
    ['a motion missing', () => [{ motionId: s.motionIds[0], choice: 'for' }]],
    ['a motion twice', () => [{ motionId: s.motionIds[0], choice: 'for' }, { motionId: s.motionIds[0], choice: 'for' }]],
    ['an unknown choice', () => [{ motionId: s.motionIds[0], choice: 'maybe' }, { motionId: s.motionIds[1], choice: 'for' }]],
    ['a motion outside the round', () => [{ motionId: s.motionIds[0], choice: 'for' }, { motionId: 999, choice: 'for' }]],
    ['not objects', () => ['for', 'against']],
  ])('refuses choices with %s (invalid_choices) and stores nothing', async (_label, choices) => {
    const roundId = await openRound();
    const res = await cast(codeOf(0), roundId, choices());
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_choices');
    const round = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(round.voted).toEqual({ weight: 0, count: 0 });
    expect((await cast(codeOf(0), roundId, choicesAll('for'))).statusCode).toBe(201);
  });

  it('refuses a ballot for a round that is not open (round_closed) and for an unknown round (not_found)', async () => {
    const roundId = await openRound();
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    expect((await cast(codeOf(0), roundId, choicesAll('for'))).json().error).toBe('round_closed');
    expect((await cast(codeOf(0), 9999, choicesAll('for'))).json().error).toBe('not_found');
  });

  it('validates the body: nonce of 8–64 characters, roundId a number', async () => {
    const roundId = await openRound();
    const short = await cast(codeOf(0), roundId, choicesAll('for'), 'short');
    expect(short.statusCode).toBe(400);
    expect(short.json().error).toBe('validation');
    expect(short.json().message).toContain('nonce');
    const bad = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: codeOf(0), roundId: 'x', choices: [], nonce: nonce() } });
    expect(bad.json().error).toBe('validation');
  });

  it('counts many members voting at once exactly once each, and the same member twice at once only once', async () => {
    t = await (async () => {
      await t.close();
      return makeApp();
    })();
    s = await seedMeeting(t, { populations: Array.from({ length: 60 }, (_, i) => 1000 * (i + 1)) });
    const roundId = await openRound();
    const results = await Promise.all([
      ...s.members.map((_m, i) => cast(codeOf(i), roundId, choicesAll(i % 3 === 0 ? 'for' : i % 3 === 1 ? 'against' : 'abstain'))),
      cast(codeOf(0), roundId, choicesAll('against')),
      cast(codeOf(0), roundId, choicesAll('against')),
    ]);
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(60);
    expect(codes.filter((c) => c === 409)).toHaveLength(2);
    const round = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    const expected = { for: 0, against: 0, abstain: 0 };
    s.members.forEach((m, i) => (expected[i % 3 === 0 ? 'for' : i % 3 === 1 ? 'against' : 'abstain'] += m.weight));
    expect(round.tallies[0].for.weight).toBe(expected.for);
    expect(round.tallies[0].against.weight).toBe(expected.against);
    expect(round.tallies[0].abstain.weight).toBe(expected.abstain);
    expect(round.voted.count).toBe(60);
  });

  it('without required check-in, the ballot itself records the member as present', async () => {
    await t.close();
    t = await makeApp();
    s = await seedMeeting(t, { requireCheckIn: false, checkInAll: false });
    const roundId = await openRound();
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().presence).toEqual({ count: 0, weight: 0 });
    expect((await cast(codeOf(0), roundId, choicesAll('for'))).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().presence).toEqual({ count: 1, weight: 75 });
  });
});

describe('secret rounds', () => {
  it('store no link between a member and its choices, and publish receipts after close', async () => {
    const roundId = await openRound({ secret: true });
    const receipts: string[] = [];
    for (let i = 0; i < 4; i++) receipts.push((await cast(codeOf(i), roundId, choicesAll(i < 2 ? 'for' : 'against'))).json().receipt);
    const publicView = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(publicView.rollCall).toBeUndefined();
    const adminView = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(adminView.rollCall).toBeUndefined();
    expect(adminView.voted).toEqual({ weight: 150, count: 4 });
    // No figures while open, not even for the chair: two successive tallies would tell a choice.
    expect(adminView.tallies).toBeUndefined();
    expect(publicView.tallies).toBeUndefined();

    const db = new Database(t.dbPath, { readonly: true });
    const cols = (table: string) => (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(cols('secret_ballots')).not.toContain('member_id');
    expect(cols('secret_ballots')).not.toContain('cast_at');
    expect(cols('participations')).not.toContain('choices');
    expect(cols('participations')).not.toContain('receipt');
    expect(db.prepare('SELECT COUNT(*) AS n FROM ballots WHERE round_id = ?').get(roundId)).toEqual({ n: 0 });
    const audit = db.prepare("SELECT data FROM audit_log WHERE action = 'ballot.cast'").all() as { data: string }[];
    for (const a of audit) {
      expect(a.data).not.toMatch(/for|against|abstain|choices/);
      for (const r of receipts) expect(a.data).not.toContain(r);
    }
    db.close();

    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json().error).toBe('invalid_state');
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(closed.tallies[0].for).toEqual({ weight: 125, count: 2 });
    const published = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json() as { receipt: string; choices: unknown[] }[];
    expect(published.map((b) => b.receipt).sort()).toEqual([...receipts].sort());
    expect(published.find((b) => b.receipt === receipts[0])!.choices).toEqual(choicesAll('for'));
  });

  it('answers a resend of a secret ballot with the same receipt', async () => {
    const roundId = await openRound({ secret: true });
    const n = nonce();
    const first = await cast(codeOf(3), roundId, choicesAll('for'), n);
    const again = await cast(codeOf(3), roundId, choicesAll('for'), n);
    expect(again.statusCode).toBe(200);
    expect(again.json().receipt).toBe(first.json().receipt);
    expect((await cast(codeOf(3), roundId, choicesAll('for'))).json().error).toBe('already_voted');
  });
});
