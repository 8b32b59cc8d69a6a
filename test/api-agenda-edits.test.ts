/**
 * The chair's edits of the agenda (docs/api.md, "Motions, agenda and the projector"): motion text,
 * PATCH and DELETE of motions and agenda items while nothing of them was voted on, audited.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

/** A fresh app with the seeded meeting (two motions 7.1 and 7.2) and item 8 with a proposal and its amendment. */
async function setup(): Promise<{ t: TestApp; s: SeededMeeting; itemId: number; proposalId: number; amendmentId: number }> {
  t = await makeApp();
  const s = await seedMeeting(t, { motions: 2 });
  const res = await t.admin({
    method: 'POST',
    url: `/api/meetings/${s.meetingId}/agenda`,
    payload: {
      items: [
        {
          number: '8',
          title: 'Begroting',
          motions: [
            { ref: '8.P', kind: 'proposal', title: 'Begroting 2024', text: 'De ALV besluit:\n\nde begroting 2024 vast te stellen.' },
            { ref: '8.A1', kind: 'amendment', title: 'Lagere contributie', amends: '8.P', submitters: ['GM0002'] },
          ],
        },
      ],
    },
  });
  expect(res.statusCode).toBe(201);
  const item = res.json().items[0];
  return { t, s, itemId: item.id, proposalId: item.motions[0].id, amendmentId: item.motions[1].id };
}

async function detail(app: TestApp, meetingId: number) {
  return (await app.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}` })).json() as {
    agenda: { id: number; number: string; title: string; motions: { id: number; ref: string; kind: string; title: string; text: string | null; amends: string | null; summary: string | null }[] }[];
    rounds: { id: number; state: string; motionIds: number[] }[];
  };
}

async function auditActions(app: TestApp, meetingId: number): Promise<{ action: string; actor: string; data: Record<string, unknown> }[]> {
  const res = await app.admin({ method: 'GET', url: `/api/meetings/${meetingId}/audit` });
  return res.body
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

async function openAndVote(app: TestApp, s: SeededMeeting, motionIds: number[]): Promise<number> {
  const round = (await app.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds } })).json();
  expect((await app.admin({ method: 'POST', url: `/api/rounds/${round.id}/open` })).statusCode).toBe(200);
  const code = s.codes.get('GM0001')!;
  const ballot = await app.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId: round.id, nonce: nonce(), choices: motionIds.map((motionId) => ({ motionId, choice: 'for' })) } });
  expect(ballot.statusCode).toBe(201);
  return round.id;
}

describe('motion text', () => {
  it('is stored with the agenda and returned with every motion, null when not given', async () => {
    const { t, s, proposalId } = await setup();
    const motions = (await detail(t, s.meetingId)).agenda.flatMap((i) => i.motions);
    expect(motions.find((m) => m.id === proposalId)!.text).toBe('De ALV besluit:\n\nde begroting 2024 vast te stellen.');
    expect(motions.find((m) => m.ref === '7.1')!.text).toBeNull();
  });
});

describe('PATCH /api/motions/:id', () => {
  it('changes the given fields of a motion never voted on, leaves the others, and audits what changed', async () => {
    const { t, s } = await setup();
    const motionId = s.motionIds[0];
    const res = await t.admin({ method: 'PATCH', url: `/api/motions/${motionId}`, payload: { title: 'Goed beleid is integraal beleid', text: 'Verzoekt het bestuur:\n\nte pleiten voor één toets.', boardAdvice: 'adopt', supporters: ['GM0003'] } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: motionId, ref: '7.1', kind: 'motion', title: 'Goed beleid is integraal beleid', text: 'Verzoekt het bestuur:\n\nte pleiten voor één toets.', boardAdvice: 'adopt', supporters: ['GM0003'], submitters: ['GM0001'], status: 'submitted' });
    const motion = (await detail(t, s.meetingId)).agenda[0].motions[0];
    expect(motion.title).toBe('Goed beleid is integraal beleid');
    const entry = (await auditActions(t, s.meetingId)).find((e) => e.action === 'motion.updated')!;
    expect(entry.actor).toBe('admin');
    expect(entry.data).toEqual({ motionId, ref: '7.1', changes: { title: 'Goed beleid is integraal beleid', text: 'Verzoekt het bestuur:\n\nte pleiten voor één toets.', boardAdvice: 'adopt', supporters: ['GM0003'] } });
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify` })).json().ok).toBe(true);
  });

  it('clears an optional text with null and lets an amendment amend another proposal', async () => {
    const { t, s, proposalId, amendmentId } = await setup();
    expect((await t.admin({ method: 'PATCH', url: `/api/motions/${proposalId}`, payload: { text: null } })).json().text).toBeNull();
    // 7.1 becomes a proposal; the amendment moves to it.
    expect((await t.admin({ method: 'PATCH', url: `/api/motions/${s.motionIds[0]}`, payload: { kind: 'proposal' } })).statusCode).toBe(200);
    const moved = await t.admin({ method: 'PATCH', url: `/api/motions/${amendmentId}`, payload: { amends: '7.1' } });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().amends).toBe('7.1');
    // An amendment made a motion leaves its proposal.
    const motion = await t.admin({ method: 'PATCH', url: `/api/motions/${amendmentId}`, payload: { kind: 'motion' } });
    expect(motion.json()).toMatchObject({ kind: 'motion', amends: null });
  });

  it('refuses bad fields with 400 validation naming the field, and changes nothing', async () => {
    const { t, s, proposalId, amendmentId } = await setup();
    const cases: [number, unknown, RegExp][] = [
      [s.motionIds[0], { status: 'adopted' }, /status/],
      [s.motionIds[0], { kind: 'besluit' }, /kind/],
      [s.motionIds[0], { title: '' }, /title/],
      [s.motionIds[0], { ref: '7.2' }, /7\.2/],
      [s.motionIds[0], { kind: 'amendment' }, /amends/],
      [s.motionIds[0], { amends: '8.P' }, /amends/],
      [amendmentId, { amends: '7.2' }, /amends/],
      [amendmentId, { amends: '8.A1' }, /amends/],
      [proposalId, { kind: 'motion' }, /8\.A1/],
    ];
    const before = await detail(t, s.meetingId);
    for (const [id, payload, field] of cases) {
      const res = await t.admin({ method: 'PATCH', url: `/api/motions/${id}`, payload: payload as Record<string, unknown> });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().error).toBe('validation');
      expect(res.json().message).toMatch(field);
    }
    expect(await detail(t, s.meetingId)).toEqual(before);
  });

  it('answers 409 invalid_state once the motion was in an open round (also a cancelled one) or decided by hand', async () => {
    const { t, s, proposalId } = await setup();
    const roundId = await openAndVote(t, s, [s.motionIds[0]]);
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel` });
    const res = await t.admin({ method: 'PATCH', url: `/api/motions/${s.motionIds[0]}`, payload: { title: 'Anders' } });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'invalid_state', message: expect.stringContaining(`stemronde ${roundId}`) });
    const en = await t.admin({ method: 'DELETE', url: `/api/motions/${s.motionIds[0]}`, headers: { 'accept-language': 'en' } });
    expect(en.statusCode).toBe(409);
    expect(en.json().message).toMatch(/was put to the vote .* can no longer be deleted/);

    await t.admin({ method: 'POST', url: `/api/motions/${proposalId}/manual-result`, payload: { outcome: 'adopted' } });
    expect((await t.admin({ method: 'PATCH', url: `/api/motions/${proposalId}`, payload: { title: 'Anders' } })).statusCode).toBe(409);
  });

  it('keeps a draft round one that can be held: no practice motion among others, no amendment with its proposal', async () => {
    const { t, s, amendmentId } = await setup();
    const draft = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0], s.motionIds[1]] } })).json();
    const practice = await t.admin({ method: 'PATCH', url: `/api/motions/${s.motionIds[0]}`, payload: { kind: 'practice' } });
    expect(practice.statusCode).toBe(400);
    expect(practice.json().message).toMatch(new RegExp(`stemronde ${draft.id}.*proefstemming`));
    expect((await detail(t, s.meetingId)).agenda[0].motions[0].kind).toBe('motion');

    const other = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[1], amendmentId] } })).json();
    expect((await t.admin({ method: 'PATCH', url: `/api/motions/${s.motionIds[1]}`, payload: { kind: 'proposal' } })).statusCode).toBe(200);
    const together = await t.admin({ method: 'PATCH', url: `/api/motions/${amendmentId}`, payload: { amends: '7.2' } });
    expect(together.statusCode).toBe(400);
    expect(together.json().message).toMatch(new RegExp(`stemronde ${other.id}: amendement 8\\.A1 en het voorstel 7\\.2`));
    expect((await detail(t, s.meetingId)).agenda[1].motions[1].amends).toBe('8.P');
  });

  it('needs the admin: 401 without credentials, 403 with a kiosk token; 404 for an unknown motion', async () => {
    const { t, s } = await setup();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/motions/${s.motionIds[0]}`, payload: { title: 'x' } })).statusCode).toBe(401);
    expect((await t.kiosk(s.votingToken, { method: 'PATCH', url: `/api/motions/${s.motionIds[0]}`, payload: { title: 'x' } })).statusCode).toBe(403);
    expect((await t.admin({ method: 'PATCH', url: '/api/motions/9999', payload: { title: 'x' } })).json().error).toBe('not_found');
    expect((await t.admin({ method: 'DELETE', url: '/api/motions/9999' })).json().error).toBe('not_found');
  });
});

describe('DELETE /api/motions/:id', () => {
  it('removes a motion never voted on, takes it out of draft rounds and cancels a draft left empty, audited', async () => {
    const { t, s } = await setup();
    const both = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0], s.motionIds[1]] } })).json();
    const alone = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0]] } })).json();
    const res = await t.admin({ method: 'DELETE', url: `/api/motions/${s.motionIds[0]}` });
    expect(res.statusCode).toBe(204);
    const after = await detail(t, s.meetingId);
    expect(after.agenda[0].motions.map((m) => m.ref)).toEqual(['7.2']);
    expect(after.rounds).toEqual([
      { id: both.id, number: 1, state: 'draft', motionIds: [s.motionIds[1]], practice: false },
      { id: alone.id, number: 2, state: 'cancelled', motionIds: [], practice: false },
    ]);
    // The draft that is left opens and runs as usual.
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${both.id}/open` })).statusCode).toBe(200);
    const actions = await auditActions(t, s.meetingId);
    expect(actions.find((e) => e.action === 'motion.deleted')!.data).toEqual({ motionId: s.motionIds[0], ref: '7.1', title: 'Motie 1' });
    expect(actions.find((e) => e.action === 'round.cancelled')!.data).toEqual({ roundId: alone.id, reason: 'motie verwijderd' });
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify` })).json().ok).toBe(true);
    expect((await t.admin({ method: 'DELETE', url: `/api/motions/${s.motionIds[0]}` })).statusCode).toBe(404);
  });

  it('refuses a proposal that an amendment still amends, and a motion voted on, with 409 invalid_state', async () => {
    const { t, s, proposalId, amendmentId } = await setup();
    const res = await t.admin({ method: 'DELETE', url: `/api/motions/${proposalId}` });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('8.A1');
    expect((await t.admin({ method: 'DELETE', url: `/api/motions/${amendmentId}` })).statusCode).toBe(204);
    expect((await t.admin({ method: 'DELETE', url: `/api/motions/${proposalId}` })).statusCode).toBe(204);

    const roundId = await openAndVote(t, s, [s.motionIds[1]]);
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    expect((await t.admin({ method: 'DELETE', url: `/api/motions/${s.motionIds[1]}` })).statusCode).toBe(409);
    expect((await detail(t, s.meetingId)).agenda[0].motions.map((m) => m.ref)).toEqual(['7.1', '7.2']);
  });
});

describe('PATCH and DELETE /api/agenda-items/:id', () => {
  it('renumbers and retitles an item, audited, and refuses unknown fields', async () => {
    const { t, s, itemId } = await setup();
    const res = await t.admin({ method: 'PATCH', url: `/api/agenda-items/${itemId}`, payload: { number: '8a', title: 'Begroting 2024' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: itemId, number: '8a', title: 'Begroting 2024', motions: [{ ref: '8.P' }, { ref: '8.A1' }] });
    expect((await auditActions(t, s.meetingId)).find((e) => e.action === 'agenda.item_updated')!.data).toEqual({ itemId, number: '8a', title: 'Begroting 2024', was: { number: '8', title: 'Begroting' } });
    expect((await t.admin({ method: 'PATCH', url: `/api/agenda-items/${itemId}`, payload: { motions: [] } })).json().error).toBe('validation');
    expect((await t.admin({ method: 'PATCH', url: '/api/agenda-items/999', payload: { title: 'x' } })).json().error).toBe('not_found');
  });

  it('removes an item with its proposal and amendment; refuses an item of which a motion was voted on', async () => {
    const { t, s, itemId } = await setup();
    expect((await t.admin({ method: 'DELETE', url: `/api/agenda-items/${itemId}` })).statusCode).toBe(204);
    const after = await detail(t, s.meetingId);
    expect(after.agenda.map((i) => i.number)).toEqual(['7']);
    expect((await auditActions(t, s.meetingId)).find((e) => e.action === 'agenda.item_deleted')!.data).toEqual({ itemId, number: '8', title: 'Begroting', refs: ['8.P', '8.A1'] });

    await openAndVote(t, s, [s.motionIds[0]]);
    const itemOf7 = after.agenda[0].id;
    for (const request of [
      { method: 'PATCH' as const, url: `/api/agenda-items/${itemOf7}`, payload: { title: 'Anders' } },
      { method: 'DELETE' as const, url: `/api/agenda-items/${itemOf7}` },
    ]) {
      const res = await t.admin(request);
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toBe('invalid_state');
    }
    expect((await detail(t, s.meetingId)).agenda.map((i) => i.title)).toEqual(['Moties']);
  });
});
