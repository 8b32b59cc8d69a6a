/**
 * Ballot benchmark (`npm run bench -- --members 100000 --kiosks 64 --audience 1000`).
 *
 * Measures its reference first: an empty Fastify route (bench/empty-route.ts) driven by the same
 * kiosks' process with requests of the same size (again after the server has stopped; the ratio is
 * against the mean), and the disk's own limit (better-sqlite3, WAL, synchronous=FULL, one row per
 * transaction). Then starts the server on loopback with a fresh database, loads N members, issues
 * their cards, pairs C voting kiosks and opens a round on two motions; then C kiosks in a separate
 * process cast every member's ballot over HTTP while A audience sockets watch `/live` from a third
 * process. Prints ballots/s, acknowledgement latency, the ratio to the reference, the server's CPU
 * per ballot by stage (from its CPU profile while voting, bench/stages.ts), its peak memory and the
 * ballot→/live latency; checks the final tally against what was cast (exit code 1
 * when it differs) and appends the figures to docs/benchmarks.md.
 *
 * This file holds the options and the run's phases; the references and the machine are measured in
 * bench/reference.ts, the processes started in bench/processes.ts, the figures printed and appended
 * in bench/ballots-report.ts.
 */
import { type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { WeightScheme } from '../shared/schemas.ts';
import { weightFor } from '../server/modules/members/weights.ts';
import type { AudienceJob, AudienceResult } from './audience.ts';
import { reportBallotRun } from './ballots-report.ts';
import { CHOICE_CYCLE, choicesFor, type CastJob, type CastResult } from './cast.ts';
import { cpuMsOf, memoryOf } from './proc.ts';
import { child, nextMessage, ROOT, startListening, type Server } from './processes.ts';
import { cpuCheck, emptyRouteReference, machine, quantile, reference } from './reference.ts';
import { benchServerFile } from './server-bundle.ts';
import { stagesFromProfile } from './stages.ts';

const ADMIN_TOKEN = `bench-admin-${Math.random().toString(36).slice(2)}-token`;

const { values: args } = parseArgs({
  options: {
    members: { type: 'string', default: '10000' },
    kiosks: { type: 'string', default: '64' },
    audience: { type: 'string', default: '1000' },
    'reference-commits': { type: 'string', default: '2000' },
    /** Requests sent to the empty Fastify route (the reference), before and after the run each. */
    'reference-requests': { type: 'string', default: '30000' },
    /** No CPU profile of the server, so no breakdown of its CPU by stage. */
    'no-stages': { type: 'boolean', default: false },
    resends: { type: 'string', default: '100' },
    'log-level': { type: 'string', default: 'warn' },
    dir: { type: 'string' },
    profile: { type: 'boolean', default: false },
    /** Extra Node options for the server only, e.g. "--max-old-space-size=200" (recorded with the figures). */
    'server-node-options': { type: 'string', default: '' },
    'no-append': { type: 'boolean', default: false },
    /** A secret round instead of an open one (its close seals the ballots and truncates the WAL). */
    secret: { type: 'boolean', default: false },
    /**
     * A quarter of the members vote by proxy (volmacht): member i with i % 4 = 3 authorises member
     * i - 1, whose card casts both ballots. The proxies are registered one request each before the
     * round (at most 25,000, so --members 100000 at most).
     */
    proxies: { type: 'boolean', default: false },
    /** Keep the temporary directory (database, codes, the server's output). */
    keep: { type: 'boolean', default: false },
  },
});
const N = Number(args.members);
const C = Number(args.kiosks);
const A = Number(args.audience);
const REF_COMMITS = Number(args['reference-commits']);
const RESENDS = Number(args.resends);
const REF_REQUESTS = Number(args['reference-requests']);
for (const [name, v] of [['members', N], ['kiosks', C], ['audience', A], ['reference-commits', REF_COMMITS], ['reference-requests', REF_REQUESTS], ['resends', RESENDS]] as const) {
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be a whole number, got ${v}`);
}
if (N < 1 || C < 1) throw new Error('--members and --kiosks must be at least 1');
if (args.proxies && N > 100_000) throw new Error('--proxies registers a proxy per four members: at most --members 100000');
/** With --proxies: the principal's member code per member index (null for a member that votes itself). */
const proxyPrincipal = (i: number): string | null => (args.proxies && i % 4 === 3 ? memberCode(i) : null);

const log = (msg: string) => console.log(`[bench] ${msg}`);
const fmt = (x: number, digits = 1) => x.toFixed(digits);
const mb = (kb: number) => kb / 1024;

const memberCode = (i: number) => `BM${String(i + 1).padStart(6, '0')}`;
/** Populations from 500 to ~900,000: weights from 1 to the maximum of 75. */
const population = (i: number) => 500 + ((i * 7919) % 900_000);

// ---------- the server ----------

/** Where the server's CPU profile goes when the stages are measured (and no --profile asked for one elsewhere). */
const stagesDir = (dir: string) => join(dir, 'profile');

async function startServer(dir: string): Promise<Server> {
  const execArgv = ['--enable-source-maps', ...args['server-node-options'].split(/\s+/).filter(Boolean)];
  if (args.profile) execArgv.push('--cpu-prof', `--cpu-prof-dir=${join(ROOT, '.tmp', 'profiles')}`);
  else if (!args['no-stages']) execArgv.push('--cpu-prof', `--cpu-prof-dir=${stagesDir(dir)}`, '--cpu-prof-interval=500');
  return startListening(await benchServerFile(), execArgv, {
    STEMKAART_DB: join(dir, 'bench.db'),
    STEMKAART_HOST: '127.0.0.1',
    STEMKAART_PORT: '0',
    STEMKAART_DEMO: '0',
    STEMKAART_ADMIN_TOKEN: ADMIN_TOKEN,
    STEMKAART_LOG_LEVEL: args['log-level'],
  });
}

async function api<T>(baseUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : null) as T;
}

// ---------- the run ----------

async function main(): Promise<number> {
  const dir = args.dir ? mkdtempSync(join(resolve(args.dir), 'stemkaart-bench-')) : mkdtempSync(join(tmpdir(), 'stemkaart-bench-'));
  const m = machine(dir);
  log(`${N} members, ${C} kiosks, ${A} audience sockets; ${m.cores} × ${m.cpu}, node ${m.node}, disk ${m.disk}`);

  const loadBefore = loadavg()[0];
  const speedBefore = cpuCheck();
  const refBefore = reference(dir, REF_COMMITS);
  log(`disk reference: ${REF_COMMITS} commits (one row each, WAL, synchronous=FULL) in ${fmt(refBefore.seconds, 2)} s → ${fmt(refBefore.commitsPerS, 0)} commits/s`);
  const routeBefore = await emptyRouteReference(dir, REF_REQUESTS, C);
  log(`reference: an empty Fastify route, ${REF_REQUESTS} requests from ${C} kiosks → ${fmt(routeBefore.requestsPerS, 0)} requests/s, p99 ${fmt(routeBefore.p99)} ms, ${fmt(routeBefore.cpuUs, 0)} µs of server CPU each`);

  const server = await startServer(dir);
  const pid = server.child.pid!;
  let cast: ChildProcess | null = null;
  let audience: ChildProcess | null = null;
  try {
    const { baseUrl } = server;
    log(`server ${baseUrl} (pid ${pid})`);

    // Members, in chunks under the 1 MiB body limit.
    let t0 = performance.now();
    const CHUNK = 5000;
    for (let start = 0; start < N; start += CHUNK) {
      const rows = [];
      for (let i = start; i < Math.min(N, start + CHUNK); i++) {
        rows.push({ code: memberCode(i), name: `Lid ${i + 1}`, province: 'Utrecht', population: population(i) });
      }
      await api(baseUrl, 'PUT', '/api/members', rows);
    }
    const membersS = (performance.now() - t0) / 1000;
    // Expected weights from the scheme in force (not from GET /api/members: a 100,000-row answer
    // would inflate the server's peak memory with work that is not part of voting).
    const scheme = await api<WeightScheme>(baseUrl, 'GET', '/api/weight-scheme');
    const weights = new Map(Array.from({ length: N }, (_, i) => [memberCode(i), weightFor(scheme, population(i))]));
    log(`members: ${N} loaded in ${fmt(membersS, 2)} s`);

    const meeting = await api<{ id: number }>(baseUrl, 'POST', '/api/meetings', {
      title: 'Benchmark ALV',
      date: '2026-11-26',
      venue: 'Loopback',
      requireCheckIn: false,
      ...(args.proxies ? { proxies: { allowed: true, maxPerHolder: 1 } } : {}),
    });
    const agenda = await api<{ items: { motions: { id: number }[] }[] }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/agenda`, {
      items: [
        {
          number: '1',
          title: 'Benchmark',
          motions: [
            { ref: '1.1', kind: 'motion', title: 'Eerste motie', submitters: ['BM000001'] },
            { ref: '1.2', kind: 'motion', title: 'Tweede motie', submitters: ['BM000001'] },
          ],
        },
      ],
    });
    const motionIds = agenda.items[0].motions.map((mo) => mo.id);

    t0 = performance.now();
    const issued = await api<{ cards: { memberCode: string; code: string }[] }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/cards`, {});
    const cardsS = (performance.now() - t0) / 1000;
    if (issued.cards.length !== N) throw new Error(`expected ${N} cards, got ${issued.cards.length}`);
    log(`cards: ${N} issued in ${fmt(cardsS, 2)} s`);
    // Member i of the benchmark is card i; the kiosks need only the codes.
    const cards = issued.cards.map((c) => ({ ...c, index: Number(c.memberCode.slice(2)) - 1 })).sort((a, b) => a.index - b.index);
    const codesFile = join(dir, 'codes.json');
    writeFileSync(codesFile, JSON.stringify(cards.map((c) => c.code)), { mode: 0o600 });

    const kioskTokens: string[] = [];
    for (let k = 0; k < C; k++) {
      kioskTokens.push((await api<{ token: string }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/kiosks`, { name: `Stemzuil ${k + 1}`, mode: 'voting' })).token);
    }
    let onBehalfOf: (string | null)[] | undefined;
    if (args.proxies) {
      t0 = performance.now();
      onBehalfOf = Array.from({ length: N }, (_, i) => proxyPrincipal(i));
      for (let i = 3; i < N; i += 4) await api(baseUrl, 'POST', `/api/meetings/${meeting.id}/proxies`, { principal: memberCode(i), holder: memberCode(i - 1) });
      log(`proxies: ${Math.floor((N + 1) / 4)} registered in ${fmt((performance.now() - t0) / 1000, 2)} s (a quarter of the ballots cast by proxy)`);
    }
    const round = await api<{ id: number }>(baseUrl, 'POST', `/api/meetings/${meeting.id}/rounds`, { motionIds, secret: args.secret });
    await api(baseUrl, 'POST', `/api/rounds/${round.id}/open`);
    const setupMemory = memoryOf(pid);
    log(`round ${round.id} open on motions ${motionIds.join(', ')}; server RSS ${fmt(mb(setupMemory.rssKb))} MB, peak so far ${fmt(mb(setupMemory.hwmKb))} MB`);

    // Audience first, so it sees the round from its first ballot.
    let audienceConnected = 0;
    if (A > 0) {
      audience = child('audience.ts');
      await nextMessage(audience, 'ready');
      const job: AudienceJob = { baseUrl, meetingId: meeting.id, roundId: round.id, sockets: A };
      audience.send({ type: 'connect', job });
      audienceConnected = (await nextMessage<{ connected: number }>(audience, 'connected')).connected;
      log(`audience: ${audienceConnected}/${A} sockets on /live`);
    }

    // Sample the server's memory while the ballots come in.
    let castRssKb = 0;
    const sampler = setInterval(() => {
      castRssKb = Math.max(castRssKb, memoryOf(pid).rssKb);
    }, 100);
    cast = child('cast.ts');
    await nextMessage(cast, 'ready');
    const castJob: CastJob = { baseUrl, roundId: round.id, motionIds, kioskTokens, codesFile, resends: RESENDS, onBehalfOf };
    log(`casting ${N} ballots from ${C} kiosks…`);
    const cpuBefore = cpuMsOf(pid);
    const kiosksCpuBefore = cpuMsOf(cast.pid!);
    const votingFromUs = Number(process.hrtime.bigint() / 1000n);
    cast.send(castJob);
    const { result } = await nextMessage<{ result: CastResult }>(cast, 'result');
    const votingToUs = Number(process.hrtime.bigint() / 1000n);
    const serverCpuMs = cpuMsOf(pid) - cpuBefore;
    const kiosksCpuMs = cpuMsOf(cast.pid!) - kiosksCpuBefore;
    clearInterval(sampler);
    castRssKb = Math.max(castRssKb, memoryOf(pid).rssKb);

    const loadAfter = loadavg()[0];
    const speedAfter = cpuCheck();
    const seconds = (result.endedAt - result.startedAt) / 1000;
    const accepted = N - result.failureCount;
    const ballotsPerS = accepted / seconds;
    const sorted = Float64Array.from(result.latencies).sort();
    const p50 = quantile(sorted, 0.5);
    const p99 = quantile(sorted, 0.99);
    const maxAck = sorted[sorted.length - 1];
    if (result.failureCount) log(`FAILED ballots: ${result.failureCount}; first: ${JSON.stringify(result.failures.slice(0, 3))}`);

    let live: AudienceResult | null = null;
    if (audience) {
      audience.send({ type: 'measure', ackTimes: result.ackTimes, total: N });
      live = (await nextMessage<{ result: AudienceResult }>(audience, 'result')).result;
    }

    const votingHwmKb = memoryOf(pid).hwmKb;
    log(`voted: ${fmt(ballotsPerS, 0)} ballots/s, ack p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms; server peak so far ${fmt(mb(memoryOf(pid).hwmKb))} MB${live ? `; ballot→/live p99 ${fmt(live.p99)} ms` : ''}`);

    // Close the round and check the recorded outcome against what was cast.
    t0 = performance.now();
    await api(baseUrl, 'POST', `/api/rounds/${round.id}/close`);
    const closeS = (performance.now() - t0) / 1000;
    const closeHwmKb = memoryOf(pid).hwmKb;
    log(`closed in ${fmt(closeS, 2)} s`);
    t0 = performance.now();
    const final = await api<{
      voted: { count: number; weight: number };
      tallies: { motionId: number; for: { count: number; weight: number }; against: { count: number; weight: number }; abstain: { count: number; weight: number }; cast: { count: number; weight: number } }[];
      rollCall?: unknown[];
    }>(baseUrl, 'GET', `/api/rounds/${round.id}`);
    const resultS = (performance.now() - t0) / 1000;
    const resultHwmKb = memoryOf(pid).hwmKb;
    log(`result read in ${fmt(resultS, 2)} s`);
    // The roll call as the public gets it: one immutable answer, then 304 to whoever holds it.
    t0 = performance.now();
    const rollCallAnswer = await fetch(`${baseUrl}/api/rounds/${round.id}/roll-call`);
    const rollCallBytes = Buffer.byteLength(await rollCallAnswer.clone().text());
    const rollCallEntries = args.secret ? null : ((await rollCallAnswer.json()) as { entries: unknown[] }).entries.length;
    const rollCallS = (performance.now() - t0) / 1000;
    const etag = rollCallAnswer.headers.get('etag');
    t0 = performance.now();
    const again = etag ? await fetch(`${baseUrl}/api/rounds/${round.id}/roll-call`, { headers: { 'if-none-match': etag } }) : null;
    const rollCall304Ms = performance.now() - t0;
    const publicRoundBytes = Buffer.byteLength(await (await fetch(`${baseUrl}/api/rounds/${round.id}`)).text());
    log(`roll call: ${rollCallBytes} bytes in ${fmt(rollCallS, 2)} s (${rollCallAnswer.status}), again with its ETag: ${again?.status ?? 'no ETag'} in ${fmt(rollCall304Ms)} ms; the public round: ${publicRoundBytes} bytes`);
    t0 = performance.now();
    const verify = await api<{ ok: boolean; entries?: number }>(baseUrl, 'GET', `/api/meetings/${meeting.id}/audit/verify`);
    const verifyS = (performance.now() - t0) / 1000;
    const finalMemory = memoryOf(pid);

    const problems: string[] = [];
    if (result.failureCount) problems.push(`${result.failureCount} ballots were not acknowledged with 201`);
    if (result.resendsOk !== Math.min(RESENDS, N)) problems.push(`resends: ${result.resendsOk}/${Math.min(RESENDS, N)} answered 200 with the same receipt; ${JSON.stringify(result.resendsBad)}`);
    if (final.voted.count !== N) problems.push(`voted.count ${final.voted.count} ≠ ${N}`);
    if (final.rollCall && final.rollCall.length !== N) problems.push(`roll call has ${final.rollCall.length} entries ≠ ${N}`);
    if (rollCallEntries !== null && rollCallEntries !== N) problems.push(`GET /api/rounds/${round.id}/roll-call has ${rollCallEntries} entries ≠ ${N}`);
    if (!args.secret && (rollCallAnswer.status !== 200 || again?.status !== 304)) problems.push(`roll call answered ${rollCallAnswer.status}, again with its ETag ${again?.status ?? 'without an ETag'}`);
    motionIds.forEach((motionId, k) => {
      const expected = { for: { count: 0, weight: 0 }, against: { count: 0, weight: 0 }, abstain: { count: 0, weight: 0 }, cast: { count: 0, weight: 0 } };
      for (const c of cards) {
        const w = weights.get(c.memberCode)!;
        const choice = choicesFor(c.index, motionIds)[k].choice;
        expected[choice].count++;
        expected[choice].weight += w;
        expected.cast.count++;
        expected.cast.weight += w;
      }
      const t = final.tallies.find((x) => x.motionId === motionId);
      if (!t) return problems.push(`no tally for motion ${motionId}`);
      for (const key of [...CHOICE_CYCLE, 'cast'] as const) {
        if (t[key].count !== expected[key].count || t[key].weight !== expected[key].weight) {
          problems.push(`motion ${motionId} ${key}: ${JSON.stringify(t[key])} ≠ expected ${JSON.stringify(expected[key])}`);
        }
      }
    });
    if (!verify.ok) problems.push(`audit chain does not verify: ${JSON.stringify(verify)}`);
    if (live && live.complete !== audienceConnected) problems.push(`only ${live.complete}/${audienceConnected} audience sockets saw the final count`);

    // Writer figures, printed by the server on its way out.
    server.child.kill('SIGTERM');
    await server.exited;
    const statsLine = server.stdout.find((l) => l.startsWith('writer stats '));
    const stats = statsLine ? (JSON.parse(statsLine.slice('writer stats '.length)) as { commits: number; jobs: number; maxBatch: number; commitMs?: number; maxCommitMs?: number }) : null;


    // The disk's speed drifts over minutes on a shared machine: the reference is taken again once the
    // server has stopped, and the ratio is against the mean of both.
    const refAfter = reference(dir, REF_COMMITS);
    log(`disk reference again: ${fmt(refAfter.commitsPerS, 0)} commits/s`);
    const routeAfter = await emptyRouteReference(dir, REF_REQUESTS, C);
    log(`empty route again: ${fmt(routeAfter.requestsPerS, 0)} requests/s`);
    // Where the server's CPU went while the ballots came in (from its CPU profile).
    let stages: { shares: Map<string, number>; samples: number } | null = null;
    if (!args.profile && !args['no-stages'] && existsSync(stagesDir(dir))) {
      const file = readdirSync(stagesDir(dir)).find((f) => f.endsWith('.cpuprofile'));
      if (file) stages = stagesFromProfile(join(stagesDir(dir), file), votingFromUs, votingToUs);
    }

    reportBallotRun({
      options: {
        members: N,
        kiosks: C,
        resends: RESENDS,
        secret: args.secret,
        proxies: args.proxies,
        stages: !args['no-stages'],
        logLevel: args['log-level'],
        serverNodeOptions: args['server-node-options'],
        append: !args['no-append'],
      },
      machine: m,
      loadBefore,
      loadAfter,
      speedBefore,
      speedAfter,
      refBefore,
      refAfter,
      routeBefore,
      routeAfter,
      accepted,
      seconds,
      ack: { p50, p99, max: maxAck },
      serverCpuMs,
      kiosksCpuMs,
      stages,
      stats,
      live,
      audienceConnected,
      memory: { setupHwmKb: setupMemory.hwmKb, castRssKb, votingHwmKb, closeHwmKb, resultHwmKb, finalHwmKb: finalMemory.hwmKb },
      rollCall: { bytes: rollCallBytes, status: rollCallAnswer.status, seconds: rollCallS, againStatus: again?.status, againMs: rollCall304Ms, publicRoundBytes },
      setup: { membersS, cardsS, closeS, resultS, verifyS, verifyEntries: verify.entries },
      problems,
    });
    return problems.length === 0 ? 0 : 1;
  } finally {
    cast?.kill();
    audience?.kill();
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
    else {
      writeFileSync(join(dir, 'server-stdout.txt'), server.stdout.join('\n') + '\n');
      log(`kept ${dir} (the server's output is in server-stdout.txt)`);
    }
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
