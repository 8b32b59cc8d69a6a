/**
 * The round on the projector as plain data: each motion's bars, majority line and outcome, and the
 * turnout with the quorum. Pure, like the rest of the view model (view-model.ts).
 */
import type { Lang } from '../../shared/errors.ts';
import { formatNumber, formatPercent, membersText, share, weightText } from '../../client-kit/format.ts';
import { BOARD_ADVICE_LABELS, CHOICE_LABELS, MAJORITY_LABELS, MOTION_KIND_LABELS, OUTCOME_LABELS, TIE_LABEL } from '../../shared/labels.ts';
import { majorityLine, quorumMet } from '../../shared/decision.ts';
import type { Majority, Motion, PresenceSummary, Round, Tally } from '../../shared/schemas.ts';
import { findMotion } from './agenda-view.ts';
import type { LiveState } from './live-state.ts';
import { projectorT as t } from './i18n.ts';

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
export function majorityNote(majority: Majority, lang: Lang): string {
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
