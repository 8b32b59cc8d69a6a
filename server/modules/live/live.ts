/**
 * The live feed (docs/api.md, "Live feed"): three Socket.IO namespaces fed by the domain's events.
 * `/live` is public and gets public round views only (never card codes, never a secret round's
 * choices, no tallies while a hidden round is open: `rounds.view(id, 'public')` decides that);
 * `/chair` gets admin views; `/kiosk` gets public round views so a desk knows at once when a round
 * opens or closes. Emits are coalesced per round and audience (see Coalescer).
 */
import type { Namespace, Server, Socket } from 'socket.io';
import { clientAddress, proxyTrust } from '../../lib/client-address.ts';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../../shared/events.ts';
import type { DomainEvents } from '../../events.ts';
import type { Kiosk, Meeting, PresenceSummary, Projector, Round } from '../../../shared/schemas.ts';
import { Coalescer } from './coalescer.ts';
import { shape, type Audience, type LiveEvent, type LivePayload } from './shape.ts';

export type { Audience };

/** What the feed needs of the domain (a subset of `app.domain`). */
export interface LiveDomain {
  events: { on<K extends keyof DomainEvents & string>(event: K, listener: (payload: DomainEvents[K]) => void): () => void };
  meetings: { get(id: number): Meeting; projector(id: number): Projector };
  rounds: { view(roundId: number, audience: Audience): Round; viewsOfMeeting(meetingId: number, audience: Audience): Round[] };
  presence: { summary(meetingId: number): PresenceSummary };
  /** Decides the admin credentials of a `/chair` handshake (with the failure limit of plugins/auth.ts). */
  auth: {
    chairHandshake(h: { token: string | null; session: string | null; sameOrigin: boolean; address: string }): 'admin' | 'unauthorized' | 'rate_limited';
    /** A wrong kiosk token from `address`: a failure under the same limit as HTTP's wrong tokens; true past it. */
    failed(address: string): boolean;
    /** A new socket without valid credentials from `address`: a request under HTTP's per-address limit; true past it. */
    overRequestLimit(address: string): Promise<boolean>;
  };
  kiosks: { authenticate(token: string): Kiosk | null };
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}

export interface SocketData {
  meetingId: number | null;
  kioskId: number | null;
}

export type LiveServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type LiveNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface LiveFeedOptions {
  io: LiveServer;
  domain: LiveDomain;
  /** At most one emit per round (or snapshot) and audience within this many ms. */
  coalesceMs?: number;
  /**
   * At most one `presence` emit per meeting within this many ms. Longer than for rounds: when check-in
   * is not required every ballot is also a check-in, and each emit is one write per socket (with
   * 1,000 sockets, the feed's largest cost). The round's tallies carry the present weight anyway.
   */
  presenceMs?: number;
  sessionCookie?: string;
  /** Behind a reverse proxy: a handshake's address is the first of X-Forwarded-For, as for HTTP. */
  /** The reverse proxies' addresses or CIDR ranges (`STEMKAART_TRUST_PROXY`). */
  trustProxy?: readonly string[];
  log?: { warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };
  /**
   * Also hands every public event of a meeting to feed relays (modules/live/redis-feed.ts), whether or
   * not this process has sockets for it. Must never wait.
   */
  publish?: (meetingId: number, event: keyof ServerToClientEvents, payload: unknown) => void;
}

export interface LiveFeed {
  /** What a new `/live` (public) or `/chair` (admin) socket of the meeting gets first. */
  snapshot(meetingId: number, audience: Audience): Snapshot;
  stop(): void;
}

export const meetingRoom = (meetingId: number): string => `meeting:${meetingId}`;
const kioskRoom = (kioskId: number): string => `kiosk:${kioskId}`;
/** Chair sockets that named no meeting follow every meeting. */
const ALL_MEETINGS = 'meetings:all';

/** A refused handshake: the client's `connect_error` carries `message` = the error reason and `data`. */
export function refusal(reason: 'unauthorized' | 'not_found' | 'validation' | 'rate_limited', message: string): Error & { data: { error: string; message: string } } {
  return Object.assign(new Error(reason), { data: { error: reason, message } });
}

export function meetingIdOf(socket: Pick<LiveSocket, 'handshake'>): number | null | 'invalid' {
  const raw = socket.handshake.query.meetingId ?? (socket.handshake.auth as { meetingId?: unknown } | undefined)?.meetingId;
  if (raw === undefined || raw === null || raw === '') return null;
  const value = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(value) && value > 0 ? value : 'invalid';
}

function tokenOf(socket: LiveSocket): string | null {
  const auth = socket.handshake.auth as { token?: unknown } | undefined;
  if (typeof auth?.token === 'string' && auth.token) return auth.token;
  const header = socket.handshake.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return null;
}

/** True without an Origin header (not a browser) or when it names the host the handshake went to. */
function sameOrigin(socket: LiveSocket): boolean {
  const origin = socket.handshake.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === socket.handshake.headers.host;
  } catch {
    return false;
  }
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return null;
}

export function createLiveFeed(options: LiveFeedOptions): LiveFeed {
  const { io, domain } = options;
  const log = options.log;
  const sessionCookie = options.sessionCookie ?? 'stemkaart_session';
  const presenceMs = options.presenceMs ?? 250;
  const coalescer = new Coalescer(options.coalesceMs ?? 50, (error) => log?.error({ err: error }, 'live feed emit failed'));
  const live: LiveNamespace = io.of(NAMESPACES.live);
  const chair: LiveNamespace = io.of(NAMESPACES.chair);
  const kiosk: LiveNamespace = io.of(NAMESPACES.kiosk);

  // The client's address as HTTP sees it: behind the named proxies, the rightmost untrusted X-Forwarded-For entry.
  const trusted = proxyTrust(options.trustProxy ?? []);
  function addressOf(socket: LiveSocket): string {
    return clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], trusted);
  }

  function meetingExists(id: number): boolean {
    try {
      domain.meetings.get(id);
      return true;
    } catch {
      return false;
    }
  }

  function snapshot(meetingId: number, audience: Audience): Snapshot {
    return {
      meeting: domain.meetings.get(meetingId),
      rounds: domain.rounds.viewsOfMeeting(meetingId, audience),
      presence: domain.presence.summary(meetingId),
      projector: domain.meetings.projector(meetingId),
    };
  }

  /** Every event leaves through here, shaped by the schema of its audience (shape.ts). */
  function send<E extends LiveEvent>(target: { emit: LiveSocket['emit'] }, audience: Audience, event: E, payload: LivePayload<E>): void {
    (target.emit as (event: E, payload: LivePayload<E>) => boolean)(event, shape(audience, event, payload));
  }

  function sendSnapshot(socket: LiveSocket, audience: Audience): void {
    const meetingId = socket.data.meetingId;
    if (meetingId === null) return;
    try {
      send(socket, audience, 'snapshot', snapshot(meetingId, audience));
    } catch (error) {
      log?.error({ err: error, meetingId }, 'live feed snapshot failed');
      socket.disconnect(true);
    }
  }

  // ---------- handshakes ----------

  // Every handshake without valid credentials counts toward the per-address request limit of HTTP
  // (sockets of paired kiosks and of the chair are not counted, as their requests are not).
  const overLimit = refusal('rate_limited', 'too many requests from this address; wait a minute');
  const limited = (socket: LiveSocket, next: (err?: Error) => void, go: () => void): void => {
    domain.auth.overRequestLimit(addressOf(socket)).then(
      (over) => (over ? next(overLimit) : go()),
      () => go(),
    );
  };

  live.use((socket, next) => limited(socket, next, () => liveHandshake(socket, next)));
  function liveHandshake(socket: LiveSocket, next: (err?: Error) => void): void {
    const meetingId = meetingIdOf(socket);
    if (meetingId === null || meetingId === 'invalid') return next(refusal('validation', 'meetingId: a meeting id is required'));
    if (!meetingExists(meetingId)) return next(refusal('not_found', `no meeting ${meetingId}`));
    socket.data = { meetingId, kioskId: null };
    next();
  }

  chair.use((socket, next) => {
    // The cookie is SameSite=Strict already; from a foreign Origin it does not count (cross-site WebSocket).
    const verdict = domain.auth.chairHandshake({
      token: tokenOf(socket),
      session: cookieValue(socket.handshake.headers.cookie, sessionCookie),
      sameOrigin: sameOrigin(socket),
      address: addressOf(socket),
    });
    if (verdict === 'rate_limited') return next(refusal('rate_limited', 'too many failed attempts from this address; wait a minute'));
    if (verdict !== 'admin') return limited(socket, next, () => next(refusal('unauthorized', 'an admin token or session is required')));
    const meetingId = meetingIdOf(socket);
    if (meetingId === 'invalid') return next(refusal('validation', 'meetingId: not a meeting id'));
    if (meetingId !== null && !meetingExists(meetingId)) return next(refusal('not_found', `no meeting ${meetingId}`));
    socket.data = { meetingId, kioskId: null };
    next();
  });

  kiosk.use((socket, next) => {
    const token = tokenOf(socket);
    const paired = token === null ? null : domain.kiosks.authenticate(token);
    if (!paired) {
      // A wrong token counts as a failure of its address, as a wrong Bearer token does over HTTP.
      if (token !== null && domain.auth.failed(addressOf(socket))) return next(refusal('rate_limited', 'too many failed attempts from this address; wait a minute'));
      return limited(socket, next, () => next(refusal('unauthorized', 'a valid kiosk token is required')));
    }
    socket.data = { meetingId: paired.meetingId, kioskId: paired.id };
    next();
  });

  live.on('connection', (socket) => {
    void socket.join(meetingRoom(socket.data.meetingId!));
    sendSnapshot(socket, 'public');
  });
  chair.on('connection', (socket) => {
    const meetingId = socket.data.meetingId;
    void socket.join(meetingId === null ? ALL_MEETINGS : meetingRoom(meetingId));
    sendSnapshot(socket, 'admin');
  });
  kiosk.on('connection', (socket) => {
    void socket.join([meetingRoom(socket.data.meetingId!), kioskRoom(socket.data.kioskId!)]);
    sendSnapshot(socket, 'public');
  });

  // ---------- domain events → coalesced emits ----------

  const listeners = (nsp: LiveNamespace, meetingId: number): boolean => {
    const rooms = nsp.adapter.rooms;
    return (rooms.get(meetingRoom(meetingId))?.size ?? 0) > 0 || (nsp === chair && (rooms.get(ALL_MEETINGS)?.size ?? 0) > 0);
  };
  const publicTargets = (meetingId: number): LiveNamespace[] => [live, kiosk].filter((nsp) => listeners(nsp, meetingId));
  const publish = options.publish ?? (() => undefined);
  const toChair = (meetingId: number) => chair.to([meetingRoom(meetingId), ALL_MEETINGS]);

  function roundChanged(meetingId: number, roundId: number): void {
    coalescer.schedule(`public:round:${roundId}`, () => {
      const targets = publicTargets(meetingId);
      if (targets.length === 0 && !options.publish) return;
      const round = shape('public', 'round', domain.rounds.view(roundId, 'public'));
      for (const nsp of targets) nsp.to(meetingRoom(meetingId)).emit('round', round);
      publish(meetingId, 'round', round);
    });
    coalescer.schedule(`admin:round:${roundId}`, () => {
      if (!listeners(chair, meetingId)) return;
      send(toChair(meetingId), 'admin', 'round', domain.rounds.view(roundId, 'admin'));
    });
  }

  function presenceChanged(meetingId: number): void {
    coalescer.schedule(`presence:${meetingId}`, () => {
      const targets = publicTargets(meetingId);
      const chairListens = listeners(chair, meetingId);
      if (targets.length === 0 && !chairListens && !options.publish) return;
      const presence = shape('public', 'presence', domain.presence.summary(meetingId));
      for (const nsp of targets) nsp.to(meetingRoom(meetingId)).emit('presence', presence);
      if (chairListens) toChair(meetingId).emit('presence', presence);
      publish(meetingId, 'presence', presence);
    }, presenceMs);
  }

  // What the projector shows: to the audience and the chair (the console mirrors it), not to kiosks.
  function projectorChanged(meetingId: number): void {
    coalescer.schedule(`projector:${meetingId}`, () => {
      const audience = listeners(live, meetingId);
      const chairListens = (chair.adapter.rooms.get(meetingRoom(meetingId))?.size ?? 0) > 0;
      if (!audience && !chairListens && !options.publish) return;
      const projector = shape('public', 'projector', domain.meetings.projector(meetingId));
      if (audience) live.to(meetingRoom(meetingId)).emit('projector', projector);
      // Only to chair sockets of this meeting: the payload does not name its meeting.
      if (chairListens) chair.to(meetingRoom(meetingId)).emit('projector', projector);
      // To the feed relays' /live sockets as well (they fold it into the snapshot they hold).
      publish(meetingId, 'projector', projector);
    });
  }

  // The contract has no event for agenda or meeting edits: a fresh snapshot tells the clients.
  function meetingChanged(meetingId: number): void {
    coalescer.schedule(`public:snapshot:${meetingId}`, () => {
      const targets = publicTargets(meetingId);
      if (targets.length === 0 && !options.publish) return;
      const snap = shape('public', 'snapshot', snapshot(meetingId, 'public'));
      for (const nsp of targets) nsp.to(meetingRoom(meetingId)).emit('snapshot', snap);
      publish(meetingId, 'snapshot', snap);
    });
    coalescer.schedule(`admin:snapshot:${meetingId}`, () => {
      if (!listeners(chair, meetingId)) return;
      send(chair.to(meetingRoom(meetingId)), 'admin', 'snapshot', snapshot(meetingId, 'admin'));
    });
  }

  const sweep = setInterval(() => coalescer.sweep(), 60_000);
  sweep.unref();

  const unsubscribe = [
    domain.events.on('round-changed', ({ meetingId, roundId }) => roundChanged(meetingId, roundId)),
    domain.events.on('presence-changed', ({ meetingId }) => presenceChanged(meetingId)),
    domain.events.on('meeting-changed', ({ meetingId }) => meetingChanged(meetingId)),
    domain.events.on('projector-changed', ({ meetingId }) => projectorChanged(meetingId)),
    // Not coalesced: a revoked kiosk loses its feed at once (and its token is refused on reconnect).
    domain.events.on('kiosk-revoked', ({ kioskId }) => kiosk.in(kioskRoom(kioskId)).disconnectSockets(true)),
  ];

  return {
    snapshot,
    stop(): void {
      for (const off of unsubscribe) off();
      clearInterval(sweep);
      coalescer.stop();
    },
  };
}
