/**
 * Which motions may be put to the vote together. Pure: checked when a round is created, and again
 * when a motion of a draft round is edited (its kind or the proposal it amends).
 */
import { ApiError } from '../../../shared/errors.ts';
import type { MotionKind } from '../../../shared/schemas.ts';

export interface RoundMotion {
  id: number;
  ref: string;
  kind: MotionKind;
  amends: string | null;
  amendsMotionId: number | null;
}

/** True when the motions form a practice round (they are all practice motions). */
export const isPracticeRound = (motions: readonly Pick<RoundMotion, 'kind'>[]): boolean => motions.length > 0 && motions.every((m) => m.kind === 'practice');

/**
 * Throws `validation` when the motions cannot be in one round: practice motions with others (a
 * proefstemming decides nothing, a real vote must), or an amendment with the proposal it amends
 * (the amendment is voted first). `where` prefixes the message (the field, or the draft round).
 */
export function checkRoundComposition(motions: readonly RoundMotion[], where = 'motionIds'): void {
  const practice = motions.filter((m) => m.kind === 'practice');
  if (practice.length > 0 && practice.length < motions.length) {
    const other = motions.find((m) => m.kind !== 'practice')!;
    throw new ApiError('validation', {
      nl: `${where}: proefstemming ${practice[0].ref} kan niet samen met ${other.ref} in één stemronde; een proefstemming telt niet mee voor een besluit.`,
      en: `${where}: practice motion ${practice[0].ref} cannot be in one round with ${other.ref}; a practice vote decides nothing.`,
    });
  }
  const ids = new Set(motions.map((m) => m.id));
  for (const m of motions) {
    if (m.amendsMotionId !== null && ids.has(m.amendsMotionId)) {
      throw new ApiError('validation', {
        nl: `${where}: amendement ${m.ref} en het voorstel ${m.amends} dat het wijzigt kunnen niet in één stemronde; stem eerst over het amendement.`,
        en: `${where}: amendment ${m.ref} and the proposal ${m.amends} it amends cannot be in one round; vote on the amendment first.`,
      });
    }
  }
}
