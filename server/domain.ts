/**
 * The composition root: builds the domain's services over one database handle, in dependency order,
 * and nothing else. Used by the HTTP server, the command line and tests alike. It knows nothing of
 * Fastify or sockets; committed changes are announced on `events`. Services never import this file.
 */
import type { DomainEvents } from './events.ts';
import type { Db, WalLog } from './db/database.ts';
import { afterCommit } from './db/transaction.ts';
import { TypedEmitter } from './lib/emitter.ts';
import './lib/zod-messages.ts';
import { createAudit } from './modules/audit/audit.ts';
import { createVerification } from './modules/verification/verify.ts';
import { createAuth } from './modules/auth/auth.ts';
import { BallotWriter } from './modules/ballots/ballot-writer.ts';
import { createBallots } from './modules/ballots/ballots.service.ts';
import { createCards } from './modules/cards/cards.service.ts';
import { createChair } from './modules/chair/chair.service.ts';
import type { DomainContext } from './modules/context.ts';
import { createKiosks } from './modules/kiosks/kiosks.service.ts';
import { createMeetingDetail } from './modules/meetings/meeting-detail.ts';
import { createAgendaEditor } from './modules/agenda/agenda-editor.ts';
import { createMeetings } from './modules/meetings/meetings.service.ts';
import { createMembers } from './modules/members/members.service.ts';
import { createPresence } from './modules/presence/presence.service.ts';
import { createProxies } from './modules/proxies/proxies.service.ts';
import { createRounds } from './modules/rounds/rounds.service.ts';
import { createSecretBallots } from './modules/rounds/secret-ballots.ts';

export interface DomainOptions {
  db: Db;
  cardKey: Buffer;
  /** The base of kiosk pairing URLs (a function when it is known only once the server listens). */
  publicUrl?: string | (() => string);
  /** The configured admin token (STEMKAART_ADMIN_TOKEN): stored hashed when it is not yet. */
  adminToken?: string;
  /** Generate an admin token when the database has none (the server's start; a command line creating a database). */
  generateAdminToken?: boolean;
  sessionTtlS?: number;
  unknownScanLimit?: number;
  unknownScanWindowS?: number;
  unknownScanDelayMs?: number;
  unknownScanMaxDelayMs?: number;
  now?: () => string;
  /** Where the storage's warnings go (the server's log); none by default. */
  log?: WalLog;
}

export type Domain = ReturnType<typeof createDomain>;

export function createDomain(opts: DomainOptions) {
  const { db } = opts;
  const now = opts.now ?? (() => new Date().toISOString());
  // Listeners hear of a change only once it is committed.
  const events = new TypedEmitter<DomainEvents>((send) => afterCommit(db, send));
  const audit = createAudit(db, now);
  const log = opts.log ?? { warn: () => undefined, info: () => undefined };
  const ctx: DomainContext = { db, audit, events, now, log };

  const members = createMembers(ctx);
  const meetings = createMeetings(ctx);
  const cards = createCards(ctx, { members, meetings }, {
    key: opts.cardKey,
    unknownScanLimit: opts.unknownScanLimit,
    unknownScanWindowS: opts.unknownScanWindowS,
    unknownScanDelayMs: opts.unknownScanDelayMs,
    unknownScanMaxDelayMs: opts.unknownScanMaxDelayMs,
  });
  const presence = createPresence(ctx, { members, meetings, cards });
  const proxies = createProxies(ctx, { members, meetings, cards, presence });
  const publicUrl = opts.publicUrl ?? 'http://127.0.0.1:3000';
  const kiosks = createKiosks(ctx, meetings, typeof publicUrl === 'function' ? publicUrl : () => publicUrl);
  const auth = createAuth(ctx, { adminToken: opts.adminToken, generateIfMissing: opts.generateAdminToken, sessionTtlS: opts.sessionTtlS ?? 12 * 3600 });
  const writer = new BallotWriter(db);
  const secretBallots = createSecretBallots(db);
  const rounds = createRounds(ctx, { meetings, members, cards, presence, writer, secretBallots });
  const ballots = createBallots(ctx, { meetings, presence, rounds, writer, cards, secretBallots, proxies });
  const chair = createChair(ctx, { meetings, members, cards, presence, rounds });
  const agenda = createAgendaEditor(ctx, { meetings, rounds });

  return {
    db,
    events,
    audit,
    members,
    meetings,
    cards,
    presence,
    proxies,
    kiosks,
    auth,
    rounds,
    agenda,
    ballots,
    chair,
    writer,
    now,
    meetingDetail: createMeetingDetail({ meetings, rounds, presence }),
    verify: createVerification({ db, audit, rounds, members, meetings, secretBallots }),
    /** Stores the ballots still queued (before the database closes). */
    close: (): void => writer.flush(),
  };
}
