/**
 * The audience of `npm run bench:live -- --relays N`, in a process of its own: thousands of `/live`
 * viewers as plain WebSocket connections that speak the Socket.IO protocol themselves (open, namespace
 * connect, answer pings, receive events). socket.io-client decodes every event fully, which at 10,000
 * sockets on this machine would measure the clients' own event loop rather than the server's; here an
 * event costs a string search, so the figures stay those of the servers. Each socket records when it
 * first saw each new `voted.count` of a round and how many bytes it received.
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
  /** Per round: times and counts, as in bench/audience.ts. */
  rounds: Map<number, Seen>;
  closedAt: Map<number, { at: number; bytes: number }>;
}

const wallNow = () => performance.timeOrigin + performance.now();
const viewers: Viewer[] = [];
let traffic = { bytes: 0, messages: 0, roundEvents: 0, roundBytes: 0, since: performance.now() };

const ROUND_PREFIX = '42/live,["round",';
const SNAPSHOT_PREFIX = '42/live,["snapshot",';

function note(viewer: Viewer, roundId: number, count: number): void {
  let seen = viewer.rounds.get(roundId);
  if (!seen) viewer.rounds.set(roundId, (seen = { times: [], counts: [] }));
  if (seen.counts.length === 0 || count > seen.counts[seen.counts.length - 1]) {
    seen.times.push(wallNow());
    seen.counts.push(count);
  }
}

function open(target: string, meetingId: number): Promise<Viewer | null> {
  const url = `${target.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket&meetingId=${meetingId}`;
  const viewer: Viewer = { ws: new WebSocket(url, { perMessageDeflate: false }), connected: false, rounds: new Map(), closedAt: new Map() };
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
      // The round's id, state and `voted` come before its tallies: the head of the message is enough.
      const text = data.toString('latin1', 0, Math.min(data.length, 700));
      if (text.startsWith(ROUND_PREFIX)) {
        traffic.roundEvents++;
        traffic.roundBytes += data.length;
        const id = /^\{"id":(\d+)/.exec(text.slice(ROUND_PREFIX.length));
        const count = /"voted":\{[^}]*"count":(\d+)/.exec(text);
        if (id && count) note(viewer, Number(id[1]), Number(count[1]));
        if (id && text.includes('"state":"closed"') && !viewer.closedAt.has(Number(id[1]))) viewer.closedAt.set(Number(id[1]), { at: wallNow(), bytes: data.length });
      } else if (text === '2') {
        viewer.ws.send('3');
      } else if (text.startsWith(SNAPSHOT_PREFIX)) {
        if (viewer.connected) return; // a resync after connecting: not needed for the figures
        const [, snapshot] = JSON.parse(data.toString('utf8').slice('42/live,'.length)) as [string, { rounds: { id: number; voted: { count: number } }[] }];
        for (const r of snapshot.rounds) note(viewer, r.id, r.voted.count);
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
  // A few at a time, as browsers arrive; all at once would only measure the handshake storm.
  for (let i = 0; i < job.sockets; i += 100) {
    const batch = Array.from({ length: Math.min(100, job.sockets - i) }, (_, k) => open(job.targets[(job.first + i + k) % job.targets.length], job.meetingId));
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

/** Waits (up to 15 s) until every connected socket saw the final count; then what each socket saw. */
async function measure(roundId: number, total: number): Promise<{ records: Seen[]; connected: number }> {
  const deadline = Date.now() + 15_000;
  const last = (v: Viewer) => v.rounds.get(roundId)?.counts.at(-1) ?? -1;
  while (Date.now() < deadline && viewers.some((v) => v.connected && last(v) < total)) await new Promise((r) => setTimeout(r, 50));
  return { records: viewers.map((v) => v.rounds.get(roundId) ?? { times: [], counts: [] }), connected: viewers.filter((v) => v.connected).length };
}

/** The figures of several viewer processes together (bench/relays.ts runs two). */
export function combine(parts: { records: Seen[]; connected: number }[], ackTimes: Float64Array, total: number): AudienceResult {
  return summarize(
    parts.flatMap((p) => p.records),
    ackTimes,
    total,
    parts.reduce((a, p) => a + p.connected, 0),
  );
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
      reply({ type: 'kept', sockets: viewers.length });
    } else if (msg.type === 'close-event') {
      // Waits (up to 60 s) until every socket kept has the round's closing event: its size and arrival.
      const deadline = Date.now() + 60_000;
      const wait = () => {
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
