/**
 * The open rounds, in memory: one `OpenRound` each (its tallies, voters and pending ballots), the
 * owner the ballot path counts in. Filled at start from the database and after the commit of an
 * open; dropped after the commit of a close or a cancel. Built or dropped only after the commit:
 * an open or close that rolls back leaves the memory as it was (docs/architecture.md, "Caches").
 */
import { afterCommit } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import { OpenRound, type OpenRoundInfo } from './open-round.ts';
import type { RoundBallots } from './round-ballots.ts';
import type { RoundRow, RoundRows } from './round-rows.ts';

export type LiveRounds = ReturnType<typeof createLiveRounds>;

export function createLiveRounds(ctx: DomainContext, deps: { meetings: MeetingsService; rows: RoundRows; ballots: RoundBallots }) {
  const { db } = ctx;
  const { meetings, rows, ballots } = deps;
  const live = new Map<number, OpenRound>();

  function infoOf(row: RoundRow): OpenRoundInfo {
    return {
      id: row.id,
      meetingId: row.meeting_id,
      secret: row.secret === 1,
      allowChange: row.allow_change === 1,
      practice: rows.practice(row.id),
      // Never in a secret round: the parts of a split, published per ballot, would tell the member's weight.
      allowSplit: row.secret === 0 && meetings.get(row.meeting_id).allowSplit,
      motions: rows.motionRefs(row.id),
    };
  }

  /** An open round in memory from the database (at open, and at start): the stored ballots counted as when they were cast. */
  function load(row: RoundRow): OpenRound {
    const voters = row.secret ? ballots.participants(row.id).map((p) => ({ memberId: p.member_id, weight: p.weight, castAt: p.cast_at })) : [];
    return OpenRound.restore(infoOf(row), (sets) => ballots.eachStoredBallot(row, sets), voters);
  }
  for (const row of rows.allOpen()) live.set(row.id, load(row));

  return {
    get: (roundId: number): OpenRound | undefined => live.get(roundId),
    /** The round in memory, or (a round not yet built) one loaded from the database, not kept. */
    orLoad: (row: RoundRow): OpenRound => live.get(row.id) ?? load(row),
    /** After the commit of an open: the round built from its stored row. */
    addAfterCommit(roundId: number): void {
      afterCommit(db, () => live.set(roundId, load(rows.row(roundId))));
    },
    /** After the commit of a close or a cancel: the round forgotten. */
    dropAfterCommit(roundId: number): void {
      afterCommit(db, () => live.delete(roundId));
    },
  };
}
