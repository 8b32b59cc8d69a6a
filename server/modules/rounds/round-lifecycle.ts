/**
 * A round's life: created as a draft, opened, closed (its tallies recounted from the stored ballots
 * and recorded, with the audit chain's head) or cancelled, and the herstemming that does both in
 * one transaction. Each change is one transaction; what it does outside the database (the open
 * rounds in memory, the `round-changed` event, a secret round's WAL) runs after its commit.
 */
import { ApiError } from '../../../shared/errors.ts';
import { RoundCreateSchema, type Round, type Tally } from '../../../shared/schemas.ts';
import type { Actor } from '../audit/audit.ts';
import type { CardsService } from '../cards/cards.service.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import { zodMessage, type MeetingsService } from '../meetings/meetings.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import { checkRoundComposition, isPracticeRound } from './composition.ts';
import type { LiveRounds } from './live-rounds.ts';
import type { RoundBallots } from './round-ballots.ts';
import type { RoundRow, RoundRows } from './round-rows.ts';
import type { RoundSecrecy } from './round-secrecy.ts';
import { ruleOf, type RoundViews } from './round-views.ts';

/** The cancel reason of a round replaced by a revote. */
export const REVOTE_REASON = 'herstemming';

/**
 * What rounds need of the ballot writer (ballots/ballot-writer.ts, a layer above): storing the
 * ballots still queued before a round closes or is cancelled. server/domain.ts passes the writer in.
 */
export interface BallotQueue {
  flush(): void;
}

export function createRoundLifecycle(
  ctx: DomainContext,
  deps: {
    meetings: MeetingsService;
    cards: CardsService;
    presence: PresenceService;
    writer: BallotQueue;
    rows: RoundRows;
    ballots: RoundBallots;
    live: LiveRounds;
    views: RoundViews;
    secrecy: RoundSecrecy;
  },
) {
  const { db, audit, events, now } = ctx;
  const { meetings, cards, presence, writer, rows, ballots, live, views, secrecy } = deps;
  const insertRound = db.prepare(`INSERT INTO rounds (meeting_id, number, state, secret, allow_change, show_live, majority, quorum_percent, created_at)
    VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM rounds WHERE meeting_id = ?), 'draft', ?, ?, ?, ?, ?, ?)`);
  const insertRoundMotion = db.prepare('INSERT INTO round_motions (round_id, motion_id, position) VALUES (?, ?, ?)');
  const setOpen = db.prepare("UPDATE rounds SET state = 'open', opened_at = ? WHERE id = ?");
  const setClosed = db.prepare("UPDATE rounds SET state = 'closed', closed_at = ?, head_hash = ? WHERE id = ?");
  const setCancelled = db.prepare("UPDATE rounds SET state = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE id = ?");
  const insertResult = db.prepare('INSERT INTO round_results (round_id, motion_id, tally) VALUES (?, ?, ?)');
  const lastResult = db.prepare(`SELECT rr.tally FROM round_results rr JOIN rounds r ON r.id = rr.round_id
    WHERE rr.motion_id = ? AND rr.round_id <> ? ORDER BY r.closed_at DESC, r.id DESC LIMIT 1`).pluck();
  const manualOutcome = db.prepare('SELECT manual_result FROM motions WHERE id = ?').pluck();
  const laterRounds = db.prepare(`SELECT DISTINCT r.id FROM round_motions rm JOIN rounds r ON r.id = rm.round_id
    WHERE r.meeting_id = ? AND r.id > ? AND r.state IN ('draft','open','closed')
      AND rm.motion_id IN (SELECT motion_id FROM round_motions WHERE round_id = ?) ORDER BY r.id`).pluck();
  const dropRoundMotion = db.prepare('DELETE FROM round_motions WHERE round_id = ? AND motion_id = ?');

  /** The outcome a motion had before a round that is being cancelled: its last vote or manual result. */
  function earlierOutcome(motionId: number, exceptRoundId: number): 'adopted' | 'rejected' | null {
    // A practice motion decides nothing, whatever its earlier practice rounds showed.
    if (meetings.motion(motionId).kind === 'practice') return null;
    const manual = manualOutcome.get(motionId) as string | null;
    if (manual) return (JSON.parse(manual) as { outcome: 'adopted' | 'rejected' }).outcome;
    const tally = lastResult.get(motionId, exceptRoundId) as string | undefined;
    return tally ? (JSON.parse(tally) as Tally).outcome : null;
  }

  function emit(row: { meeting_id: number; id: number }, cause: 'created' | 'open' | 'close' | 'cancel') {
    events.emit('round-changed', { meetingId: row.meeting_id, roundId: row.id, cause });
  }

  /** Stores a draft round; call inside a transaction. Returns its id. */
  function createDraft(meetingId: number, input: unknown, actor: Actor): number {
    meetings.get(meetingId);
    const parsed = RoundCreateSchema.safeParse(input);
    if (!parsed.success) throw new ApiError('validation', { nl: zodMessage(parsed.error.issues), en: zodMessage(parsed.error.issues) });
    const r = parsed.data;
    const motions = r.motionIds.map((id) => {
      const m = meetings.motion(id);
      if (m.meetingId !== meetingId) throw new ApiError('not_found', { nl: `Motie ${id} hoort niet bij deze vergadering.`, en: `Motion ${id} does not belong to this meeting.` });
      if (m.status === 'withdrawn') throw new ApiError('invalid_state', { nl: `${m.ref} is ingetrokken en kan niet in stemming worden gebracht.`, en: `${m.ref} was withdrawn and cannot be voted on.` });
      return m;
    });
    checkRoundComposition(motions);
    const id = Number(insertRound.run(meetingId, meetingId, r.secret ? 1 : 0, r.allowChange ? 1 : 0, r.showLive ? 1 : 0, r.majority, r.quorumPercent, now()).lastInsertRowid);
    r.motionIds.forEach((motionId, i) => insertRoundMotion.run(id, motionId, i + 1));
    audit.append(meetingId, actor, 'round.created', {
      roundId: id,
      motionIds: r.motionIds,
      ...(isPracticeRound(motions) ? { practice: true } : {}),
      secret: r.secret,
      allowChange: r.allowChange,
      showLive: r.showLive,
      majority: r.majority,
      quorumPercent: r.quorumPercent,
    });
    emit({ meeting_id: meetingId, id }, 'created');
    return id;
  }

  /** Opens a draft round; call inside a transaction. Its memory is built after the commit. */
  function openDraft(id: number, actor: Actor): void {
    const row = rows.row(id);
    if (row.state !== 'draft') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is ${row.state === 'open' ? 'al geopend' : 'al afgesloten'}.`, en: `Round ${id} is ${row.state}, not draft.` });
    if (rows.openOf(row.meeting_id) !== undefined) throw new ApiError('round_already_open');
    const motionIds = rows.motionIds(id);
    if (motionIds.length === 0) throw new ApiError('invalid_state', { nl: `Stemronde ${id} heeft geen voorstellen meer.`, en: `Round ${id} has no motions left.` });
    for (const motionId of motionIds) {
      const m = meetings.motion(motionId);
      if (m.status === 'withdrawn') throw new ApiError('invalid_state', { nl: `${m.ref} is ingetrokken.`, en: `${m.ref} was withdrawn.` });
    }
    setOpen.run(now(), id);
    for (const motionId of motionIds) meetings.setStatus(motionId, 'in_vote');
    audit.append(row.meeting_id, actor, 'round.opened', { roundId: id });
    live.addAfterCommit(id);
    emit(row, 'open');
  }

  /** Cancels a draft or open round; call inside a transaction (after flushing the writer). */
  function cancelRow(row: RoundRow, reason: string | undefined, actor: Actor): void {
    const id = row.id;
    if (row.state !== 'draft' && row.state !== 'open') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is al afgesloten.`, en: `Round ${id} is ${row.state}.` });
    setCancelled.run(now(), reason ?? null, id);
    ballots.forgetCastOrder(row, 'cancel');
    // Its motions go back to where they were: the outcome of an earlier vote (a herstemming of a
    // closed round that is then cancelled), else submitted.
    if (row.state === 'open') for (const motionId of rows.motionIds(id)) meetings.setStatus(motionId, earlierOutcome(motionId, id) ?? 'submitted');
    audit.append(row.meeting_id, actor, 'round.cancelled', { roundId: id, reason: reason ?? null });
    live.dropAfterCommit(id);
    emit(row, 'cancel');
  }

  return {
    /**
     * Takes a motion that is about to be deleted out of the rounds that never opened (drafts, and
     * drafts that were cancelled), inside the caller's transaction; a draft left without motions is
     * cancelled. Returns the rounds it changed, for the caller to announce after its commit.
     */
    releaseMotion(motionId: number, actor: Actor): number[] {
      const changed: number[] = [];
      for (const r of rows.roundsOfMotion(motionId)) {
        if (r.opened) throw new Error(`motion ${motionId} was in open round ${r.id}`);
        dropRoundMotion.run(r.id, motionId);
        changed.push(r.id);
        if (r.state === 'draft' && rows.motionIds(r.id).length === 0) {
          setCancelled.run(now(), 'motie verwijderd', r.id);
          audit.append(r.meetingId, actor, 'round.cancelled', { roundId: r.id, reason: 'motie verwijderd' });
        }
      }
      return changed;
    },

    /** Checks, inside the caller's transaction, that every draft round of a motion still may be held. */
    checkDraftsOf(motionId: number): void {
      for (const r of rows.roundsOfMotion(motionId)) {
        if (r.state !== 'draft') continue;
        checkRoundComposition(rows.motionIds(r.id).map((id) => meetings.motion(id)), `stemronde ${r.id}`);
      }
    },

    create(meetingId: number, input: unknown, actor: Actor): Round {
      const id = inTransaction(db, () => createDraft(meetingId, input, actor));
      return views.view(id, 'admin');
    },

    open(id: number, actor: Actor): Round {
      inTransaction(db, () => openDraft(id, actor));
      return views.view(id, 'admin');
    },

    /**
     * Closes an open round. A secret round with fewer ballots than the meeting's `secretMinBallots`
     * is refused (`small_secret_round`, with its figures, nothing changed) unless `confirmSmall`.
     */
    close(id: number, actor: Actor, opts: { confirmSmall?: boolean } = {}): Round {
      const row = rows.row(id);
      if (row.state !== 'open') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is niet geopend.`, en: `Round ${id} is not open.` });
      writer.flush(); // ballots already acknowledged-to-be are stored before the round closes
      if (row.secret && !opts.confirmSmall) {
        const voted = live.orLoad(row).voted().count;
        if (voted < meetings.get(row.meeting_id).secretMinBallots) {
          const figures = secrecy.figures(row);
          throw new ApiError(
            'small_secret_round',
            {
              nl: `Deze geheime stemming heeft ${figures.ballots} ${figures.ballots === 1 ? 'stem' : 'stemmen'}, minder dan ${figures.min}: de uitslag kan laten zien wie wat koos. Bevestig om toch te sluiten.`,
              en: `This secret round has ${figures.ballots} ${figures.ballots === 1 ? 'ballot' : 'ballots'}, fewer than ${figures.min}: its totals may show who chose what. Confirm to close it anyway.`,
            },
            figures,
          );
        }
      }
      const round = live.orLoad(row);
      const practice = rows.practice(id);
      inTransaction(db, () => {
        // The recorded outcome is a recount of the stored ballots, with the present weight frozen now.
        const tallies = round.closingTallies(ballots.eachStoredBallot(row), presence.summary(row.meeting_id), cards.entitledTotal(row.meeting_id), ruleOf(row));
        for (const t of tallies) {
          insertResult.run(id, t.motionId, JSON.stringify(t));
          // A practice motion decides nothing: it can be held again. A vote replaces any earlier
          // result recorded by hand.
          if (practice) meetings.setStatus(t.motionId, 'submitted');
          else meetings.setManualResult(t.motionId, t.outcome!, null);
        }
        const head = audit.append(row.meeting_id, actor, 'round.closed', {
          roundId: id,
          ...(practice ? { practice: true } : {}),
          tallies: tallies.map((t) => ({ motionId: t.motionId, ref: t.ref, for: t.for, against: t.against, abstain: t.abstain, present: t.present, entitled: t.entitled, outcome: t.outcome, tie: t.tie, quorumMet: t.quorumMet })),
        });
        setClosed.run(now(), head, id);
        ballots.forgetCastOrder(row, 'close');
        live.dropAfterCommit(id);
        emit(row, 'close');
      });
      return views.view(id, 'admin');
    },

    cancel(id: number, reason: string | undefined, actor: Actor): Round {
      const row = rows.row(id);
      if (row.state === 'open') writer.flush();
      inTransaction(db, () => cancelRow(row, reason, actor));
      return views.view(id, 'admin');
    },

    /**
     * Herstemming: cancels the round (reason "herstemming") when it is draft or open, or takes a
     * closed one, and creates and opens a new round on the same motions with the same options, all
     * in one transaction: when it fails, nothing of it happened, in the database or in memory.
     */
    revote(roundId: number, actor: Actor): Round {
      const row = rows.row(roundId);
      if (row.state === 'cancelled') {
        throw new ApiError('invalid_state', {
          nl: `Stemronde ${roundId} is geannuleerd; maak een nieuwe stemronde.`,
          en: `Round ${roundId} was cancelled; create a new round instead.`,
        });
      }
      const otherOpen = rows.openOf(row.meeting_id);
      if (otherOpen !== undefined && otherOpen !== roundId) throw new ApiError('round_already_open');
      const later = laterRounds.all(row.meeting_id, roundId, roundId) as number[];
      if (later.length > 0) {
        throw new ApiError('invalid_state', {
          nl: `Over deze voorstellen is daarna opnieuw gestemd of een stemronde voorbereid (stemronde ${later.join(', ')}).`,
          en: `These motions were put to a later round already (round ${later.join(', ')}).`,
        });
      }
      const motionIds = rows.motionIds(roundId);
      for (const motionId of motionIds) {
        const m = meetings.motion(motionId);
        if (m.status === 'withdrawn') throw new ApiError('invalid_state', { nl: `${m.ref} is ingetrokken.`, en: `${m.ref} was withdrawn.` });
      }
      // Ballots queued for the old round are stored first (the writer commits on its own).
      if (row.state === 'open') writer.flush();
      const newId = inTransaction(db, () => {
        if (row.state === 'draft' || row.state === 'open') cancelRow(row, REVOTE_REASON, actor);
        const id = createDraft(
          row.meeting_id,
          { motionIds, secret: row.secret === 1, allowChange: row.allow_change === 1, showLive: row.show_live === 1, majority: row.majority, quorumPercent: row.quorum_percent },
          actor,
        );
        audit.append(row.meeting_id, actor, 'round.revote', { fromRoundId: roundId, fromState: row.state, roundId: id });
        openDraft(id, actor);
        return id;
      });
      return views.view(newId, 'admin');
    },
  };
}
