import type { WeightScheme } from '../../../shared/schemas.ts';

/** The VNG rule: one vote per 1,000 inhabitants (completed thousands), at least 1, at most 75. */
export const VNG_SCHEME: WeightScheme = { kind: 'proportional', perInhabitants: 1000, min: 1, max: 75, rounding: 'floor' };

/** A member's weight under a scheme, in whole numbers only. */
export function weightFor(scheme: WeightScheme, population: number): number {
  if (scheme.kind === 'proportional') {
    const q = Math.floor(population / scheme.perInhabitants);
    const raw = scheme.rounding === 'ceil' && population % scheme.perInhabitants !== 0 ? q + 1 : q;
    return Math.min(scheme.max, Math.max(scheme.min, raw));
  }
  let weight = scheme.brackets[0].weight;
  for (const b of scheme.brackets) if (b.minPopulation <= population) weight = b.weight;
  return weight;
}
