/**
 * The stored ballots of a round, read one at a time, and what a secret round's ending does to them
 * (sealed at close, deleted at a cancel, and the WAL emptied after the commit).
 */
import type { BallotChoice } from '../../../shared/schemas.ts';
import { truncateWalSoon } from '../../db/database.ts';
import { afterCommit } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import type { StoredBallot } from './open-round.ts';
import type { RoundRow } from './round-rows.ts';
import type { SecretBallots } from './secret-ballots.ts';
import { ChoiceSets } from './tally.ts';

/** A member who voted in a secret round, with the weight frozen at that ballot (`participations`). */
export interface VoterRow {
  member_id: number;
  cast_at: string;
  weight: number;
}

export type RoundBallots = ReturnType<typeof createRoundBallots>;

export function createRoundBallots(ctx: DomainContext, secretBallots: SecretBallots) {
  const { db } = ctx;
  const latestOpenBallots = db.prepare(`SELECT b.member_id, b.weight, b.choices, b.receipt, b.cast_at FROM ballots b
    JOIN (SELECT MAX(id) AS id FROM ballots WHERE round_id = ? GROUP BY member_id) l ON l.id = b.id`);
  const participants = db.prepare(`SELECT p.member_id, p.cast_at, mm.weight FROM participations p
    JOIN rounds r ON r.id = p.round_id JOIN meeting_members mm ON mm.meeting_id = r.meeting_id AND mm.member_id = p.member_id
    WHERE p.round_id = ?`);

  /**
   * The stored ballots of a round (the latest per member; secret ones without member), one at a
   * time, so a recount of 100,000 ballots holds one in memory. The caller runs no other statement
   * while iterating: the query holds the connection. A secret round's ballots carry a weight only
   * while it is open: once it ended they are sealed (see `eachPublishedBallot`).
   */
  function* eachStoredBallot(row: RoundRow, sets = new ChoiceSets()): Generator<StoredBallot> {
    if (row.secret) {
      if (row.state !== 'open') throw new Error(`round ${row.id} is ${row.state}: its secret ballots are sealed, without weight`);
      for (const b of secretBallots.eachOpen(row.id)) {
        yield { memberId: null, weight: b.weight, choices: sets.get(b.choices), receipt: b.receipt, castAt: null };
      }
      return;
    }
    for (const b of latestOpenBallots.iterate(row.id) as Iterable<{ member_id: number; weight: number; choices: string; receipt: string; cast_at: string }>) {
      yield { memberId: b.member_id, weight: b.weight, choices: sets.get(b.choices), receipt: b.receipt, castAt: b.cast_at };
    }
  }
  const storedBallots = (row: RoundRow): StoredBallot[] => [...eachStoredBallot(row)];

  /**
   * The ballots of a round as published after close, sorted by receipt: receipt and choices. A
   * secret round's come from their sealed rows; an open round's are its members' latest ballots.
   */
  function* eachPublishedBallot(row: RoundRow, sets = new ChoiceSets()): Generator<{ receipt: string; choices: BallotChoice[] }> {
    if (row.secret && row.state !== 'open') {
      for (const b of secretBallots.eachSealed(row.id)) yield { receipt: b.receipt, choices: sets.get(b.choices) };
      return;
    }
    const ballots = Array.from(eachStoredBallot(row, sets), (b) => ({ receipt: b.receipt ?? '', choices: b.choices }));
    // Receipts are upper-case letters, digits and dashes: code-point order is their alphabetical order.
    yield* ballots.sort((a, b) => (a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0));
  }

  /**
   * Inside the transaction that ends a secret round that was open: seals its ballots (receipt order,
   * no weight) at close, deletes them at a cancel (a cancelled round keeps who voted, no choice);
   * after the commit the WAL, which holds a copy of each page as every ballot's commit left it, in
   * the order of voting, is emptied.
   */
  function forgetCastOrder(row: RoundRow, cause: 'close' | 'cancel'): void {
    if (!row.secret || row.state !== 'open') return;
    if (cause === 'close') secretBallots.seal(row.id);
    else secretBallots.discard(row.id);
    afterCommit(db, () => truncateWalSoon(db, { log: ctx.log }));
  }

  return {
    eachStoredBallot,
    storedBallots,
    eachPublishedBallot,
    forgetCastOrder,
    /** Who voted in a round (kept for a secret one), with their frozen weights. */
    participants: (roundId: number): VoterRow[] => participants.all(roundId) as VoterRow[],
  };
}
