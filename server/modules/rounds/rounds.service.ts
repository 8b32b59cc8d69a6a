import { byName } from '../../lib/collate.ts';
import { ApiError } from '../../../shared/errors.ts';
import {
  RoundCreateSchema,
  type BallotChoice,
  type Majority,
  type MemberRef,
  type RollCall,
  type RollCallEntry,
  type Round,
  type RoundState,
  type Tally,
  type WeightCount,
} from '../../../shared/schemas.ts';
import type { Actor } from '../audit/audit.ts';
import type { CardsService } from '../cards/cards.service.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import { truncateWalSoon } from '../../db/database.ts';
import type { DomainContext } from '../context.ts';
import { zodMessage, type MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import { OpenRound, type OpenRoundInfo, type StoredBallot } from './open-round.ts';
import { revealedWeights, secretRoundCheck, type SecrecyCheck, type SecretRoundCheck } from '../../../shared/secrecy.ts';
import type { SecretBallots } from './secret-ballots.ts';
import { buildTally, ChoiceSets, emptyTotals, recount, type MotionTotals } from './tally.ts';
import { checkRoundComposition, isPracticeRound } from './composition.ts';

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

export type { StoredBallot } from './open-round.ts';

export type Audience = 'public' | 'admin';

/** The cancel reason of a round replaced by a revote. */
export const REVOTE_REASON = 'herstemming';

export type RoundsService = ReturnType<typeof createRounds>;

/**
 * What rounds need of the ballot writer (ballots/ballot-writer.ts, a layer above): storing the
 * ballots still queued before a round closes or is cancelled. server/domain.ts passes the writer in.
 */
export interface BallotQueue {
  flush(): void;
}

export function createRounds(
  ctx: DomainContext,
  deps: { meetings: MeetingsService; members: MembersService; cards: CardsService; presence: PresenceService; writer: BallotQueue; secretBallots: SecretBallots },
) {
  const { db, audit, events, now } = ctx;
  const { meetings, members, cards, presence, writer, secretBallots } = deps;
  const getRow = db.prepare('SELECT * FROM rounds WHERE id = ?');
  const ofMeeting = db.prepare('SELECT * FROM rounds WHERE meeting_id = ? ORDER BY id');
  const openOfMeeting = db.prepare("SELECT id FROM rounds WHERE meeting_id = ? AND state = 'open'").pluck();
  const allOpen = db.prepare("SELECT * FROM rounds WHERE state = 'open'");
  const motionIdsStmt = db.prepare('SELECT motion_id FROM round_motions WHERE round_id = ? ORDER BY position').pluck();
  const motionRefs = db.prepare('SELECT m.id, m.ref FROM round_motions rm JOIN motions m ON m.id = rm.motion_id WHERE rm.round_id = ? ORDER BY rm.position');
  const insertRound = db.prepare(`INSERT INTO rounds (meeting_id, number, state, secret, allow_change, show_live, majority, quorum_percent, created_at)
    VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM rounds WHERE meeting_id = ?), 'draft', ?, ?, ?, ?, ?, ?)`);
  const insertRoundMotion = db.prepare('INSERT INTO round_motions (round_id, motion_id, position) VALUES (?, ?, ?)');
  const setOpen = db.prepare("UPDATE rounds SET state = 'open', opened_at = ? WHERE id = ?");
  const setClosed = db.prepare("UPDATE rounds SET state = 'closed', closed_at = ?, head_hash = ? WHERE id = ?");
  const setCancelled = db.prepare("UPDATE rounds SET state = 'cancelled', cancelled_at = ?, cancel_reason = ? WHERE id = ?");
  const insertResult = db.prepare('INSERT INTO round_results (round_id, motion_id, tally) VALUES (?, ?, ?)');
  const resultsStmt = db.prepare('SELECT tally FROM round_results WHERE round_id = ?').pluck();
  // The holder of each member's latest ballot cast by proxy (volmacht) in an open round, read only in a meeting that allows proxies.
  const latestByProxy = db.prepare(`SELECT b.member_id, b.by_member_id FROM ballots b
    JOIN (SELECT MAX(id) AS id FROM ballots WHERE round_id = ? GROUP BY member_id) l ON l.id = b.id WHERE b.by_member_id IS NOT NULL`);
  function castByProxy(row: RoundRow): Map<number, { code: string; name: string }> | null {
    if (row.secret || !meetings.get(row.meeting_id).proxies.allowed) return null;
    const rows = latestByProxy.all(row.id) as { member_id: number; by_member_id: number }[];
    return new Map(rows.map((r) => [r.member_id, members.byId(r.by_member_id)!]));
  }
  const latestOpenBallots = db.prepare(`SELECT b.member_id, b.weight, b.choices, b.receipt, b.cast_at FROM ballots b
    JOIN (SELECT MAX(id) AS id FROM ballots WHERE round_id = ? GROUP BY member_id) l ON l.id = b.id`);
  const votedOfClosed = db.prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(b.weight), 0) AS weight FROM ballots b
    JOIN (SELECT MAX(id) AS id FROM ballots WHERE round_id = ? GROUP BY member_id) l ON l.id = b.id`);
  const participants = db.prepare(`SELECT p.member_id, p.cast_at, mm.weight FROM participations p
    JOIN rounds r ON r.id = p.round_id JOIN meeting_members mm ON mm.meeting_id = r.meeting_id AND mm.member_id = p.member_id
    WHERE p.round_id = ?`);

  const lastResult = db.prepare(`SELECT rr.tally FROM round_results rr JOIN rounds r ON r.id = rr.round_id
    WHERE rr.motion_id = ? AND rr.round_id <> ? ORDER BY r.closed_at DESC, r.id DESC LIMIT 1`).pluck();
  const manualOutcome = db.prepare('SELECT manual_result FROM motions WHERE id = ?').pluck();
  const laterRounds = db.prepare(`SELECT DISTINCT r.id FROM round_motions rm JOIN rounds r ON r.id = rm.round_id
    WHERE r.meeting_id = ? AND r.id > ? AND r.state IN ('draft','open','closed')
      AND rm.motion_id IN (SELECT motion_id FROM round_motions WHERE round_id = ?) ORDER BY r.id`).pluck();
  const isPractice = db
    .prepare("SELECT EXISTS (SELECT 1 FROM round_motions rm JOIN motions m ON m.id = rm.motion_id WHERE rm.round_id = ? AND m.kind = 'practice')")
    .pluck();
  const practiceOf = (roundId: number): boolean => isPractice.get(roundId) === 1;
  const roundsOfMotionStmt = db.prepare(`SELECT r.id, r.meeting_id, r.state, r.opened_at FROM round_motions rm JOIN rounds r ON r.id = rm.round_id
    WHERE rm.motion_id = ? ORDER BY r.id`);
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

  /** The open rounds, in memory: one owner (OpenRound) for their tallies, voters and pending ballots. */
  const live = new Map<number, OpenRound>();

  function rowOrThrow(id: number): RoundRow {
    const row = getRow.get(id) as RoundRow | undefined;
    if (!row) throw new ApiError('not_found', { nl: `Stemronde ${id} bestaat niet.`, en: `Round ${id} does not exist.` });
    return row;
  }

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

  /** The tallies recorded when a round closed, in the round's motion order. */
  function recordedTallies(row: RoundRow): Tally[] {
    const order = new Map((motionIdsStmt.all(row.id) as number[]).map((m, i) => [m, i]));
    return (resultsStmt.all(row.id) as string[]).map((t) => JSON.parse(t) as Tally).sort((a, b) => order.get(a.motionId)! - order.get(b.motionId)!);
  }

  function infoOf(row: RoundRow): OpenRoundInfo {
    return {
      id: row.id,
      meetingId: row.meeting_id,
      secret: row.secret === 1,
      allowChange: row.allow_change === 1,
      practice: practiceOf(row.id),
      // Never in a secret round: the parts of a split, published per ballot, would tell the member's weight.
      allowSplit: row.secret === 0 && meetings.get(row.meeting_id).allowSplit,
      motions: motionRefs.all(row.id) as { id: number; ref: string }[],
    };
  }

  /** An open round in memory from the database (at open, and at start): the stored ballots counted as when they were cast. */
  function load(row: RoundRow): OpenRound {
    const voters = row.secret ? (participants.all(row.id) as { member_id: number; cast_at: string; weight: number }[]).map((p) => ({ memberId: p.member_id, weight: p.weight, castAt: p.cast_at })) : [];
    return OpenRound.restore(infoOf(row), (sets) => eachStoredBallot(row, sets), voters);
  }
  for (const row of allOpen.all() as RoundRow[]) live.set(row.id, load(row));

  const rule = (row: RoundRow) => ({ majority: row.majority, quorumPercent: row.quorum_percent });

  /** Tallies with present and entitled as they are now; an open round passes its motions from memory. */
  const presentNow = (meetingId: number): WeightCount => presence.summary(meetingId);

  /** Tallies of a round that is not open (draft, cancelled), with present and entitled as they are now. */
  function currentTallies(row: RoundRow, totals: Map<number, MotionTotals>): Tally[] {
    const present = presentNow(row.meeting_id);
    const entitled = cards.entitledTotal(row.meeting_id);
    return (motionRefs.all(row.id) as { id: number; ref: string }[]).map((m) => buildTally(m, totals.get(m.id) ?? emptyTotals(), present, entitled, rule(row), false));
  }

  function rollCallFrom(entries: Iterable<[number, { weight: number; choices: BallotChoice[] | null }]>, row?: RoundRow): RollCallEntry[] {
    const out: RollCallEntry[] = [];
    const by = row ? castByProxy(row) : null;
    for (const [memberId, v] of entries) {
      const m = members.byId(memberId)!;
      const holder = by?.get(memberId);
      out.push({ memberCode: m.code, name: m.name, weight: v.weight, ...(holder ? { by: holder.code, byName: holder.name } : {}), choices: v.choices ?? [] });
    }
    return out.sort(byName);
  }

  /**
   * The view of the round closed last, kept for a few seconds: the close itself, the live feed's
   * public and chair emits and the first GETs all ask for it within a second, and with 100,000
   * voters each would build the same 12 MB roll call. A closed round never changes, and its view is
   * the same for every audience. Callers get a copy of the top level; the lists are shared.
   * Invalidation: none needed; it is dropped after 10 s (memory), replaced when another round
   * closes, and never kept when built inside a transaction (that close may still roll back).
   */
  let recentClosed: { id: number; view: Round } | null = null;
  let recentClosedTimer: NodeJS.Timeout | null = null;
  function rememberClosed(round: Round): void {
    recentClosed = { id: round.id, view: round };
    if (recentClosedTimer) clearTimeout(recentClosedTimer);
    recentClosedTimer = setTimeout(() => {
      recentClosed = null;
      recentClosedTimer = null;
    }, 10_000);
    recentClosedTimer.unref();
  }

  /** Members and weight that voted in a closed open round: it never changes, so it is kept (a few bytes a round). */
  const closedVoted = new Map<number, WeightCount>();
  function votedOfClosedRound(id: number): WeightCount {
    const held = closedVoted.get(id);
    if (held) return held;
    const voted = votedOfClosed.get(id) as WeightCount;
    if (!inOpenTransaction(db)) closedVoted.set(id, voted);
    return voted;
  }

  /**
   * A round as `audience` sees it. The roll call is in the admin's view and, when `withRollCall`,
   * in a public one (the exports: report, CSV, voting record); never in what the live feed sends
   * the public (the public schema drops it anyway).
   */
  function view(id: number, audience: Audience, withRollCall: boolean = audience === 'admin'): Round {
    if (recentClosed?.id === id) {
      const held = { ...recentClosed.view };
      if (!withRollCall) delete held.rollCall;
      return held;
    }
    const row = rowOrThrow(id);
    const state = live.get(id);
    const base: Round = {
      id: row.id,
      number: row.number,
      meetingId: row.meeting_id,
      state: row.state,
      motionIds: motionIdsStmt.all(id) as number[],
      practice: state ? state.practice : practiceOf(id),
      secret: row.secret === 1,
      allowChange: row.allow_change === 1,
      showLive: row.show_live === 1,
      majority: row.majority,
      quorumPercent: row.quorum_percent,
      createdAt: row.created_at,
      openedAt: row.opened_at,
      closedAt: row.closed_at,
      cancelledAt: row.cancelled_at,
      cancelReason: row.cancel_reason,
      headHash: row.head_hash,
      voted: { weight: 0, count: 0 },
    };
    if (row.state === 'open' && state) {
      base.voted = state.voted();
      // A secret round shows no figures until it closes, to anyone: weights are nearly unique, so two
      // successive tallies (with the chair's list of who has not voted yet, or a glance at the desks)
      // would tell how the member who just voted chose.
      if (!state.secret && (audience === 'admin' || row.show_live === 1)) base.tallies = state.tallies(presentNow(row.meeting_id), cards.entitledTotal(row.meeting_id), rule(row));
      if (audience === 'admin') {
        const voters = state.committedVoters();
        if (!state.secret) base.rollCall = rollCallFrom(voters, row);
        const notVoted: MemberRef[] = [];
        const entitled = cards.entitled(row.meeting_id);
        for (const memberId of presence.presentIds(row.meeting_id)) {
          const w = entitled.get(memberId);
          if (w === undefined || voters.has(memberId)) continue;
          const m = members.byId(memberId)!;
          notVoted.push({ code: m.code, name: m.name, weight: w });
        }
        base.notVoted = notVoted.sort(byName);
      }
      return base;
    }
    if (row.state === 'closed') {
      base.tallies = recordedTallies(row);
      if (row.secret) {
        base.voted = votedOfSecret(id);
      } else if (!withRollCall) {
        base.voted = { ...votedOfClosedRound(id) };
        return base;
      } else {
        // Straight from the rows into the roll call: a 100,000-member round holds no second list.
        const voted = { weight: 0, count: 0 };
        base.rollCall = rollCallFrom(
          (function* () {
            for (const b of eachStoredBallot(row)) {
              voted.weight += b.weight;
              voted.count++;
              yield [b.memberId!, b] as [number, StoredBallot];
            }
          })(),
          row,
        );
        base.voted = voted;
      }
      // Not inside a transaction: a round closed there is closed only once it commits.
      if (!inOpenTransaction(db)) rememberClosed(base);
      return { ...base };
    }
    // Draft: nothing cast yet. Cancelled: its ballots count for nothing (a secret round's are deleted).
    if (row.secret) {
      // A secret round that did not close never shows figures, to anyone: a chair could otherwise
      // cancel after one ballot (or a few) and read how those members chose. Only the turnout stays.
      base.voted = votedOfSecret(id);
      return base;
    }
    const ballots = row.state === 'cancelled' ? storedBallots(row) : [];
    base.tallies = currentTallies(row, recount(base.motionIds, ballots));
    base.voted = sumVoted(ballots);
    return base;
  }

  function sumVoted(ballots: { weight: number }[]): WeightCount {
    return { weight: ballots.reduce((s, b) => s + b.weight, 0), count: ballots.length };
  }
  function votedOfSecret(roundId: number): WeightCount {
    return sumVoted(participants.all(roundId) as { weight: number }[]);
  }

  /**
   * How many ballots an open secret round has, the meeting's minimum, and the voters whose choice
   * on a motion its totals would make known (exact when found within 200 ms). Reads the round's
   * ballots and voters from the database: nothing on the ballot path.
   */
  function secrecyFigures(row: RoundRow): SecrecyCheck {
    const voters = participants.all(row.id) as { member_id: number; weight: number }[];
    const byMotion = new Map<number, { weight: number; choice: 'for' | 'against' | 'abstain' }[]>();
    for (const motionId of motionIdsStmt.all(row.id) as number[]) byMotion.set(motionId, []);
    for (const b of secretBallots.eachOpen(row.id)) {
      for (const c of JSON.parse(b.choices) as { motionId: number; choice: 'for' | 'against' | 'abstain' }[]) byMotion.get(c.motionId)?.push({ weight: b.weight, choice: c.choice });
    }
    const deadline = Date.now() + 200;
    const revealed: SecrecyCheck['revealed'] = [];
    for (const [motionId, ballots] of byMotion) {
      const { weights } = revealedWeights(ballots, deadline);
      const named = voters.filter((v) => weights.has(v.weight)).map((v) => members.byId(v.member_id)!);
      for (const m of named.sort(byName)) revealed.push({ memberCode: m.code, name: m.name, motionId });
    }
    return { ballots: voters.length, min: meetings.get(row.meeting_id).secretMinBallots, revealed };
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
    const row = rowOrThrow(id);
    if (row.state !== 'draft') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is ${row.state === 'open' ? 'al geopend' : 'al afgesloten'}.`, en: `Round ${id} is ${row.state}, not draft.` });
    if (openOfMeeting.get(row.meeting_id) !== undefined) throw new ApiError('round_already_open');
    const motionIds = motionIdsStmt.all(id) as number[];
    if (motionIds.length === 0) throw new ApiError('invalid_state', { nl: `Stemronde ${id} heeft geen voorstellen meer.`, en: `Round ${id} has no motions left.` });
    for (const motionId of motionIds) {
      const m = meetings.motion(motionId);
      if (m.status === 'withdrawn') throw new ApiError('invalid_state', { nl: `${m.ref} is ingetrokken.`, en: `${m.ref} was withdrawn.` });
    }
    setOpen.run(now(), id);
    for (const motionId of motionIds) meetings.setStatus(motionId, 'in_vote');
    audit.append(row.meeting_id, actor, 'round.opened', { roundId: id });
    afterCommit(db, () => live.set(id, load(rowOrThrow(id))));
    emit(row, 'open');
  }

  /** Cancels a draft or open round; call inside a transaction (after flushing the writer). */
  function cancelRow(row: RoundRow, reason: string | undefined, actor: Actor): void {
    const id = row.id;
    if (row.state !== 'draft' && row.state !== 'open') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is al afgesloten.`, en: `Round ${id} is ${row.state}.` });
    setCancelled.run(now(), reason ?? null, id);
    forgetCastOrder(row, 'cancel');
    // Its motions go back to where they were: the outcome of an earlier vote (a herstemming of a
    // closed round that is then cancelled), else submitted.
    if (row.state === 'open') for (const motionId of motionIdsStmt.all(id) as number[]) meetings.setStatus(motionId, earlierOutcome(motionId, id) ?? 'submitted');
    audit.append(row.meeting_id, actor, 'round.cancelled', { roundId: id, reason: reason ?? null });
    afterCommit(db, () => live.delete(id));
    emit(row, 'cancel');
  }

  return {
    live: (roundId: number): OpenRound | undefined => live.get(roundId),
    openRoundOf(meetingId: number): OpenRound | undefined {
      const id = openOfMeeting.get(meetingId) as number | undefined;
      return id === undefined ? undefined : live.get(id);
    },
    row: rowOrThrow,
    findRow: (id: number): RoundRow | undefined => getRow.get(id) as RoundRow | undefined,
    storedBallots,
    eachStoredBallot,
    eachPublishedBallot,
    recordedTallies,
    view,
    viewsOfMeeting(meetingId: number, audience: Audience, withRollCall: boolean = audience === 'admin'): Round[] {
      return (ofMeeting.all(meetingId) as RoundRow[]).map((r) => view(r.id, audience, withRollCall));
    },
    /**
     * `GET /api/rounds/:id/roll-call`: the roll call of an open (not secret) round, the admin's while
     * it is open, everyone's once it has closed. A secret round has none, for anyone; nor has a draft
     * or a cancelled round.
     */
    rollCall(id: number, audience: Audience): RollCall {
      const row = rowOrThrow(id);
      if (row.secret) throw new ApiError('invalid_state', { nl: 'Een geheime stemming heeft geen hoofdelijke uitslag.', en: 'A secret round has no roll call.' });
      if (row.state === 'open') {
        if (audience !== 'admin') {
          throw new ApiError('unauthorized', { nl: 'Wie wat stemde is openbaar na het sluiten van de stemming; meld u aan als voorzitter.', en: 'The roll call is public once the round has closed; sign in as the chair.' });
        }
        const state = live.get(id);
        return { roundId: id, entries: state ? rollCallFrom(state.committedVoters()) : [] };
      }
      if (row.state !== 'closed') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is ${row.state === 'draft' ? 'nog niet geopend' : 'geannuleerd'}: er is geen hoofdelijke uitslag.`, en: `Round ${id} is ${row.state}: it has no roll call.` });
      return { roundId: id, entries: view(id, 'admin').rollCall ?? [] };
    },
    /** What the chair is warned of before opening a secret round: how few members are present, and how many weigh what nobody else present weighs. */
    secretRoundCheck(meetingId: number): SecretRoundCheck {
      meetings.get(meetingId);
      const entitled = cards.entitled(meetingId);
      const weights: number[] = [];
      for (const memberId of presence.presentIds(meetingId)) {
        const w = entitled.get(memberId);
        if (w !== undefined) weights.push(w);
      }
      return secretRoundCheck(weights);
    },

    summaries(meetingId: number): { id: number; number: number; state: RoundState; motionIds: number[]; practice: boolean }[] {
      return (ofMeeting.all(meetingId) as RoundRow[]).map((r) => ({ id: r.id, number: r.number, state: r.state, motionIds: motionIdsStmt.all(r.id) as number[], practice: practiceOf(r.id) }));
    },

    /** Every round a motion was ever put in, oldest first. */
    roundsOfMotion(motionId: number): { id: number; meetingId: number; state: RoundState; opened: boolean }[] {
      return (roundsOfMotionStmt.all(motionId) as { id: number; meeting_id: number; state: RoundState; opened_at: string | null }[]).map((r) => ({
        id: r.id,
        meetingId: r.meeting_id,
        state: r.state,
        opened: r.opened_at !== null,
      }));
    },

    /**
     * Takes a motion that is about to be deleted out of the rounds that never opened (drafts, and
     * drafts that were cancelled), inside the caller's transaction; a draft left without motions is
     * cancelled. Returns the rounds it changed, for the caller to announce after its commit.
     */
    releaseMotion(motionId: number, actor: Actor): number[] {
      const changed: number[] = [];
      for (const r of this.roundsOfMotion(motionId)) {
        if (r.opened) throw new Error(`motion ${motionId} was in open round ${r.id}`);
        dropRoundMotion.run(r.id, motionId);
        changed.push(r.id);
        if (r.state === 'draft' && (motionIdsStmt.all(r.id) as number[]).length === 0) {
          setCancelled.run(now(), 'motie verwijderd', r.id);
          audit.append(r.meetingId, actor, 'round.cancelled', { roundId: r.id, reason: 'motie verwijderd' });
        }
      }
      return changed;
    },

    /** Checks, inside the caller's transaction, that every draft round of a motion still may be held. */
    checkDraftsOf(motionId: number): void {
      for (const r of this.roundsOfMotion(motionId)) {
        if (r.state !== 'draft') continue;
        checkRoundComposition((motionIdsStmt.all(r.id) as number[]).map((id) => meetings.motion(id)), `stemronde ${r.id}`);
      }
    },

    create(meetingId: number, input: unknown, actor: Actor): Round {
      const id = inTransaction(db, () => createDraft(meetingId, input, actor));
      return view(id, 'admin');
    },

    open(id: number, actor: Actor): Round {
      inTransaction(db, () => openDraft(id, actor));
      return view(id, 'admin');
    },

    /** `GET /api/rounds/:id/secrecy-check`: the figures of an open secret round. */
    secrecyCheck(id: number): SecrecyCheck {
      const row = rowOrThrow(id);
      if (row.state !== 'open' || !row.secret) throw new ApiError('invalid_state', { nl: `Stemronde ${id} is geen geopende geheime stemming.`, en: `Round ${id} is not an open secret round.` });
      return secrecyFigures(row);
    },

    /**
     * Closes an open round. A secret round with fewer ballots than the meeting's `secretMinBallots`
     * is refused (`small_secret_round`, with its figures, nothing changed) unless `confirmSmall`.
     */
    close(id: number, actor: Actor, opts: { confirmSmall?: boolean } = {}): Round {
      const row = rowOrThrow(id);
      if (row.state !== 'open') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is niet geopend.`, en: `Round ${id} is not open.` });
      writer.flush(); // ballots already acknowledged-to-be are stored before the round closes
      if (row.secret && !opts.confirmSmall) {
        const voted = (live.get(id) ?? load(row)).voted().count;
        if (voted < meetings.get(row.meeting_id).secretMinBallots) {
          const figures = secrecyFigures(row);
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
      const round = live.get(id) ?? load(row);
      const practice = practiceOf(id);
      inTransaction(db, () => {
        // The recorded outcome is a recount of the stored ballots, with the present weight frozen now.
        const tallies = round.closingTallies(eachStoredBallot(row), presentNow(row.meeting_id), cards.entitledTotal(row.meeting_id), rule(row));
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
        forgetCastOrder(row, 'close');
        afterCommit(db, () => live.delete(id));
        emit(row, 'close');
      });
      return view(id, 'admin');
    },

    cancel(id: number, reason: string | undefined, actor: Actor): Round {
      const row = rowOrThrow(id);
      if (row.state === 'open') writer.flush();
      inTransaction(db, () => cancelRow(row, reason, actor));
      return view(id, 'admin');
    },

    /**
     * Herstemming: cancels the round (reason "herstemming") when it is draft or open, or takes a
     * closed one, and creates and opens a new round on the same motions with the same options, all
     * in one transaction: when it fails, nothing of it happened, in the database or in memory.
     */
    revote(roundId: number, actor: Actor): Round {
      const row = rowOrThrow(roundId);
      if (row.state === 'cancelled') {
        throw new ApiError('invalid_state', {
          nl: `Stemronde ${roundId} is geannuleerd; maak een nieuwe stemronde.`,
          en: `Round ${roundId} was cancelled; create a new round instead.`,
        });
      }
      const otherOpen = openOfMeeting.get(row.meeting_id) as number | undefined;
      if (otherOpen !== undefined && otherOpen !== roundId) throw new ApiError('round_already_open');
      const later = laterRounds.all(row.meeting_id, roundId, roundId) as number[];
      if (later.length > 0) {
        throw new ApiError('invalid_state', {
          nl: `Over deze voorstellen is daarna opnieuw gestemd of een stemronde voorbereid (stemronde ${later.join(', ')}).`,
          en: `These motions were put to a later round already (round ${later.join(', ')}).`,
        });
      }
      const motionIds = motionIdsStmt.all(roundId) as number[];
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
      return view(newId, 'admin');
    },
  };
}
