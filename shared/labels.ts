/** Words the three clients show for domain values, Dutch first. */
import type { BallotChoice, BoardAdvice, Choice, Majority, MotionKind, MotionStatus, Outcome, RoundState } from './schemas.ts';
import type { Lang } from './errors.ts';

type Labels<K extends string> = Record<K, Record<Lang, string>>;

export const CHOICE_LABELS: Labels<Choice> = {
  for: { nl: 'Voor', en: 'For' },
  against: { nl: 'Tegen', en: 'Against' },
  abstain: { nl: 'Onthouding', en: 'Abstain' },
};
export const MOTION_KIND_LABELS: Labels<MotionKind> = {
  proposal: { nl: 'Voorstel', en: 'Proposal' },
  resolution: { nl: 'Resolutie', en: 'Resolution' },
  motion: { nl: 'Motie', en: 'Motion' },
  amendment: { nl: 'Amendement', en: 'Amendment' },
  practice: { nl: 'Proefstemming', en: 'Practice vote' },
};
/** What the kiosk says in a practice round (docs/api.md, "Practice rounds"). */
export const PRACTICE_NOTICE: Record<Lang, string> = {
  nl: 'Dit is een proefstemming: uw stem telt niet mee voor een besluit.',
  en: 'This is a practice vote: your vote does not count towards any decision.',
};
export const BOARD_ADVICE_LABELS: Labels<BoardAdvice> = {
  adopt: { nl: 'Preadvies: overnemen', en: 'Board advice: adopt' },
  reject: { nl: 'Preadvies: ontraden', en: 'Board advice: reject' },
  neutral: { nl: 'Preadvies: oordeel aan de vergadering', en: 'Board advice: left to the meeting' },
  none: { nl: 'Geen preadvies', en: 'No board advice' },
};
export const MOTION_STATUS_LABELS: Labels<MotionStatus> = {
  submitted: { nl: 'Ingediend', en: 'Submitted' },
  in_vote: { nl: 'In stemming', en: 'In vote' },
  adopted: { nl: 'Aangenomen', en: 'Adopted' },
  rejected: { nl: 'Verworpen', en: 'Rejected' },
  withdrawn: { nl: 'Ingetrokken', en: 'Withdrawn' },
};
export const OUTCOME_LABELS: Labels<Outcome> = {
  adopted: { nl: 'Aangenomen', en: 'Adopted' },
  rejected: { nl: 'Verworpen', en: 'Rejected' },
};
/** The outcome of a practice round, or of a closed round without one: it decides nothing. */
export const NO_DECISION_LABEL: Record<Lang, string> = { nl: 'geen besluit', en: 'no decision' };

/**
 * A tally's outcome as one lower-case word, the same in every file and on the command line:
 * `aangenomen`, `verworpen`, and `geen besluit` for a practice round, whatever its tally says.
 */
export function outcomeWord(practice: boolean, outcome: Outcome | null, lang: Lang): string {
  if (practice || !outcome) return NO_DECISION_LABEL[lang];
  return OUTCOME_LABELS[outcome][lang].toLowerCase();
}
export const MAJORITY_LABELS: Labels<Majority> = {
  simple: { nl: 'Gewone meerderheid', en: 'Simple majority' },
  two_thirds: { nl: 'Tweederdemeerderheid', en: 'Two-thirds majority' },
};
export const ROUND_STATE_LABELS: Labels<RoundState> = {
  draft: { nl: 'Voorbereid', en: 'Draft' },
  open: { nl: 'Geopend', en: 'Open' },
  closed: { nl: 'Gesloten', en: 'Closed' },
  cancelled: { nl: 'Geannuleerd', en: 'Cancelled' },
};
export const TIE_LABEL: Record<Lang, string> = { nl: 'staking van stemmen', en: 'tied vote' };

/**
 * One choice in words: `words[choice]`, or a split as its parts that are not 0, in the order for,
 * against, abstain: `voor 50 / tegen 20 / onthouding 5` (numbers through `number`, plain by default).
 */
export function describeChoice(c: BallotChoice, words: Record<Choice, string>, number: (n: number) => string = String): string {
  if (!('split' in c)) return words[c.choice];
  return (['for', 'against', 'abstain'] as const)
    .filter((k) => c.split[k] > 0)
    .map((k) => `${words[k]} ${number(c.split[k])}`)
    .join(' / ');
}
