/**
 * The kiosk's end of the live feed: namespace `/kiosk`, kiosk token in `auth.token`, `round`
 * events so the desk knows at once when a round opens, closes or is cancelled. The kiosk also works
 * without it (it re-fetches on errors and polls now and then), so a refused or absent feed is only
 * reported, never fatal.
 */
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type ClientToServerEvents, type ServerToClientEvents, type Snapshot } from '../../shared/events.ts';
import type { Round } from '../../shared/schemas.ts';

export interface KioskFeedHandlers {
  onRound(round: Round): void;
  /** Sent on every (re)connect: the state to resync from. */
  onSnapshot(snapshot: Snapshot): void;
  /** true: connected and receiving; false: not (reconnecting by itself). */
  onLive(live: boolean): void;
  /** The server dropped this kiosk on purpose (e.g. revoked); the caller checks its pairing. */
  onDropped(): void;
}

export interface KioskFeed {
  close(): void;
}

export function connectKioskFeed(token: string, handlers: KioskFeedHandlers, url = ''): KioskFeed {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(`${url}${NAMESPACES.kiosk}`, {
    auth: { token },
    transports: ['websocket', 'polling'],
    reconnectionDelayMax: 5_000,
  });
  let closed = false;
  const retryLater = (ms: number): void => {
    setTimeout(() => {
      if (!closed && !socket.connected) socket.connect();
    }, ms);
  };
  socket.on('connect', () => handlers.onLive(true));
  socket.on('round', (round) => handlers.onRound(round));
  socket.on('snapshot', (snapshot) => handlers.onSnapshot(snapshot));
  socket.on('disconnect', (reason) => {
    handlers.onLive(false);
    // The server closed this socket itself: Socket.IO will not reconnect on its own.
    if (reason === 'io server disconnect') {
      handlers.onDropped();
      retryLater(5_000);
    }
  });
  socket.on('connect_error', () => {
    handlers.onLive(false);
    // A refused handshake (wrong token, or no /kiosk namespace yet) is not retried by Socket.IO.
    if (!socket.active) {
      handlers.onDropped();
      retryLater(10_000);
    }
  });
  return {
    close: () => {
      closed = true;
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
