/**
 * The projector's only connection to the live feed (namespace /live of docs/api.md). Reconnects by
 * itself, also when the server restarts or refuses for a while, and reports every change of the
 * connection so the page never shows old figures as live. Each (re)connect is resynced by `snapshot`.
 */
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../shared/events.ts';
import type { PresenceSummary, Round } from '../../shared/schemas.ts';

export type FeedConnection = 'connecting' | 'live' | 'disconnected';

export interface LiveFeedHandlers {
  snapshot(snapshot: Snapshot): void;
  round(round: Round): void;
  presence(presence: PresenceSummary): void;
  connection(state: FeedConnection, reason?: string): void;
}

export interface LiveFeed {
  close(): void;
}

const RETRY_MS = [1000, 2000, 4000, 8000];

export function followMeeting(meetingId: number, handlers: LiveFeedHandlers, origin?: string): LiveFeed {
  const url = `${origin ?? ''}${NAMESPACES.live}`;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    query: { meetingId: String(meetingId) },
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
  });
  let closed = false;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  // Socket.IO retries by itself after a lost transport, but not after the server said goodbye
  // ("io server disconnect", e.g. a restart) or refused the handshake: retry those ourselves.
  const retryLater = (): void => {
    if (closed || retryTimer) return;
    const delay = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
    retries += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      if (!closed && !socket.connected) socket.connect();
    }, delay);
  };

  handlers.connection('connecting');
  socket.on('connect', () => {
    retries = 0;
    // Not "live" yet: only the snapshot makes the figures current.
    handlers.connection('connecting');
  });
  socket.on('snapshot', (snapshot) => {
    handlers.snapshot(snapshot);
    handlers.connection('live');
  });
  socket.on('round', (round) => handlers.round(round));
  socket.on('presence', (presence) => handlers.presence(presence));
  socket.on('disconnect', (reason) => {
    handlers.connection('disconnected', reason);
    if (!socket.active) retryLater();
  });
  socket.on('connect_error', (error) => {
    handlers.connection('disconnected', error.message);
    if (!socket.active) retryLater();
  });

  return {
    close(): void {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
