import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { dammDigit } from '../../shared/card-code.ts';
import { ApiFailure } from '../../client-kit/api.ts';
import type { BallotInput, KioskScan } from '../../kiosk-client/src/api.ts';
import type { VotingDeps, VotingView } from '../../kiosk-client/src/ballot-model.ts';
import { VotingMachine } from '../../kiosk-client/src/voting.ts';

const codeOf = (digits: string): string => `${digits}${dammDigit(digits)}`;
const CARD = codeOf('111111111111111111111111');
const OTHER_CARD = codeOf('222222222222222222222222');

function scanResult(roundId = 7, overrides: Partial<KioskScan> = {}): KioskScan {
  return {
    member: { code: 'GM0363', name: 'Amsterdam', weight: 75 },
    round: {
      id: roundId,
      allowChange: false,
      secret: false,
      practice: false,
      allowSplit: false,
      motions: [
        { id: 1, ref: '7.1', title: 'Goed beleid', kind: 'motion', boardAdvice: 'adopt' },
        { id: 2, ref: '7.2', title: 'Herstel', kind: 'motion', boardAdvice: 'none' },
      ],
    },
    ballot: null,
    ...overrides,
  };
}

const failure = (reason: ConstructorParameters<typeof ApiFailure>[0], status: number | null) => new ApiFailure(reason, status, null);

interface Harness {
  machine: VotingMachine;
  deps: VotingDeps & { scan: ReturnType<typeof vi.fn>; castBallot: ReturnType<typeof vi.fn> };
  sent: BallotInput[];
}

function harness(): Harness {
  const sent: BallotInput[] = [];
  let n = 0;
  const deps = {
    scan: vi.fn(async (_code: string) => scanResult()),
    castBallot: vi.fn(async (input: BallotInput) => {
      sent.push(input);
      return { receipt: 'R-0001', castAt: '2023-12-01T10:00:00.000Z' };
    }),
    newNonce: () => `nonce-${++n}-abcdefgh`,
  };
  const machine = new VotingMachine(deps, { inactivityMs: 60_000, warningMs: 30_000, receiptMs: 180_000, secretReceiptMs: 10_000, errorMs: 10_000, noticeMs: 10_000, retryDelaysMs: [100, 200, 400] });
  return { machine, deps, sent };
}

const kind = (m: VotingMachine): VotingView['kind'] => m.view.kind;

async function toConfirm(h: Harness): Promise<void> {
  h.machine.scanned(CARD);
  await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
  h.machine.choose(1, 'for');
  h.machine.choose(2, 'against');
  h.machine.review();
  expect(kind(h.machine)).toBe('confirm');
}

describe('kiosk voting state machine', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('goes scan → choosing → confirm → sending → receipt → idle and sends one choice per motion', async () => {
    const h = harness();
    expect(h.machine.view).toEqual({ kind: 'idle', notice: null });
    h.machine.scanned(` ${CARD} `);
    expect(kind(h.machine)).toBe('looking-up');
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    expect(h.deps.scan).toHaveBeenCalledWith(CARD);
    const view = h.machine.view as Extract<VotingView, { kind: 'choosing' }>;
    expect(view.member).toEqual({ code: 'GM0363', name: 'Amsterdam', weight: 75 });
    expect(view.choices).toEqual({});
    await toConfirmFromChoosing(h);
    h.machine.confirm();
    expect(kind(h.machine)).toBe('sending');
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
    expect(h.sent).toEqual([
      { code: CARD, roundId: 7, nonce: 'nonce-1-abcdefgh', choices: [{ motionId: 1, choice: 'for' }, { motionId: 2, choice: 'against' }] },
    ]);
    expect(h.machine.view).toMatchObject({ kind: 'receipt', receipt: 'R-0001', replaced: false });
    expect(h.machine.holdsCard).toBe(false);
    // The receipt stays long enough to note (it vanished after 8 s: issue 17, point 4) ...
    vi.advanceTimersByTime(120_000);
    expect(kind(h.machine)).toBe('receipt');
    // ... and goes after a long time, or at once with "Klaar".
    vi.advanceTimersByTime(60_000);
    expect(h.machine.view).toEqual({ kind: 'idle', notice: null });
  });

  it('in a secret round the receipt goes back to idle 10 s after it appeared (issue 23.1; api.md "Closing a secret round")', async () => {
    const h = harness();
    h.deps.scan.mockImplementation(async () => scanResult(7, { round: { ...scanResult().round, secret: true } }));
    await toConfirm(h);
    h.machine.confirm();
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
    vi.advanceTimersByTime(9_900);
    expect(kind(h.machine)).toBe('receipt');
    vi.advanceTimersByTime(100);
    expect(h.machine.view).toEqual({ kind: 'idle', notice: null });
  });

  it('keeps the receipt until "Klaar" and lets the next card in over it', async () => {
    const h = harness();
    await toConfirm(h);
    h.machine.confirm();
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
    h.machine.dismiss();
    expect(h.machine.view).toEqual({ kind: 'idle', notice: null });
    await toConfirm(h);
    h.machine.confirm();
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
    expect(h.machine.scanned(OTHER_CARD)).toBe(true);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
  });

  it('does not go on to the summary while a motion has no choice, and says which', async () => {
    const h = harness();
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.choose(1, 'abstain');
    h.machine.review();
    expect(h.machine.view).toMatchObject({ kind: 'choosing', missing: [2] });
    h.machine.choose(2, 'for');
    expect(h.machine.view).toMatchObject({ kind: 'choosing', missing: [] });
    h.machine.confirm(); // not in confirm yet: ignored
    expect(h.deps.castBallot).not.toHaveBeenCalled();
  });

  it('shows a misread as an unknown card without asking the server', () => {
    const h = harness();
    h.machine.scanned(CARD.slice(0, 24) + ((Number(CARD[24]) + 1) % 10));
    expect(h.machine.view).toMatchObject({ kind: 'error', reason: 'unknown_card' });
    expect(h.deps.scan).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(kind(h.machine)).toBe('idle');
  });

  it.each([
    ['unknown_card', 404],
    ['revoked_card', 403],
    ['wrong_meeting', 403],
    ['not_checked_in', 403],
    ['no_open_round', 409],
    ['already_voted', 409],
  ] as const)('shows the %s error of a scan and forgets the card', async (reason, status) => {
    const h = harness();
    h.deps.scan.mockRejectedValueOnce(failure(reason, status));
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'error', reason, uncertain: false }));
    expect(h.machine.holdsCard).toBe(false);
  });

  it('resends a ballot without an answer with the same nonce until the server answers', async () => {
    const h = harness();
    await toConfirm(h);
    h.deps.castBallot
      .mockImplementationOnce(async (input: BallotInput) => {
        h.sent.push(input);
        throw failure('network', null);
      })
      .mockImplementationOnce(async (input: BallotInput) => {
        h.sent.push(input);
        throw failure('storage_unavailable', 503);
      });
    h.machine.confirm();
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'sending', retrying: true }));
    expect(h.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    expect(h.sent).toHaveLength(2);
    expect(kind(h.machine)).toBe('sending');
    await vi.advanceTimersByTimeAsync(200);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
    expect(h.sent).toHaveLength(3);
    expect(new Set(h.sent.map((b) => b.nonce))).toEqual(new Set(['nonce-1-abcdefgh']));
  });

  it('never leaves sending without an answer: no timeout, no cancel, no other card', async () => {
    const h = harness();
    await toConfirm(h);
    h.deps.castBallot.mockRejectedValue(failure('network', null));
    h.machine.confirm();
    await vi.advanceTimersByTimeAsync(120_000);
    h.machine.cancel();
    expect(h.machine.scanned(OTHER_CARD)).toBe(false);
    h.machine.roundChanged({ id: 7, state: 'closed' });
    expect(h.machine.view).toMatchObject({ kind: 'sending', retrying: true });
    expect(h.deps.castBallot.mock.calls.length).toBeGreaterThan(100);
    expect(new Set(h.deps.castBallot.mock.calls.map(([b]) => (b as BallotInput).nonce)).size).toBe(1);
  });

  it('stops resending on a refusal and shows it (already_voted)', async () => {
    const h = harness();
    await toConfirm(h);
    h.deps.castBallot.mockRejectedValueOnce(failure('already_voted', 409));
    h.machine.confirm();
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'error', reason: 'already_voted', uncertain: false }));
    expect(h.deps.castBallot).toHaveBeenCalledTimes(1);
  });

  it('says it cannot be sure when a resent ballot is refused because the round closed meanwhile', async () => {
    const h = harness();
    await toConfirm(h);
    h.deps.castBallot.mockRejectedValueOnce(failure('network', null)).mockRejectedValueOnce(failure('round_closed', 409));
    h.machine.confirm();
    await vi.advanceTimersByTimeAsync(100);
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'error', reason: 'round_closed', uncertain: true }));
  });

  it('after round_closed looks the card up again: no round open → idle saying nothing was cast', async () => {
    const h = harness();
    await toConfirm(h);
    h.deps.castBallot.mockRejectedValueOnce(failure('round_closed', 409));
    h.deps.scan.mockRejectedValueOnce(failure('no_open_round', 409));
    h.machine.confirm();
    await vi.waitFor(() => expect(h.machine.view).toEqual({ kind: 'idle', notice: 'roundClosedWhileChoosing' }));
    expect(h.deps.scan).toHaveBeenLastCalledWith(CARD);
  });

  it('after round_closed looks the card up again: a new round → its motions, choices cleared', async () => {
    const h = harness();
    await toConfirm(h);
    h.deps.castBallot.mockRejectedValueOnce(failure('round_closed', 409));
    h.deps.scan.mockResolvedValueOnce(scanResult(8));
    h.machine.confirm();
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'choosing', notice: 'roundChanged', choices: {} }));
    expect((h.machine.view as Extract<VotingView, { kind: 'choosing' }>).round.id).toBe(8);
  });

  it('warns after 60 s without activity, drops the ballot 30 s later and casts nothing; activity restarts the clock', async () => {
    const h = harness();
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.choose(1, 'for');
    vi.advanceTimersByTime(50_000);
    h.machine.activity();
    vi.advanceTimersByTime(50_000);
    expect(h.machine.view).toMatchObject({ kind: 'choosing', warning: false });
    vi.advanceTimersByTime(10_000);
    // Warned, not dropped (it was dropped without a word: issue 17, point 4, WCAG 2.2.1).
    expect(h.machine.view).toMatchObject({ kind: 'choosing', warning: true, choices: { 1: 'for' } });
    vi.advanceTimersByTime(29_000);
    expect(h.machine.view).toMatchObject({ kind: 'choosing', warning: true });
    vi.advanceTimersByTime(1_000);
    expect(h.machine.view).toEqual({ kind: 'idle', notice: 'timedOut' });
    expect(h.machine.holdsCard).toBe(false);
    expect(h.deps.castBallot).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(h.machine.view).toEqual({ kind: 'idle', notice: null });
  });

  it('extends on "Meer tijd" (or any touch) during the warning, keeping the choices; the summary warns too', async () => {
    const h = harness();
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.choose(1, 'against');
    vi.advanceTimersByTime(60_000);
    expect(h.machine.view).toMatchObject({ warning: true });
    h.machine.activity();
    expect(h.machine.view).toMatchObject({ kind: 'choosing', warning: false, choices: { 1: 'against' } });
    vi.advanceTimersByTime(59_000);
    expect(h.machine.view).toMatchObject({ kind: 'choosing', warning: false });
    h.machine.choose(2, 'for');
    h.machine.review();
    vi.advanceTimersByTime(60_000);
    expect(h.machine.view).toMatchObject({ kind: 'confirm', warning: true });
    h.machine.activity();
    vi.advanceTimersByTime(89_000);
    expect(h.machine.view).toMatchObject({ kind: 'confirm', warning: true });
    h.machine.confirm();
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
  });

  it('says at once when the round on screen is closed or cancelled', async () => {
    const h = harness();
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.roundChanged({ id: 99, state: 'closed' }); // another round: not ours
    expect(kind(h.machine)).toBe('choosing');
    h.machine.roundChanged({ id: 7, state: 'cancelled' });
    expect(h.machine.view).toEqual({ kind: 'idle', notice: 'roundCancelledWhileChoosing' });

    await toConfirm(h);
    h.machine.roundChanged({ id: 7, state: 'closed' });
    expect(h.machine.view).toEqual({ kind: 'idle', notice: 'roundClosedWhileChoosing' });
    expect(h.deps.castBallot).not.toHaveBeenCalled();
  });

  it('shows the earlier choices when the round allows changes, and marks the new ballot as a replacement', async () => {
    const h = harness();
    const earlier = scanResult(7, { ballot: { choices: [{ motionId: 1, choice: 'against' }, { motionId: 2, choice: 'abstain' }], receipt: 'R-0', castAt: '2023-12-01T09:00:00Z' } });
    earlier.round.allowChange = true;
    h.deps.scan.mockResolvedValueOnce(earlier);
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'choosing', changing: true, choices: { 1: 'against', 2: 'abstain' } }));
    h.machine.choose(1, 'for');
    h.machine.review();
    h.machine.confirm();
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'receipt', replaced: true }));
    expect(h.sent[0].choices).toEqual([{ motionId: 1, choice: 'for' }, { motionId: 2, choice: 'abstain' }]);
  });

  it('keeps the choices when the same card is scanned again, starts over for another card', async () => {
    const h = harness();
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.choose(1, 'for');
    expect(h.machine.scanned(CARD)).toBe(false);
    expect(h.machine.view).toMatchObject({ kind: 'choosing', choices: { 1: 'for' } });
    expect(h.machine.scanned(OTHER_CARD)).toBe(true);
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'choosing', choices: {} }));
    expect(h.deps.scan).toHaveBeenLastCalledWith(OTHER_CARD);
  });

  it('cancel casts nothing and drops a late scan answer of an abandoned card', async () => {
    const h = harness();
    let answer: (r: KioskScan) => void = () => {};
    h.deps.scan.mockImplementationOnce(() => new Promise<KioskScan>((resolve) => (answer = resolve)));
    h.machine.scanned(CARD);
    expect(h.machine.scanned(OTHER_CARD)).toBe(false); // busy looking up
    answer(scanResult());
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.cancel();
    expect(h.machine.view).toEqual({ kind: 'idle', notice: 'cancelled' });
    expect(h.machine.holdsCard).toBe(false);
    expect(h.deps.castBallot).not.toHaveBeenCalled();
  });
});

async function toConfirmFromChoosing(h: Harness): Promise<void> {
  h.machine.choose(1, 'for');
  h.machine.choose(2, 'against');
  h.machine.review();
  expect(kind(h.machine)).toBe('confirm');
}

describe('kiosk voting: split votes (a meeting with allowSplit)', () => {
  const splitScan = () => {
    const r = scanResult();
    r.round.allowSplit = true;
    return r;
  };

  it('sends whole votes per choice, the rest not cast, beside an ordinary choice', async () => {
    const h = harness();
    h.deps.scan.mockResolvedValueOnce(splitScan());
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.startSplit(1);
    h.machine.setSplitPart(1, 'for', 50);
    h.machine.setSplitPart(1, 'against', 20);
    h.machine.setSplitPart(1, 'abstain', 4.6); // read as 5
    h.machine.choose(2, 'against');
    h.machine.review();
    expect(kind(h.machine)).toBe('confirm');
    h.machine.confirm();
    await vi.waitFor(() => expect(kind(h.machine)).toBe('receipt'));
    expect(h.sent[0].choices).toEqual([
      { motionId: 1, split: { for: 50, against: 20, abstain: 5 } },
      { motionId: 2, choice: 'against' },
    ]);
  });

  it('refuses a split of 0 votes or of more than the weight, names the motion, and clears once fixed', async () => {
    const h = harness();
    h.deps.scan.mockResolvedValueOnce(splitScan());
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.startSplit(1);
    h.machine.choose(2, 'for');
    h.machine.review();
    expect(h.machine.view).toMatchObject({ kind: 'choosing', missing: [], badSplits: [1] });
    h.machine.setSplitPart(1, 'for', 70);
    h.machine.setSplitPart(1, 'against', 6);
    h.machine.review();
    expect(h.machine.view).toMatchObject({ kind: 'choosing', badSplits: [1] });
    h.machine.setSplitPart(1, 'against', 5);
    expect(h.machine.view).toMatchObject({ kind: 'choosing', badSplits: [] });
    h.machine.setSplitPart(1, 'for', -3);
    expect(h.machine.view).toMatchObject({ choices: { 1: { split: { for: 0, against: 5, abstain: 0 } } } });
    h.machine.stopSplit(1);
    h.machine.review();
    expect(h.machine.view).toMatchObject({ kind: 'choosing', missing: [1], badSplits: [] });
    expect(h.deps.castBallot).not.toHaveBeenCalled();
  });

  it('offers no split in a round without allowSplit, and shows an earlier split again when changing', async () => {
    const h = harness();
    h.machine.scanned(CARD);
    await vi.waitFor(() => expect(kind(h.machine)).toBe('choosing'));
    h.machine.startSplit(1);
    expect(h.machine.view).toMatchObject({ choices: {} });
    h.machine.cancel();
    const earlier = splitScan();
    earlier.round.allowChange = true;
    earlier.ballot = { choices: [{ motionId: 1, split: { for: 40, against: 0, abstain: 35 } }, { motionId: 2, choice: 'for' }], receipt: 'R-0', castAt: '2023-12-01T09:00:00Z' };
    h.deps.scan.mockResolvedValueOnce(earlier);
    h.machine.scanned(OTHER_CARD);
    await vi.waitFor(() => expect(h.machine.view).toMatchObject({ kind: 'choosing', changing: true, choices: { 1: { split: { for: 40, against: 0, abstain: 35 } }, 2: 'for' } }));
  });
});
