/**
 * Voting rounds: the one entry (`createRounds`, called by server/domain.ts) that puts the parts of
 * this folder together and gives the rest of the server one service. The parts, by what changes
 * together:
 * - round-rows.ts: the rows of rounds and their motions, read by every part;
 * - round-ballots.ts: a round's stored ballots, and what a secret round's end does to them;
 * - live-rounds.ts: the open rounds in memory (`OpenRound`), built and dropped after commit;
 * - round-views.ts: a round as each audience sees it, and its roll call (with their two caches);
 * - round-lifecycle.ts: create, open, close (tallies recorded), cancel, herstemming;
 * - round-secrecy.ts: what a secret round's figures may give away.
 */
import type { RoundState } from '../../../shared/schemas.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { DomainContext } from '../context.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import { createLiveRounds } from './live-rounds.ts';
import type { OpenRound } from './open-round.ts';
import { createRoundBallots } from './round-ballots.ts';
import { createRoundLifecycle, type BallotQueue } from './round-lifecycle.ts';
import { createRoundRows } from './round-rows.ts';
import { createRoundSecrecy } from './round-secrecy.ts';
import { createRoundViews } from './round-views.ts';
import type { SecretBallots } from './secret-ballots.ts';

export type { StoredBallot } from './open-round.ts';
export type { RoundRow } from './round-rows.ts';
export type { Audience } from './round-views.ts';
export { REVOTE_REASON, type BallotQueue } from './round-lifecycle.ts';

export type RoundsService = ReturnType<typeof createRounds>;

export function createRounds(
  ctx: DomainContext,
  deps: { meetings: MeetingsService; members: MembersService; cards: CardsService; presence: PresenceService; writer: BallotQueue; secretBallots: SecretBallots },
) {
  const { meetings, members, cards, presence, writer, secretBallots } = deps;
  const rows = createRoundRows(ctx.db);
  const ballots = createRoundBallots(ctx, secretBallots);
  const live = createLiveRounds(ctx, { meetings, rows, ballots });
  const views = createRoundViews(ctx, { meetings, members, cards, presence, rows, ballots, live });
  const secrecy = createRoundSecrecy({ meetings, members, cards, presence, rows, ballots, secretBallots });
  const lifecycle = createRoundLifecycle(ctx, { meetings, cards, presence, writer, rows, ballots, live, views, secrecy });

  return {
    live: (roundId: number): OpenRound | undefined => live.get(roundId),
    openRoundOf(meetingId: number): OpenRound | undefined {
      const id = rows.openOf(meetingId);
      return id === undefined ? undefined : live.get(id);
    },
    row: rows.row,
    findRow: rows.findRow,
    storedBallots: ballots.storedBallots,
    eachStoredBallot: ballots.eachStoredBallot,
    eachPublishedBallot: ballots.eachPublishedBallot,
    recordedTallies: views.recordedTallies,
    view: views.view,
    viewsOfMeeting: views.viewsOfMeeting,
    rollCall: views.rollCall,
    secretRoundCheck: secrecy.secretRoundCheck,
    secrecyCheck: secrecy.secrecyCheck,

    summaries(meetingId: number): { id: number; number: number; state: RoundState; motionIds: number[]; practice: boolean }[] {
      return rows.ofMeeting(meetingId).map((r) => ({ id: r.id, number: r.number, state: r.state, motionIds: rows.motionIds(r.id), practice: rows.practice(r.id) }));
    },
    roundsOfMotion: rows.roundsOfMotion,

    ...lifecycle,
  };
}
