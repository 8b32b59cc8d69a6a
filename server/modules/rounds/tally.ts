/**
 * Tallies, in whole numbers only. Pure: no database, no Fastify. The live tally of an open round is
 * a `MotionTotals` per motion updated in O(1) per ballot; `buildTally` turns totals plus present and
 * entitled weight into the contract's tally object with the decision rules of shared/decision.ts.
 */
import { isAdopted, quorumMet, type DecisionRule } from '../../../shared/decision.ts';
import type { BallotChoice, Choice, Tally, WeightCount } from '../../../shared/schemas.ts';

export const CHOICE_VALUES: readonly Choice[] = ['for', 'against', 'abstain'];

export interface MotionTotals {
  for: WeightCount;
  against: WeightCount;
  abstain: WeightCount;
  /** The ballots on the motion (a split ballot counts once here, and once in each choice it gives weight to). */
  cast: WeightCount;
}

export const emptyCount = (): WeightCount => ({ weight: 0, count: 0 });
export const emptyTotals = (): MotionTotals => ({ for: emptyCount(), against: emptyCount(), abstain: emptyCount(), cast: emptyCount() });

/**
 * Adds (sign 1) or removes (sign -1) one member's choices with its weight. A split gives each part
 * to its choice (1 in the count of every choice with a part), and the sum of its parts to `cast`
 * (1 in its count).
 */
export function applyChoices(totals: Map<number, MotionTotals>, choices: readonly BallotChoice[], weight: number, sign: 1 | -1): void {
  for (const c of choices) {
    const t = totals.get(c.motionId);
    if (!t) continue;
    if ('split' in c) {
      const { split } = c;
      let cast = 0;
      for (const k of CHOICE_VALUES) {
        const part = split[k];
        if (part === 0) continue;
        t[k].weight += sign * part;
        t[k].count += sign;
        cast += part;
      }
      t.cast.weight += sign * cast;
    } else {
      t[c.choice].weight += sign * weight;
      t[c.choice].count += sign;
      t.cast.weight += sign * weight;
    }
    t.cast.count += sign;
  }
}

/** The contract's tally for one motion; `final` decides the outcome (only at close). */
export function buildTally(
  motion: { id: number; ref: string },
  totals: MotionTotals,
  present: WeightCount,
  entitled: WeightCount,
  rule: DecisionRule,
  final: boolean,
): Tally {
  const cast = { ...totals.cast };
  const quorum = quorumMet(present, entitled, rule.quorumPercent);
  const adopted = isAdopted(totals.for.weight, totals.against.weight, rule, quorum);
  return {
    motionId: motion.id,
    ref: motion.ref,
    for: { ...totals.for },
    against: { ...totals.against },
    abstain: { ...totals.abstain },
    cast,
    present: { ...present },
    entitled: { ...entitled },
    outcome: final ? (adopted ? 'adopted' : 'rejected') : null,
    tie: totals.for.weight === totals.against.weight && totals.for.weight > 0,
    quorumMet: quorum,
  };
}

/**
 * One shared, frozen list per distinct set of choices (by its stored JSON): a round on k motions has
 * at most 3^k of them, so 100,000 ballots share a handful of lists instead of holding 100,000 copies
 * (about 10 MB in a roll call or an open round). Parses each distinct text once.
 *
 * Never invalidated: a set of choices never changes (the lists are frozen); the sets belong to one
 * open round (`OpenRound.choiceSets`) or to one recount and go with it; past `max` entries nothing
 * more is kept.
 */
export class ChoiceSets {
  private readonly sets = new Map<string, BallotChoice[]>();
  constructor(private readonly max = 10_000) {}

  /** The shared list for this JSON text (frozen: changing it throws). */
  get(json: string, parsed?: readonly BallotChoice[]): BallotChoice[] {
    const known = this.sets.get(json);
    if (known) return known;
    // Frozen at run time (a change throws); typed as a plain list for the wire types that carry it.
    const list = Object.freeze(
      (parsed ?? (JSON.parse(json) as BallotChoice[])).map((c) =>
        Object.freeze('split' in c ? { motionId: c.motionId, split: Object.freeze({ for: c.split.for, against: c.split.against, abstain: c.split.abstain }) } : { motionId: c.motionId, choice: c.choice }),
      ),
    ) as BallotChoice[];
    if (this.sets.size < this.max) this.sets.set(json, list);
    return list;
  }
}

/** Recounts from stored ballots: each ballot is one member's choices with its weight. */
export function recount(motionIds: readonly number[], ballots: Iterable<{ weight: number; choices: readonly BallotChoice[] }>): Map<number, MotionTotals> {
  const totals = new Map(motionIds.map((id) => [id, emptyTotals()]));
  for (const b of ballots) applyChoices(totals, b.choices, b.weight, 1);
  return totals;
}
