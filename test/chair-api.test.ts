import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chairRoutes } from '../server/modules/chair/chair.routes.ts';
import { ADMIN_TOKEN, makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;

beforeAll(async () => {
  t = await makeApp({ adminFailureLimit: 3 });
  // Until server/app.ts registers the chair module itself.
  if (!t.app.hasRoute({ method: 'POST', url: '/api/rounds/:id/revote' })) await t.app.register(chairRoutes);
});
afterAll(async () => {
  await t.close();
});

async function openRound(s: SeededMeeting, motionIds = [s.motionIds[0]], options: Record<string, unknown> = {}) {
  const created = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds, ...options } });
  expect(created.statusCode).toBe(201);
  const opened = await t.admin({ method: 'POST', url: `/api/rounds/${created.json().id}/open` });
  expect(opened.statusCode).toBe(200);
  return opened.json() as { id: number; motionIds: number[] };
}

async function vote(s: SeededMeeting, memberCode: string, roundId: number, motionIds: number[], choice = 'for') {
  const res = await t.kiosk(s.votingToken, {
    method: 'POST',
    url: '/api/ballots',
    payload: { code: s.codes.get(memberCode), roundId, choices: motionIds.map((motionId) => ({ motionId, choice })), nonce: nonce() },
  });
  expect(res.statusCode).toBe(201);
}

async function auditActions(meetingId: number): Promise<{ action: string; actor: string; data: Record<string, unknown> }[]> {
  const res = await t.admin({ method: 'GET', url: `/api/meetings/${meetingId}/audit` });
  expect(res.statusCode).toBe(200);
  return res.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function expectChainVerifies(meetingId: number) {
  const res = await t.admin({ method: 'GET', url: `/api/meetings/${meetingId}/audit/verify` });
  expect(res.json()).toMatchObject({ ok: true });
}

describe('POST /api/motions/:id/manual-result', () => {
  let s: SeededMeeting;
  beforeAll(async () => {
    s = await seedMeeting(t, { motions: 4 });
  });

  it('records the outcome with the figures, marks the motion manual and audits it', async () => {
    const motionId = s.motionIds[0];
    const res = await t.admin({ method: 'POST', url: `/api/motions/${motionId}/manual-result`, payload: { outcome: 'adopted', for: 120, against: 30, note: 'Handopsteken, geteld door het bureau' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: motionId, status: 'adopted', manualResult: { outcome: 'adopted', for: 120, against: 30, abstain: null, note: 'Handopsteken, geteld door het bureau' } });
    expect(typeof res.json().manualResult.recordedAt).toBe('string');

    const detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    const motion = detail.agenda[0].motions.find((m: { id: number }) => m.id === motionId);
    expect(motion.status).toBe('adopted');
    expect(motion.manualResult.outcome).toBe('adopted');

    const entry = (await auditActions(s.meetingId)).find((e) => e.action === 'motion.manual_result');
    expect(entry).toMatchObject({ actor: 'admin', data: { motionId, outcome: 'adopted', manual: true, for: 120, against: 30 } });
    await expectChainVerifies(s.meetingId);
  });

  it('records an outcome without figures', async () => {
    const res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[1]}/manual-result`, payload: { outcome: 'rejected' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'rejected', manualResult: { outcome: 'rejected', for: null, against: null, abstain: null, note: null } });
  });

  it('refuses a motion in an open round with invalid_state and changes nothing', async () => {
    const round = await openRound(s, [s.motionIds[2]]);
    const res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[2]}/manual-result`, payload: { outcome: 'adopted' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
    const detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    expect(detail.agenda[0].motions.find((m: { id: number }) => m.id === s.motionIds[2])).toMatchObject({ status: 'in_vote', manualResult: null });
    await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/cancel`, payload: { reason: 'test' } });
  });

  it('refuses a withdrawn motion with invalid_state', async () => {
    expect((await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[3]}/withdraw` })).statusCode).toBe(200);
    const res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[3]}/manual-result`, payload: { outcome: 'rejected' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
  });

  it('answers validation for a bad outcome or a negative figure, naming the field', async () => {
    let res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[0]}/manual-result`, payload: { outcome: 'maybe' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation' });
    expect(res.json().message).toContain('outcome');
    res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[0]}/manual-result`, payload: { outcome: 'adopted', for: -1 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('for');
  });

  it('answers not_found for an unknown motion and unauthorized without credentials', async () => {
    const missing = await t.admin({ method: 'POST', url: '/api/motions/99999/manual-result', payload: { outcome: 'adopted' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error).toBe('not_found');
    const anonymous = await t.app.inject({ method: 'POST', url: `/api/motions/${s.motionIds[0]}/manual-result`, payload: { outcome: 'adopted' } });
    expect(anonymous.statusCode).toBe(401);
    const kiosk = await t.kiosk(s.votingToken, { method: 'POST', url: `/api/motions/${s.motionIds[0]}/manual-result`, payload: { outcome: 'adopted' } });
    expect(kiosk.statusCode).toBe(403);
  });
});

describe('POST /api/rounds/:id/revote', () => {
  let s: SeededMeeting;
  beforeAll(async () => {
    s = await seedMeeting(t, { motions: 4 });
  });

  it('cancels an open round with reason "herstemming" and opens a new one with the same motions and options', async () => {
    const round = await openRound(s, [s.motionIds[0], s.motionIds[1]], { showLive: false, majority: 'two_thirds', quorumPercent: 50, allowChange: true });
    const [first, second] = s.members;
    await vote(s, first.code, round.id, round.motionIds);
    await vote(s, second.code, round.id, round.motionIds, 'against');

    const res = await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/revote` });
    expect(res.statusCode).toBe(201);
    const fresh = res.json();
    expect(fresh).toMatchObject({ state: 'open', motionIds: round.motionIds, secret: false, allowChange: true, showLive: false, majority: 'two_thirds', quorumPercent: 50, voted: { count: 0, weight: 0 } });
    expect(fresh.id).not.toBe(round.id);
    // The admin view lists every present member as not voted yet.
    expect(fresh.notVoted).toHaveLength(s.members.length);

    const old = (await t.admin({ method: 'GET', url: `/api/rounds/${round.id}` })).json();
    expect(old).toMatchObject({ state: 'cancelled', cancelReason: 'herstemming' });

    const detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    for (const id of round.motionIds) expect(detail.agenda[0].motions.find((m: { id: number }) => m.id === id).status).toBe('in_vote');

    const actions = (await auditActions(s.meetingId)).map((e) => e.action);
    const at = actions.lastIndexOf('round.revote');
    expect(actions.slice(at - 2, at + 2)).toEqual(['round.cancelled', 'round.created', 'round.revote', 'round.opened']);
    await expectChainVerifies(s.meetingId);

    // Members vote again in the new round; the old ballots count for nothing.
    await vote(s, first.code, fresh.id, round.motionIds, 'against');
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${fresh.id}/close` })).json();
    expect(closed.tallies[0]).toMatchObject({ for: { count: 0 }, against: { count: 1 } });
  });

  it('takes a closed round: it stays closed and a new round opens on its motions', async () => {
    const round = await openRound(s, [s.motionIds[2]]);
    await vote(s, s.members[0].code, round.id, round.motionIds);
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/close` })).statusCode).toBe(200);

    const res = await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/revote` });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'open', motionIds: [s.motionIds[2]] });
    const old = (await t.admin({ method: 'GET', url: `/api/rounds/${round.id}` })).json();
    expect(old.state).toBe('closed');

    // The same closed round cannot be taken twice: its motions are in a later round now.
    const again = await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/revote` });
    expect(again.statusCode).toBe(409);
    await t.admin({ method: 'POST', url: `/api/rounds/${res.json().id}/cancel`, payload: { reason: 'test' } });
  });

  it('cancels a draft round and opens the new one', async () => {
    const draft = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[3]], secret: true } })).json();
    const res = await t.admin({ method: 'POST', url: `/api/rounds/${draft.id}/revote` });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ state: 'open', secret: true, motionIds: [s.motionIds[3]] });
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${draft.id}` })).json()).toMatchObject({ state: 'cancelled', cancelReason: 'herstemming' });
    await t.admin({ method: 'POST', url: `/api/rounds/${res.json().id}/cancel`, payload: { reason: 'test' } });
  });

  it('refuses with round_already_open while another round of the meeting is open, changing nothing', async () => {
    const closedOne = await openRound(s, [s.motionIds[0]]);
    await t.admin({ method: 'POST', url: `/api/rounds/${closedOne.id}/close` });
    const other = await openRound(s, [s.motionIds[1]]);
    const res = await t.admin({ method: 'POST', url: `/api/rounds/${closedOne.id}/revote` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('round_already_open');
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${other.id}` })).json().state).toBe('open');
    await t.admin({ method: 'POST', url: `/api/rounds/${other.id}/cancel`, payload: { reason: 'test' } });
  });

  it('refuses a cancelled round with invalid_state', async () => {
    const round = await openRound(s, [s.motionIds[1]]);
    await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/cancel`, payload: { reason: 'verkeerd voorstel' } });
    const res = await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/revote` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
  });

  it('answers not_found for an unknown round and unauthorized without credentials', async () => {
    expect((await t.admin({ method: 'POST', url: '/api/rounds/99999/revote' })).json().error).toBe('not_found');
    expect((await t.app.inject({ method: 'POST', url: '/api/rounds/1/revote' })).statusCode).toBe(401);
    expect((await t.admin({ method: 'POST', url: '/api/rounds/abc/revote' })).statusCode).toBe(400);
  });
});

describe('POST /api/meetings/:id/presence', () => {
  let s: SeededMeeting;
  beforeAll(async () => {
    s = await seedMeeting(t, { checkInAll: false });
  });

  it('checks a member in and out by hand, audited with actor admin', async () => {
    const member = s.members[0];
    let res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: member.code, direction: 'in' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ member: { code: member.code, name: member.name, weight: member.weight }, present: true, changed: true });
    let detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    expect(detail.presence).toEqual({ count: 1, weight: member.weight });
    const list = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/presence` })).json();
    expect(list.map((m: { code: string }) => m.code)).toEqual([member.code]);

    // Twice is not an error and changes nothing.
    res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: member.code, direction: 'in' } });
    expect(res.json()).toMatchObject({ present: true, changed: false });

    res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: member.code, direction: 'out' } });
    expect(res.json()).toMatchObject({ present: false, changed: true });
    detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    expect(detail.presence).toEqual({ count: 0, weight: 0 });

    const entries = (await auditActions(s.meetingId)).filter((e) => e.action.startsWith('presence.'));
    expect(entries.map((e) => [e.action, e.actor, e.data.memberCode])).toEqual([
      ['presence.checked_in', 'admin', member.code],
      ['presence.checked_out', 'admin', member.code],
    ]);
  });

  it('lets a member checked in by hand vote', async () => {
    const member = s.members[1];
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: member.code, direction: 'in' } });
    const round = await openRound(s);
    await vote(s, member.code, round.id, round.motionIds);
    await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/cancel`, payload: { reason: 'test' } });
  });

  it('refuses a member without an active card with invalid_state', async () => {
    const member = s.members[2];
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${member.code}/revoke` })).statusCode).toBe(200);
    const res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: member.code, direction: 'in' } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
  });

  it('answers not_found, validation and unauthorized for bad requests', async () => {
    let res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: 'GM9999', direction: 'in' } });
    expect([res.statusCode, res.json().error]).toEqual([404, 'not_found']);
    res = await t.admin({ method: 'POST', url: '/api/meetings/99999/presence', payload: { memberCode: s.members[0].code, direction: 'in' } });
    expect([res.statusCode, res.json().error]).toEqual([404, 'not_found']);
    res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: s.members[0].code, direction: 'sideways' } });
    expect([res.statusCode, res.json().error]).toEqual([400, 'validation']);
    expect(res.json().message).toContain('direction');
    res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { direction: 'in' } });
    expect([res.statusCode, res.json().error]).toEqual([400, 'validation']);
    res = await t.app.inject({ method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: s.members[0].code, direction: 'in' } });
    expect(res.statusCode).toBe(401);
    res = await t.kiosk(s.checkinToken, { method: 'POST', url: `/api/meetings/${s.meetingId}/presence`, payload: { memberCode: s.members[0].code, direction: 'in' } });
    expect(res.statusCode).toBe(403);
  });
});

describe('GET /api/meetings/:id/cards', () => {
  it('lists the members with a card and whether their latest card is active', async () => {
    const s = await seedMeeting(t, { checkInAll: false });
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${s.members[0].code}/revoke` });
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${s.members[1].code}/reissue` });
    const res = await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/cards` });
    expect(res.statusCode).toBe(200);
    const byCode = new Map((res.json() as { memberCode: string; active: boolean; weight: number }[]).map((c) => [c.memberCode, c]));
    expect(byCode.size).toBe(s.members.length);
    expect(byCode.get(s.members[0].code)).toMatchObject({ active: false, weight: s.members[0].weight });
    expect(byCode.get(s.members[1].code)).toMatchObject({ active: true });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/cards` })).statusCode).toBe(401);
    expect((await t.admin({ method: 'GET', url: '/api/meetings/99999/cards' })).statusCode).toBe(404);
  });
});

describe('POST /api/session (chair login)', () => {
  it('sets an httpOnly SameSite=Strict cookie that opens admin routes, and logs out', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/^stemkaart_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const value = cookie.split(';')[0];
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: value } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie: value } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: value } })).statusCode).toBe(401);
  });

  it('rate-limits wrong tokens past the limit, but never refuses the right token (issue 12, point 5: a venue NAT)', async () => {
    const from = { remoteAddress: '10.9.8.7' };
    for (let i = 0; i < 3; i++) {
      const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: `wrong-token-${i}` }, ...from });
      expect(res.statusCode).toBe(401);
    }
    const limited = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'wrong-token-3' }, ...from });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toBe('rate_limited');
    expect(limited.headers['set-cookie']).toBeUndefined();
    const right = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN }, ...from });
    expect(right.statusCode).toBe(200);
    expect(String(right.headers['set-cookie'])).toMatch(/^stemkaart_session=/);
    // Another address is not affected.
    const other = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'wrong-token-4' }, remoteAddress: '10.9.8.6' });
    expect(other.statusCode).toBe(401);
  });
});
