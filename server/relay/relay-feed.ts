/**
 * A feed relay's `/live` (docs/scaling.md): the same events as the voting server's `/live`, for any
 * number of viewers, from the Redis feed (modules/live/redis-feed.ts).
 *
 * The relay keeps the latest public snapshot of each meeting that has sockets here: taken once from the
 * voting server (`GET /api/meetings/:id/live`) when the first socket of the meeting arrives, then kept
 * current by folding in every event of the feed. A new socket is answered from it, so a storm of
 * reconnecting viewers costs the voting server nothing; sockets arriving together share one encoding of
 * the snapshot. Events go out to this relay's sockets coalesced, like the voting server does but wider
 * (a relay has thousands of sockets, and every emit is one write per socket): `round` per round at
 * `coalesceMs`, `presence` per meeting at `presenceMs`; each emit carries the state of the moment, so
 * the last state is never dropped.
 */
import type { Namespace, Socket } from 'socket.io';
import type { Snapshot } from '../../shared/events.ts';
import type { Round } from '../../shared/schemas.ts';
import { Coalescer } from '../modules/live/coalescer.ts';
import { meetingIdOf, meetingRoom } from '../modules/live/live.ts';
import type { FeedMeta } from '../modules/live/redis-feed.ts';

/** What the voting server answered for a meeting's snapshot. */
export type SnapshotAnswer = { found: false } | { found: true; snapshot: Snapshot; seq: number };

type State = Snapshot & Record<string, unknown>;

interface MeetingFeed {
  state: State;
  /** Number of the last event folded in (or of the snapshot). */
  seq: number;
  /** While a fresh snapshot is being fetched: the events that arrive meanwhile, to fold into it. */
  pending: { event: string; payload: unknown; seq: number | null }[] | null;
  idleSince: number | null;
}

type Log = { info(obj: unknown, msg?: string): void; warn(obj: unknown, msg?: string): void; error(obj: unknown, msg?: string): void };

export interface RelayFeedOptions {
  live: Namespace;
  fetchSnapshot(meetingId: number): Promise<SnapshotAnswer>;
  /** At most one `round` emit per round within this many ms. */
  coalesceMs: number;
  /**
   * At most one `presence` emit per meeting within this many ms (default 1000): each emit is one write
   * per socket, and the rounds' tallies carry the present weight anyway.
   */
  presenceMs?: number;
  log?: Log;
}

export interface RelayFeed {
  /** A broadcast of the voting server, as the adapter received it from Redis: `[event, payload, meta]` to `rooms`. */
  onPublished(data: unknown[], rooms: string[]): void;
  /** Takes a fresh snapshot of every meeting held (after Redis was away: events may have been lost). */
  resync(): void;
  /** Counts up whenever the public GET answers may have changed (a round opened or closed, a new snapshot). */
  generation(): number;
  stop(): void;
}

const welcomeRoom = (meetingId: number): string => `welcome:${meetingId}`;
/** Sockets that arrive within this many ms share one snapshot emit. */
const WELCOME_MS = 20;

/** A refused handshake, as the voting server's `/live` refuses (connect_error with `message` = reason). */
function refusal(reason: string, message: string): Error & { data: { error: string; message: string } } {
  return Object.assign(new Error(reason), { data: { error: reason, message } });
}

export function createRelayFeed(options: RelayFeedOptions): RelayFeed {
  const { live, log } = options;
  const meetings = new Map<number, MeetingFeed>();
  const loading = new Map<number, Promise<MeetingFeed | null>>();
  /** Meetings the voting server did not know, until when: a handshake storm for a wrong id asks it once. */
  const unknown = new Map<number, number>();
  const coalescer = new Coalescer(options.coalesceMs, (error) => log?.error({ err: error }, 'relay emit failed'));
  const welcome = new Coalescer(WELCOME_MS, (error) => log?.error({ err: error }, 'relay snapshot emit failed'));
  let generation = 0;
  let stopped = false;

  // ---------- folding events into the snapshot ----------

  /** Applies one event; false when it is older than what the state holds already. */
  function fold(feed: MeetingFeed, event: string, payload: unknown, seq: number | null): boolean {
    if (seq !== null) {
      if (seq <= feed.seq) return false;
      feed.seq = seq;
    }
    if (event === 'snapshot') {
      feed.state = payload as State;
      generation++;
    } else if (event === 'round') {
      const round = payload as Round;
      const rounds = feed.state.rounds;
      const i = rounds.findIndex((r) => r.id === round.id);
      // A round that opens, closes or is cancelled changes the motions' statuses that pages fetch.
      if (i < 0 || rounds[i].state !== round.state) generation++;
      if (i < 0) rounds.push(round);
      else rounds[i] = round;
    } else {
      // `presence`, `projector`, and any event added to the contract later: the snapshot's field of that name.
      feed.state[event] = payload;
      // `GET /api/meetings/:id/projector` answers differently now.
      if (event === 'projector') generation++;
    }
    return true;
  }

  function emitLater(meetingId: number, event: string, payload: unknown): void {
    const room = meetingRoom(meetingId);
    const key = event === 'round' ? `round:${(payload as Round).id}` : `${event}:${meetingId}`;
    // Snapshots and anything else (the projector's choice) are rare and go out almost at once.
    const interval = event === 'round' ? options.coalesceMs : event === 'presence' ? (options.presenceMs ?? 1000) : WELCOME_MS;
    coalescer.schedule(key, () => {
      const feed = meetings.get(meetingId);
      if (!feed || !hasSockets(room)) return;
      // The state at this moment: a trailing emit carries everything folded in meanwhile.
      const current = event === 'snapshot' ? feed.state : event === 'round' ? feed.state.rounds.find((r) => r.id === (payload as Round).id) : feed.state[event];
      if (current !== undefined) live.local.to(room).emit(event, current);
    }, interval);
  }

  function hasSockets(room: string): boolean {
    return (live.adapter.rooms.get(room)?.size ?? 0) > 0;
  }

  // ---------- snapshots from the voting server ----------

  async function fetchInto(meetingId: number, current: MeetingFeed | null): Promise<MeetingFeed | null> {
    const pending: MeetingFeed['pending'] = [];
    if (current) current.pending = pending;
    try {
      const answer = await options.fetchSnapshot(meetingId);
      if (!answer.found) return null;
      const feed: MeetingFeed = { state: answer.snapshot as State, seq: answer.seq, pending: null, idleSince: null };
      // Events that came while the snapshot was on its way: those newer than it are folded in.
      for (const e of pending) fold(feed, e.event, e.payload, e.seq);
      return feed;
    } finally {
      if (current) current.pending = null;
    }
  }

  /** The meeting's feed, fetched on first use; null when the voting server knows no such meeting. */
  function feedOf(meetingId: number): MeetingFeed | Promise<MeetingFeed | null> {
    const held = meetings.get(meetingId);
    if (held) return held;
    if ((unknown.get(meetingId) ?? 0) > Date.now()) return Promise.resolve(null);
    let promise = loading.get(meetingId);
    if (!promise) {
      // Events arriving during the first fetch are kept on a placeholder and folded in afterwards.
      const placeholder: MeetingFeed = { state: { rounds: [] } as unknown as State, seq: Number.MAX_SAFE_INTEGER, pending: null, idleSince: null };
      placeholders.set(meetingId, placeholder);
      promise = fetchInto(meetingId, placeholder)
        .then((feed) => {
          if (feed && !stopped) meetings.set(meetingId, feed);
          if (!feed) unknown.set(meetingId, Date.now() + 5000);
          return feed;
        })
        .finally(() => {
          loading.delete(meetingId);
          placeholders.delete(meetingId);
        });
      loading.set(meetingId, promise);
    }
    return promise;
  }
  const placeholders = new Map<number, MeetingFeed>();

  function resync(): void {
    for (const [meetingId, feed] of meetings) {
      if (feed.pending) continue;
      fetchInto(meetingId, feed).then(
        (fresh) => {
          if (!fresh || stopped || meetings.get(meetingId) !== feed) return;
          meetings.set(meetingId, fresh);
          generation++;
          emitLater(meetingId, 'snapshot', fresh.state);
        },
        (err: Error) => log?.warn({ err: err.message, meetingId }, 'relay: fresh snapshot failed; keeping the one held'),
      );
    }
  }

  // ---------- sockets ----------

  live.use((socket, next) => {
    const meetingId = meetingIdOf(socket);
    if (meetingId === null || meetingId === 'invalid') return next(refusal('validation', 'meetingId: a meeting id is required'));
    const found = feedOf(meetingId);
    if (!(found instanceof Promise)) {
      socket.data = { meetingId, kioskId: null };
      return next();
    }
    found.then(
      (feed) => {
        if (!feed) return next(refusal('not_found', `no meeting ${meetingId}`));
        socket.data = { meetingId, kioskId: null };
        next();
      },
      (err: Error) => {
        log?.warn({ err: err.message, meetingId }, 'relay: no snapshot from the voting server');
        next(refusal('storage_unavailable', 'the voting server cannot be reached; try again shortly'));
      },
    );
  });

  live.on('connection', (socket: Socket) => {
    const meetingId = (socket.data as { meetingId: number }).meetingId;
    void socket.join(welcomeRoom(meetingId));
    welcome.schedule(`welcome:${meetingId}`, () => {
      const feed = meetings.get(meetingId);
      const waiting = live.adapter.rooms.get(welcomeRoom(meetingId));
      if (!feed || !waiting?.size) return;
      feed.idleSince = null;
      // One encoding for every socket that arrived meanwhile; then they follow the meeting's events.
      live.local.to(welcomeRoom(meetingId)).emit('snapshot', feed.state);
      for (const id of [...waiting]) {
        const s = live.sockets.get(id);
        if (!s) continue;
        void s.join(meetingRoom(meetingId));
        void s.leave(welcomeRoom(meetingId));
      }
    });
  });

  // Meetings nobody here watched for a minute are forgotten (a later socket fetches them afresh).
  const sweep = setInterval(() => {
    const now = Date.now();
    for (const [meetingId, feed] of meetings) {
      if (hasSockets(meetingRoom(meetingId)) || hasSockets(welcomeRoom(meetingId))) feed.idleSince = null;
      else if (feed.idleSince === null) feed.idleSince = now;
      else if (now - feed.idleSince > 60_000) meetings.delete(meetingId);
    }
    for (const [meetingId, until] of unknown) if (until < now) unknown.delete(meetingId);
    coalescer.sweep();
    welcome.sweep();
  }, 30_000);
  sweep.unref();

  return {
    onPublished(data, rooms) {
      const [event, payload, meta] = data as [string, unknown, FeedMeta | undefined];
      const seq = typeof meta?.seq === 'number' ? meta.seq : null;
      for (const room of rooms) {
        const m = /^meeting:(\d+)$/.exec(room);
        if (!m) continue;
        const meetingId = Number(m[1]);
        const feed = meetings.get(meetingId);
        const target = feed ?? placeholders.get(meetingId);
        if (target?.pending) target.pending.push({ event, payload, seq });
        if (feed && fold(feed, event, payload, seq)) emitLater(meetingId, event, payload);
      }
    },
    resync,
    generation: () => generation,
    stop() {
      stopped = true;
      clearInterval(sweep);
      coalescer.stop();
      welcome.stop();
    },
  };
}
