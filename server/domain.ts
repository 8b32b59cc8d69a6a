/**
 * The domain, assembled over one database handle: usable by the HTTP server, the command line and
 * tests alike. It knows nothing of Fastify or sockets; it announces committed changes on `events`.
 */
import { ApiError } from '../shared/errors.ts';
import type { DomainEvents } from '../shared/events.ts';
import type { Kiosk, MeetingDetail } from '../shared/schemas.ts';
import type { Db } from './db/database.ts';
import { TypedEmitter } from './lib/emitter.ts';
import { createAudit } from './modules/audit/audit.ts';
import { createAuth } from './modules/auth/auth.ts';
import { BallotWriter } from './modules/ballots/ballot-writer.ts';
import { createBallots } from './modules/ballots/ballots.service.ts';
import { createCards, type CardHolder } from './modules/cards/cards.service.ts';
import { afterCommit, inTransaction } from './db/transaction.ts';
import type { DomainContext } from './modules/context.ts';
import { createKiosks } from './modules/kiosks/kiosks.service.ts';
import { createMeetings } from './modules/meetings/meetings.service.ts';
import { createMembers } from './modules/members/members.service.ts';
import { createPresence } from './modules/presence/presence.service.ts';
import { createRounds } from './modules/rounds/rounds.service.ts';
import { verifyMeeting } from './modules/audit/verify.ts';

export interface DomainOptions {
  db: Db;
  cardKey: Buffer;
  publicUrl?: string;
  adminToken?: string;
  sessionTtlS?: number;
  unknownScanLimit?: number;
  unknownScanWindowS?: number;
  now?: () => string;
}

/**
 * Unknown codes scanned at one kiosk in a short time look like guessing: past the limit the kiosk
 * gets 429 for every lookup until the window has passed.
 */
export class UnknownScanLimiter {
  private readonly hits = new Map<number, number[]>();
  constructor(private readonly limit: number, private readonly windowMs: number) {}
  private recent(kioskId: number, at: number): number[] {
    const list = (this.hits.get(kioskId) ?? []).filter((t) => at - t < this.windowMs);
    this.hits.set(kioskId, list);
    return list;
  }
  check(kioskId: number, at = Date.now()): void {
    if (this.recent(kioskId, at).length >= this.limit) throw new ApiError('rate_limited');
  }
  record(kioskId: number, at = Date.now()): void {
    this.recent(kioskId, at).push(at);
  }
}

export type Domain = ReturnType<typeof createDomain>;

export function createDomain(opts: DomainOptions) {
  const { db } = opts;
  const now = opts.now ?? (() => new Date().toISOString());
  // Listeners hear of a change only once it is committed.
  const events = new TypedEmitter<DomainEvents>((send) => afterCommit(db, send));
  const audit = createAudit(db, now);
  const ctx: DomainContext = { db, audit, events, now };

  const members = createMembers(ctx);
  const meetings = createMeetings(ctx);
  const cards = createCards(ctx, opts.cardKey, members, meetings);
  const presence = createPresence(ctx, members);
  const kiosks = createKiosks(ctx, meetings, opts.publicUrl ?? 'http://127.0.0.1:3000');
  const auth = createAuth(ctx, { adminToken: opts.adminToken, sessionTtlS: opts.sessionTtlS ?? 12 * 3600 });
  const writer = new BallotWriter(db);
  const rounds = createRounds(ctx, { meetings, members, cards, presence, writer });
  const limiter = new UnknownScanLimiter(opts.unknownScanLimit ?? 10, (opts.unknownScanWindowS ?? 60) * 1000);

  function lookupAtKiosk(kiosk: Kiosk, code: string): CardHolder {
    limiter.check(kiosk.id);
    try {
      return cards.lookup(code, kiosk.meetingId);
    } catch (err) {
      if (err instanceof ApiError && err.reason === 'unknown_card') limiter.record(kiosk.id);
      throw err;
    }
  }

  const ballots = createBallots(ctx, { meetings, presence, rounds, writer, lookupAtKiosk });

  return {
    db,
    events,
    audit,
    members,
    meetings,
    cards,
    presence,
    kiosks,
    auth,
    rounds,
    ballots,
    writer,
    now,

    presenceSummary: (meetingId: number) => presence.summary(meetingId, cards.entitled(meetingId)),
    presenceList: (meetingId: number) => {
      meetings.get(meetingId);
      return presence.list(meetingId, cards.entitled(meetingId));
    },

    meetingDetail(id: number): MeetingDetail {
      return {
        ...meetings.get(id),
        agenda: meetings.agenda(id),
        rounds: rounds.summaries(id),
        presence: presence.summary(id, cards.entitled(id)),
      };
    },

    /** Check-in or check-out at a kiosk in `checkin` mode. */
    checkIn(kiosk: Kiosk, code: string, direction: 'in' | 'out') {
      const holder = lookupAtKiosk(kiosk, code);
      const result = presence.record(kiosk.meetingId, holder.member, direction, `kiosk:${kiosk.id}`);
      return { member: { code: holder.member.code, name: holder.member.name, weight: holder.weight }, ...result };
    },

    /** Withdraws a card; a member without a card is no longer counted as present. */
    revokeCard(meetingId: number, memberCode: string, actor: string) {
      inTransaction(db, () => {
        const member = cards.revoke(meetingId, memberCode, actor);
        presence.record(meetingId, member, 'out', actor);
      });
    },

    verify: (meetingId: number) => {
      meetings.get(meetingId);
      return verifyMeeting({ db, audit, rounds, members }, meetingId);
    },

    close(): void {
      writer.flush();
    },
  };
}
