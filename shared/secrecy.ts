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
