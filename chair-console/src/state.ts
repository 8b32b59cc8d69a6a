/**
 * The console's state for the chosen meeting and the ways it changes: the live feed pushes rounds
 * and presence; every action of the chair is followed by an HTTP refresh, so the console is right
 * also when the feed is down (it then polls while a round is open).
 */
import * as api from './api.ts';
import type { AuditVerify, Kiosk, Majority, MeetingDetail, Member, Motion, PresenceSummary, Round } from '../../shared/schemas.ts';
import { followMeeting, type ChairFeed } from './socket.ts';

export type Tab = 'vote' | 'agenda' | 'presence' | 'cards' | 'kiosks' | 'results';
export const TABS: Tab[] = ['vote', 'agenda', 'presence', 'cards', 'kiosks', 'results'];

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface RoundDraft {
  selected: Set<number>;
  secret: boolean;
  allowChange: boolean;
  showLive: boolean;
  majority: Majority;
  quorumPercent: number;
}

export interface State {
  meetingId: number | null;
  meeting: MeetingDetail | null;
  rounds: Map<number, Round>;
  members: Map<string, Member>;
  presence: PresenceSummary;
  presentList: api.PresentMember[] | null;
  kiosks: Kiosk[] | null;
  /** Card state per member code (members that ever had a card in the meeting). */
  cards: Map<string, api.CardState> | null;
  audit: AuditVerify | null;
  connected: boolean;
  tab: Tab;
  flash: Flash | null;
  draft: RoundDraft;
  presenceFilter: string;
  presenceMember: string;
  cardFilter: string;
  /** The last card issued here (PDF link or code), shown until the next card action. */
  lastCard: { name: string; outcome: api.CardOutcome } | null;
  lastKiosk: { name: string; url: string } | null;
  busy: boolean;
}

export function emptyDraft(): RoundDraft {
  return { selected: new Set(), secret: false, allowChange: false, showLive: true, majority: 'simple', quorumPercent: 0 };
}

export const state: State = {
  meetingId: null,
  meeting: null,
  rounds: new Map(),
  members: new Map(),
  presence: { count: 0, weight: 0 },
  presentList: null,
  kiosks: null,
  cards: null,
  audit: null,
  connected: false,
  tab: 'vote',
  flash: null,
  draft: emptyDraft(),
  presenceFilter: '',
  presenceMember: '',
  cardFilter: '',
  lastCard: null,
  lastKiosk: null,
  busy: false,
};

type Listener = (what: 'meeting' | 'rounds' | 'presence' | 'other') => void;
const listeners: Listener[] = [];
export function onChange(listener: Listener): void {
  listeners.push(listener);
}
function changed(what: 'meeting' | 'rounds' | 'presence' | 'other'): void {
  for (const listener of listeners) listener(what);
}

export function memberName(code: string): string {
  return state.members.get(code)?.name ?? code;
}

export function allMotions(): Motion[] {
  return state.meeting?.agenda.flatMap((item) => item.motions) ?? [];
}

export function motionById(id: number): Motion | undefined {
  return allMotions().find((m) => m.id === id);
}

export function openRound(): Round | null {
  for (const round of state.rounds.values()) if (round.state === 'open') return round;
  return null;
}

/** Motions in a draft or open round. */
export function motionsInPlayNow(): Set<number> {
  const ids = new Set<number>();
  for (const round of state.rounds.values()) if (round.state === 'draft' || round.state === 'open') for (const id of round.motionIds) ids.add(id);
  return ids;
}

export function sortedRounds(): Round[] {
  return [...state.rounds.values()].sort((a, b) => b.id - a.id);
}

// ---------- loading ----------

let feed: ChairFeed | null = null;
let pollTimer: ReturnType<typeof setInterval> | null = null;
let presenceTimer: ReturnType<typeof setTimeout> | null = null;

export async function loadMembers(): Promise<void> {
  if (state.members.size > 0) return;
  const members = await api.listMembers();
  state.members = new Map(members.map((m) => [m.code, m]));
}

/** Re-reads the meeting and every round that can still change (or is not known yet). */
let refreshSeq = 0;
export async function refresh(): Promise<void> {
  const id = state.meetingId;
  if (id === null) return;
  // Answers can arrive out of order: only the latest refresh is applied.
  const seq = ++refreshSeq;
  const meeting = await api.getMeeting(id);
  if (state.meetingId !== id || seq !== refreshSeq) return;
  state.meeting = meeting;
  state.presence = meeting.presence;
  const wanted = meeting.rounds.filter((r) => {
    const known = state.rounds.get(r.id);
    return !known || known.state !== r.state || r.state === 'open' || r.state === 'draft';
  });
  const rounds = await Promise.all(wanted.map((r) => api.getRound(r.id)));
  if (state.meetingId !== id || seq !== refreshSeq) return;
  for (const round of rounds) state.rounds.set(round.id, round);
  changed('meeting');
  changed('rounds');
  changed('presence');
  if (state.tab === 'presence') void refreshPresenceList();
}

export async function refreshPresenceList(): Promise<void> {
  if (state.meetingId === null) return;
  state.presentList = await api.listPresence(state.meetingId);
  changed('presence');
}

function schedulePresenceList(): void {
  if (presenceTimer) return;
  presenceTimer = setTimeout(() => {
    presenceTimer = null;
    if (state.tab === 'presence') void refreshPresenceList().catch(() => {});
  }, 250);
}

export async function selectMeeting(id: number): Promise<void> {
  if (state.meetingId === id && state.meeting) return;
  stopMeeting();
  state.meetingId = id;
  state.meeting = null;
  state.rounds = new Map();
  state.presentList = null;
  state.kiosks = null;
  state.cards = null;
  state.audit = null;
  state.draft = emptyDraft();
  state.lastCard = null;
  state.lastKiosk = null;
  state.flash = null;
  await loadMembers();
  await refresh();
  feed = followMeeting(id, {
    snapshot(snapshot) {
      state.presence = snapshot.presence;
      for (const round of snapshot.rounds) state.rounds.set(round.id, round);
      changed('rounds');
      changed('presence');
      // A snapshot also follows a change of the meeting (agenda, withdrawal, manual result): re-read it.
      void refresh().catch(() => {});
    },
    round(round) {
      const before = state.rounds.get(round.id);
      state.rounds.set(round.id, round);
      changed('rounds');
      // A state change moves motion statuses too: re-read the agenda.
      if (!before || before.state !== round.state) void refresh().catch(() => {});
    },
    presence(presence) {
      state.presence = presence;
      changed('presence');
      schedulePresenceList();
    },
    connection(connected) {
      if (state.connected === connected) return;
      state.connected = connected;
      changed('other');
      if (connected) void refresh().catch(() => {});
    },
  });
  // Fallback: without the feed, an open round is re-read every few seconds.
  pollTimer = setInterval(() => {
    if (!state.connected && state.meetingId !== null && openRound()) void refresh().catch(() => {});
  }, 3000);
}

export function stopMeeting(): void {
  feed?.stop();
  feed = null;
  if (pollTimer) clearInterval(pollTimer);
  pollTimer = null;
  state.connected = false;
  state.meetingId = null;
  state.meeting = null;
}

export async function loadCards(): Promise<void> {
  if (state.meetingId === null) return;
  const list = await api.listCards(state.meetingId);
  state.cards = new Map(list.map((c) => [c.memberCode, c]));
  changed('other');
}

export function setFlash(flash: Flash | null): void {
  state.flash = flash;
  changed('other');
}

/**
 * Runs a chair action: shows the server's message when refused, refreshes over HTTP afterwards
 * (also when it failed: the state may have moved on meanwhile).
 */
export async function runAction(action: () => Promise<string | void>): Promise<boolean> {
  state.busy = true;
  let ok = true;
  try {
    const message = await action();
    state.flash = message ? { kind: 'ok', text: message } : null;
  } catch (error) {
    ok = false;
    state.flash = { kind: 'error', text: error instanceof Error ? error.message : String(error) };
  } finally {
    state.busy = false;
  }
  try {
    await refresh();
  } catch {
    // the flash already says what went wrong
  }
  changed('other');
  // The button that started the action may be gone (a closed round has no close button): keep the
  // keyboard focus on the page rather than losing it to <body>.
  if (document.activeElement === document.body) document.getElementById('main')?.focus({ preventScroll: true });
  return ok;
}

export function notify(what: 'meeting' | 'rounds' | 'presence' | 'other'): void {
  changed(what);
}
