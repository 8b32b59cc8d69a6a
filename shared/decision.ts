/**
 * The decision rules of docs/api.md ("Rounds"), in whole numbers only: one place for the server's
 * tally and the chair's "if it closed now". Abstentions count in neither side.
 */
import type { Majority, WeightCount } from './schemas.ts';

export interface DecisionRule {
  majority: Majority;
  quorumPercent: number;
}

export function quorumMet(present: WeightCount, entitled: WeightCount, quorumPercent: number): boolean {
  return 100 * present.weight >= quorumPercent * entitled.weight;
}

export function isAdopted(forWeight: number, againstWeight: number, rule: Pick<DecisionRule, 'majority'>, quorum: boolean): boolean {
  if (!quorum) return false;
  if (rule.majority === 'two_thirds') return forWeight > 0 && 3 * forWeight >= 2 * (forWeight + againstWeight);
  return forWeight > againstWeight;
}

/**
 * Where the line of a majority rule lies on a bar of for + against (0..100), and whether reaching it
 * exactly is enough: a simple majority needs more than half, two thirds is enough at two thirds.
 * Screens draw this line; `isAdopted` decides (the same rule).
 */
export function majorityLine(majority: Majority): { percent: number; reachedIsEnough: boolean } {
  return majority === 'two_thirds' ? { percent: 200 / 3, reachedIsEnough: true } : { percent: 50, reachedIsEnough: false };
}
