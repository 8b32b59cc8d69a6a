/**
 * Pure view model of the projector: from the live state (live-state.ts: snapshot, round and presence
 * events, the meeting's agenda) to plain data that render.ts turns into DOM. No DOM, no sockets, so it
 * is unit tested. The round's figures are in tally-view.ts, the agenda's in agenda-view.ts; this file
 * puts the whole screen together and is where the page and the tests take all of it from.
 */
import type { Lang } from '../../shared/errors.ts';
import { formatDate } from '../../client-kit/format.ts';
import type { Round } from '../../shared/schemas.ts';
import { findMotion, motionTextView, overviewOf, type MotionTextView, type OverviewGroup } from './agenda-view.ts';
import { currentRound, type ConnectionState, type LiveState } from './live-state.ts';
import { majorityNote, motionCard, turnoutOf, type MotionCardView, type TurnoutView } from './tally-view.ts';
import { projectorT as t } from './i18n.ts';

export * from './agenda-view.ts';
export * from './live-state.ts';
export * from './tally-view.ts';

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

/** The audit head hash in groups of eight so that people can read it out. */
export function groupHash(hash: string): string {
  return hash.match(/.{1,8}/g)?.join(' ') ?? hash;
}

export function projectorView(state: LiveState, lang: Lang): ProjectorView {
  const meeting = state.meeting ?? state.detail;
  const round = currentRound(state.rounds);
  const stale = state.connection !== 'live';
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
    overview: overviewOf(state, round, shown, lang),
    motion: shown ? motionTextView(shown, state, lang) : null,
  };
}