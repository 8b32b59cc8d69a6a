/**
 * The agenda on the projector as plain data: each motion's status after the rounds, the overview of
 * all motions, and one motion whole (the chair's "toon op scherm"). Pure, like the rest of the view
 * model (view-model.ts).
 */
import type { Lang } from '../../shared/errors.ts';
import { formatPercent } from '../../client-kit/format.ts';
import { BOARD_ADVICE_LABELS, CHOICE_LABELS, MOTION_KIND_LABELS, MOTION_STATUS_LABELS } from '../../shared/labels.ts';
import type { MeetingDetail, Motion, MotionStatus, Round } from '../../shared/schemas.ts';
import type { LiveState } from './live-state.ts';
import { projectorT as t } from './i18n.ts';

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
/**
 * The agenda with every motion's status and last result; `current` marks the motion shown whole, else
 * the motions of the round on screen.
 */
export function overviewOf(state: LiveState, round: Round | null, shown: Motion | null, lang: Lang): OverviewGroup[] {
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
  return (state.detail?.agenda ?? []).map((item) => ({
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
  }));
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

