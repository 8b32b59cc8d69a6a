/**
 * The rows of rounds and which motions each holds (`rounds`, `round_motions`): the reads every part
 * of the rounds module shares. The writes are round-lifecycle.ts's.
 */
import { ApiError } from '../../../shared/errors.ts';
import type { Majority, RoundState } from '../../../shared/schemas.ts';
import type { Db } from '../../db/database.ts';

export interface RoundRow {
  id: number;
  /** 1, 2, … per meeting in the order of creation (migration 005). */
  number: number;
  meeting_id: number;
  state: RoundState;
  secret: number;
  allow_change: number;
  show_live: number;
  majority: Majority;
  quorum_percent: number;
  created_at: string;
  opened_at: string | null;
  closed_at: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  head_hash: string | null;
}

export type RoundRows = ReturnType<typeof createRoundRows>;

export function createRoundRows(db: Db) {
  const getRow = db.prepare('SELECT * FROM rounds WHERE id = ?');
  const ofMeeting = db.prepare('SELECT * FROM rounds WHERE meeting_id = ? ORDER BY id');
  const openOfMeeting = db.prepare("SELECT id FROM rounds WHERE meeting_id = ? AND state = 'open'").pluck();
  const allOpen = db.prepare("SELECT * FROM rounds WHERE state = 'open'");
  const motionIdsStmt = db.prepare('SELECT motion_id FROM round_motions WHERE round_id = ? ORDER BY position').pluck();
  const motionRefs = db.prepare('SELECT m.id, m.ref FROM round_motions rm JOIN motions m ON m.id = rm.motion_id WHERE rm.round_id = ? ORDER BY rm.position');
  const isPractice = db
    .prepare("SELECT EXISTS (SELECT 1 FROM round_motions rm JOIN motions m ON m.id = rm.motion_id WHERE rm.round_id = ? AND m.kind = 'practice')")
    .pluck();
  const roundsOfMotionStmt = db.prepare(`SELECT r.id, r.meeting_id, r.state, r.opened_at FROM round_motions rm JOIN rounds r ON r.id = rm.round_id
    WHERE rm.motion_id = ? ORDER BY r.id`);

  return {
    row(id: number): RoundRow {
      const row = getRow.get(id) as RoundRow | undefined;
      if (!row) throw new ApiError('not_found', { nl: `Stemronde ${id} bestaat niet.`, en: `Round ${id} does not exist.` });
      return row;
    },
    findRow: (id: number): RoundRow | undefined => getRow.get(id) as RoundRow | undefined,
    ofMeeting: (meetingId: number): RoundRow[] => ofMeeting.all(meetingId) as RoundRow[],
    /** The id of the meeting's open round, if it has one. */
    openOf: (meetingId: number): number | undefined => openOfMeeting.get(meetingId) as number | undefined,
    allOpen: (): RoundRow[] => allOpen.all() as RoundRow[],
    motionIds: (roundId: number): number[] => motionIdsStmt.all(roundId) as number[],
    motionRefs: (roundId: number): { id: number; ref: string }[] => motionRefs.all(roundId) as { id: number; ref: string }[],
    practice: (roundId: number): boolean => isPractice.get(roundId) === 1,
    /** Every round a motion was ever put in, oldest first. */
    roundsOfMotion(motionId: number): { id: number; meetingId: number; state: RoundState; opened: boolean }[] {
      return (roundsOfMotionStmt.all(motionId) as { id: number; meeting_id: number; state: RoundState; opened_at: string | null }[]).map((r) => ({
        id: r.id,
        meetingId: r.meeting_id,
        state: r.state,
        opened: r.opened_at !== null,
      }));
    },
  };
}
