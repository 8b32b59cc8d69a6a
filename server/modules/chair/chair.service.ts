/**
 * What the chair console needs beyond the contract: a manual result (show of cards), a revote
 * ("herstemming") in one step, a manual check-in or check-out, and the card list of a meeting.
 * Built on the core's services; every change is audited and announced on the domain's bus.
 */
import { ApiError } from '../../../shared/errors.ts';
import { type ManualResult, type Motion, type Round } from '../../../shared/schemas.ts';
import type { CardState, ManualResultInput } from '../../../shared/chair.ts';
import type { Actor } from '../audit/audit.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { DomainContext } from '../context.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { RoundsService } from '../rounds/rounds.service.ts';
import { inTransaction } from '../../db/transaction.ts';


export type ChairService = ReturnType<typeof createChair>;

export function createChair(
  ctx: DomainContext,
  deps: { meetings: MeetingsService; members: MembersService; cards: CardsService; presence: PresenceService; rounds: RoundsService },
) {
  const { db, audit, events, now } = ctx;
  const { meetings, members, cards, presence, rounds } = deps;
  const inOpenRound = db
    .prepare(`SELECT r.id FROM round_motions rm JOIN rounds r ON r.id = rm.round_id WHERE rm.motion_id = ? AND r.state = 'open'`)
    .pluck();
  // The latest card of each member that ever had one in the meeting.
  const cardList = db.prepare(`SELECT m.code, m.name, mm.weight, c.issued_at, c.revoked_at FROM cards c
    JOIN (SELECT member_id, MAX(id) AS id FROM cards WHERE meeting_id = ? GROUP BY member_id) l ON l.id = c.id
    JOIN members m ON m.id = c.member_id
    JOIN meeting_members mm ON mm.meeting_id = c.meeting_id AND mm.member_id = c.member_id
    ORDER BY m.name COLLATE NOCASE, m.code`);

  return {
    /**
     * Records the outcome of a motion decided by a show of cards. Not for a withdrawn motion, nor
     * for one in an open round (close or cancel that round first).
     */
    recordManualResult(motionId: number, input: ManualResultInput, actor: Actor): Motion {
      const motion = meetings.motion(motionId);
      if (motion.status === 'withdrawn') {
        throw new ApiError('invalid_state', { nl: `${motion.ref} is ingetrokken; er kan geen uitslag worden vastgelegd.`, en: `${motion.ref} was withdrawn; no result can be recorded.` });
      }
      if (motion.kind === 'practice') {
        throw new ApiError('invalid_state', { nl: `${motion.ref} is een proefstemming en beslist niets; er kan geen uitslag worden vastgelegd.`, en: `${motion.ref} is a practice vote and decides nothing; no result can be recorded.` });
      }
      const openRoundId = inOpenRound.get(motionId) as number | undefined;
      if (motion.status === 'in_vote' || openRoundId !== undefined) {
        throw new ApiError('invalid_state', {
          nl: `${motion.ref} is in stemming${openRoundId ? ` (stemronde ${openRoundId})` : ''}; sluit of annuleer die stemronde eerst.`,
          en: `${motion.ref} is in an open round${openRoundId ? ` (round ${openRoundId})` : ''}; close or cancel that round first.`,
        });
      }
      const result: ManualResult = {
        outcome: input.outcome,
        for: input.for ?? null,
        against: input.against ?? null,
        abstain: input.abstain ?? null,
        note: input.note ? input.note : null,
        recordedAt: now(),
      };
      inTransaction(db, () => {
        meetings.setManualResult(motionId, result.outcome, result);
        audit.append(motion.meetingId, actor, 'motion.manual_result', { motionId, ref: motion.ref, manual: true, ...result });
        events.emit('manual-result', { meetingId: motion.meetingId, motionId });
        events.emit('meeting-changed', { meetingId: motion.meetingId });
      });
      return meetings.motion(motionId);
    },

    /** Herstemming: see `rounds.revote`. */
    revote: (roundId: number, actor: Actor): Round => rounds.revote(roundId, actor),

    /** Staff checks a member in or out by hand (a broken card); audited with the actor. */
    setPresence(meetingId: number, memberCode: string, direction: 'in' | 'out', actor: Actor) {
      meetings.get(meetingId);
      const member = members.byCode(memberCode);
      if (!member) throw new ApiError('not_found', { nl: `Lid ${memberCode} bestaat niet.`, en: `Member ${memberCode} does not exist.` });
      const weight = cards.entitled(meetingId).get(member.id);
      if (weight === undefined && direction === 'in') {
        throw new ApiError('invalid_state', {
          nl: `${member.name} heeft geen geldige stemkaart voor deze vergadering; geef eerst een kaart uit.`,
          en: `${member.name} has no active voting card for this meeting; issue a card first.`,
        });
      }
      const result = presence.record(meetingId, member, direction, actor);
      return { member: { code: member.code, name: member.name, weight: weight ?? member.weight }, ...result };
    },

    /** Every member that had a card in the meeting, with the state of its latest card. */
    cardList(meetingId: number): CardState[] {
      meetings.get(meetingId);
      return (cardList.all(meetingId) as { code: string; name: string; weight: number; issued_at: string; revoked_at: string | null }[]).map((r) => ({
        memberCode: r.code,
        name: r.name,
        weight: r.weight,
        active: r.revoked_at === null,
        issuedAt: r.issued_at,
        revokedAt: r.revoked_at,
      }));
    },
  };
}
