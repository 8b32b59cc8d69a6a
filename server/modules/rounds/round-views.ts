/**
 * A round as each audience sees it: its state, turnout and tallies (live while open, recorded once
 * closed), the chair's list of who has not voted yet, and the roll call of an open (not secret)
 * round. Two caches, each with its rule beside it: the view of the round closed last, and the
 * turnout of each closed open round.
 */
import { byName } from '../../lib/collate.ts';
import { ApiError } from '../../../shared/errors.ts';
import type { BallotChoice, MemberRef, RollCall, RollCallEntry, Round, Tally, WeightCount } from '../../../shared/schemas.ts';
import { inOpenTransaction } from '../../db/transaction.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { DomainContext } from '../context.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MembersService } from '../members/members.service.ts';
import type { PresenceService } from '../presence/presence.service.ts';
import type { LiveRounds } from './live-rounds.ts';
import type { StoredBallot } from './open-round.ts';
import type { RoundBallots } from './round-ballots.ts';
import type { RoundRow, RoundRows } from './round-rows.ts';
import { buildTally, emptyTotals, recount, type MotionTotals } from './tally.ts';

export type Audience = 'public' | 'admin';

/** The decision rule of a round, as the tallies take it. */
export const ruleOf = (row: RoundRow) => ({ majority: row.majority, quorumPercent: row.quorum_percent });

export type RoundViews = ReturnType<typeof createRoundViews>;

export function createRoundViews(
  ctx: DomainContext,
  deps: { meetings: MeetingsService; members: MembersService; cards: CardsService; presence: PresenceService; rows: RoundRows; ballots: RoundBallots; live: LiveRounds },
) {
  const { db } = ctx;
  const { meetings, members, cards, presence, rows, ballots, live } = deps;
  const resultsStmt = db.prepare('SELECT tally FROM round_results WHERE round_id = ?').pluck();
  // The holder of each member's latest ballot cast by proxy (volmacht) in an open round, read only in a meeting that allows proxies.
  const latestByProxy = db.prepare(`SELECT b.member_id, b.by_member_id FROM ballots b
    JOIN (SELECT MAX(id) AS id FROM ballots WHERE round_id = ? GROUP BY member_id) l ON l.id = b.id WHERE b.by_member_id IS NOT NULL`);
  function castByProxy(row: RoundRow): Map<number, { code: string; name: string }> | null {
    if (row.secret || !meetings.get(row.meeting_id).proxies.allowed) return null;
    const byProxy = latestByProxy.all(row.id) as { member_id: number; by_member_id: number }[];
    return new Map(byProxy.map((r) => [r.member_id, members.byId(r.by_member_id)!]));
  }
  const votedOfClosed = db.prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(b.weight), 0) AS weight FROM ballots b
    JOIN (SELECT MAX(id) AS id FROM ballots WHERE round_id = ? GROUP BY member_id) l ON l.id = b.id`);

  /** The tallies recorded when a round closed, in the round's motion order. */
  function recordedTallies(row: RoundRow): Tally[] {
    const order = new Map(rows.motionIds(row.id).map((m, i) => [m, i]));
    return (resultsStmt.all(row.id) as string[]).map((t) => JSON.parse(t) as Tally).sort((a, b) => order.get(a.motionId)! - order.get(b.motionId)!);
  }

  /** Tallies with present and entitled as they are now; an open round passes its motions from memory. */
  const presentNow = (meetingId: number): WeightCount => presence.summary(meetingId);

  /** Tallies of a round that is not open (draft, cancelled), with present and entitled as they are now. */
  function currentTallies(row: RoundRow, totals: Map<number, MotionTotals>): Tally[] {
    const present = presentNow(row.meeting_id);
    const entitled = cards.entitledTotal(row.meeting_id);
    return rows.motionRefs(row.id).map((m) => buildTally(m, totals.get(m.id) ?? emptyTotals(), present, entitled, ruleOf(row), false));
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
    const row = rows.row(id);
    const state = live.get(id);
    const base: Round = {
      id: row.id,
      number: row.number,
      meetingId: row.meeting_id,
      state: row.state,
      motionIds: rows.motionIds(id),
      practice: state ? state.practice : rows.practice(id),
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
      if (!state.secret && (audience === 'admin' || row.show_live === 1)) base.tallies = state.tallies(presentNow(row.meeting_id), cards.entitledTotal(row.meeting_id), ruleOf(row));
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
            for (const b of ballots.eachStoredBallot(row)) {
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
    const cast = row.state === 'cancelled' ? ballots.storedBallots(row) : [];
    base.tallies = currentTallies(row, recount(base.motionIds, cast));
    base.voted = sumVoted(cast);
    return base;
  }

  function sumVoted(cast: { weight: number }[]): WeightCount {
    return { weight: cast.reduce((s, b) => s + b.weight, 0), count: cast.length };
  }
  function votedOfSecret(roundId: number): WeightCount {
    return sumVoted(ballots.participants(roundId));
  }

  /**
   * `GET /api/rounds/:id/roll-call`: the roll call of an open (not secret) round, the admin's while
   * it is open, everyone's once it has closed. A secret round has none, for anyone; nor has a draft
   * or a cancelled round.
   */
  function rollCall(id: number, audience: Audience): RollCall {
    const row = rows.row(id);
    if (row.secret) throw new ApiError('invalid_state', { nl: 'Een geheime stemming heeft geen hoofdelijke uitslag.', en: 'A secret round has no roll call.' });
    if (row.state === 'open') {
      if (audience !== 'admin') {
        throw new ApiError('unauthorized', { nl: 'Wie wat stemde is openbaar na het sluiten van de stemming; meld u aan als voorzitter.', en: 'The roll call is public once the round has closed; sign in as the chair.' });
      }
      const state = live.get(id);
      return { roundId: id, entries: state ? rollCallFrom(state.committedVoters(), row) : [] };
    }
    if (row.state !== 'closed') throw new ApiError('invalid_state', { nl: `Stemronde ${id} is ${row.state === 'draft' ? 'nog niet geopend' : 'geannuleerd'}: er is geen hoofdelijke uitslag.`, en: `Round ${id} is ${row.state}: it has no roll call.` });
    return { roundId: id, entries: view(id, 'admin').rollCall ?? [] };
  }

  return {
    view,
    viewsOfMeeting(meetingId: number, audience: Audience, withRollCall: boolean = audience === 'admin'): Round[] {
      return rows.ofMeeting(meetingId).map((r) => view(r.id, audience, withRollCall));
    },
    recordedTallies,
    rollCall,
  };
}
