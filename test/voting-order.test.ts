/**
 * The order of voting (shared/voting-order.ts and GET /api/meetings/:id/voting-order): an amendment
 * is voted before the proposal it amends; the chair is told so, and warned when a proposal is put
 * to the vote while an amendment of it is still undecided.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { AgendaItem, Motion } from '../shared/schemas.ts';
import { orderSentence, orderSteps, orderWarnings, practiceHeld, suggestNext, warningMessage } from '../shared/voting-order.ts';
import { makeApp, nonce, type TestApp } from './helpers/app.ts';

let nextId = 1;
function motion(ref: string, kind: Motion['kind'], extra: Partial<Motion> = {}): Motion {
  return { id: nextId++, ref, kind, title: ref, submitters: [], supporters: [], submittedOn: null, summary: null, text: null, boardAdvice: 'none', boardAdviceText: null, amends: null, status: 'submitted', ...extra };
}

const agenda: AgendaItem[] = [
  { id: 1, number: '1', title: 'Opening', motions: [motion('1.P', 'practice')] },
  { id: 2, number: '7', title: 'Kaders', motions: [motion('7.R', 'resolution'), motion('7.A1', 'amendment', { amends: '7.R', status: 'rejected' })] },
  {
    id: 3,
    number: '8a',
    title: 'Klimaat',
    motions: [motion('8a.P', 'proposal'), motion('8a.A1', 'amendment', { amends: '8a.P' }), motion('8a.A2', 'amendment', { amends: '8a.P', status: 'in_vote' }), motion('8a.A3', 'amendment', { amends: '8a.P', status: 'withdrawn' })],
  },
];
const byRef = (ref: string) => agenda.flatMap((i) => i.motions).find((m) => m.ref === ref)!;

describe('shared/voting-order', () => {
  it('says the order in words, Dutch and English', () => {
    expect(orderSentence(byRef('8a.P'), [byRef('8a.A1')], 'nl')).toBe('eerst amendement 8a.A1, dan voorstel 8a.P');
    expect(orderSentence(byRef('8a.P'), [byRef('8a.A1'), byRef('8a.A2')], 'nl')).toBe('eerst amendementen 8a.A1 en 8a.A2, dan voorstel 8a.P');
    expect(orderSentence(byRef('7.R'), [byRef('7.A1'), byRef('8a.A1'), byRef('8a.A2')], 'en')).toBe('first amendments 7.A1, 8a.A1 and 8a.A2, then resolution 7.R');
  });

  it('proposes a step for each undecided proposal with undecided amendments (not withdrawn or decided ones)', () => {
    expect(orderSteps(agenda).map((s) => [s.proposal.ref, s.amendments.map((a) => a.ref)])).toEqual([['8a.P', ['8a.A1', '8a.A2']]]);
  });

  it('warns when a proposal is chosen while an amendment of it is undecided, and when both are chosen', () => {
    const pending = orderWarnings(agenda, new Set([byRef('8a.P').id]));
    expect(pending.map((w) => warningMessage(w, 'nl'))).toEqual(['Over amendementen 8a.A1 en 8a.A2 op voorstel 8a.P is nog niet besloten: eerst amendementen 8a.A1 en 8a.A2, dan voorstel 8a.P.']);
    const together = orderWarnings(agenda, new Set([byRef('8a.P').id, byRef('8a.A1').id]));
    expect(together.map((w) => warningMessage(w, 'en'))).toEqual([
      'Amendment 8a.A1 and proposal 8a.P cannot be in one round: first amendment 8a.A1, then proposal 8a.P.',
      'Amendment 8a.A2 to proposal 8a.P is not decided yet: first amendment 8a.A2, then proposal 8a.P.',
    ]);
    expect(orderWarnings(agenda, new Set([byRef('7.R').id]))).toEqual([]);
  });

  it('suggests the practice vote first, and once it was held the next real motion', () => {
    const rounds = [{ id: 1, state: 'closed', motionIds: [byRef('1.P').id], practice: true }];
    expect(suggestNext(agenda, new Set())?.ref).toBe('1.P');
    expect(suggestNext(agenda, new Set(), practiceHeld(rounds))?.ref).toBe('7.R');
    expect(practiceHeld([{ state: 'cancelled', motionIds: [1], practice: true }, { state: 'closed', motionIds: [2], practice: false }])).toEqual(new Set());
  });
});

describe('GET /api/meetings/:id/voting-order', () => {
  let t: TestApp | null = null;
  afterEach(async () => {
    await t?.close();
    t = null;
  });

  it('gives the order, the next motion, the steps and the warnings for chosen motions, in the asked language', async () => {
    t = await makeApp();
    await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'GM0001', name: 'A', population: 10_000 }] });
    const meetingId = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2023-12-01', requireCheckIn: false } })).json().id;
    const items = (
      await t.admin({
        method: 'POST',
        url: `/api/meetings/${meetingId}/agenda`,
        payload: {
          items: [
            { number: '1', title: 'Opening', motions: [{ ref: '1.P', kind: 'practice', title: 'Proef' }] },
            { number: '8a', title: 'Klimaat', motions: [{ ref: '8a.P', kind: 'proposal', title: 'Voorstel' }, { ref: '8a.A1', kind: 'amendment', amends: '8a.P', title: 'Amendement' }] },
          ],
        },
      })
    ).json().items;
    const [practice, proposal, amendment] = [items[0].motions[0].id, items[1].motions[0].id, items[1].motions[1].id];
    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/voting-order?motionIds=${proposal}` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      order: [practice, amendment, proposal],
      next: practice,
      steps: [{ proposalId: proposal, proposalRef: '8a.P', amendmentIds: [amendment], amendmentRefs: ['8a.A1'], text: 'eerst amendement 8a.A1, dan voorstel 8a.P' }],
      warnings: [
        {
          kind: 'amendment-pending',
          proposalId: proposal,
          proposalRef: '8a.P',
          amendmentIds: [amendment],
          amendmentRefs: ['8a.A1'],
          message: 'Over amendement 8a.A1 op voorstel 8a.P is nog niet besloten: eerst amendement 8a.A1, dan voorstel 8a.P.',
        },
      ],
    });

    // The practice vote is held: next is the amendment; once that is decided, no step and no warning is left.
    const card = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/cards`, payload: {} })).json().cards[0].code;
    const kiosk = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/kiosks`, payload: { name: 'v', mode: 'voting' } })).json().token;
    for (const motionId of [practice, amendment]) {
      const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/rounds`, payload: { motionIds: [motionId] } })).json().id;
      await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
      expect((await t.kiosk(kiosk, { method: 'POST', url: '/api/ballots', payload: { code: card, roundId, nonce: nonce(), choices: [{ motionId, choice: 'for' }] } })).statusCode).toBe(201);
      await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
      if (motionId === practice) expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/voting-order` })).json().next).toBe(amendment);
    }
    const after = (await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/voting-order?motionIds=${proposal}`, headers: { 'accept-language': 'en' } })).json();
    expect(after).toMatchObject({ next: proposal, steps: [], warnings: [] });
  });

  it('refuses a bad motionIds list with 400 validation, an unknown meeting with 404', async () => {
    t = await makeApp();
    const meetingId = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2023-12-01' } })).json().id;
    for (const q of ['motionIds=', 'motionIds=1,,2', 'motionIds=a', 'motionIds=-1']) {
      const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${meetingId}/voting-order?${q}` });
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error).toBe('validation');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/99/voting-order' })).json().error).toBe('not_found');
  });
});
