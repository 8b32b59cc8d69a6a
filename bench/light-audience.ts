/**
 * The audience of `npm run bench:live -- --relays N`, in a process of its own: thousands of `/live`
 * viewers as plain WebSocket connections that speak the Socket.IO protocol themselves (open, namespace
 * connect, answer pings, receive events). socket.io-client decodes every event fully, which at 10,000
 * sockets on this machine would measure the clients' own event loop rather than the server's; here an
 * event costs a string search, so the figures stay those of the servers. Most sockets only count
 * frames and keep the last `round` frame as it came (read once, when the run asks whether every
 * socket saw the final count); a sample of them (about 500 per process, all when fewer) records when
 * it first saw each new `voted.count` of a round, which gives the latencies.
 * Started by bench/live.ts over IPC; never run on its own.
 */
import WebSocket from 'ws';
import { summarize, type AudienceResult, type Seen } from './latency.ts';

export interface LightAudienceJob {
  /** Base URLs to spread the sockets over, in turn (the voting server, or the relays). */
  targets: string[];
  meetingId: number;
  sockets: number;
  /** Index of the first socket (for the turn among the targets) when several processes share the viewers. */
  first: number;
}

export type LightAudienceMessage =
  | { type: 'connect'; job: LightAudienceJob }
  | { type: 'measure'; roundId: number; total: number }
  | { type: 'traffic' }
  | { type: 'keep'; sockets: number }
  | { type: 'close-event'; roundId: number }
  | { type: 'exit' };

export interface Traffic {
  /** Bytes and WebSocket messages received by all sockets since the last `traffic` question. */
  bytes: number;
  messages: number;
  /** Of those, `round` events and their bytes. */
  roundEvents: number;
  roundBytes: number;
  seconds: number;
}

interface Viewer {
  ws: WebSocket;
  connected: boolean;
  /** Measures latency (decodes the head of every `round` frame); the others only count frames. */
  sampled: boolean;
  /** Not sampled: the last `round` frame, not read yet, and when it came. */
  lastFrame: Buffer | null;
  lastFrameAt: number;
  /** Not sampled: the last `voted.count` read per round. */
  lastCount: Map<number, number>;
  /** Per round: times and counts, as in bench/audience.ts. */
  rounds: Map<number, Seen>;
  closedAt: Map<number, { at: number; bytes: number }>;
}

const wallNow = () => performance.timeOrigin + performance.now();
const viewers: Viewer[] = [];
let traffic = { bytes: 0, messages: 0, roundEvents: 0, roundBytes: 0, since: performance.now() };

const ROUND_PREFIX = '42/live,["round",';
const ROUND_PREFIX_BYTES = Buffer.from(ROUND_PREFIX, 'latin1');
/** About this many sampled viewers per process. */
const SAMPLED = 500;

/** A `round` frame's round id and `voted.count`, from its head (they come before the tallies). */
function roundHead(data: Buffer): { id: number; count: number; text: string } | null {
  const text = data.toString('latin1', 0, Math.min(data.length, 700));
  const id = /^\{"id":(\d+)/.exec(text.slice(ROUND_PREFIX.length));
  const count = /"voted":\{[^}]*"count":(\d+)/.exec(text);
  return id && count ? { id: Number(id[1]), count: Number(count[1]), text } : null;
}

/** A viewer that is not sampled reads its last `round` frame now: the count, and the close if it was one. */
function readLast(viewer: Viewer): void {
  const frame = viewer.lastFrame;
  if (!frame) return;
  viewer.lastFrame = null;
  const head = roundHead(frame);
  if (!head) return;
  viewer.lastCount.set(head.id, head.count);
  if (head.text.includes('"state":"closed"') && !viewer.closedAt.has(head.id)) viewer.closedAt.set(head.id, { at: viewer.lastFrameAt, bytes: frame.length });
}

/** The last count a viewer saw of a round. */
function lastCountOf(viewer: Viewer, roundId: number): number {
  if (viewer.sampled) return viewer.rounds.get(roundId)?.counts.at(-1) ?? -1;
  readLast(viewer);
  return viewer.lastCount.get(roundId) ?? -1;
}
const SNAPSHOT_PREFIX = '42/live,["snapshot",';

function note(viewer: Viewer, roundId: number, count: number): void {
  let seen = viewer.rounds.get(roundId);
  if (!seen) viewer.rounds.set(roundId, (seen = { times: [], counts: [] }));
  if (seen.counts.length === 0 || count > seen.counts[seen.counts.length - 1]) {
    seen.times.push(wallNow());
    seen.counts.push(count);
  }
}

function open(target: string, meetingId: number, sampled: boolean): Promise<Viewer | null> {
  const url = `${target.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket&meetingId=${meetingId}`;
  const viewer: Viewer = { ws: new WebSocket(url, { perMessageDeflate: false }), connected: false, sampled, lastFrame: null, lastFrameAt: 0, lastCount: new Map(), rounds: new Map(), closedAt: new Map() };
  return new Promise((resolve) => {
    let settled = false;
    const done = (v: Viewer | null) => {
      if (!settled) {
        settled = true;
        resolve(v);
      }
    };
    viewer.ws.on('message', (data: Buffer) => {
      traffic.bytes += data.length;
      traffic.messages++;
      const isRound = data.length > ROUND_PREFIX_BYTES.length && data.compare(ROUND_PREFIX_BYTES, 0, ROUND_PREFIX_BYTES.length, 0, ROUND_PREFIX_BYTES.length) === 0;
      if (isRound) {
        traffic.roundEvents++;
        traffic.roundBytes += data.length;
      }
      // Most viewers, once connected: count the frame, keep the last `round` one, answer pings.
      if (!viewer.sampled && viewer.connected) {
        if (isRound) {
          viewer.lastFrame = data;
          viewer.lastFrameAt = wallNow();
        }
        else if (data.length === 1 && data[0] === 0x32) viewer.ws.send('3');
        return;
      }
      // The round's id, state and `voted` come before its tallies: the head of the message is enough.
      const text = data.toString('latin1', 0, Math.min(data.length, 700));
      if (isRound) {
        const head = roundHead(data);
        if (head) note(viewer, head.id, head.count);
        if (head && head.text.includes('"state":"closed"') && !viewer.closedAt.has(head.id)) viewer.closedAt.set(head.id, { at: wallNow(), bytes: data.length });
      } else if (text === '2') {
        viewer.ws.send('3');
      } else if (text.startsWith(SNAPSHOT_PREFIX)) {
        if (viewer.connected) return; // a resync after connecting: not needed for the figures
        const [, snapshot] = JSON.parse(data.toString('utf8').slice('42/live,'.length)) as [string, { rounds: { id: number; voted: { count: number } }[] }];
        for (const r of snapshot.rounds) {
          if (viewer.sampled) note(viewer, r.id, r.voted.count);
          else viewer.lastCount.set(r.id, r.voted.count);
        }
        viewer.connected = true;
        done(viewer);
      } else if (text.startsWith('0{')) {
        viewer.ws.send('40/live,');
      } else if (text.startsWith('44/live,')) {
        done(null);
      }
    });
    viewer.ws.on('error', () => done(null));
    viewer.ws.on('close', () => {
      viewer.connected = false;
      done(null);
    });
  });
}

async function connect(job: LightAudienceJob): Promise<number> {
  let connected = 0;
  const every = Math.max(1, Math.floor(job.sockets / SAMPLED));
  // A few at a time, as browsers arrive; all at once would only measure the handshake storm.
  for (let i = 0; i < job.sockets; i += 100) {
    const batch = Array.from({ length: Math.min(100, job.sockets - i) }, (_, k) => open(job.targets[(job.first + i + k) % job.targets.length], job.meetingId, (i + k) % every === 0));
    for (const v of await Promise.all(batch)) {
      if (v) {
        viewers.push(v);
        connected++;
      }
    }
  }
  traffic = { bytes: 0, messages: 0, roundEvents: 0, roundBytes: 0, since: performance.now() };
  return connected;
}

/**
 * Waits (up to 15 s) until every connected socket saw the final count; then what each sampled socket
 * saw (the latencies), and how many of the others saw the final count.
 */
async function measure(roundId: number, total: number): Promise<MeasureResult> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && viewers.some((v) => v.connected && lastCountOf(v, roundId) < total)) await new Promise((r) => setTimeout(r, 50));
  const sampled = viewers.filter((v) => v.sampled);
  return {
    records: sampled.map((v) => v.rounds.get(roundId) ?? { times: [], counts: [] }),
    connected: viewers.filter((v) => v.connected).length,
    othersComplete: viewers.filter((v) => !v.sampled && lastCountOf(v, roundId) >= total).length,
  };
}

export interface MeasureResult {
  records: Seen[];
  connected: number;
  othersComplete: number;
}

/** The figures of several viewer processes together (bench/relays.ts runs two). */
export function combine(parts: MeasureResult[], ackTimes: Float64Array, total: number): AudienceResult {
  const result = summarize(
    parts.flatMap((p) => p.records),
    ackTimes,
    total,
    parts.reduce((a, p) => a + p.connected, 0),
  );
  return { ...result, complete: result.complete + parts.reduce((a, p) => a + p.othersComplete, 0) };
}

if (process.send) {
  const reply = (msg: unknown) => process.send!(msg);
  process.on('message', (msg: LightAudienceMessage) => {
    const fail = (err: unknown) => reply({ type: 'error', message: String((err as Error)?.stack ?? err) });
    if (msg.type === 'connect') {
      connect(msg.job).then((connected) => reply({ type: 'connected', connected }), fail);
    } else if (msg.type === 'measure') {
      measure(msg.roundId, msg.total).then((result) => reply({ type: 'result', ...result }), fail);
    } else if (msg.type === 'traffic') {
      const seconds = (performance.now() - traffic.since) / 1000;
      const { bytes, messages, roundEvents, roundBytes } = traffic;
      traffic = { bytes: 0, messages: 0, roundEvents: 0, roundBytes: 0, since: performance.now() };
      reply({ type: 'traffic', traffic: { bytes, messages, roundEvents, roundBytes, seconds } satisfies Traffic });
    } else if (msg.type === 'keep') {
      // The connected ones stay.
      viewers.sort((a, b) => Number(b.connected) - Number(a.connected));
      for (const v of viewers.splice(msg.sockets)) v.ws.terminate();
      // The few kept are all watched closely from now on.
      for (const v of viewers) {
        readLast(v);
        v.sampled = true;
      }
      reply({ type: 'kept', sockets: viewers.length });
    } else if (msg.type === 'close-event') {
      // Waits (up to 60 s) until every socket kept has the round's closing event: its size and arrival.
      const deadline = Date.now() + 60_000;
      const wait = () => {
        for (const v of viewers) if (!v.sampled) readLast(v);
        const got = viewers.filter((v) => v.closedAt.has(msg.roundId));
        if (got.length === viewers.length || Date.now() > deadline) {
          reply({ type: 'close-event', sockets: got.length, bytes: got[0]?.closedAt.get(msg.roundId)?.bytes ?? 0, lastAt: Math.max(0, ...got.map((v) => v.closedAt.get(msg.roundId)!.at)) });
        } else setTimeout(wait, 20);
      };
      wait();
    } else if (msg.type === 'exit') {
      for (const v of viewers) v.ws.terminate();
      process.exit(0);
    }
  });
  reply({ type: 'ready' });
}
