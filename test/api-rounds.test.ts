import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { ADMIN_TOKEN, makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let s: SeededMeeting;

const create = (body: Record<string, unknown>) => t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: body });
const act = (id: number, action: 'open' | 'close' | 'cancel', payload?: unknown) => t.admin({ method: 'POST', url: `/api/rounds/${id}/${action}`, ...(payload ? { payload } : {}) });
const get = (id: number, admin = false) => (admin ? t.admin({ method: 'GET', url: `/api/rounds/${id}` }) : t.app.inject({ method: 'GET', url: `/api/rounds/${id}` }));
const motion = async (id: number) => {
  const detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
  return detail.agenda.flatMap((i: { motions: { id: number }[] }) => i.motions).find((m: { id: number }) => m.id === id);
};
const vote = (i: number, roundId: number, choice: string | string[]) =>
  t.kiosk(s.votingToken, {
    method: 'POST',
    url: '/api/ballots',
    payload: { code: s.codes.get(s.members[i].code), roundId, nonce: nonce(), choices: s.motionIds.map((motionId, k) => ({ motionId, choice: Array.isArray(choice) ? choice[k] : choice })) },
  });

async function openWith(body: Record<string, unknown> = {}) {
  const id = (await create({ motionIds: s.motionIds, ...body })).json().id as number;
  expect((await act(id, 'open')).statusCode).toBe(200);
  return id;
}

afterEach(() => t.close());

describe('rounds: state machine', () => {
  beforeEach(async () => {
    t = await makeApp();
    s = await seedMeeting(t);
  });

  it('goes draft → open → closed, with motion statuses following', async () => {
    const res = await create({ motionIds: s.motionIds });
    expect(res.statusCode).toBe(201);
    const round = res.json();
    expect(round).toMatchObject({ state: 'draft', secret: false, allowChange: false, showLive: true, majority: 'simple', quorumPercent: 0, motionIds: s.motionIds, openedAt: null, closedAt: null });
    expect((await motion(s.motionIds[0])).status).toBe('submitted');
    const opened = (await act(round.id, 'open')).json();
    expect(opened.state).toBe('open');
    expect(opened.openedAt).not.toBeNull();
    expect((await motion(s.motionIds[0])).status).toBe('in_vote');
    await vote(0, round.id, ['for', 'against']);
    const closed = (await act(round.id, 'close')).json();
    expect(closed.state).toBe('closed');
    expect(closed.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(closed.tallies.map((x: { outcome: string }) => x.outcome)).toEqual(['adopted', 'rejected']);
    expect((await motion(s.motionIds[0])).status).toBe('adopted');
    expect((await motion(s.motionIds[1])).status).toBe('rejected');
    const meeting = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    expect(meeting.rounds).toEqual([{ id: round.id, number: 1, state: 'closed', motionIds: s.motionIds, practice: false }]);
  });

  it('refuses transitions the state does not allow (invalid_state)', async () => {
    const id = (await create({ motionIds: s.motionIds })).json().id;
    expect((await act(id, 'close')).json().error).toBe('invalid_state');
    await act(id, 'open');
    expect((await act(id, 'open')).json().error).toBe('invalid_state');
    await act(id, 'close');
    for (const a of ['open', 'close', 'cancel'] as const) {
      const res = await act(id, a);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toBe('invalid_state');
    }
    expect((await act(9999, 'open')).json().error).toBe('not_found');
  });

  it('allows one open round per meeting (round_already_open)', async () => {
    const a = (await create({ motionIds: [s.motionIds[0]] })).json().id;
    const b = (await create({ motionIds: [s.motionIds[1]] })).json().id;
    await act(a, 'open');
    const res = await act(b, 'open');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('round_already_open');
    await act(a, 'close');
    expect((await act(b, 'open')).statusCode).toBe(200);
  });

  it('cancel from open keeps the ballots for the audit, counts nothing and puts the motions back', async () => {
    const id = await openWith();
    await vote(0, id, 'for');
    const res = await act(id, 'cancel', { reason: 'Storing stemzuil 2' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'cancelled', cancelReason: 'Storing stemzuil 2' });
    expect(res.json().tallies.every((x: { outcome: null }) => x.outcome === null)).toBe(true);
    expect((await motion(s.motionIds[0])).status).toBe('submitted');
    const audit = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit` })).body.trim().split('\n').map((l) => JSON.parse(l));
    expect(audit.some((e) => e.action === 'ballot.cast' && e.data.roundId === id)).toBe(true);
    expect(audit.find((e) => e.action === 'round.cancelled').data).toEqual({ roundId: id, reason: 'Storing stemzuil 2' });
    // A cancelled round's motions can be voted again in a new round.
    expect((await vote(0, id, 'for')).json().error).toBe('round_closed');
    const again = await openWith();
    expect((await vote(0, again, 'for')).statusCode).toBe(201);
    // Cancelling a draft works too.
    const draft = (await create({ motionIds: [s.motionIds[0]] })).json().id;
    expect((await act(draft, 'cancel')).json().state).toBe('cancelled');
  });

  it('refuses a withdrawn motion, an amendment with its proposal, secret with allowChange, unknown motions', async () => {
    const agenda = await t.admin({
      method: 'POST',
      url: `/api/meetings/${s.meetingId}/agenda`,
      payload: { items: [{ number: '8a', title: 'Klimaat', motions: [{ ref: '8a.P', kind: 'proposal', title: 'Voorstel', submitters: [] }, { ref: '8a.A1', kind: 'amendment', title: 'Amendement', submitters: ['GM0001'], amends: '8a.P' }] }] },
    });
    const [proposal, amendment] = agenda.json().items[0].motions;
    expect(amendment.amends).toBe('8a.P');
    const both = await create({ motionIds: [amendment.id, proposal.id] });
    expect(both.statusCode).toBe(400);
    expect(both.json().error).toBe('validation');
    expect(both.json().message).toContain('8a.A1');
    expect((await create({ motionIds: [amendment.id] })).statusCode).toBe(201);

    const secretChange = await create({ motionIds: s.motionIds, secret: true, allowChange: true });
    expect(secretChange.statusCode).toBe(400);
    expect(secretChange.json().error).toBe('validation');
    expect((await create({ motionIds: [] })).json().error).toBe('validation');
    expect((await create({ motionIds: [s.motionIds[0], s.motionIds[0]] })).json().error).toBe('validation');
    expect((await create({ motionIds: [4242] })).json().error).toBe('not_found');

    const draft = (await create({ motionIds: [s.motionIds[1]] })).json().id;
    const withdrawn = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[1]}/withdraw` });
    expect(withdrawn.json().status).toBe('withdrawn');
    expect((await create({ motionIds: [s.motionIds[1]] })).json().error).toBe('invalid_state');
    expect((await act(draft, 'open')).json().error).toBe('invalid_state');
  });

  it('will not withdraw a motion while it is in an open round', async () => {
    await openWith();
    const res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[0]}/withdraw` });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
  });

  it('is chair work: no token 401, a kiosk token 403', async () => {
    expect((await t.app.inject({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds } })).statusCode).toBe(401);
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds } })).statusCode).toBe(403);
  });
});

describe('GET /api/rounds/:id: what the public and the chair see', () => {
  beforeEach(async () => {
    t = await makeApp();
    s = await seedMeeting(t);
  });

  it('hides tallies from the public while a hidden round is open, shows them after close', async () => {
    const id = await openWith({ showLive: false });
    await vote(0, id, 'for');
    const pub = (await get(id)).json();
    expect(pub.tallies).toBeUndefined();
    expect(pub.voted).toEqual({ weight: 75, count: 1 });
    expect(JSON.stringify(pub)).not.toContain('"for"');
    expect((await get(id, true)).json().tallies[0].for.weight).toBe(75);
    await act(id, 'close');
    expect((await get(id)).json().tallies[0].for.weight).toBe(75);
  });

  it('gives the roll call to the chair while open and to everyone after close (GET /api/rounds/:id/roll-call); lists who has not voted', async () => {
    const id = await openWith();
    await vote(2, id, 'against');
    const pub = (await get(id)).json();
    expect(pub.rollCall).toBeUndefined();
    expect(pub.notVoted).toBeUndefined();
    const admin = (await get(id, true)).json();
    expect(admin.rollCall.map((r: { memberCode: string }) => r.memberCode)).toEqual(['GM0003']);
    expect(admin.notVoted.map((m: { code: string }) => m.code).sort()).toEqual(['GM0001', 'GM0002', 'GM0004']);
    await act(id, 'close');
    const entries = [{ memberCode: 'GM0003', name: s.members[2].name, weight: 20, choices: s.motionIds.map((motionId) => ({ motionId, choice: 'against' })) }];
    // The public view of a round carries no roll call, even closed: it is an answer of its own.
    expect((await get(id)).json().rollCall).toBeUndefined();
    expect((await get(id, true)).json().rollCall).toEqual(entries);
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${id}/roll-call` })).json()).toEqual({ roundId: id, entries });
  });

  it('freezes the present weight at close', async () => {
    const id = await openWith();
    await vote(0, id, 'for');
    await act(id, 'close');
    const before = (await get(id)).json().tallies[0].present;
    expect(before).toEqual({ weight: 150, count: 4 });
    await t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get('GM0001'), direction: 'out' } });
    expect((await get(id)).json().tallies[0].present).toEqual(before);
  });

  it('shows a closed round the same to everyone (the roll call to the admin only) and as a fresh server builds it from the database', async () => {
    const id = await openWith();
    await vote(0, id, 'for');
    await vote(1, id, 'against');
    const closed = (await act(id, 'close')).json();
    const pub = (await get(id)).json();
    const { rollCall, ...adminWithout } = (await get(id, true)).json();
    expect(rollCall).toHaveLength(2);
    expect(adminWithout).toEqual(pub);
    expect(closed).toEqual({ ...pub, rollCall });
    // A caller changing its copy changes nothing for the next one.
    const copy = t.app.domain.rounds.view(id, 'public');
    copy.state = 'open';
    copy.tallies = [];
    expect(t.app.domain.rounds.view(id, 'public')).toEqual(pub);
    // Built from the database by a second server on the same file: the same.
    const app = await buildApp({ dbPath: t.dbPath, adminToken: ADMIN_TOKEN, logLevel: 'silent' });
    try {
      expect((await app.inject({ method: 'GET', url: `/api/rounds/${id}` })).json()).toEqual(pub);
    } finally {
      await app.close();
    }
  });
});

describe('decision rules', () => {
  // Weights: members with populations giving exactly these weights.
  async function meetingWithWeights(weights: number[]) {
    t = await makeApp();
    s = await seedMeeting(t, { populations: weights.map((w) => w * 1000), motions: 1 });
  }
  const tally = async (id: number) => (await act(id, 'close')).json().tallies[0];

  it('simple majority: a tie is rejected and flagged', async () => {
    await meetingWithWeights([30, 30, 10]);
    const id = await openWith();
    await vote(0, id, 'for');
    await vote(1, id, 'against');
    await vote(2, id, 'abstain');
    const res = await tally(id);
    expect(res).toMatchObject({ for: { weight: 30, count: 1 }, against: { weight: 30, count: 1 }, abstain: { weight: 10, count: 1 }, cast: { weight: 70, count: 3 }, tie: true, outcome: 'rejected', quorumMet: true });
  });

  it('simple majority: one vote more is adopted; abstentions count in neither', async () => {
    await meetingWithWeights([31, 30, 50]);
    const id = await openWith();
    await vote(0, id, 'for');
    await vote(1, id, 'against');
    await vote(2, id, 'abstain');
    expect(await tally(id)).toMatchObject({ outcome: 'adopted', tie: false });
  });

  it('two thirds: exactly two thirds is adopted, just below is rejected', async () => {
    await meetingWithWeights([40, 20, 1]);
    let id = await openWith({ majority: 'two_thirds' });
    await vote(0, id, 'for');
    await vote(1, id, 'against');
    expect(await tally(id)).toMatchObject({ for: { weight: 40 }, against: { weight: 20 }, outcome: 'adopted' });
    id = await openWith({ majority: 'two_thirds' });
    await vote(0, id, 'for');
    await vote(1, id, 'against');
    await vote(2, id, 'against');
    expect(await tally(id)).toMatchObject({ for: { weight: 40 }, against: { weight: 21 }, outcome: 'rejected' });
  });

  it('two thirds: nothing for is never adopted, even with nothing against', async () => {
    await meetingWithWeights([10, 10]);
    const id = await openWith({ majority: 'two_thirds' });
    await vote(0, id, 'abstain');
    expect(await tally(id)).toMatchObject({ for: { weight: 0 }, against: { weight: 0 }, outcome: 'rejected', tie: false });
  });

  it('quorum: exactly met is enough, one vote short rejects even a unanimous vote', async () => {
    await meetingWithWeights([50, 30, 20]); // entitled 100
    const out = (i: number) => t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get(s.members[i].code), direction: 'out' } });
    await out(2); // present 80
    let id = await openWith({ quorumPercent: 80 });
    await vote(0, id, 'for');
    expect(await tally(id)).toMatchObject({ present: { weight: 80, count: 2 }, entitled: { weight: 100, count: 3 }, quorumMet: true, outcome: 'adopted' });
    id = await openWith({ quorumPercent: 81 });
    await vote(0, id, 'for');
    expect(await tally(id)).toMatchObject({ quorumMet: false, outcome: 'rejected' });
  });
});

describe('motion status across rounds', () => {
  beforeEach(async () => {
    t = await makeApp();
    s = await seedMeeting(t);
  });

  it('a cancelled re-vote puts a motion back to its earlier outcome, a fresh one to submitted', async () => {
    const first = await openWith();
    await vote(0, first, ['for', 'against']);
    await act(first, 'close');
    const again = await openWith();
    expect((await motion(s.motionIds[0])).status).toBe('in_vote');
    await act(again, 'cancel', { reason: 'test' });
    expect((await motion(s.motionIds[0])).status).toBe('adopted');
    expect((await motion(s.motionIds[1])).status).toBe('rejected');
  });

  it('a vote replaces a result recorded by hand', async () => {
    const manual = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[0]}/manual-result`, payload: { outcome: 'rejected' } });
    expect(manual.statusCode).toBe(200);
    expect((await motion(s.motionIds[0])).manualResult.outcome).toBe('rejected');
    const id = await openWith();
    await vote(0, id, 'for');
    await act(id, 'close');
    const m = await motion(s.motionIds[0]);
    expect(m.status).toBe('adopted');
    expect(m.manualResult).toBeNull();
  });
});
