/**
 * The live feed through Redis, for feed relays (docs/scaling.md; docs/api.md, "Feed relays").
 *
 * Socket.IO's Redis Streams adapter carries the feed: the voting server broadcasts each public `/live`
 * event on the `/live` namespace of a Socket.IO server of its own that has no sockets and whose adapter
 * appends it to a Redis stream; every relay's `/live` namespace reads the stream through the same
 * adapter. The voting server's own sockets (the hall's projector, chair and kiosks) stay on the
 * in-memory adapter: nothing they see, and no ballot, ever waits on Redis.
 *
 * Each published event carries a sequence number as an extra argument (`{ seq }`): a relay drops an
 * event older than the snapshot it already holds, however the stream and the snapshot raced. The
 * relays strip it before their sockets see the event.
 */
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient, type RedisClientOptions } from 'redis';
import { Server, type Namespace } from 'socket.io';
import { Adapter } from 'socket.io-adapter';
import { meetingRoom } from './live.ts';

/** The Redis stream of the feed and the Socket.IO namespace it belongs to. */
export const FEED_STREAM = 'stemkaart:live';
export const FEED_NAMESPACE = '/live';
/**
 * Entries kept in the stream (trimmed approximately). At ~25 events a second per meeting, about a minute
 * and a half of history for a relay that lost its connection for a moment; a relay away longer takes a
 * fresh snapshot from the voting server anyway. Closed rounds carry their roll call, so keep it modest.
 */
export const FEED_MAX_LEN = 2000;

/** The extra argument of every published event. */
export interface FeedMeta {
  seq: number;
}

/** Reconnects within a second, forever: a feed must come back by itself after a Redis restart. */
export function redisOptions(url: string): RedisClientOptions {
  return {
    url,
    socket: { connectTimeout: 2000, reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 1000) },
    // A Redis that accepts connections but does not answer must not make the queue grow without end.
    commandsQueueMaxLength: 10_000,
  };
}

type Log = { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void };

/** The Socket.IO adapter factory for a server whose `/live` goes through the feed's stream (others stay in memory). */
export function feedAdapter(client: ReturnType<typeof createClient>): (nsp: Namespace) => Adapter {
  const streams = createAdapter(client, { streamName: FEED_STREAM, maxLen: FEED_MAX_LEN, blockTimeInMs: 2000 });
  // Socket.IO calls it with `new`: a function, not an arrow (an object it returns is what `new` gives).
  return function adapterOf(nsp: Namespace): Adapter {
    return nsp.name === FEED_NAMESPACE ? (streams(nsp) as unknown as Adapter) : new Adapter(nsp);
  };
}

/**
 * Watches a Redis client's connection: logs an outage once (not every retry) and tells `onReady` when
 * the connection is (back) up, with the time the outage began (`null` on the first connection).
 */
export function watchConnection(client: ReturnType<typeof createClient>, log: Log | undefined, what: string, onReady: (downSince: number | null) => void): void {
  let downSince: number | null = null;
  let everReady = false;
  client.on('error', (err: Error) => {
    if (downSince === null) {
      downSince = Date.now();
      log?.warn({ err: err.message }, `${what}: Redis unreachable; retrying every second`);
    }
  });
  client.on('ready', () => {
    const since = everReady ? (downSince ?? Date.now()) : null;
    if (everReady) log?.info({ downMs: Date.now() - (downSince ?? Date.now()) }, `${what}: Redis reachable again`);
    everReady = true;
    downSince = null;
    onReady(since);
  });
}

export interface FeedPublisher {
  /** Publishes one public `/live` event of a meeting; never waits, and does nothing while Redis is down. */
  publish(meetingId: number, event: string, payload: unknown): void;
  /** The number of the last event published: a snapshot built now reflects every event up to it. */
  seq(): number;
  close(): Promise<void>;
}

export interface FeedPublisherOptions {
  redisUrl: string;
  /**
   * The meeting's public snapshot now. After Redis was away, every meeting that changed meanwhile (or
   * just before, while its events may have been lost in flight) is published again as one `snapshot`.
   */
  snapshot(meetingId: number): unknown;
  log?: Log;
}

export function createFeedPublisher(options: FeedPublisherOptions): FeedPublisher {
  const client = createClient(redisOptions(options.redisUrl));
  // Events of a meeting are published by this process only; their numbers grow across restarts too
  // (microseconds since the epoch at start, then one by one).
  let seq = Date.now() * 1000;
  const lastChange = new Map<number, number>();
  const io = new Server({ serveClient: false, adapter: feedAdapter(client) });
  const live = io.of(FEED_NAMESPACE);

  const emit = (meetingId: number, event: string, payload: unknown): void => {
    seq += 1;
    live.to(meetingRoom(meetingId)).emit(event, payload, { seq } satisfies FeedMeta);
  };

  watchConnection(client, options.log, 'live feed publisher', (downSince) => {
    if (downSince === null) return;
    // Events in flight when the connection broke may be lost: a second's margin before the outage.
    for (const [meetingId, at] of lastChange) {
      if (at < downSince - 1000) continue;
      try {
        emit(meetingId, 'snapshot', options.snapshot(meetingId));
      } catch (err) {
        options.log?.warn({ err: (err as Error).message, meetingId }, 'live feed publisher: snapshot after reconnect failed');
      }
    }
  });
  // Resolves once connected; retries (without rejecting) while Redis is down, so the server starts anyway.
  const connecting = client.connect().catch(() => undefined);

  return {
    publish(meetingId, event, payload) {
      lastChange.set(meetingId, Date.now());
      // While Redis is down nothing is queued (a long outage must not fill the memory): the meeting is
      // published again as a snapshot when it is back.
      if (!client.isReady) return;
      emit(meetingId, event, payload);
    },
    seq: () => seq,
    async close() {
      // Stops the adapter's stream reader, then the client. (io.close() would also close an engine
      // that this unattached server does not have.)
      await live.adapter.close();
      await connecting;
      if (client.isOpen) client.destroy();
    },
  };
}
