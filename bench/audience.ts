/**
 * The audience of the ballot benchmark, in a process of its own: A Socket.IO clients on `/live`
 * (projector screens and public pages). Each records when it first saw each new `voted.count` of the
 * round; given the kiosks' acknowledgement times it works out, for every ballot and every socket,
 * how long after the acknowledgement the ballot's effect arrived. Started by bench/ballots.ts over IPC.
 */
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../shared/events.ts';
import type { Round } from '../shared/schemas.ts';
import { summarize, type AudienceResult, type Seen } from './latency.ts';

export type { AudienceResult } from './latency.ts';

export interface AudienceJob {
  baseUrl: string;
  meetingId: number;
  roundId: number;
  sockets: number;
}


type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const wallNow = () => performance.timeOrigin + performance.now();


const sockets: LiveSocket[] = [];
const seen: Seen[] = [];

async function connect(job: AudienceJob): Promise<number> {
  const url = `${job.baseUrl}/live`;
  let connected = 0;
  // A few at a time, as browsers arrive; all at once would only measure the handshake storm.
  for (let i = 0; i < job.sockets; i += 50) {
    const batch = Array.from({ length: Math.min(50, job.sockets - i) }, () => {
      const s: LiveSocket = io(url, { query: { meetingId: String(job.meetingId) }, transports: ['websocket'], forceNew: true, reconnection: false });
      const record: Seen = { times: [], counts: [] };
      const note = (round: Round) => {
        if (round.id !== job.roundId) return;
        const count = round.voted.count;
        if (record.counts.length === 0 || count > record.counts[record.counts.length - 1]) {
          record.times.push(wallNow());
          record.counts.push(count);
        }
      };
      s.on('round', note);
      s.on('snapshot', (snap) => snap.rounds.forEach(note));
      sockets.push(s);
      seen.push(record);
      return new Promise<void>((done) => {
        s.once('snapshot', () => {
          connected++;
          done();
        });
        s.once('connect_error', () => done());
      });
    });
    await Promise.all(batch);
  }
  return connected;
}

/** Waits (up to 10 s) until every socket saw the final count, then works out the latencies. */
async function measure(ackTimes: Float64Array, total: number): Promise<AudienceResult> {
  const deadline = Date.now() + 10_000;
  const last = (r: Seen) => (r.counts.length ? r.counts[r.counts.length - 1] : -1);
  while (Date.now() < deadline && seen.some((r) => last(r) < total)) await new Promise((r) => setTimeout(r, 50));
  const connected = sockets.filter((s) => s.connected).length;
  for (const s of sockets) s.disconnect();
  return summarize(seen, ackTimes, total, connected);
}

if (process.send) {
  process.on('message', (msg: { type: 'connect'; job: AudienceJob } | { type: 'measure'; ackTimes: Float64Array; total: number }) => {
    if (msg.type === 'connect') {
      connect(msg.job).then((connected) => process.send!({ type: 'connected', connected }));
    } else {
      measure(msg.ackTimes, msg.total).then(
        (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
        (err: unknown) => process.send!({ type: 'error', message: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
      );
    }
  });
  process.send({ type: 'ready' });
}
