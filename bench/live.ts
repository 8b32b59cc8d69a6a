/**
 * Live-feed benchmark (`npm run bench:live -- --clients 1000 --ballots 300 --rate 20`). With
 * `--relays N` it measures the feed relays instead, beside one process in the same run
 * (bench/relays.ts: `npm run bench:live -- --relays 2 --clients 10000`).
 *
 * Starts the server (bench/serve.ts bundled: the real app, fresh temporary database, no demo) as a
 * child process, makes a small meeting over HTTP (members, cards, a voting kiosk, a round on two motions;
 * no check-in needed), connects C `/live` clients from a separate process (bench/audience.ts), then
 * casts B ballots over HTTP at R per second and measures, for every ballot and every client, the time
 * from the ballot's acknowledgement (201 received) to the first `round` event on that client that
 * includes it. Prints p50/p99/max and the connected client count, and appends the figures with the
 * date and the machine to docs/benchmarks.md. Exit code 1 when a client missed the last state.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { castBallot, createRound, seedMeeting } from '../test/helpers/live.ts';
import type { AudienceJob, AudienceResult } from './audience.ts';
import { relayBench } from './relays.ts';
import { benchServerFile } from './server-bundle.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ADMIN_TOKEN = `bench-live-${Math.random().toString(36).slice(2)}-token`;

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '1000' },
    ballots: { type: 'string', default: '300' },
    /** Ballots per second; 0 casts back to back from `--kiosks` concurrent kiosks. */
    rate: { type: 'string', default: '20' },
    /** Concurrent kiosks: 8 by default, 64 (as `npm run bench`) with --relays. */
    kiosks: { type: 'string' },
    /** Feed relays behind Redis (bench/relays.ts); 0 measures the one process only, as before. */
    relays: { type: 'string', default: '0' },
    /** Members with cards for the kiosks' phase of --relays (as `npm run bench`). */
    members: { type: 'string', default: '10000' },
    /** Nice level of the relays and viewers with --relays (bench/relays.ts says why). */
    nice: { type: 'string', default: '10' },
    'no-append': { type: 'boolean', default: false },
  },
});
const RELAYS = Number(args.relays);
const CLIENTS = Number(args.clients);
const BALLOTS = Number(args.ballots);
const RATE = Number(args.rate);
const KIOSKS = Number(args.kiosks ?? (RELAYS > 0 ? 64 : 8));
const MEMBERS = Number(args.members);
for (const [name, v] of [['clients', CLIENTS], ['ballots', BALLOTS], ['rate', RATE], ['kiosks', KIOSKS], ['relays', RELAYS], ['members', MEMBERS]] as const) {
  if (!Number.isFinite(v) || v < 0 || !Number.isInteger(v)) throw new Error(`--${name} must be a whole number, got ${v}`);
}
if (BALLOTS < 1 || KIOSKS < 1) throw new Error('--ballots and --kiosks must be at least 1');

const log = (msg: string) => console.log(`[bench:live] ${msg}`);
const fmt = (x: number, digits = 1) => x.toFixed(digits);
const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function startServer(dir: string, serverFile: string): Promise<{ child: ChildProcess; baseUrl: string; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--enable-source-maps', serverFile], {
    cwd: ROOT,
    env: {
      ...process.env,
      STEMKAART_DB: join(dir, 'live.db'),
      STEMKAART_HOST: '127.0.0.1',
      STEMKAART_PORT: '0',
      STEMKAART_DEMO: '0',
      STEMKAART_ADMIN_TOKEN: ADMIN_TOKEN,
      STEMKAART_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return new Promise((resolveStart, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /^listening on (http:\/\/\S+)$/m.exec(out);
      if (m) {
        out = '';
        resolveStart({ child, baseUrl: m[1], exited });
      }
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening`)));
  });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolveMessage, reject) => {
    const onMessage = (msg: { type: string; message?: string }) => {
      if (msg.type === 'error') reject(new Error(msg.message));
      if (msg.type !== type) return;
      child.off('message', onMessage);
      resolveMessage(msg as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`${type}: audience process exited with ${code}`)));
  });
}

function machine() {
  return { cores: availableParallelism(), cpu: cpus()[0]?.model.trim() ?? 'unknown CPU', node: process.version };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'stemkaart-bench-live-'));
  const m = machine();
  const loadBefore = loadavg()[0];
  log(`${CLIENTS} /live clients, ${BALLOTS} ballots at ${RATE ? `${RATE}/s` : `full speed from ${KIOSKS} kiosks`}; ${m.cores} × ${m.cpu}, node ${m.node}`);
  const server = await startServer(dir, await benchServerFile());
  let audience: ChildProcess | null = null;
  try {
    const seeded = await seedMeeting(server.baseUrl, ADMIN_TOKEN, { members: BALLOTS, motions: 2, title: 'Benchmark-ALV', requireCheckIn: false });
    const roundId = await createRound(server.baseUrl, ADMIN_TOKEN, seeded.meetingId, { motionIds: seeded.motionIds });
    log(`meeting ${seeded.meetingId}: ${seeded.cards.length} members with cards, round ${roundId} open`);

    audience = fork(join(ROOT, 'bench', 'audience.ts'), [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await nextMessage(audience, 'ready');
    const job: AudienceJob = { baseUrl: server.baseUrl, meetingId: seeded.meetingId, roundId, sockets: CLIENTS };
    const t0 = performance.now();
    audience.send({ type: 'connect', job });
    const { connected } = await nextMessage<{ connected: number }>(audience, 'connected');
    log(`${connected}/${CLIENTS} clients connected to /live in ${fmt((performance.now() - t0) / 1000, 2)} s`);
    await sleep(500);

    const ackTimes = new Float64Array(BALLOTS);
    const choices = ['for', 'against', 'abstain', 'for'] as const;
    const castOne = async (i: number) => {
      const card = seeded.cards[i];
      await castBallot(server.baseUrl, seeded, card.code, roundId, seeded.motionIds, [choices[i % 4], choices[(i + 1) % 4]]);
      ackTimes[i] = wallNow();
    };
    const castStart = performance.now();
    if (RATE > 0) {
      // Paced: ballot i is sent at castStart + i/RATE, as kiosks in a hall would; a slow answer delays none of the others.
      const pending: Promise<void>[] = [];
      for (let i = 0; i < BALLOTS; i += 1) {
        const due = castStart + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        pending.push(castOne(i));
      }
      await Promise.all(pending);
    } else {
      let next = 0;
      await Promise.all(
        Array.from({ length: KIOSKS }, async () => {
          while (next < BALLOTS) await castOne(next++);
        }),
      );
    }
    const castSeconds = (performance.now() - castStart) / 1000;
    log(`${BALLOTS} ballots acknowledged in ${fmt(castSeconds, 2)} s (${fmt(BALLOTS / castSeconds, 0)}/s)`);

    audience.send({ type: 'measure', ackTimes, total: BALLOTS });
    const { result } = await nextMessage<{ result: AudienceResult }>(audience, 'result');
    audience = null;

    const ok = result.complete === connected && connected === CLIENTS;
    console.log('');
    console.log(`Stemkaart live-feed benchmark — ${connected} /live clients, ${BALLOTS} ballots`);
    console.log(`  ballot acknowledged → seen by a /live client: p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, max ${fmt(result.max)} ms`);
    console.log(`  within 100 ms: ${fmt(result.within100 * 100, 2)}% of ${result.samples} (ballot, client) pairs`);
    console.log(`  clients connected: ${connected}; clients that saw the last state: ${result.complete}`);
    console.log(`  target (p99 ≤ 100 ms with 1,000 clients): ${result.p99 <= 100 && connected >= 1000 ? 'met' : 'NOT met'}`);

    if (!args['no-append']) {
      const file = join(ROOT, 'docs', 'benchmarks.md');
      if (!existsSync(file)) {
        writeFileSync(file, '# Benchmarks\n\nFigures measured on real machines, appended by the benchmark scripts (`npm run bench`, `npm run bench:live`). Newest last.\n');
      }
      const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      appendFileSync(
        file,
        [
          '',
          `## Live feed (npm run bench:live) — ${date}`,
          '',
          `Machine: ${m.cores} × ${m.cpu}, Node ${m.node}; 1-min load average ${fmt(loadBefore, 2)} before, ${fmt(loadavg()[0], 2)} after the run. ` +
            `Server and clients on one machine (loopback); the clients in a separate process; WebSocket transport; emits coalesced per round at 50 ms.`,
          '',
          '| /live clients | ballots | pace | p50 ms | p99 ms | max ms | within 100 ms | saw last state |',
          '| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
          `| ${connected} | ${BALLOTS} | ${RATE ? `${RATE}/s` : `full speed, ${KIOSKS} kiosks (${fmt(BALLOTS / castSeconds, 0)}/s)`} | ${fmt(result.p50)} | ${fmt(result.p99)} | ${fmt(result.max)} | ${fmt(result.within100 * 100, 2)}% | ${result.complete}/${connected} |`,
          '',
        ].join('\n'),
      );
      log(`appended to ${file}`);
    }
    if (!ok) process.exitCode = 1;
  } finally {
    audience?.kill();
    server.child.kill('SIGTERM');
    await server.exited;
    rmSync(dir, { recursive: true, force: true });
  }
}

if (RELAYS > 0) {
  if (RATE < 1) throw new Error('--rate must be at least 1 with --relays');
  if (MEMBERS < BALLOTS) throw new Error('--members must be at least --ballots');
  process.exitCode = await relayBench({ relays: RELAYS, clients: CLIENTS, ballots: BALLOTS, rate: RATE, kiosks: KIOSKS, members: MEMBERS, nice: Number(args.nice), append: !args['no-append'] });
} else {
  await main();
}
