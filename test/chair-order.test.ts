import { describe, expect, it } from 'vitest';
import { displayOrder, orderWarnings, projectedOutcome, sortForVote, suggestNext, voteOrder } from '../chair-console/src/order.ts';
import type { AgendaItem, Motion, Tally } from '../shared/schemas.ts';

let nextId = 1;
function motion(ref: string, kind: Motion['kind'], extra: Partial<Motion> = {}): Motion {
  return {
    id: nextId++,
    ref,
    kind,
    title: ref,
    submitters: [],
    supporters: [],
    submittedOn: null,
    summary: null,
    text: null,
    boardAdvice: 'none',
    boardAdviceText: null,
    amends: null,
    status: 'submitted',
    ...extra,
  };
}

const agenda: AgendaItem[] = [
  { id: 1, number: '7', title: 'Kaders', motions: [motion('7.R', 'resolution'), motion('7.1', 'motion')] },
  {
    id: 2,
    number: '8a',
    title: 'Klimaat',
    motions: [motion('8a.P', 'proposal'), motion('8a.A1', 'amendment', { amends: '8a.P' }), motion('8a.1', 'motion'), motion('8a.A2', 'amendment', { amends: '8a.P' })],
  },
];
const id = (ref: string) => agenda.flatMap((i) => i.motions).find((m) => m.ref === ref)!.id;

describe('chair console: agenda and voting order', () => {
  it('shows amendments directly under the proposal they amend', () => {
    expect(displayOrder(agenda).map((p) => `${p.motion.ref}${p.parent ? `<${p.parent.ref}` : ''}`)).toEqual(['7.R', '7.1', '8a.P', '8a.A1<8a.P', '8a.A2<8a.P', '8a.1']);
  });

  it('puts amendments before the proposal they amend in the usual voting order', () => {
    expect(voteOrder(agenda).map((m) => m.ref)).toEqual(['7.R', '7.1', '8a.A1', '8a.A2', '8a.P', '8a.1']);
    expect(sortForVote(agenda, [id('8a.1'), id('8a.A2'), id('7.1')])).toEqual([id('7.1'), id('8a.A2'), id('8a.1')]);
  });

  it('suggests the next motion not decided and not in a draft or open round', () => {
    expect(suggestNext(agenda, new Set())?.ref).toBe('7.R');
    expect(suggestNext(agenda, new Set([id('7.R'), id('7.1')]))?.ref).toBe('8a.A1');
  });

  it('warns about a proposal chosen before its amendments, and about both in one round', () => {
    const before = orderWarnings(agenda, new Set([id('8a.P')]));
    expect(before).toMatchObject([{ kind: 'amendment-pending', proposal: { ref: '8a.P' } }]);
    expect(before[0].amendments.map((a) => a.ref)).toEqual(['8a.A1', '8a.A2']);
    const together = orderWarnings(agenda, new Set([id('8a.P'), id('8a.A1')]));
    expect(together.map((w) => w.kind)).toEqual(['amendment-with-proposal', 'amendment-pending']);
    expect(orderWarnings(agenda, new Set([id('8a.A1')]))).toEqual([]);
  });
});

describe('chair console: projected outcome of an open round', () => {
  const wc = (weight: number) => ({ weight, count: 1 });
  const tally = (f: number, a: number, quorumMet = true): Tally => ({
    motionId: 1,
    ref: '7.1',
    for: wc(f),
    against: wc(a),
    abstain: wc(0),
    cast: wc(f + a),
    present: wc(100),
    entitled: wc(100),
    outcome: null,
    tie: f === a,
    quorumMet,
  });

  it('follows the decision rules: a tie is a rejection, two thirds counts for and against only', () => {
    expect(projectedOutcome(tally(51, 50), { majority: 'simple' })).toBe('adopted');
    expect(projectedOutcome(tally(50, 50), { majority: 'simple' })).toBe('rejected');
    expect(projectedOutcome(tally(51, 50, false), { majority: 'simple' })).toBe('rejected');
    expect(projectedOutcome(tally(20, 10), { majority: 'two_thirds' })).toBe('adopted');
    expect(projectedOutcome(tally(19, 10), { majority: 'two_thirds' })).toBe('rejected');
    expect(projectedOutcome(tally(0, 0), { majority: 'two_thirds' })).toBe('rejected');
  });
});
