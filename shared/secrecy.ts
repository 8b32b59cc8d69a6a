/**
 * What the chair needs to be warned of before a secret round: with few voters, the weighted totals
 * of a secret round can tell how members chose (issue 12, point 4; docs/security.md "Small rounds").
 *
 * A tally publishes, per choice, the number of members and the sum of their weights. When only one
 * set of `k` voters has exactly that sum, those members' choice is known, secret or not. Weights are
 * nearly unique (in the VNG's table 12 municipalities have a weight nobody else has), so with few
 * voters that is common: in `test/secrecy/small-rounds.test.ts`, with the demo's weights and a
 * lopsided vote (80% for, 15% against, 5% abstain), some voter's choice follows from the totals in
 * 68% of 200 drawn rounds of 10 voters, 44% of 15, and 5.5% of 50 (11% in another 300 draws). A
 * lone dissenter whose weight nobody else present has is singled out at any size. Hence 50.
 */
import * as z from 'zod/mini';
import { integer, meta } from './schema-helpers.ts';

/** Fewer members than this present at a secret round: warn the chair; fewer voted: mark it in the report. */
export const SECRET_ROUND_MIN_MEMBERS = 50;

/** `GET /api/meetings/:id/secret-round-check` (admin): what the console shows before opening a secret round. */
export const SecretRoundCheckSchema = meta(
  z.object({
    /** Members present now, and their weight. */
    present: z.object({ count: integer(), weight: integer() }),
    /** SECRET_ROUND_MIN_MEMBERS. */
    minimumPresent: integer(),
    /** True when fewer members than `minimumPresent` are present: the chair should be warned. */
    fewPresent: z.boolean(),
    /**
     * Present members whose weight no other present member has: when one of them is the only member
     * to make a choice, the totals name it, however many members vote.
     */
    uniqueWeights: integer(),
  }),
  { id: 'SecretRoundCheck' },
);
export type SecretRoundCheck = z.infer<typeof SecretRoundCheckSchema>;

/** The check for the members present now, given their weights. */
export function secretRoundCheck(presentWeights: Iterable<number>): SecretRoundCheck {
  const members = new Map<number, number>();
  let count = 0;
  let weight = 0;
  for (const w of presentWeights) {
    count++;
    weight += w;
    members.set(w, (members.get(w) ?? 0) + 1);
  }
  let uniqueWeights = 0;
  for (const n of members.values()) if (n === 1) uniqueWeights++;
  return { present: { count, weight }, minimumPresent: SECRET_ROUND_MIN_MEMBERS, fewPresent: count < SECRET_ROUND_MIN_MEMBERS, uniqueWeights };
}

/** A secret round with so few voters that its weighted totals may tell how some of them chose. */
export function isSmallSecretRound(round: { secret: boolean; voted: { count: number } }): boolean {
  return round.secret && round.voted.count > 0 && round.voted.count < SECRET_ROUND_MIN_MEMBERS;
}

/** The default of a meeting's `secretMinBallots`: a secret round with fewer ballots closes only when the chair confirms. */
export const SECRET_MIN_BALLOTS_DEFAULT = 5;

/**
 * `GET /api/rounds/:id/secrecy-check` (admin), and the figures of `409 small_secret_round`: how many
 * ballots an open secret round has, the meeting's minimum, and the voters whose choice on a motion
 * the totals would make known (never the choice itself).
 */
export const SecrecyCheckSchema = meta(
  z.object({
    ballots: integer(),
    min: integer(),
    revealed: z.array(z.object({ memberCode: z.string(), name: z.string(), motionId: integer() })),
  }),
  { id: 'SecrecyCheck' },
);
export type SecrecyCheck = z.infer<typeof SecrecyCheckSchema>;

type Choice = 'for' | 'against' | 'abstain';
const CHOICE_INDEX: Record<Choice, number> = { for: 0, against: 1, abstain: 2 };

/** Gave up: the exact answer takes longer than allowed. */
class OutOfTime extends Error {}

/**
 * The weights whose voters' choice on one motion its totals make known, given who voted. `ballots`
 * are the motion's ballots as (weight, choice). Published are, per choice, the number of ballots and
 * their weight; everyone knows who voted and each member's weight. Voters of one weight are
 * interchangeable, so a voter's choice is known exactly when every assignment of the voters to
 * choices that gives the same totals puts all voters of that weight on the same choice.
 *
 * Exact (a search over the weights' counts per choice) until `deadline` (a `Date.now()`
 * value); past it, the floor the contract asks for: the voters of a choice that one voter made (every
 * voter of that ballot's weight, since which of them is not stored), and every voter when all chose
 * alike. Returns the weights, and whether the answer is exact.
 */
export function revealedWeights(ballots: Iterable<{ weight: number; choice: Choice }>, deadline: number): { weights: Set<number>; exact: boolean } {
  const byWeight = new Map<number, [number, number, number]>();
  const count = [0, 0, 0];
  const weight = [0, 0, 0];
  for (const b of ballots) {
    const i = CHOICE_INDEX[b.choice];
    const c = byWeight.get(b.weight) ?? [0, 0, 0];
    c[i]++;
    byWeight.set(b.weight, c);
    count[i]++;
    weight[i] += b.weight;
  }
  const floor = (): Set<number> => {
    const out = new Set<number>();
    const used = [0, 1, 2].filter((i) => count[i] > 0);
    for (const [w, c] of byWeight) {
      if (used.length === 1 || used.some((i) => count[i] === 1 && c[i] === 1)) out.add(w);
    }
    return out;
  };
  const classes = [...byWeight].map(([w, c]) => ({ w, k: c[0] + c[1] + c[2], c })).sort((a, b) => b.w - a.w);
  try {
    const out = new Set<number>();
    for (const [t, cls] of classes.entries()) {
      const only = [0, 1, 2].find((i) => cls.c[i] === cls.k);
      if (only === undefined) continue; // its voters chose differently: none of them is known
      if (!anotherAssignment(classes, t, only, count, weight, deadline)) out.add(cls.w);
    }
    return { weights: out, exact: true };
  } catch (e) {
    if (e instanceof OutOfTime) return { weights: floor(), exact: false };
    throw e;
  }
}

/**
 * Whether the voters, by weight class, can be assigned to the three choices so that each choice has
 * its count and weight, with at least one voter of class `target` not on choice `only`.
 */
function anotherAssignment(classes: { w: number; k: number }[], target: number, only: number, count: number[], weight: number[], deadline: number): boolean {
  const failed = new Set<string>();
  let steps = 0;
  // Remaining counts and weights for choices 0 and 1; choice 2 takes the rest (the totals add up).
  const search = (i: number, c0: number, w0: number, c1: number, w1: number): boolean => {
    if (c0 < 0 || c1 < 0 || w0 < 0 || w1 < 0) return false;
    if (i === classes.length) return c0 === 0 && c1 === 0 && w0 === 0 && w1 === 0;
    if (++steps % 1024 === 0 && Date.now() > deadline) throw new OutOfTime();
    const key = `${i},${c0},${w0},${c1},${w1}`;
    if (failed.has(key)) return false;
    const { w, k } = classes[i];
    for (let x = Math.min(k, c0); x >= 0; x--) {
      for (let y = Math.min(k - x, c1); y >= 0; y--) {
        const z = k - x - y;
        if (i === target && [x, y, z][only] === k) continue;
        if (search(i + 1, c0 - x, w0 - x * w, c1 - y, w1 - y * w)) return true;
      }
    }
    failed.add(key);
    return false;
  };
  return search(0, count[0], weight[0], count[1], weight[1]);
}
