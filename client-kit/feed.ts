/**
 * The one way a screen follows the live feed (docs/api.md, "Live feed"). It reconnects by itself,
 * also where Socket.IO gives up (the server said goodbye on a restart, or refused the handshake for a
 * while), and a screen is "live" only once the `snapshot` that follows every (re)connect has arrived:
 * the snapshot replaces whatever the screen knew, so nothing missed while away stays missing.
 * Screens never call `io()` themselves.
 *
 * The heartbeat (issue 22: "badges tell the truth"): once a second the feed asks `GET /healthz`,
 * with a 2 s timeout, and says `server(true|false)` on every change, so a screen's badge follows
 * the server within 3 s both ways without anyone touching the screen (a refused connection is known
 * at once, a cable pulled by the timeout). When the server answers again while the socket is still
 * away (Socket.IO waits up to 5 s between tries), the socket is asked to connect now.
 */
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../shared/events.ts';
import type { PresenceSummary, Projector, Round } from '../shared/schemas.ts';

export type FeedConnection = 'connecting' | 'live' | 'disconnected';

export interface FeedHandlers {
  /** After every (re)connect: the whole state to resync from. */
  snapshot(snapshot: Snapshot): void;
  round?(round: Round): void;
  presence?(presence: PresenceSummary): void;
  /** The chair changed what the projector shows (the audience and chair feeds). */
  projector?(projector: Projector): void;
  /** Every change of the connection; figures on screen are current only while `live`. */
  connection?(state: FeedConnection, reason?: string): void;
  /** The server ended the connection itself or refused the handshake (a revoked token?). */
  refused?(reason: string): void;
  /** The heartbeat's verdict, on every change: does the server answer? */
  server?(up: boolean): void;
}

export interface FeedOptions {
  namespace: keyof typeof NAMESPACES;
  /** The meeting to follow (handshake query); events of other meetings are dropped. */
  meetingId?: number;
  /** A kiosk's token (handshake `auth.token`); without it the page's cookie is sent (chair). */
  token?: string;
  origin?: string;
  transports?: ('websocket' | 'polling')[];
  /** Pauses before retrying where Socket.IO does not; the last one repeats. */
  retryMs?: readonly number[];
  /**
   * How often the heartbeat asks, and how long it waits for the answer; `false` for a page with no
   * connection badge (the public voting record), so a large audience sends no heartbeat for nothing.
   */
  heartbeat?: { everyMs: number; timeoutMs: number } | false;
}

export interface Feed {
  close(): void;
}

const RETRY_MS = [1000, 2000, 4000, 8000];
/** One question a second, 2 s to answer: a change is seen within 3 s (docs/architecture.md, "Clients"). */
export const HEARTBEAT = { everyMs: 1000, timeoutMs: 2000 };

export function connectFeed(options: FeedOptions, handlers: FeedHandlers): Feed {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${options.origin ?? ''}${NAMESPACES[options.namespace]}`, {
    query: options.meetingId === undefined ? undefined : { meetingId: String(options.meetingId) },
    auth: options.token === undefined ? undefined : { token: options.token },
    transports: options.transports,
    withCredentials: options.token === undefined,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  const retryMs = options.retryMs ?? RETRY_MS;
  const ours = (meetingId: number) => options.meetingId === undefined || meetingId === options.meetingId;
  let closed = false;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while the heartbeat restarts a waiting socket: that disconnect is ours, not the server's. */
  let kicking = false;
  let lastKick = 0;
  /** Since when the socket is away after a connection was lost or refused (null: connected, or the first connect under way). */
  let awaySince: number | null = null;

  // Socket.IO retries by itself after a lost transport, but not after the server said goodbye
  // ("io server disconnect", e.g. a restart) or refused the handshake: retry those here.
  const retryLater = (reason: string): void => {
    handlers.refused?.(reason);
    if (closed || retryTimer) return;
    const delay = retryMs[Math.min(retries, retryMs.length - 1)];
    retries += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && !socket.connected) socket.connect();
    }, delay);
  };

  handlers.connection?.('connecting');
  socket.on('connect', () => {
    retries = 0;
    awaySince = null;
    // Not live yet: only the snapshot makes the figures current.
    handlers.connection?.('connecting');
  });
  socket.on('snapshot', (snapshot) => {
    if (!ours(snapshot.meeting.id)) return;
    handlers.snapshot(snapshot);
    handlers.connection?.('live');
  });
  socket.on('round', (round) => {
    if (ours(round.meetingId)) handlers.round?.(round);
  });
  socket.on('presence', (presence) => handlers.presence?.(presence));
  socket.on('projector', (projector) => handlers.projector?.(projector));
  socket.on('disconnect', (reason) => {
    awaySince ??= Date.now();
    handlers.connection?.('disconnected', reason);
    if (!socket.active && !kicking) retryLater(reason);
  });
  socket.on('connect_error', (error) => {
    awaySince ??= Date.now();
    handlers.connection?.('disconnected', error.message);
    if (!socket.active) retryLater(error.message);
  });

  const beat = options.heartbeat ?? HEARTBEAT;
  let up: boolean | null = null;
  let beatTimer: ReturnType<typeof setTimeout> | undefined;
  const heartbeat = async (): Promise<void> => {
    if (beat === false) return;
    let answered = false;
    try {
      const res = await fetch(`${options.origin ?? ''}/healthz`, { cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(beat.timeoutMs) });
      answered = res.ok;
    } catch {
      // no answer in time: down
    }
    if (closed) return;
    if (answered !== up) {
      up = answered;
      handlers.server?.(answered);
    }
    // The server is back but the socket still waits for Socket.IO's next try: try now (again at
    // most every 3 s, so a handshake on its way is not cut off).
    if (answered && !socket.connected && awaySince !== null && Date.now() - Math.max(awaySince, lastKick) >= 1000 && Date.now() - lastKick >= 3000) {
      lastKick = Date.now();
      if (retryTimer) {
        clearTimeout(retryTimer);
        retryTimer = undefined;
      }
      kicking = true;
      socket.disconnect();
      kicking = false;
      socket.connect();
    }
    beatTimer = setTimeout(() => void heartbeat(), beat.everyMs);
  };
  void heartbeat();

  return {
    close(): void {
      closed = true;
      if (beatTimer) clearTimeout(beatTimer);
      if (retryTimer) clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
