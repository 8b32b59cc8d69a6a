/**
 * The chair console's state (`State`), its first value, and pure readers of it. Only the store
 * (store.ts and its parts) writes the state; views read it and the readers here.
 */
import type { Lang } from '../../client-kit/words.ts';
import type { CardState } from '../../shared/chair.ts';
import type {
  AgendaItem,
  AuditVerify,
  Kiosk,
  Majority,
  Meeting,
  MeetingDetail,
  Member,
  Motion,
  PresenceSummary,
  PresentMember,
  Projector,
  Proxy,
  Round,
  VotingOrder,
} from '../../shared/schemas.ts';
import { SECRET_ROUND_MIN_MEMBERS, type SecrecyCheck } from '../../shared/secrecy.ts';
import type { CardOutcome } from './api.ts';
import { matchesMember } from './member-search.ts';
import { isVotable, motionsInPlay } from './order.ts';

export type Tab = 'vote' | 'agenda' | 'presence' | 'cards' | 'kiosks' | 'results';
export const TABS: Tab[] = ['vote', 'agenda', 'presence', 'cards', 'kiosks', 'results'];

/** What changed, so that main.ts redraws only the parts that show it. */
export type Change = 'session' | 'meeting' | 'rounds' | 'presence' | 'other';

export interface Flash {
  kind: 'ok' | 'error';
  text: string;
}

export interface RoundDraft {
  selected: ReadonlySet<number>;
  secret: boolean;
  allowChange: boolean;
  showLive: boolean;
  majority: Majority;
  quorumPercent: number;
}

export interface State {
  lang: Lang;
  /** null until the server said whether the session cookie is valid. */
  loggedIn: boolean | null;
  /** The message of the login screen (a failed login, "logged out"). */
  loginMessage: Flash | null;
  /** The meeting list of the picker; null while loading. */
  meetings: Meeting[] | null;
  meetingsError: string | null;
  meetingId: number | null;
  meeting: MeetingDetail | null;
  rounds: ReadonlyMap<number, Round>;
  members: ReadonlyMap<string, Member>;
  presence: PresenceSummary;
  presentList: PresentMember[] | null;
  /** The meeting's proxies (a meeting that allows them), read with the presence register. */
  proxies: Proxy[] | null;
  /** The registration desk's form for a written proxy: principal, holder, reference as typed. */
  proxyForm: { principal: string; holder: string; reference: string };
  kiosks: Kiosk[] | null;
  /** Card state per member code (members that ever had a card in the meeting). */
  cards: ReadonlyMap<string, CardState> | null;
  audit: AuditVerify | null;
  connected: boolean;
  tab: Tab;
  flash: Flash | null;
  draft: RoundDraft;
  presenceFilter: string;
  presenceMember: string;
  cardFilter: string;
  /** The last card issued here (PDF link or code), shown until the next card action. */
  lastCard: { name: string; outcome: CardOutcome } | null;
  /** The kiosk paired last, with its link as a QR code (SVG text) once drawn. */
  lastKiosk: { name: string; url: string; qrSvg: string | null; qrFailed: boolean } | null;
  /** What the projector shows (the live feed's snapshot and `projector` events); null until known. */
  projector: Projector | null;
  /** The usual order of voting from `GET /api/meetings/:id/voting-order`, in the console's language. */
  votingOrder: VotingOrder | null;
  /** Rounds whose roll call the chair unfolded (kept across redraws). */
  rollCallsOpen: ReadonlySet<number>;
  busy: boolean;
  /** A round was opened here: the live panel takes the focus once it is drawn. */
  focusLive: boolean;
  /** Whether the meeting's kiosks ask a staff PIN before Beheer; null until known. */
  kioskPinSet: boolean | null;
  /** The open secret round's secrecy check, for the number of ballots it was asked at. */
  secrecy: { roundId: number; count: number; check: SecrecyCheck } | null;
}

export function emptyDraft(majority: Majority = 'simple'): RoundDraft {
  return { selected: new Set(), secret: false, allowChange: false, showLive: true, majority, quorumPercent: 0 };
}

export function initialState(lang: Lang): State {
  return {
    lang,
    loggedIn: null,
    loginMessage: null,
    meetings: null,
    meetingsError: null,
    meetingId: null,
    meeting: null,
    rounds: new Map(),
    members: new Map(),
    presence: { count: 0, weight: 0 },
    presentList: null,
    proxies: null,
    proxyForm: { principal: '', holder: '', reference: '' },
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
    projector: null,
    votingOrder: null,
    rollCallsOpen: new Set(),
    busy: false,
    focusLive: false,
    kioskPinSet: null,
    secrecy: null,
  };
}

// ---------- reading the state (pure) ----------

export function allMotions(state: State): Motion[] {
  return state.meeting?.agenda.flatMap((item) => item.motions) ?? [];
}

export function motionById(state: State, id: number): Motion | undefined {
  return allMotions(state).find((m) => m.id === id);
}

export function memberName(state: State, code: string): string {
  return state.members.get(code)?.name ?? code;
}

export function openRoundOf(state: State): Round | null {
  for (const round of state.rounds.values()) if (round.state === 'open') return round;
  return null;
}

/** Practice motions that can be put to the vote now (not withdrawn, not in a draft or open round). */
export function practiceMotions(state: State): Motion[] {
  const inPlay = motionsInPlay([...state.rounds.values()]);
  return allMotions(state).filter((m) => m.kind === 'practice' && isVotable(m) && !inPlay.has(m.id));
}

/**
 * Motions that were put to the vote (in a round that opened) or decided by hand: they belong to the
 * minutes, and the server refuses to change or remove them (409).
 */
export function votedOn(state: State): Set<number> {
  const ids = new Set<number>();
  for (const round of state.rounds.values()) if (round.openedAt !== null || round.state === 'open' || round.state === 'closed') for (const id of round.motionIds) ids.add(id);
  for (const motion of allMotions(state)) if (motion.manualResult || (motion.status !== 'submitted' && motion.status !== 'withdrawn')) ids.add(motion.id);
  return ids;
}

export function agendaItemById(state: State, id: number): AgendaItem | undefined {
  return state.meeting?.agenda.find((item) => item.id === id);
}

/** Newest first. */
export function sortedRounds(state: State): Round[] {
  return [...state.rounds.values()].sort((a, b) => b.id - a.id);
}

/**
 * The draft without motions that can no longer be chosen (opened elsewhere, decided, withdrawn):
 * applied whenever the meeting or its rounds change, so a choice that went away does not come back
 * checked when its round is cancelled later.
 */
export function pruneDraft(draft: RoundDraft, meeting: MeetingDetail | null, rounds: Iterable<Round>): RoundDraft {
  const inPlay = motionsInPlay([...rounds]);
  const motions = new Map((meeting?.agenda ?? []).flatMap((item) => item.motions.map((m) => [m.id, m] as const)));
  const selected = [...draft.selected].filter((id) => {
    const motion = motions.get(id);
    return motion !== undefined && isVotable(motion) && !inPlay.has(id);
  });
  return selected.length === draft.selected.size ? draft : { ...draft, selected: new Set(selected) };
}

/** "Utrecht (GM0344)", "GM0344" or an exact name → the member, or null. */
export function resolveMember(state: State, input: string): Member | null {
  const text = input.trim();
  if (!text) return null;
  const inBrackets = /\(([^()]+)\)\s*$/.exec(text)?.[1];
  const byCode = state.members.get((inBrackets ?? text).toUpperCase()) ?? state.members.get(inBrackets ?? text);
  if (byCode) return byCode;
  const lower = text.toLowerCase();
  const byName = [...state.members.values()].filter((m) => m.name.toLowerCase() === lower);
  if (byName.length === 1) return byName[0];
  // A known other name ("Den Haag" for 's-Gravenhage) that names exactly one member.
  const byAlias = [...state.members.values()].filter((m) => matchesMember(text, m.code, m.name, true));
  return byAlias.length === 1 ? byAlias[0] : null;
}

/** Fewer members present than this at a secret round: warn (docs/security.md, "Small rounds"). */
export const SMALL_SECRET_ROUND = SECRET_ROUND_MIN_MEMBERS;
