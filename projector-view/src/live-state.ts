/**
 * The projector's live state: what the feed told (snapshot, round, presence and projector events) and
 * the meeting's agenda, and the pure steps that apply each event. The screen is drawn from it
 * (view-model.ts).
 */
import type { Snapshot } from '../../shared/events.ts';
import type { Meeting, MeetingDetail, PresenceSummary, Projector, Round } from '../../shared/schemas.ts';
import type { FeedConnection } from '../../client-kit/feed.ts';

export type ConnectionState = FeedConnection;

export interface LiveState {
  meeting: Meeting | null;
  detail: MeetingDetail | null;
  rounds: Round[];
  presence: PresenceSummary | null;
  connection: ConnectionState;
  /** Member code → name, for the submitters of motions. */
  memberNames: ReadonlyMap<string, string>;
  /** What the chair asked the projector to show (`auto`: the open or last closed round). */
  projector: Projector;
}

export function emptyState(): LiveState {
  return { meeting: null, detail: null, rounds: [], presence: null, connection: 'connecting', memberNames: new Map(), projector: { show: 'auto' } };
}

/** A snapshot replaces everything the feed told before: it is the resync after every (re)connect. */
export function applySnapshot(state: LiveState, snapshot: Snapshot): LiveState {
  return { ...state, meeting: snapshot.meeting, rounds: sortRounds(snapshot.rounds), presence: snapshot.presence, projector: snapshot.projector, connection: 'live' };
}

export function applyProjector(state: LiveState, projector: Projector): LiveState {
  return { ...state, projector };
}

export function applyRound(state: LiveState, round: Round): LiveState {
  if (state.meeting && round.meetingId !== state.meeting.id) return state;
  const rest = state.rounds.filter((r) => r.id !== round.id);
  return { ...state, rounds: sortRounds([...rest, round]) };
}

export function applyPresence(state: LiveState, presence: PresenceSummary): LiveState {
  return { ...state, presence };
}

/** True when a round event changes what the agenda says (motion statuses), so the detail is refetched. */
export function roundChangesAgenda(before: LiveState, round: Round): boolean {
  const old = before.rounds.find((r) => r.id === round.id);
  return !old || old.state !== round.state;
}

function sortRounds(rounds: Round[]): Round[] {
  return [...rounds].sort((a, b) => a.id - b.id);
}

/** The round the screen is about: the open one, else the last one that was closed or cancelled. */
export function currentRound(rounds: readonly Round[]): Round | null {
  const open = rounds.find((r) => r.state === 'open');
  if (open) return open;
  const done = rounds.filter((r) => r.state === 'closed' || r.state === 'cancelled');
  if (done.length === 0) return null;
  const when = (r: Round): string => r.closedAt ?? r.cancelledAt ?? r.openedAt ?? r.createdAt;
  return done.reduce((latest, r) => (when(r) > when(latest) || (when(r) === when(latest) && r.id > latest.id) ? r : latest));
}

/** Without `?meeting=` the projector shows the meeting of today, else the latest one. */
export function pickMeeting(meetings: readonly Meeting[], today: string): Meeting | null {
  if (meetings.length === 0) return null;
  const byLatest = [...meetings].sort((a, b) => (a.date === b.date ? b.id - a.id : a.date < b.date ? 1 : -1));
  return byLatest.find((m) => m.date === today) ?? byLatest[0];
}
