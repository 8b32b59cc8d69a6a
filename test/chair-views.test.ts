// @vitest-environment happy-dom
/**
 * The chair console's views draw from the state and never change it while they draw; changes go
 * through the store's intents. Regression: `renderNewRound` used to delete motions that could no
 * longer be chosen from the draft while drawing the form.
 */
import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../client-kit/api.ts';
import type { ChairApi } from '../chair-console/src/api.ts';
import { matchesMember } from '../chair-console/src/member-search.ts';
import { createStore, initialState, pruneDraft, resolveMember, type Actions, type State } from '../chair-console/src/store.ts';
import { uiOf } from '../chair-console/src/ui.ts';
import { renderAgendaTab } from '../chair-console/src/views/agenda.ts';
import { renderKiosksTab, renderResultsTab } from '../chair-console/src/views/kiosks.ts';
import { renderCardsTab, renderPresenceTab } from '../chair-console/src/views/presence.ts';
import { renderFlash, renderHeader, renderLogin, renderMeetings } from '../chair-console/src/views/shell.ts';
import { renderVoteTab } from '../chair-console/src/views/vote-tab.ts';
import type { MeetingDetail, Motion, Round, Tally } from '../shared/schemas.ts';

/** A Set or Map that refuses every change, so a view that writes to the state throws. */
class ReadonlySetOf<T> extends Set<T> {
  sealed = true;
  override add(value: T): this {
    if (this.sealed) throw new Error('a view changed the state (Set.add)');
    return super.add(value);
  }
  override delete(): boolean {
    throw new Error('a view changed the state (Set.delete)');
  }
  override clear(): void {
    throw new Error('a view changed the state (Set.clear)');
  }
}
class ReadonlyMapOf<K, V> extends Map<K, V> {
  sealed = true;
  override set(key: K, value: V): this {
    if (this.sealed) throw new Error('a view changed the state (Map.set)');
    return super.set(key, value);
  }
  override delete(): boolean {
    throw new Error('a view changed the state (Map.delete)');
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of value instanceof Map ? value.values() : value instanceof Set ? value.values() : Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const motion = (id: number, ref: string, status: Motion['status'] = 'submitted', extra: Partial<Motion> = {}): Motion => ({
  id,
  ref,
  kind: 'motion',
  title: `Motie ${ref}`,
  submitters: ['GM0363'],
  supporters: [],
  submittedOn: '2025-11-01',
  summary: 'Samenvatting',
  text: null,
  boardAdvice: 'adopt',
  boardAdviceText: null,
  amends: null,
  status,
  ...extra,
});

const count = (weight: number, n: number) => ({ weight, count: n });
const tally = (motionId: number, ref: string, outcome: Tally['outcome']): Tally => ({
  motionId,
  ref,
  for: count(60, 2),
  against: count(30, 1),
  abstain: count(10, 1),
  cast: count(100, 4),
  present: count(120, 5),
  entitled: count(150, 6),
  outcome,
  tie: false,
  quorumMet: true,
});
const round = (id: number, state: Round['state'], motionIds: number[], extra: Partial<Round> = {}): Round => ({
  id,
  number: id,
  meetingId: 1,
  state,
  motionIds,
  practice: false,
  secret: false,
  allowChange: false,
  showLive: true,
  majority: 'simple',
  quorumPercent: 0,
  createdAt: '2025-12-01T09:00:00Z',
  openedAt: state === 'draft' ? null : '2025-12-01T09:05:00Z',
  closedAt: state === 'closed' ? '2025-12-01T09:15:00Z' : null,
  cancelledAt: state === 'cancelled' ? '2025-12-01T09:15:00Z' : null,
  cancelReason: state === 'cancelled' ? 'Verkeerde motie' : null,
  headHash: state === 'closed' ? 'ab'.repeat(32) : null,
  voted: count(100, 4),
  ...extra,
});

function busyState(): State {
  const meeting: MeetingDetail = {
    id: 1,
    title: 'ALV',
    date: '2025-12-01',
    venue: 'Utrecht',
    allowSplit: false,
    timeZone: 'Europe/Amsterdam',
    requireCheckIn: true,
    secretMinBallots: 5,
    weightsFrozen: true,
  proxies: { allowed: false, maxPerHolder: 1 },
    createdAt: '2025-11-01T00:00:00Z',
    agenda: [
      {
        id: 1,
        number: '7',
        title: 'Moties',
        motions: [
          motion(1, '7.1', 'adopted', { manualResult: { outcome: 'adopted', for: 10, against: null, abstain: null, note: 'handopsteking', recordedAt: '2025-12-01T09:00:00Z' } }),
          motion(2, '7.2', 'in_vote'),
          motion(3, '7.3'),
          motion(4, '7.3A', 'submitted', { kind: 'amendment', amends: '7.3' }),
          motion(5, '7.4', 'withdrawn'),
        ],
      },
    ],
    rounds: [],
    presence: count(120, 5),
  };
  const rounds = [
    round(10, 'open', [2], { tallies: [tally(2, '7.2', null)], notVoted: [{ code: 'GM0014', name: 'Groningen', weight: 20 }] }),
    round(11, 'draft', [4]),
    round(8, 'closed', [1], { tallies: [tally(1, '7.1', 'adopted')] }),
    round(9, 'cancelled', [3]),
  ];
  const base = initialState('nl');
  return {
    ...base,
    loggedIn: true,
    meetings: [meeting],
    meetingId: 1,
    meeting,
    rounds: new ReadonlyMapOf(rounds.map((r) => [r.id, r])),
    members: new ReadonlyMapOf([['GM0363', { code: 'GM0363', name: 'Amsterdam', province: 'NH', population: 900000, weight: 75 }]]),
    presence: count(120, 5),
    presentList: [{ code: 'GM0363', name: 'Amsterdam', weight: 75, since: '2025-12-01T08:55:00Z' }],
    kiosks: [{ id: 1, meetingId: 1, name: 'Stemtafel 1', mode: 'voting', createdAt: '2025-12-01T08:00:00Z', revokedAt: null }],
    cards: new ReadonlyMapOf([['GM0363', { memberCode: 'GM0363', name: 'Amsterdam', weight: 75, active: true, issuedAt: '2025-11-30T00:00:00Z', revokedAt: null }]]),
    audit: { ok: true, entries: 42, head: 'cd'.repeat(32) },
    connected: true,
    flash: { kind: 'ok', text: 'Gelukt.' },
    // 2 is in the open round and 5 is withdrawn: neither can be chosen any more.
    draft: { selected: new ReadonlySetOf([2, 3, 5]), secret: false, allowChange: true, showLive: true, majority: 'two_thirds', quorumPercent: 20 },
    presenceFilter: 'amster',
    presenceMember: 'Amst',
    lastCard: { name: 'Amsterdam', outcome: { kind: 'codes', cards: [{ memberCode: 'GM0363', code: '1234567890123456789012345' }] } },
    lastKiosk: { name: 'Stemtafel 1', url: 'http://127.0.0.1/kiosk/#token=x', qrSvg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>', qrFailed: false },
  };
}

function uiFor(state: State) {
  const asked: string[] = [];
  const act = new Proxy({} as Actions, { get: (_, name) => (...args: unknown[]) => void asked.push(`${String(name)}(${args.length})`) });
  return { ui: uiOf({ state, act, subscribe: () => {} }), asked };
}

describe('chair console views', () => {
  it('draw every screen from a busy state without changing it or asking for anything', () => {
    const state = deepFreeze(busyState());
    const before = JSON.stringify(state, (_, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v));
    const { ui, asked } = uiFor(state);
    for (const tab of [renderVoteTab, renderAgendaTab, renderPresenceTab, renderCardsTab, renderKiosksTab, renderResultsTab]) {
      document.body.replaceChildren(tab(ui));
    }
    document.body.replaceChildren(...renderHeader(ui, { loggedOut: () => {} }), ...renderLogin(ui), ...renderMeetings(ui, { loggedOut: () => {} }));
    renderFlash(ui);
    expect(JSON.stringify(state, (_, v) => (v instanceof Map ? [...v] : v instanceof Set ? [...v] : v))).toBe(before);
    expect(asked).toEqual([]);
  });

  it('show a choice that can no longer be made as not chosen, and leave the draft to the store', () => {
    const state = deepFreeze(busyState());
    const { ui } = uiFor(state);
    document.body.replaceChildren(renderVoteTab(ui));
    const box = (id: number) => document.getElementById(`choose-${id}`) as HTMLInputElement;
    expect(box(3)).toMatchObject({ checked: true, disabled: false });
    expect(box(2)).toMatchObject({ checked: false, disabled: true });
    expect(box(5)).toMatchObject({ checked: false, disabled: true });
    expect([...state.draft.selected]).toEqual([2, 3, 5]);
  });

  it('do not say every motion was put to the vote while some are only in a prepared round (issue 24, point 10)', () => {
    const state = busyState();
    const rounds = [round(10, 'open', [2], { tallies: [tally(2, '7.2', null)] }), round(11, 'draft', [4]), round(12, 'draft', [3])];
    const { ui } = uiFor({ ...state, rounds: new ReadonlyMapOf(rounds.map((r) => [r.id, r])) });
    document.body.replaceChildren(renderVoteTab(ui));
    const text = document.querySelector('.new-round')!.textContent!;
    expect(text).not.toContain('Alle voorstellen zijn in stemming gebracht');
    expect(text).toMatch(/De overige voorstellen \(7\.3(A)?, 7\.3(A)?\) staan klaar in een voorbereide stemronde/);
  });

  it('emit intents from their controls', () => {
    const { ui, asked } = uiFor(deepFreeze(busyState()));
    document.body.replaceChildren(renderVoteTab(ui));
    (document.getElementById('use-suggestion') as HTMLButtonElement).click();
    (document.getElementById('opt-show-live') as HTMLInputElement).click();
    expect(asked).toEqual(['chooseOnly(1)', 'setDraft(1)']);
  });
});

describe('chair console store: the draft of a new round', () => {
  it('forgets motions that were opened elsewhere, decided or withdrawn, so they do not come back chosen', () => {
    const state = busyState();
    const pruned = pruneDraft(state.draft, state.meeting, state.rounds.values());
    expect([...pruned.selected]).toEqual([3]);
    expect(pruned).toMatchObject({ majority: 'two_thirds', quorumPercent: 20, allowChange: true });
    // Nothing to forget: the same draft object (no needless redraw).
    expect(pruneDraft(pruned, state.meeting, state.rounds.values())).toBe(pruned);
  });
});

describe('chair console: what the chair reads during a vote (issues 15 and 17)', () => {
  const splitState = (): State => {
    const state = busyState();
    const open = state.rounds.get(10)!;
    const rounds = new Map(state.rounds);
    rounds.set(10, {
      ...open,
      quorumPercent: 50,
      tallies: [{ ...tally(2, '7.2', null), present: count(120, 5), entitled: count(150, 6), quorumMet: true }],
      rollCall: [
        { memberCode: 'GM0363', name: 'Amsterdam', weight: 75, choices: [{ motionId: 2, split: { for: 50, against: 20, abstain: 5 } }] },
        { memberCode: 'GM0014', name: 'Groningen', weight: 20, choices: [{ motionId: 2, choice: 'against' }] },
      ],
    });
    rounds.set(12, round(12, 'closed', [3], { practice: true, tallies: [tally(3, '7.3', 'adopted')] }));
    return { ...state, rounds, rollCallsOpen: new Set([10]), projector: { show: 'motion', motionId: 3 } };
  };

  it('labels the outcome of an open round as provisional, shows the quorum, and draws no red bar for nothing', () => {
    const state = splitState();
    const { ui } = uiFor(deepFreeze(state));
    document.body.replaceChildren(renderVoteTab(ui));
    const live = document.querySelector('.live-panel')!;
    expect(live.querySelector('[data-testid="provisional"]')?.textContent).toBe('Als nu gesloten: aangenomen');
    expect(live.querySelector('thead')?.textContent).toContain('Voorlopig');
    expect(live.querySelector('[data-testid="quorum-line"]')?.textContent).toBe('Quorum 50%: aanwezig 120 van 150 stemmen (80,0%), nodig 75 — gehaald');
    expect(live.textContent).toContain('Gewone meerderheid: aangenomen bij meer stemmen voor dan tegen; onthoudingen tellen niet mee.');

    const nothing = new Map(state.rounds);
    nothing.set(10, { ...state.rounds.get(10)!, tallies: [{ ...tally(2, '7.2', null), for: count(0, 0), against: count(0, 0), abstain: count(5, 1) }] });
    document.body.replaceChildren(renderVoteTab(uiFor({ ...state, rounds: nothing }).ui));
    expect(document.querySelector('.live-panel .bar')?.classList.contains('bar-empty')).toBe(true);
  });

  it('shows a split vote as its parts in the roll call, and a practice round as deciding nothing', () => {
    const { ui } = uiFor(deepFreeze(splitState()));
    document.body.replaceChildren(renderVoteTab(ui));
    const rollCall = document.querySelector('.live-panel [data-testid="roll-call"]') as HTMLDetailsElement;
    expect(rollCall.open).toBe(true);
    const rows = [...rollCall.querySelectorAll('tbody tr')].map((tr) => tr.textContent);
    expect(rows).toEqual(['Amsterdam75voor 50 / tegen 20 / onthouding 5 (gesplitst)', 'Groningen20tegen']);
    const practice = document.querySelector('.round-card[data-round-id="12"]')!;
    expect(practice.querySelector('[data-testid="practice-badge"]')?.textContent).toBe('Proefstemming — telt niet mee');
    expect(practice.querySelector('[data-testid="practice-outcome"]')?.textContent).toBe('Proefstemming: geen besluit');
    expect(practice.querySelector('.outcome')).toBeNull();
    // No voting record link for a practice round; the not-voted list is a named, focusable scroll box.
    expect(practice.querySelector('[data-testid="voting-record-link"]')).toBeNull();
    const box = document.querySelector('.live-panel [role="region"][tabindex="0"]');
    expect(box?.getAttribute('aria-label')).toBe('Aanwezig, nog niet gestemd (lijst, scrolt)');
  });

  it('says what the hall screen shows and offers the way back to automatic', () => {
    const { ui, asked } = uiFor(deepFreeze(splitState()));
    document.body.replaceChildren(renderVoteTab(ui));
    expect(document.querySelector('[data-testid="projector-state"]')?.textContent).toBe('Nu op het scherm: 7.3 — Motie 7.3');
    (document.getElementById('projector-auto') as HTMLButtonElement).click();
    expect(asked).toEqual(['projectorAuto(0)']);
  });

  it('offers edit and remove only for what was never voted on', () => {
    const state = splitState();
    const meeting = state.meeting!;
    const fresh = { ...meeting, agenda: [...meeting.agenda, { id: 2, number: '9', title: 'Rondvraag', motions: [motion(6, '9.1')] }] };
    const { ui } = uiFor(deepFreeze({ ...state, meeting: fresh }));
    document.body.replaceChildren(renderAgendaTab(ui));
    const editable = [...document.querySelectorAll('[data-edit-motion]')].map((b) => Number(b.getAttribute('data-edit-motion')));
    // 7.1 decided by hand, 7.2 in the open round, 7.3 in a closed (practice) round, 7.3A in a draft,
    // 7.4 withdrawn: 7.3A (only prepared) and 9.1 can be changed, and only item 9.
    expect(editable).toEqual([4, 6]);
    expect(document.querySelector('[data-item-id="1"] .item-head button')).toBeNull();
    expect([...document.querySelectorAll('[data-item-id="2"] .item-head button')].map((b) => b.textContent)).toEqual(['Wijzigen', 'Verwijderen']);
  });
});

describe('chair console: finding members', () => {
  it('finds \'s-Gravenhage for "Den Haag", ignores accents and case, and resolves a typed alias', () => {
    expect(matchesMember('Den Haag', 'GM0518', "'s-Gravenhage")).toBe(true);
    expect(matchesMember('den h', 'GM0518', "'s-Gravenhage")).toBe(true);
    expect(matchesMember('Den Bosch', 'GM0796', "'s-Hertogenbosch")).toBe(true);
    expect(matchesMember('sudwest', 'GM1900', 'Súdwest-Fryslân')).toBe(true);
    expect(matchesMember('gm0518', 'GM0518', "'s-Gravenhage")).toBe(true);
    expect(matchesMember('Den Haag', 'GM0363', 'Amsterdam')).toBe(false);
    const state = { ...initialState('nl'), members: new Map([['GM0518', { code: 'GM0518', name: "'s-Gravenhage", province: 'Zuid-Holland', population: 562839, weight: 75 }]]) };
    expect(resolveMember(state, 'Den Haag')?.code).toBe('GM0518');
  });
});

describe('chair console store: a refused edit', () => {
  it('explains a 409 in Dutch: the server\'s sentence and what can be done instead', async () => {
    const failing = () => Promise.reject(new ApiFailure('invalid_state', 409, '7.2 is in stemming gebracht (stemronde 4) en kan niet meer worden gewijzigd.', 'nl'));
    const api = new Proxy({} as ChairApi, { get: (_, name) => (name === 'patchMotion' ? failing : () => Promise.resolve(null)) });
    const store = createStore(api, 'nl');
    const ok = await store.act.editMotion(motion(2, '7.2'), { title: 'Nieuw' });
    expect(ok).toBe(false);
    expect(store.state.flash).toEqual({
      kind: 'error',
      text: '7.2 is in stemming gebracht (stemronde 4) en kan niet meer worden gewijzigd. Wat in stemming is geweest of een vastgelegde uitslag heeft, hoort bij de notulen en blijft zoals het was; trek een voorstel zo nodig in.',
    });
  });
});

describe('chair console views: proxies (volmacht)', () => {
  const proxyState = (): State => {
    const state = busyState();
    return {
      ...state,
      meeting: { ...state.meeting!, proxies: { allowed: true, maxPerHolder: 2 } },
      presence: { count: 280, weight: 2000, represented: { count: 12, weight: 90 } },
      proxies: [
        { id: 1, principal: 'GM0344', holder: 'GM0363', principalName: 'Utrecht', holderName: 'Amsterdam', reference: 'Formulier 17', state: 'active', createdAt: '2025-12-01T08:00:00Z', endedAt: null },
        { id: 2, principal: 'GM0321', holder: 'GM0363', principalName: 'Houten', holderName: 'Amsterdam', reference: null, state: 'suspended', createdAt: '2025-12-01T08:01:00Z', endedAt: null },
        { id: 3, principal: 'GM0312', holder: 'GM0363', principalName: 'Bunnik', holderName: 'Amsterdam', reference: null, state: 'ended', createdAt: '2025-12-01T08:02:00Z', endedAt: '2025-12-01T08:03:00Z' },
      ],
    };
  };

  it('say how many are present by proxy, who holds whose proxy and whether it counts; register and end one', () => {
    const { ui, asked } = uiFor(deepFreeze(proxyState()));
    document.body.replaceChildren(renderPresenceTab(ui));
    expect(document.querySelector('[data-testid="presence-summary"]')!.textContent).toBe('Aanwezig: 280 leden, waarvan 12 bij volmacht (2.000 stemmen)');
    const rows = [...document.querySelectorAll('[data-testid="proxies"] tbody tr')].map((r) => r.textContent);
    expect(rows[0]).toContain('Utrecht (GM0344)Formulier 17Amsterdam (GM0363)telt mee');
    expect(rows[1]).toContain('geschorst');
    expect(rows[2]).toContain('beëindigd');
    expect(document.querySelectorAll('[data-testid="proxies"] button')).toHaveLength(2);
    (document.querySelector('[data-testid="proxies"] button') as HTMLButtonElement).click();
    (document.getElementById('proxy-add') as HTMLButtonElement).click();
    expect(asked).toEqual(['endProxy(1)', 'addTypedProxy(0)']);
  });

  it('show no proxies panel in a meeting without proxies', () => {
    const { ui } = uiFor(deepFreeze(busyState()));
    document.body.replaceChildren(renderPresenceTab(ui));
    expect(document.getElementById('proxies-title')).toBeNull();
    expect(document.querySelector('[data-testid="presence-summary"]')!.textContent).not.toContain('volmacht');
  });
});
