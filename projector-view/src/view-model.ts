/**
 * Pure view model of the projector: from the live state (snapshot, round and presence events, the
 * meeting's agenda) to plain data that render.ts turns into DOM. No DOM, no sockets, so it is unit tested.
 */
import type { Snapshot } from '../../shared/events.ts';
import type { Lang } from '../../shared/errors.ts';
import { formatDate, formatNumber, formatPercent, membersText, share, weightText } from '../../client-kit/format.ts';
import {
  BOARD_ADVICE_LABELS,
  CHOICE_LABELS,
  MAJORITY_LABELS,
  MOTION_KIND_LABELS,
  MOTION_STATUS_LABELS,
  OUTCOME_LABELS,
  TIE_LABEL,
} from '../../shared/labels.ts';
import { majorityLine, quorumMet } from '../../shared/decision.ts';
import type { Majority, Meeting, MeetingDetail, Motion, MotionStatus, PresenceSummary, Projector, Round, Tally } from '../../shared/schemas.ts';
import type { FeedConnection } from '../../client-kit/feed.ts';
import { projectorT as t } from './i18n.ts';

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

// ---------- tallies and outcomes ----------

export interface BarView {
  choice: 'for' | 'against' | 'abstain';
  label: string;
  /**
   * Width of the bar (0..100): for and against as shares of for + against, the base of the
   * percentages and of the decision rule (shared/decision.ts); abstain has no bar (null): it counts
   * in neither side, so a length of it would measure against a different whole.
   */
  width: number | null;
  weight: string;
  members: string;
  /** Percentage of for + against; empty for abstain, which counts in neither. */
  percent: string;
  /** "telt niet mee" for abstain. */
  note: string | null;
}

/** The majority rule's line on the for bar: where "for" must reach (or pass) to be adopted. */
export interface ThresholdView {
  /** Position on the bar of for + against, 0..100. */
  position: number;
  /** "Nodig: meer dan 50%", "Nodig: 66,7% of meer". */
  label: string;
}

export function thresholdOf(majority: Majority, lang: Lang): ThresholdView {
  const line = majorityLine(majority);
  const pct = `${new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 1 }).format(line.percent)}%`;
  return { position: line.percent, label: t(line.reachedIsEnough ? 'needAtLeast' : 'needMoreThan', lang, { pct }) };
}

export interface OutcomeView {
  kind: 'adopted' | 'rejected';
  /** "Aangenomen", "Verworpen (staking van stemmen)", ... */
  words: string;
  /** The decisive figures in one line. */
  figures: string;
  notes: string[];
}

export function barsOf(tally: Tally, lang: Lang): BarView[] {
  const decisive = tally.for.weight + tally.against.weight;
  return (['for', 'against', 'abstain'] as const).map((choice) => ({
    choice,
    label: CHOICE_LABELS[choice][lang],
    width: choice === 'abstain' ? null : share(tally[choice].weight, decisive),
    weight: weightText(tally[choice].weight, lang),
    members: membersText(tally[choice].count, lang),
    percent: choice === 'abstain' ? '' : formatPercent(tally[choice].weight, decisive, lang),
    note: choice === 'abstain' ? t('abstainNote', lang) : null,
  }));
}

/** "Gewone meerderheid", "Tweederdemeerderheid vereist". */
function majorityNote(majority: Majority, lang: Lang): string {
  return majority === 'simple' ? MAJORITY_LABELS.simple[lang] : t('required', lang, { rule: MAJORITY_LABELS[majority][lang] });
}

export function outcomeOf(tally: Tally, round: Pick<Round, 'majority' | 'quorumPercent' | 'state'>, lang: Lang): OutcomeView | null {
  if (round.state !== 'closed' || tally.outcome === null) return null;
  const decisive = tally.for.weight + tally.against.weight;
  let words = OUTCOME_LABELS[tally.outcome][lang];
  if (tally.tie) words += ` (${TIE_LABEL[lang]})`;
  else if (tally.outcome === 'rejected' && !tally.quorumMet) words += ` (${t('quorumNotMet', lang).toLowerCase()})`;
  const figures =
    `${CHOICE_LABELS.for[lang]} ${formatNumber(tally.for.weight, lang)} (${formatPercent(tally.for.weight, decisive, lang)})` +
    ` · ${CHOICE_LABELS.against[lang]} ${formatNumber(tally.against.weight, lang)} (${formatPercent(tally.against.weight, decisive, lang)})` +
    ` · ${CHOICE_LABELS.abstain[lang]} ${formatNumber(tally.abstain.weight, lang)}`;
  const notes = [majorityNote(round.majority, lang)];
  if (round.quorumPercent > 0) {
    const presentShare = formatPercent(tally.present.weight, tally.entitled.weight, lang);
    notes.push(
      `${tally.quorumMet ? t('quorumMet', lang) : t('quorumNotMet', lang)} (${t('present', lang).toLowerCase()} ${presentShare}, ` +
        `${lang === 'nl' ? 'vereist' : 'required'} ${round.quorumPercent}%)`,
    );
  }
  return { kind: tally.outcome, words, figures, notes };
}

// ---------- turnout ----------

export interface TurnoutView {
  present: string;
  voted: string;
  /** Share of the present weight that voted (0..100) and its text. */
  width: number;
  percent: string;
  /** Whole sentence for screen readers and the progress bar's label. */
  summary: string;
  /** The quorum (a share of the entitled weight present), when the round asks one. */
  quorum: QuorumView | null;
}

export interface QuorumView {
  /** "Quorum: 50% van het stemgewicht aanwezig" */
  label: string;
  /** Present weight as a share of the entitled weight (0..100), null when the entitled weight is not known (hidden tally). */
  width: number | null;
  percent: string;
  /** The line on the bar: the quorum percentage. */
  line: number;
  met: boolean | null;
  /** "gehaald" / "niet gehaald", or null when unknown. */
  state: string | null;
}

function quorumOf(round: Round | null, present: { weight: number }, lang: Lang): QuorumView | null {
  if (!round || round.quorumPercent <= 0) return null;
  const entitled = round.tallies?.[0]?.entitled;
  const met = entitled ? quorumMet({ weight: present.weight, count: 0 }, entitled, round.quorumPercent) : null;
  return {
    label: t('quorumLabel', lang, { pct: round.quorumPercent }),
    width: entitled ? share(present.weight, entitled.weight) : null,
    percent: entitled ? formatPercent(present.weight, entitled.weight, lang) : '',
    line: round.quorumPercent,
    met,
    state: met === null ? null : met ? t('quorumMet', lang) : t('quorumNotMet', lang),
  };
}

export function turnoutOf(round: Round | null, presence: PresenceSummary | null, lang: Lang): TurnoutView {
  // A closed round is shown with the presence frozen at its close (in its tallies), not of the moment.
  const frozen = round?.state === 'closed' ? round.tallies?.[0]?.present : undefined;
  const present = frozen ?? presence ?? { count: 0, weight: 0 };
  const voted = round?.voted ?? { count: 0, weight: 0 };
  // Present is counted now, voted since the round opened: someone may have voted and left.
  const base = Math.max(present.weight, voted.weight);
  // A meeting with proxies says how many of the present are represented (not known for a frozen figure).
  const represented = frozen ? undefined : presence?.represented;
  const proxyText = represented && represented.count > 0 ? `, ${t('byProxy', lang, { count: represented.count })}` : '';
  const presentText = `${membersText(present.count, lang)}${proxyText} · ${weightText(present.weight, lang)}`;
  const votedText = `${membersText(voted.count, lang)} · ${weightText(voted.weight, lang)}`;
  const percent = formatPercent(voted.weight, base, lang);
  return {
    present: presentText,
    voted: votedText,
    width: share(voted.weight, base),
    percent,
    summary: `${t('voted', lang)}: ${votedText} (${percent} ${t('ofPresent', lang)}) · ${t('present', lang)}: ${presentText}`,
    quorum: quorumOf(round, present, lang),
  };
}

// ---------- motions ----------

export function motionStatuses(detail: MeetingDetail | null, rounds: readonly Round[]): Map<number, MotionStatus> {
  const statuses = new Map<number, MotionStatus>();
  for (const item of detail?.agenda ?? []) for (const motion of item.motions) statuses.set(motion.id, motion.status);
  for (const round of rounds) {
    for (const motionId of round.motionIds) {
      const now = statuses.get(motionId);
      if (now === 'withdrawn') continue;
      if (round.state === 'open') statuses.set(motionId, 'in_vote');
      else if (round.state === 'closed' && round.practice) {
        // A practice round decides nothing: its motions go back to submitted (docs/api.md).
        if (now === 'in_vote') statuses.set(motionId, 'submitted');
      } else if (round.state === 'closed') {
        const outcome = round.tallies?.find((tally) => tally.motionId === motionId)?.outcome;
        if (outcome) statuses.set(motionId, outcome);
      } else if (round.state === 'cancelled' && now === 'in_vote') statuses.set(motionId, 'submitted');
    }
  }
  return statuses;
}

export function findMotion(detail: MeetingDetail | null, motionId: number): Motion | null {
  for (const item of detail?.agenda ?? []) for (const motion of item.motions) if (motion.id === motionId) return motion;
  return null;
}

export interface MotionCardView {
  motionId: number;
  ref: string;
  kind: string;
  title: string;
  submitters: string | null;
  advice: string | null;
  amends: string | null;
  /** null while the tally is hidden (or unknown). */
  bars: BarView[] | null;
  /** The majority line on the for bar (with the bars). */
  threshold: ThresholdView | null;
  outcome: OutcomeView | null;
  /** A practice round's closing words instead of an outcome: it decides nothing. */
  practiceNote: string | null;
}

function submittersText(motion: Motion | null, names: ReadonlyMap<string, string>, lang: Lang): string | null {
  if (!motion || motion.submitters.length === 0) return null;
  const list = motion.submitters.map((code) => names.get(code) ?? code);
  const shown = list.length > 4 ? [...list.slice(0, 4), lang === 'nl' ? `en ${list.length - 4} anderen` : `and ${list.length - 4} others`] : list;
  return `${t('submittedBy', lang)}: ${shown.join(', ')}`;
}

export function motionCard(round: Round, motionId: number, state: LiveState, lang: Lang): MotionCardView {
  const motion = findMotion(state.detail, motionId);
  const tally = round.tallies?.find((x) => x.motionId === motionId) ?? null;
  return {
    motionId,
    ref: motion?.ref ?? tally?.ref ?? `#${motionId}`,
    kind: motion ? MOTION_KIND_LABELS[motion.kind][lang] : '',
    title: motion?.title ?? '',
    submitters: submittersText(motion, state.memberNames, lang),
    advice: motion && motion.boardAdvice !== 'none' ? BOARD_ADVICE_LABELS[motion.boardAdvice][lang] : null,
    amends: motion?.amends ? `${t('amends', lang)} ${motion.amends}` : null,
    bars: tally && round.state !== 'cancelled' ? barsOf(tally, lang) : null,
    threshold: tally && round.state !== 'cancelled' && !round.practice ? thresholdOf(round.majority, lang) : null,
    outcome: tally && !round.practice ? outcomeOf(tally, round, lang) : null,
    practiceNote: round.practice && round.state === 'closed' ? t('practiceNoDecision', lang) : null,
  };
}

// ---------- the whole screen ----------

export interface OverviewRow {
  motionId: number;
  ref: string;
  title: string;
  status: MotionStatus;
  statusText: string;
  /** e.g. "Voor 61,2%" after a vote. */
  result: string | null;
  current: boolean;
}

export interface OverviewGroup {
  number: string;
  title: string;
  motions: OverviewRow[];
}

export interface ProjectorView {
  title: string;
  subtitle: string;
  connection: ConnectionState;
  /** Figures on screen may be out of date: shown dimmed with a plain warning, never as live. */
  stale: boolean;
  banner: string | null;
  round: {
    id: number;
    state: Round['state'];
    heading: string;
    badges: string[];
    secret: boolean;
    /** "PROEFSTEMMING: telt niet mee voor een besluit", for a practice round. */
    practice: string | null;
    hidden: boolean;
    hiddenText: string | null;
    cancelNote: string | null;
    /** The chair's reason, shown after its label ("Reden:"). */
    cancelReason: { label: string; text: string } | null;
    motions: MotionCardView[];
    headHash: string | null;
  } | null;
  noRoundText: string | null;
  turnout: TurnoutView;
  overview: OverviewGroup[];
  /** The chair's "toon op scherm": one motion, whole, instead of the round. */
  motion: MotionTextView | null;
}

export interface MotionTextView {
  motionId: number;
  ref: string;
  kind: string;
  title: string;
  amends: string | null;
  submitters: string | null;
  supporters: string | null;
  advice: string | null;
  adviceText: string | null;
  /** The full text in paragraphs (blank lines between them), else the summary; empty when neither. */
  paragraphs: string[];
  /** "Nog geen tekst" when the motion has no text. */
  noText: string | null;
  status: string;
}

function paragraphsOf(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

function namesText(codes: readonly string[], names: ReadonlyMap<string, string>, label: string): string | null {
  if (codes.length === 0) return null;
  return `${label}: ${codes.map((code) => names.get(code) ?? code).join(', ')}`;
}

export function motionTextView(motion: Motion, state: LiveState, lang: Lang): MotionTextView {
  const paragraphs = paragraphsOf(motion.text).length ? paragraphsOf(motion.text) : paragraphsOf(motion.summary);
  const status = motionStatuses(state.detail, state.rounds).get(motion.id) ?? motion.status;
  return {
    motionId: motion.id,
    ref: motion.ref,
    kind: MOTION_KIND_LABELS[motion.kind][lang],
    title: motion.title,
    amends: motion.amends ? `${t('amends', lang)} ${motion.amends}` : null,
    submitters: namesText(motion.submitters, state.memberNames, t('submittedBy', lang)),
    supporters: namesText(motion.supporters, state.memberNames, t('supportedBy', lang)),
    advice: motion.boardAdvice !== 'none' ? BOARD_ADVICE_LABELS[motion.boardAdvice][lang] : null,
    adviceText: motion.boardAdvice !== 'none' ? (motion.boardAdviceText ?? null) : null,
    paragraphs,
    noText: paragraphs.length ? null : t('noText', lang),
    status: MOTION_STATUS_LABELS[status][lang],
  };
}

/** The audit head hash in groups of eight so that people can read it out. */
export function groupHash(hash: string): string {
  return hash.match(/.{1,8}/g)?.join(' ') ?? hash;
}

export function projectorView(state: LiveState, lang: Lang): ProjectorView {
  const meeting = state.meeting ?? state.detail;
  const round = currentRound(state.rounds);
  const stale = state.connection !== 'live';
  const statuses = motionStatuses(state.detail, state.rounds);
  const lastResult = new Map<number, string>();
  for (const r of state.rounds) {
    if (r.state !== 'closed') continue;
    if (r.practice) continue;
    for (const tally of r.tallies ?? []) {
      const decisive = tally.for.weight + tally.against.weight;
      lastResult.set(tally.motionId, `${CHOICE_LABELS.for[lang]} ${formatPercent(tally.for.weight, decisive, lang)}`);
    }
  }
  const hidden = Boolean(round && round.state === 'open' && !round.tallies);
  const badges: string[] = [];
  if (round?.secret) badges.push(t('secret', lang));
  if (round && !round.showLive && round.state === 'open') badges.push(t('hidden', lang));
  if (round?.majority === 'two_thirds') badges.push(majorityNote(round.majority, lang));
  const p = round?.practice ? 'practice' : 'round';
  const heading = !round
    ? ''
    : round.state === 'open'
      ? t(`${p}Open`, lang)
      : round.state === 'closed'
        ? t(`${p}Closed`, lang)
        : t(`${p}Cancelled`, lang);
  const shown = state.projector.show === 'motion' ? findMotion(state.detail, state.projector.motionId) : null;
  return {
    title: meeting?.title ?? t('appName', lang),
    subtitle: meeting ? [formatDate(meeting.date, lang), meeting.venue].filter(Boolean).join(' · ') : '',
    connection: state.connection,
    stale,
    banner: state.connection === 'disconnected' ? t('disconnected', lang) : state.connection === 'connecting' ? t('connecting', lang) : null,
    round: round && {
      id: round.id,
      state: round.state,
      heading,
      badges,
      secret: round.secret,
      practice: round.practice ? t('practiceFlag', lang) : null,
      hidden,
      hiddenText: hidden ? t('hidden', lang) : null,
      cancelNote: round.state === 'cancelled' ? t('roundCancelledNote', lang) : null,
      cancelReason: round.state === 'cancelled' && round.cancelReason ? { label: t('cancelReason', lang), text: round.cancelReason } : null,
      motions: round.motionIds.map((id) => motionCard(round, id, state, lang)),
      headHash: round.state === 'closed' && round.headHash ? groupHash(round.headHash) : null,
    },
    // Before the first snapshot nothing is known yet: say so rather than "no vote at the moment".
    noRoundText: round ? null : state.meeting ? t('noRound', lang) : t('connecting', lang),
    turnout: turnoutOf(round && round.state === 'open' ? round : round && round.state === 'closed' ? round : null, state.presence, lang),
    overview: (state.detail?.agenda ?? []).map((item) => ({
      number: item.number,
      title: item.title,
      motions: item.motions.map((m) => {
        const status = statuses.get(m.id) ?? m.status;
        return {
          motionId: m.id,
          ref: m.ref,
          title: m.title,
          status,
          statusText: MOTION_STATUS_LABELS[status][lang],
          result:
            status === 'adopted' || status === 'rejected'
              ? m.manualResult && !lastResult.has(m.id)
                ? t('manual', lang)
                : (lastResult.get(m.id) ?? null)
              : null,
          current: shown ? m.id === shown.id : Boolean(round?.motionIds.includes(m.id)),
        };
      }),
    })),
    motion: shown ? motionTextView(shown, state, lang) : null,
  };
}
