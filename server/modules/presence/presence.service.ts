import { byName } from '../../lib/collate.ts';
import type { Kiosk, MemberRef, PresenceSummary, WeightCount } from '../../../shared/schemas.ts';
import type { Actor } from '../audit/audit.ts';
import { afterCommit, inOpenTransaction, inTransaction } from '../../db/transaction.ts';
import type { DomainContext } from '../context.ts';
import type { CardsService } from '../cards/cards.service.ts';
import type { MeetingsService } from '../meetings/meetings.service.ts';
import type { MemberInfo, MembersService } from '../members/members.service.ts';

export interface PresentMember extends MemberRef {
  since: string;
}

export type PresenceService = ReturnType<typeof createPresence>;

/**
 * Who is in the hall. Stored as an append-only list of check-ins and check-outs; the current state
 * per meeting is kept in memory (member id → since) and read from the database on first use. Only
 * members with an active card count: a member whose card is revoked is checked out in the same
 * transaction.
 */
export function createPresence(ctx: DomainContext, deps: { members: MembersService; meetings: MeetingsService; cards: CardsService }) {
  const { db, audit, events, now } = ctx;
  const { members, meetings, cards } = deps;
  const insert = db.prepare('INSERT INTO presence_events (meeting_id, member_id, direction, at, actor) VALUES (?, ?, ?, ?, ?)');
  const lastEvents = db.prepare(`SELECT e.member_id, e.direction, e.at FROM presence_events e
    JOIN (SELECT member_id, MAX(id) AS id FROM presence_events WHERE meeting_id = ? GROUP BY member_id) l ON l.id = e.id`);
  const presentAtStmt = db
    .prepare(`SELECT e.member_id FROM presence_events e
      JOIN (SELECT member_id, MAX(id) AS id FROM presence_events WHERE meeting_id = ? AND at <= ? GROUP BY member_id) l ON l.id = e.id
      WHERE e.direction = 'in'`)
    .pluck();
  /** meeting id → (member id → checked in since). */
  const present = new Map<number, Map<number, string>>();

  /**
   * The present count and weight per meeting, kept up to date by every check-in and check-out, for
   * the `entitled` map it was computed with (a new map after cards change: computed afresh). The live
   * feed asks for it several times a second; counting 100,000 present members each time cost more
   * than the ballots.
   */
  const summaries = new Map<number, { entitled: Map<number, number>; count: number; weight: number }>();
  function adjust(meetingId: number, memberId: number, sign: 1 | -1): void {
    const s = summaries.get(meetingId);
    const w = s?.entitled.get(memberId);
    if (s && w !== undefined) {
      s.count += sign;
      s.weight += sign * w;
    }
  }

  /**
   * The members present in a meeting, from memory; read from the database on first use. Kept only
   * when read outside a transaction: inside one the rows may not be committed (the changes of a
   * transaction reach memory after its commit, in `apply`).
   */
  function of(meetingId: number) {
    let p = present.get(meetingId);
    if (!p) {
      p = new Map();
      for (const r of lastEvents.all(meetingId) as { member_id: number; direction: string; at: string }[]) {
        if (r.direction === 'in') p.set(r.member_id, r.at);
      }
      if (!inOpenTransaction(db)) present.set(meetingId, p);
    }
    return p;
  }

  /** A committed check-in or check-out into memory (when the meeting is in memory at all). */
  function apply(meetingId: number, memberId: number, direction: 'in' | 'out', at: string): void {
    const p = present.get(meetingId);
    if (!p || p.has(memberId) === (direction === 'in')) return;
    if (direction === 'in') p.set(memberId, at);
    else p.delete(memberId);
    adjust(meetingId, memberId, direction === 'in' ? 1 : -1);
  }

  /** Records a check-in or check-out. Idempotent: when nothing changes nothing is written. */
  function record(meetingId: number, member: MemberInfo, direction: 'in' | 'out', actor: Actor): { present: boolean; changed: boolean } {
    const p = of(meetingId);
    const isIn = p.has(member.id);
    if ((direction === 'in') === isIn) return { present: isIn, changed: false };
    const at = now();
    inTransaction(db, () => {
      insert.run(meetingId, member.id, direction, at, actor);
      audit.append(meetingId, actor, direction === 'in' ? 'presence.checked_in' : 'presence.checked_out', { memberCode: member.code });
      afterCommit(db, () => apply(meetingId, member.id, direction, at));
      events.emit('presence-changed', { meetingId });
    });
    return { present: direction === 'in', changed: true };
  }

  /**
   * Members represented by an active proxy, included in count and weight (a meeting that allows
   * proxies; null otherwise). The proxies module owns that state and sets this once at start.
   */
  let represented: (meetingId: number) => WeightCount | null = () => null;
  function withRepresented(meetingId: number, own: WeightCount): PresenceSummary {
    const r = represented(meetingId);
    return r ? { count: own.count + r.count, weight: own.weight + r.weight, represented: r } : own;
  }

  // A revoked card no longer counts: its member is checked out in the revocation's transaction.
  cards.whenRevoked((meetingId, member, actor) => record(meetingId, member, 'out', actor));

  return {
    isPresent: (meetingId: number, memberId: number): boolean => of(meetingId).has(memberId),
    /** Present members with their frozen weight, counting only those entitled (with an active card). */
    summary(meetingId: number): PresenceSummary {
      const entitled = cards.entitled(meetingId);
      const known = summaries.get(meetingId);
      if (known?.entitled === entitled) return withRepresented(meetingId, { count: known.count, weight: known.weight });
      let count = 0;
      let weight = 0;
      for (const memberId of of(meetingId).keys()) {
        const w = entitled.get(memberId);
        if (w !== undefined) {
          count++;
          weight += w;
        }
      }
      if (!inOpenTransaction(db)) summaries.set(meetingId, { entitled, count, weight });
      return withRepresented(meetingId, { count, weight });
    },
    /** The proxies module tells who is represented (docs/api.md, "Proxy votes"); asked at every summary. */
    countRepresented(fn: (meetingId: number) => WeightCount | null): void {
      represented = fn;
    },
    presentIds: (meetingId: number): IterableIterator<number> => of(meetingId).keys(),
    /** The members that were present at an instant (the close of a round), from the stored check-ins and check-outs. */
    presentAt: (meetingId: number, at: string): Set<number> => new Set(presentAtStmt.all(meetingId, at) as number[]),
    list(meetingId: number): PresentMember[] {
      meetings.get(meetingId);
      const entitled = cards.entitled(meetingId);
      const out: PresentMember[] = [];
      for (const [memberId, since] of of(meetingId)) {
        const m = members.byId(memberId)!;
        out.push({ code: m.code, name: m.name, weight: entitled.get(memberId) ?? m.weight, since });
      }
      return out.sort(byName);
    },
    /** Check-in or check-out of a card scanned at a kiosk in `checkin` mode. */
    checkIn(kiosk: Kiosk, code: string, direction: 'in' | 'out') {
      const holder = cards.lookupAtKiosk(kiosk, code);
      const result = record(kiosk.meetingId, holder.member, direction, `kiosk:${kiosk.id}`);
      return { member: { code: holder.member.code, name: holder.member.name, weight: holder.weight }, ...result };
    },
    record,
    /** The write part of a check-in, for use inside another transaction (a ballot where check-in is not required). */
    writeCheckIn(meetingId: number, member: MemberInfo, actor: Actor): string {
      const at = now();
      insert.run(meetingId, member.id, 'in', at, actor);
      audit.append(meetingId, actor, 'presence.checked_in', { memberCode: member.code, implicit: true });
      return at;
    },
    /** The memory part of writeCheckIn, after its transaction committed. */
    markPresent(meetingId: number, memberId: number, since: string): void {
      apply(meetingId, memberId, 'in', since);
    },
  };
}
