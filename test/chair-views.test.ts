// @vitest-environment happy-dom
/**
 * The chair console's views draw from the state and never change it while they draw; changes go
 * through the store's intents. Regression: `renderNewRound` used to delete motions that could no
 * longer be chosen from the draft while drawing the form.
 */
import { describe, expect, it } from 'vitest';
import { initialState, pruneDraft, type Actions, type State } from '../chair-console/src/store.ts';
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
    requireCheckIn: true,
    weightsFrozen: true,
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
