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
