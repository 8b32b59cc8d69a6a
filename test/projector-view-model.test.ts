import { describe, expect, it } from 'vitest';
import type { Meeting, MeetingDetail, Round, Tally } from '../shared/schemas.ts';
import {
  applyPresence,
  applyRound,
  applySnapshot,
  applyProjector,
  barsOf,
  currentRound,
  emptyState,
  motionStatuses,
  outcomeOf,
  pickMeeting,
  projectorView,
  thresholdOf,
  turnoutOf,
  type LiveState,
} from '../projector-view/src/view-model.ts';
import { isAdopted } from '../shared/decision.ts';
import { formatPercent } from '../client-kit/format.ts';

const meeting: Meeting = {
  id: 1,
  title: 'Najaars ALV 2023',
  date: '2023-12-01',
  venue: 'Beatrixtheater, Utrecht',
  requireCheckIn: true,
  allowSplit: false,
  secretMinBallots: 5,
  timeZone: 'Europe/Amsterdam',
  weightsFrozen: true,
  proxies: { allowed: false, maxPerHolder: 1 },
  createdAt: '2023-11-01T10:00:00.000Z',
};

function wc(weight: number, count: number): { weight: number; count: number } {
  return { weight, count };
}

function tally(motionId: number, f: number, a: number, ab: number, extra: Partial<Tally> = {}): Tally {
  return {
    motionId,
    ref: `7.${motionId}`,
    for: wc(f, f ? 1 : 0),
    against: wc(a, a ? 1 : 0),
    abstain: wc(ab, ab ? 1 : 0),
    cast: wc(f + a + ab, (f ? 1 : 0) + (a ? 1 : 0) + (ab ? 1 : 0)),
    present: wc(100, 10),
    entitled: wc(200, 20),
    outcome: null,
    tie: false,
    quorumMet: true,
    ...extra,
  };
}

function round(extra: Partial<Round> = {}): Round {
  return {
    id: 1,
    number: 1,
    meetingId: 1,
    state: 'open',
    motionIds: [1],
    practice: false,
    secret: false,
    allowChange: false,
    showLive: true,
    majority: 'simple',
    quorumPercent: 0,
    createdAt: '2023-12-01T10:00:00.000Z',
    openedAt: '2023-12-01T10:01:00.000Z',
    closedAt: null,
    cancelledAt: null,
    cancelReason: null,
    headHash: null,
    voted: wc(0, 0),
    tallies: [tally(1, 0, 0, 0)],
    ...extra,
  };
}

const detail: MeetingDetail = {
  ...meeting,
  agenda: [
    {
      id: 1,
      number: '7',
      title: 'Kaders',
      motions: [
        {
          id: 1,
          ref: '7.1',
          kind: 'motion',
          title: 'Goed beleid = integraal beleid',
          submitters: ['GM0397'],
          supporters: [],
          submittedOn: '2023-11-20',
          summary: null,
          text: null,
          boardAdvice: 'adopt',
          boardAdviceText: null,
          amends: null,
          status: 'submitted',
        },
      ],
    },
  ],
  rounds: [],
  presence: { count: 10, weight: 100 },
};

function liveState(rounds: Round[], extra: Partial<LiveState> = {}): LiveState {
  return {
    ...applySnapshot(emptyState(), { meeting, rounds, presence: { count: 10, weight: 100 }, projector: { show: 'auto' } }),
    detail,
    memberNames: new Map([['GM0397', 'Heemstede']]),
    ...extra,
  };
}

describe('projector view model: numbers', () => {
  it('gives percentages of for + against with one decimal in Dutch and English', () => {
    expect(formatPercent(2, 3, 'nl')).toBe('66,7%');
    expect(formatPercent(2, 3, 'en')).toBe('66.7%');
    expect(formatPercent(0, 0, 'nl')).toBe('–');
  });

  it('never shows a small share as 0% or a partial one as 100%', () => {
    expect(formatPercent(1, 100_000, 'en')).toBe('0.1%');
    expect(formatPercent(99_999, 100_000, 'en')).toBe('99.9%');
    expect(formatPercent(5, 5, 'en')).toBe('100.0%');
  });

  it('labels each bar with its weight, members and share of for + against; abstain counts in neither', () => {
    const bars = barsOf(tally(1, 1200, 800, 500), 'nl');
    expect(bars.map((b) => b.label)).toEqual(['Voor', 'Tegen', 'Onthouding']);
    expect(bars[0]).toMatchObject({ weight: '1.200\u00a0stemmen', members: '1\u00a0lid', percent: '60,0%', note: null });
    expect(bars[1].percent).toBe('40,0%');
    expect(bars[2]).toMatchObject({ percent: '', note: 'telt niet mee' });
    // Issue 17.2: the bars are drawn on the base of the percentages (for + against), abstain has no bar.
    expect(bars.map((b) => b.width)).toEqual([60, 40, null]);
  });

  // Issue 17.2: "Voor 69,6%" was drawn as a 59% bar (abstentions in the bar's base, not in the percentage).
  it('draws every bar as long as its percentage says, whatever the abstentions', () => {
    for (const [f, a, ab] of [
      [696, 304, 180],
      [1, 0, 5000],
      [2, 1, 0],
      [123_456, 98_765, 43_210],
    ]) {
      const bars = barsOf(tally(1, f, a, ab), 'en');
      for (const bar of bars.slice(0, 2)) expect(bar.percent).toBe(`${(Math.round(bar.width! * 10) / 10).toFixed(1)}%`);
    }
  });

  it('draws an empty tally as empty bars: nothing red, no percentage', () => {
    const bars = barsOf(tally(1, 0, 0, 0), 'nl');
    expect(bars.map((b) => b.width)).toEqual([0, 0, null]);
    expect(bars.map((b) => b.percent)).toEqual(['–', '–', '']);
    // Only abstentions: still nothing drawn on the for/against bars.
    expect(barsOf(tally(1, 0, 0, 40), 'nl').map((b) => b.width)).toEqual([0, 0, null]);
  });

  it("draws the majority line where shared/decision.ts decides: above 50%, or at two thirds", () => {
    expect(thresholdOf('simple', 'nl')).toEqual({ position: 50, label: 'Nodig: meer dan 50% voor' });
    const two = thresholdOf('two_thirds', 'nl');
    expect(two.position).toBeCloseTo(66.667, 2);
    expect(two.label).toBe('Nodig: 66,7% of meer voor');
    // The line and the rule agree at the edges.
    expect(isAdopted(2, 1, { majority: 'two_thirds' }, true)).toBe(true);
    expect(isAdopted(1, 1, { majority: 'simple' }, true)).toBe(false);
    const card = projectorView(liveState([round({ majority: 'two_thirds', tallies: [tally(1, 2, 1, 0)] })]), 'en').round!.motions[0];
    expect(card.threshold?.label).toBe('Needed: 66.7% or more for');
  });

  it('shows the quorum as a share of the entitled weight present, with its line and whether it is met', () => {
    const open = round({ quorumPercent: 60, tallies: [tally(1, 10, 5, 0, { present: wc(100, 10), entitled: wc(200, 20) })] });
    const q = projectorView(liveState([open]), 'nl').turnout.quorum!;
    expect(q).toMatchObject({ label: 'Quorum 60%', width: 50, percent: '50,0%', line: 60, met: false, state: 'Quorum niet gehaald' });
    expect(projectorView(liveState([open], { presence: { count: 12, weight: 120 } }), 'nl').turnout.quorum).toMatchObject({ met: true, percent: '60,0%' });
    // A hidden tally does not give the entitled weight: the rule is said, no bar drawn.
    const hidden = projectorView(liveState([round({ quorumPercent: 60, showLive: false, tallies: undefined })]), 'nl').turnout.quorum!;
    expect(hidden).toMatchObject({ width: null, met: null });
    expect(projectorView(liveState([round()]), 'nl').turnout.quorum).toBeNull();
  });

  it('labels the turnout percentage with what it is a share of', () => {
    const turnout = turnoutOf(round({ voted: wc(50, 5) }), { count: 10, weight: 100 }, 'nl');
    expect(turnout.summary).toContain('50,0% van het aanwezige stemgewicht');
  });
});

describe('projector view model: outcome', () => {
  const closed = { state: 'closed' as const, majority: 'simple' as const, quorumPercent: 0 };

  it('has no outcome while the round is open', () => {
    expect(outcomeOf(tally(1, 3, 1, 0, { outcome: 'adopted' }), { ...closed, state: 'open' }, 'nl')).toBeNull();
  });

  it('says Aangenomen with the decisive figures', () => {
    const o = outcomeOf(tally(1, 300, 100, 50, { outcome: 'adopted' }), closed, 'nl')!;
    expect(o.words).toBe('Aangenomen');
    expect(o.figures).toBe('Voor 300 (75,0%) · Tegen 100 (25,0%) · Onthouding 50');
    expect(o.notes).toEqual(['Gewone meerderheid']);
  });

  it('says "staking van stemmen" on a tie', () => {
    const o = outcomeOf(tally(1, 100, 100, 0, { outcome: 'rejected', tie: true }), closed, 'nl')!;
    expect(o.kind).toBe('rejected');
    expect(o.words).toBe('Verworpen (staking van stemmen)');
    expect(outcomeOf(tally(1, 100, 100, 0, { outcome: 'rejected', tie: true }), closed, 'en')!.words).toBe('Rejected (tied vote)');
  });

  it('says whether the quorum was met and marks a two-thirds round', () => {
    const o = outcomeOf(tally(1, 300, 100, 0, { outcome: 'rejected', quorumMet: false }), { state: 'closed', majority: 'two_thirds', quorumPercent: 60 }, 'nl')!;
    expect(o.words).toBe('Verworpen (quorum niet gehaald)');
    expect(o.notes).toEqual(['Tweederdemeerderheid vereist', 'Quorum niet gehaald (aanwezig 50,0%, vereist 60%)']);
  });
});

describe('projector view model: rounds and state', () => {
  it('shows the open round, else the last one closed or cancelled, never a draft', () => {
    const a = round({ id: 1, state: 'closed', closedAt: '2023-12-01T10:05:00.000Z' });
    const b = round({ id: 2, state: 'cancelled', cancelledAt: '2023-12-01T10:09:00.000Z' });
    const c = round({ id: 3, state: 'draft', openedAt: null });
    expect(currentRound([a, c])?.id).toBe(1);
    expect(currentRound([a, b, c])?.id).toBe(2);
    expect(currentRound([a, b, c, round({ id: 4, state: 'open' })])?.id).toBe(4);
    expect(currentRound([c])).toBeNull();
  });

  it('replaces a round by id, ignores other meetings and takes presence as it comes', () => {
    let s = liveState([round()]);
    s = applyRound(s, round({ voted: wc(30, 3) }));
    s = applyRound(s, round({ id: 9, meetingId: 2 }));
    s = applyPresence(s, { count: 12, weight: 130 });
    expect(s.rounds).toHaveLength(1);
    expect(s.rounds[0].voted).toEqual(wc(30, 3));
    expect(s.presence).toEqual({ count: 12, weight: 130 });
  });

  it('resyncs from a snapshot: rounds that are gone are dropped and the feed is live again', () => {
    const s = applySnapshot({ ...liveState([round({ id: 5 })]), connection: 'disconnected' }, { meeting, rounds: [round({ id: 6 })], presence: { count: 1, weight: 2 }, projector: { show: 'auto' } });
    expect(s.rounds.map((r) => r.id)).toEqual([6]);
    expect(s.connection).toBe('live');
  });

  it('hides the tallies of a hidden open round and says the result comes after closing', () => {
    const v = projectorView(liveState([round({ showLive: false, tallies: undefined, voted: wc(40, 4) })]), 'nl');
    expect(v.round?.hidden).toBe(true);
    expect(v.round?.hiddenText).toBe('Uitslag na sluiting');
    expect(v.round?.motions[0].bars).toBeNull();
    expect(v.turnout.voted).toBe('4\u00a0leden · 40\u00a0stemmen');
    expect(v.turnout.percent).toBe('40,0%');
  });

  it('marks a secret round and shows the audit head hash after close', () => {
    const hash = 'a'.repeat(64);
    const v = projectorView(
      liveState([round({ secret: true, state: 'closed', closedAt: '2023-12-01T10:05:00.000Z', headHash: hash, tallies: [tally(1, 3, 1, 0, { outcome: 'adopted' })] })]),
      'nl',
    );
    expect(v.round?.badges).toContain('Geheime stemming');
    expect(v.round?.headHash).toBe(Array(8).fill('aaaaaaaa').join(' '));
    expect(v.round?.motions[0].outcome?.words).toBe('Aangenomen');
  });

  it('describes the motion with its ref, kind, submitters by name and the board advice', () => {
    const card = projectorView(liveState([round()]), 'nl').round!.motions[0];
    expect(card).toMatchObject({ ref: '7.1', kind: 'Motie', title: 'Goed beleid = integraal beleid', submitters: 'Ingediend door: Heemstede', advice: 'Preadvies: overnemen' });
  });

  it('marks the figures stale and says so while disconnected or reconnecting', () => {
    const live = projectorView(liveState([round()]), 'en');
    expect(live.stale).toBe(false);
    expect(live.banner).toBeNull();
    const lost = projectorView({ ...liveState([round()]), connection: 'disconnected' }, 'en');
    expect(lost.stale).toBe(true);
    expect(lost.banner).toMatch(/Connection lost/);
    expect(projectorView({ ...liveState([round()]), connection: 'connecting' }, 'en').stale).toBe(true);
    expect(projectorView(emptyState(), 'nl').noRoundText).toBe('Verbinden…');
  });

  it('derives motion statuses of the overview from the rounds', () => {
    expect(motionStatuses(detail, [round()]).get(1)).toBe('in_vote');
    expect(motionStatuses(detail, [round({ state: 'closed', tallies: [tally(1, 1, 2, 0, { outcome: 'rejected' })] })]).get(1)).toBe('rejected');
    expect(motionStatuses({ ...detail, agenda: [{ ...detail.agenda[0], motions: [{ ...detail.agenda[0].motions[0], status: 'in_vote' }] }] }, [round({ state: 'cancelled' })]).get(1)).toBe('submitted');
    const v = projectorView(liveState([round({ state: 'closed', closedAt: 'x', tallies: [tally(1, 3, 1, 0, { outcome: 'adopted' })] })]), 'nl');
    expect(v.overview[0].motions[0]).toMatchObject({ status: 'adopted', statusText: 'Aangenomen', result: 'Voor 75,0%', current: true });
    const manual = { outcome: 'rejected' as const, for: null, against: null, abstain: null, note: null, recordedAt: '2023-12-01T11:00:00.000Z' };
    const byHand = projectorView(
      liveState([], { detail: { ...detail, agenda: [{ ...detail.agenda[0], motions: [{ ...detail.agenda[0].motions[0], status: 'rejected', manualResult: manual }] }] } }),
      'nl',
    );
    expect(byHand.overview[0].motions[0]).toMatchObject({ status: 'rejected', result: 'Handmatig vastgesteld' });
  });

  it('counts turnout against the weight present, also when someone voted and left', () => {
    expect(turnoutOf(round({ voted: wc(50, 5) }), { count: 10, weight: 100 }, 'nl').width).toBe(50);
    expect(turnoutOf(round({ voted: wc(120, 11) }), { count: 10, weight: 100 }, 'nl').width).toBe(100);
    expect(turnoutOf(null, null, 'nl').percent).toBe('–');
  });

  // Issue 13, problem 6: after close the projector showed turnout against the presence of the moment.
  it('after close shows the presence frozen at close, not the presence of the moment', () => {
    const closed = round({ state: 'closed', closedAt: '2023-12-01T11:00:00.000Z', voted: wc(80, 8), tallies: [tally(1, 50, 20, 10, { outcome: 'adopted', present: wc(100, 10) })] });
    const later = { count: 2, weight: 15 }; // most of the hall has left for lunch
    const turnout = turnoutOf(closed, later, 'nl');
    expect(turnout.present).toBe('10\u00a0leden · 100\u00a0stemmen');
    expect(turnout.percent).toBe('80,0%');
    expect(projectorView(liveState([closed], { presence: later }), 'nl').turnout.present).toBe('10\u00a0leden · 100\u00a0stemmen');
    // While open, presence is the one of the moment.
    expect(turnoutOf(round({ voted: wc(5, 1), tallies: [tally(1, 5, 0, 0, { present: wc(100, 10) })] }), later, 'nl').present).toBe('2\u00a0leden · 15\u00a0stemmen');
  });
});

describe('projector view model: practice, cancelling and one motion on the screen', () => {
  it('marks a practice round PROEFSTEMMING with its tally, and gives no outcome: it decides nothing', () => {
    const open = projectorView(liveState([round({ practice: true, tallies: [tally(1, 3, 1, 0)] })]), 'nl').round!;
    expect(open.heading).toBe('Proefstemming geopend');
    expect(open.practice).toBe('PROEFSTEMMING · telt niet mee voor een besluit');
    expect(open.motions[0].bars?.[0].percent).toBe('75,0%');
    const closed = projectorView(
      liveState([round({ practice: true, state: 'closed', closedAt: 'x', tallies: [tally(1, 3, 1, 0, { outcome: 'adopted' })] })]),
      'nl',
    );
    expect(closed.round!.heading).toBe('Proefstemming gesloten');
    expect(closed.round!.motions[0].outcome).toBeNull();
    expect(closed.round!.motions[0].practiceNote).toBe('Geen besluit: dit was een proefstemming');
    // The overview does not call the practice motion adopted.
    expect(closed.overview[0].motions[0]).toMatchObject({ status: 'submitted', result: null });
  });

  it('labels the reason of a cancelled round', () => {
    const v = projectorView(liveState([round({ state: 'cancelled', cancelledAt: 'x', cancelReason: 'Verkeerde motie gekozen' })]), 'nl').round!;
    expect(v.cancelNote).toBe('De stemmen van deze ronde tellen niet mee.');
    expect(v.cancelReason).toEqual({ label: 'Reden van annulering', text: 'Verkeerde motie gekozen' });
    expect(projectorView(liveState([round({ state: 'cancelled', cancelledAt: 'x' })]), 'nl').round!.cancelReason).toBeNull();
  });

  it('shows one motion whole when the chair puts it on the screen, and the round again on auto', () => {
    const withText = {
      ...detail,
      agenda: [
        {
          ...detail.agenda[0],
          motions: [{ ...detail.agenda[0].motions[0], text: 'Eerste alinea.\n\nTweede alinea.', boardAdviceText: 'Past bij het beleid.' }],
        },
      ],
    };
    let state = liveState([round()], { detail: withText });
    state = applyProjector(state, { show: 'motion', motionId: 1 });
    const v = projectorView(state, 'nl');
    expect(v.motion).toMatchObject({
      ref: '7.1',
      kind: 'Motie',
      title: 'Goed beleid = integraal beleid',
      submitters: 'Ingediend door: Heemstede',
      advice: 'Preadvies: overnemen',
      adviceText: 'Past bij het beleid.',
      paragraphs: ['Eerste alinea.', 'Tweede alinea.'],
      noText: null,
    });
    expect(v.overview[0].motions[0].current).toBe(true);
    expect(projectorView(applyProjector(state, { show: 'auto' }), 'nl').motion).toBeNull();
    // A motion without text says so instead of showing nothing.
    expect(projectorView(applyProjector(liveState([]), { show: 'motion', motionId: 1 }), 'en').motion?.noText).toBe('No text has been entered for this motion.');
    // The snapshot carries the projector's choice.
    expect(applySnapshot(emptyState(), { meeting, rounds: [], presence: { count: 0, weight: 0 }, projector: { show: 'motion', motionId: 1 } }).projector).toEqual({ show: 'motion', motionId: 1 });
  });
});

describe('projector view model: choosing the meeting', () => {
  const m = (id: number, date: string): Meeting => ({ ...meeting, id, date });

  it("picks today's meeting, else the latest", () => {
    const list = [m(1, '2023-12-01'), m(2, '2024-06-07'), m(3, '2024-01-10')];
    expect(pickMeeting(list, '2024-01-10')?.id).toBe(3);
    expect(pickMeeting(list, '2030-01-01')?.id).toBe(2);
    expect(pickMeeting([], '2030-01-01')).toBeNull();
  });
});

describe('projector view model: proxies', () => {
  it('says how many of the present are there by proxy, while the round is open', () => {
    const turnout = turnoutOf(null, { count: 280, weight: 1000, represented: { count: 12, weight: 40 } }, 'nl');
    expect(turnout.present.replace(/\s/g, ' ')).toBe('280 leden, waarvan 12 bij volmacht · 1.000 stemmen');
    expect(turnoutOf(null, { count: 280, weight: 1000, represented: { count: 0, weight: 0 } }, 'nl').present).not.toContain('volmacht');
  });
});
