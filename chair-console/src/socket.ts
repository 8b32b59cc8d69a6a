/**
 * The console's live feed: the `/chair` namespace with the admin view of rounds (roll call and the
 * members that have not voted yet). The session cookie authenticates the handshake (same origin).
 * UI code uses only `followMeeting`; it never calls `io()` itself.
 */
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../shared/events.ts';
import type { PresenceSummary, Round } from '../../shared/schemas.ts';

export interface ChairFeedHandlers {
  snapshot(snapshot: Snapshot): void;
  round(round: Round): void;
  presence(presence: PresenceSummary): void;
  /** true when connected, false when the connection dropped (the console then polls). */
  connection(connected: boolean): void;
}

export interface ChairFeed {
  stop(): void;
}

export function followMeeting(meetingId: number, handlers: ChairFeedHandlers): ChairFeed {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(NAMESPACES.chair, {
    query: { meetingId: String(meetingId) },
    withCredentials: true,
    reconnectionDelayMax: 5000,
  });
  socket.on('connect', () => handlers.connection(true));
  socket.on('disconnect', () => handlers.connection(false));
  socket.on('connect_error', () => handlers.connection(false));
  socket.on('snapshot', (snapshot) => {
    if (snapshot.meeting.id === meetingId) handlers.snapshot(snapshot);
  });
  socket.on('round', (round) => {
    if (round.meetingId === meetingId) handlers.round(round);
  });
  socket.on('presence', (presence) => handlers.presence(presence));
  return {
    stop() {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
