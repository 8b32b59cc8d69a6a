/**
 * Practice rounds (docs/api.md, "Practice rounds"): a round on practice motions runs like any round
 * and says `practice: true` everywhere, but decides nothing and can be held again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** The seeded meeting (7.1, 7.2) with an opening item 1 holding practice motion PROEF. */
async function setup(): Promise<{ t: TestApp; s: SeededMeeting; practiceId: number }> {
  t = await makeApp();
  const s = await seedMeeting(t, { motions: 2 });
  const res = await t.admin({
    method: 'POST',
    url: `/api/meetings/${s.meetingId}/agenda`,
    payload: { items: [{ number: '1', title: 'Opening', motions: [{ ref: 'PROEF', kind: 'practice', title: 'Proefstemming: werkt uw stemkaart?' }] }] },
  });
  expect(res.statusCode).toBe(201);
  return { t, s, practiceId: res.json().items[0].motions[0].id };
}

async function vote(app: TestApp, s: SeededMeeting, memberCode: string, roundId: number, motionIds: number[], choice: string) {
  const res = await app.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get(memberCode), roundId, nonce: nonce(), choices: motionIds.map((motionId) => ({ motionId, choice })) } });
  expect(res.statusCode).toBe(201);
}

async function round(app: TestApp, meetingId: number, motionIds: number[]): Promise<number> {
  const res = await app.admin({ method: 'POST', url: `/api/meetings/${meetingId}/rounds`, payload: { motionIds } });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

describe('practice rounds', () => {
  it('cannot mix practice motions with others in one round: 400 validation, nothing created', async () => {
    const { t, s, practiceId } = await setup();
    const res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [practiceId, s.motionIds[0]] } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'validation', message: expect.stringMatching(/^motionIds: proefstemming PROEF kan niet samen met 7\.1/) });
    const en = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0], practiceId] }, headers: { 'accept-language': 'en' } });
    expect(en.json().message).toMatch(/practice vote decides nothing/);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().rounds).toEqual([]);
  });

  it('says practice: true in the round views, the meeting, the kiosk scan and the audit; other rounds say false', async () => {
    const { t, s, practiceId } = await setup();
    const roundId = await round(t, s.meetingId, [practiceId]);
    const real = await round(t, s.meetingId, [s.motionIds[0]]);
    const opened = await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
    expect(opened.json().practice).toBe(true);
    const scan = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get('GM0001') } });
    expect(scan.json().round).toMatchObject({ id: roundId, practice: true, motions: [{ id: practiceId, ref: 'PROEF', kind: 'practice' }] });
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json().practice).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${real}` })).json().practice).toBe(false);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().rounds).toEqual([
      { id: roundId, number: 1, state: 'open', motionIds: [practiceId], practice: true },
      { id: real, number: 2, state: 'draft', motionIds: [s.motionIds[0]], practice: false },
    ]);
    const audit = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit` })).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.find((e) => e.action === 'round.created' && e.data.roundId === roundId).data.practice).toBe(true);
    expect(audit.find((e) => e.action === 'round.created' && e.data.roundId === real).data.practice).toBeUndefined();
  });

  it('runs like any round with tallies, then puts its motion back to submitted so it can be held again', async () => {
    const { t, s, practiceId } = await setup();
    const first = await round(t, s.meetingId, [practiceId]);
    await t.admin({ method: 'POST', url: `/api/rounds/${first}/open` });
    const motionStatus = async () => (await t!.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().agenda.find((i: { number: string }) => i.number === '1').motions[0].status;
    expect(await motionStatus()).toBe('in_vote');
    await vote(t, s, 'GM0001', first, [practiceId], 'for');
    await vote(t, s, 'GM0002', first, [practiceId], 'against');
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${first}/close` })).json();
    const weights = new Map(s.members.map((m) => [m.code, m.weight]));
    expect(closed).toMatchObject({ state: 'closed', practice: true, voted: { count: 2, weight: weights.get('GM0001')! + weights.get('GM0002')! } });
    expect(closed.tallies[0]).toMatchObject({ for: { count: 1, weight: weights.get('GM0001') }, against: { count: 1, weight: weights.get('GM0002') } });
    expect(await motionStatus()).toBe('submitted');

    // Held again; cancelling that one leaves it submitted too (not the outcome of the first practice).
    const second = await round(t, s.meetingId, [practiceId]);
    await t.admin({ method: 'POST', url: `/api/rounds/${second}/open` });
    await t.admin({ method: 'POST', url: `/api/rounds/${second}/cancel` });
    expect(await motionStatus()).toBe('submitted');
    const third = (await t.admin({ method: 'POST', url: `/api/rounds/${first}/revote` })).json();
    expect(third).toMatchObject({ state: 'open', practice: true, motionIds: [practiceId] });
    await t.admin({ method: 'POST', url: `/api/rounds/${third.id}/close` });
    expect(await motionStatus()).toBe('submitted');
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify` })).json().ok).toBe(true);
  });

  it('decides nothing: no result can be recorded by hand for a practice motion', async () => {
    const { t, practiceId } = await setup();
    const res = await t.admin({ method: 'POST', url: `/api/motions/${practiceId}/manual-result`, payload: { outcome: 'adopted' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'invalid_state', message: expect.stringContaining('proefstemming') });
  });
});
