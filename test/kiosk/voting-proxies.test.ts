/**
 * The kiosk's voting machine with a card whose member holds proxies (docs/api.md, "Proxy votes"):
 * one ballot per member, one after the other, "zelfde keuze voor allen", one receipt per member.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dammDigit } from '../../shared/card-code.ts';
import { ApiFailure } from '../../client-kit/api.ts';
import type { BallotInput, KioskScan } from '../../kiosk-client/src/api.ts';
import type { VotingView } from '../../kiosk-client/src/ballot-model.ts';
import { VotingMachine } from '../../kiosk-client/src/voting.ts';

const CARD = `${'1'.repeat(24)}${dammDigit('1'.repeat(24))}`;
const HOLDER = { code: 'GM0001', name: 'Aa', weight: 75 };
const P2 = { code: 'GM0002', name: 'Bee', weight: 20 };
const P3 = { code: 'GM0003', name: 'Cee', weight: 5 };

function scan(overrides: Partial<KioskScan> = {}): KioskScan {
  return {
    member: HOLDER,
    round: { id: 7, allowChange: false, secret: false, practice: false, allowSplit: false, motions: [{ id: 1, ref: '7.1', title: 'Goed beleid', kind: 'motion', boardAdvice: 'adopt' }] },
    ballot: null,
    proxies: [
      { member: P2, ballot: null },
      { member: P3, ballot: null },
    ],
    suspendedProxies: [],
    ...overrides,
  };
}

function harness(result: KioskScan, refuse: (input: BallotInput) => ApiFailure | null = () => null) {
  const sent: BallotInput[] = [];
  let n = 0;
  const machine = new VotingMachine(
    {
      scan: vi.fn(async () => result),
      castBallot: vi.fn(async (input: BallotInput) => {
        sent.push(input);
        const refusal = refuse(input);
        if (refusal) throw refusal;
        return { receipt: `R-${sent.length}`, castAt: '2026-05-01T10:00:00.000Z' };
      }),
      newNonce: () => `nonce-${++n}-abcdefgh`,
    },
    { retryDelaysMs: [100] },
  );
  return { machine, sent };
}
const view = <K extends VotingView['kind']>(m: VotingMachine, kind: K) => {
  expect(m.view.kind).toBe(kind);
  return m.view as Extract<VotingView, { kind: K }>;
};

describe('kiosk voting with proxies', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('a card without proxies has no proxy context and sends no onBehalfOf', async () => {
    const { machine, sent } = harness(scan({ proxies: undefined, suspendedProxies: undefined }));
    machine.scanned(CARD);
    await vi.waitFor(() => expect(machine.view.kind).toBe('choosing'));
    expect(view(machine, 'choosing').proxy).toBeUndefined();
    machine.choose(1, 'for');
    machine.review();
    machine.confirm();
    await vi.waitFor(() => expect(machine.view.kind).toBe('receipt'));
    expect(view(machine, 'receipt').proxy).toBeUndefined();
    expect(sent[0]).not.toHaveProperty('onBehalfOf');
  });

  it('one ballot per member, one after the other, each with its own nonce; the receipt lists them all', async () => {
    const { machine, sent } = harness(scan({ suspendedProxies: [{ code: 'GM0004', name: 'Dee', weight: 3 }] }));
    machine.scanned(CARD);
    await vi.waitFor(() => expect(machine.view.kind).toBe('choosing'));
    const first = view(machine, 'choosing');
    expect(first.member).toEqual(HOLDER);
    expect(first.proxy).toMatchObject({ byProxy: false, next: [P2, P3], suspended: [{ code: 'GM0004' }] });
    for (const [member, choice] of [
      [HOLDER, 'for'],
      [P2, 'against'],
      [P3, 'abstain'],
    ] as const) {
      await vi.waitFor(() => expect(machine.view.kind).toBe('choosing'));
      expect(view(machine, 'choosing').member).toEqual(member);
      machine.choose(1, choice);
      machine.review();
      machine.confirm();
    }
    await vi.waitFor(() => expect(machine.view.kind).toBe('receipt'));
    expect(sent.map((b) => [b.onBehalfOf, b.choices[0]])).toEqual([
      [undefined, { motionId: 1, choice: 'for' }],
      ['GM0002', { motionId: 1, choice: 'against' }],
      ['GM0003', { motionId: 1, choice: 'abstain' }],
    ]);
    expect(new Set(sent.map((b) => b.nonce)).size).toBe(3);
    expect(view(machine, 'receipt').proxy!.receipts.map((r) => [r.member.code, r.byProxy, r.receipt])).toEqual([
      ['GM0001', false, 'R-1'],
      ['GM0002', true, 'R-2'],
      ['GM0003', true, 'R-3'],
    ]);
  });

  it('"zelfde keuze voor allen" casts the same choices for every ballot; a refused one is listed, the others stand', async () => {
    const { machine, sent } = harness(scan(), (b) => (b.onBehalfOf === 'GM0002' ? new ApiFailure('proxy_inactive', 409, null) : null));
    machine.scanned(CARD);
    await vi.waitFor(() => expect(machine.view.kind).toBe('choosing'));
    machine.choose(1, 'for');
    machine.review();
    machine.confirmAll();
    await vi.waitFor(() => expect(machine.view.kind).toBe('receipt'));
    expect(sent.map((b) => b.onBehalfOf ?? 'own')).toEqual(['own', 'GM0002', 'GM0003']);
    expect(sent.every((b) => b.choices[0].motionId === 1 && 'choice' in b.choices[0] && b.choices[0].choice === 'for')).toBe(true);
    expect(view(machine, 'receipt').proxy!.receipts.map((r) => [r.member.code, r.receipt, r.reason])).toEqual([
      ['GM0001', 'R-1', null],
      ['GM0002', null, 'proxy_inactive'],
      ['GM0003', 'R-3', null],
    ]);
  });

  it('skips a ballot already cast in a round without changes', async () => {
    const { machine, sent } = harness(scan({ ballot: { choices: [{ motionId: 1, choice: 'for' }], receipt: 'X', castAt: '2026-05-01T09:00:00.000Z' }, proxies: [{ member: P2, ballot: null }] }));
    machine.scanned(CARD);
    await vi.waitFor(() => expect(machine.view.kind).toBe('choosing'));
    expect(view(machine, 'choosing').member).toEqual(P2);
    expect(view(machine, 'choosing').proxy).toMatchObject({ byProxy: true, next: [] });
    machine.choose(1, 'against');
    machine.review();
    expect(view(machine, 'confirm').proxy!.next).toEqual([]);
    machine.confirm();
    await vi.waitFor(() => expect(machine.view.kind).toBe('receipt'));
    expect(sent.map((b) => b.onBehalfOf)).toEqual(['GM0002']);
  });
});
