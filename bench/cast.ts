/**
 * The kiosks of the ballot benchmark, in a process of their own: C workers, each with its own kiosk
 * token and keep-alive connection, cast every member's ballot over HTTP and time each
 * acknowledgement. Started by bench/ballots.ts over IPC; never run on its own.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';

export interface CastJob {
  baseUrl: string;
  roundId: number;
  motionIds: number[];
  kioskTokens: string[];
  /** JSON file with the card codes, index = member index. */
  codesFile: string;
  /** Sent again with the same nonce after the run: must answer 200 with the same receipt. */
  resends: number;
  /** With --proxies: per member, the principal's code when its ballot is cast by proxy with the previous member's card. */
  onBehalfOf?: (string | null)[];
}

export interface CastResult {
  /** Acknowledgement latency per ballot, ms. */
  latencies: Float64Array;
  /** Wall time (ms since the epoch, sub-ms) at which each acknowledgement arrived. */
  ackTimes: Float64Array;
  startedAt: number;
  endedAt: number;
  failures: { status: number; body: string }[];
  failureCount: number;
  resendsOk: number;
  resendsBad: { status: number; body: string }[];
}

export const CHOICE_CYCLE = ['for', 'against', 'abstain'] as const;

/** The choices the benchmark casts for member i: deterministic, so the tally can be checked. */
export function choicesFor(i: number, motionIds: number[]): { motionId: number; choice: (typeof CHOICE_CYCLE)[number] }[] {
  return motionIds.map((motionId, k) => ({ motionId, choice: CHOICE_CYCLE[(i + k) % 3] }));
}

/** The body of member i's ballot: its own card, or (by proxy) the holder's card with onBehalfOf. */
function ballotBody(job: CastJob, codes: string[], i: number, nonce: string): string {
  const by = job.onBehalfOf?.[i];
  return JSON.stringify({ code: codes[by ? i - 1 : i], roundId: job.roundId, choices: choicesFor(i, job.motionIds), nonce, ...(by ? { onBehalfOf: by } : {}) });
}

const wallNow = () => performance.timeOrigin + performance.now();

function post(agent: Agent, url: URL, token: string, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolvePost, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolvePost({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function cast(job: CastJob): Promise<CastResult> {
  const codes = JSON.parse(readFileSync(job.codesFile, 'utf8')) as string[];
  const n = codes.length;
  const kiosks = job.kioskTokens.length;
  const agent = new Agent({ keepAlive: true, maxSockets: kiosks });
  const url = new URL('/api/ballots', job.baseUrl);
  const latencies = new Float64Array(n);
  const ackTimes = new Float64Array(n);
  const nonces: string[] = new Array(n);
  const receipts: string[] = new Array(n);
  const failures: { status: number; body: string }[] = [];
  let failureCount = 0;
  let next = 0;

  const worker = async (w: number) => {
    const token = job.kioskTokens[w];
    for (;;) {
      const i = next++;
      if (i >= n) return;
      nonces[i] = `bench-${i}-${Math.random().toString(36).slice(2, 10)}`;
      const body = ballotBody(job, codes, i, nonces[i]);
      const t0 = performance.now();
      const res = await post(agent, url, token, body);
      const t1 = performance.now();
      latencies[i] = t1 - t0;
      ackTimes[i] = performance.timeOrigin + t1;
      if (res.status === 201) {
        receipts[i] = (JSON.parse(res.body) as { receipt: string }).receipt;
      } else {
        failureCount++;
        if (failures.length < 10) failures.push(res);
      }
    }
  };

  const startedAt = wallNow();
  await Promise.all(Array.from({ length: kiosks }, (_, w) => worker(w)));
  const endedAt = wallNow();

  // Idempotency under load: the same nonce again counts nothing and answers the same receipt.
  let resendsOk = 0;
  const resendsBad: { status: number; body: string }[] = [];
  for (let i = 0; i < Math.min(job.resends, n); i++) {
    const body = ballotBody(job, codes, i, nonces[i]);
    const res = await post(agent, url, job.kioskTokens[i % kiosks], body);
    if (res.status === 200 && (JSON.parse(res.body) as { receipt: string }).receipt === receipts[i]) resendsOk++;
    else if (resendsBad.length < 5) resendsBad.push(res);
  }
  agent.destroy();
  return { latencies, ackTimes, startedAt, endedAt, failures, failureCount, resendsOk, resendsBad };
}

if (process.send) {
  process.once('message', (job: CastJob) => {
    cast(job).then(
      (result) => process.send!({ type: 'result', result }, () => process.exit(0)),
      (err: unknown) => process.send!({ type: 'error', message: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
    );
  });
  process.send({ type: 'ready' });
}
