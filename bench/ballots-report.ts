/**
 * The ballot benchmark's report: the figures of one run against its references and targets, printed,
 * and appended as a row to docs/benchmarks.md (unless --no-append).
 */
import { appendFileSync, existsSync, writeFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { join } from 'node:path';
import type { AudienceResult } from './latency.ts';
import { ROOT } from './processes.ts';
import type { DiskReference, Machine, RouteReference } from './reference.ts';
import { STAGES } from './stages.ts';

/** What one run of bench/ballots.ts measured. */
export interface BallotRun {
  options: { members: number; kiosks: number; resends: number; secret: boolean; proxies: boolean; stages: boolean; logLevel: string; serverNodeOptions: string; append: boolean };
  machine: Machine;
  loadBefore: number;
  loadAfter: number;
  speedBefore: number;
  speedAfter: number;
  refBefore: DiskReference;
  refAfter: DiskReference;
  routeBefore: RouteReference;
  routeAfter: RouteReference;
  accepted: number;
  seconds: number;
  ack: { p50: number; p99: number; max: number };
  serverCpuMs: number;
  kiosksCpuMs: number;
  stages: { shares: Map<string, number>; samples: number } | null;
  /** The writer's figures, printed by the server on its way out. */
  stats: { commits: number; jobs: number; maxBatch: number; commitMs?: number; maxCommitMs?: number } | null;
  live: AudienceResult | null;
  audienceConnected: number;
  /** VmHWM after each phase (it only grows), the max RSS while voting and the final peak, kB. */
  memory: { setupHwmKb: number; castRssKb: number; votingHwmKb: number; closeHwmKb: number; resultHwmKb: number; finalHwmKb: number };
  rollCall: { bytes: number; status: number; seconds: number; againStatus: number | undefined; againMs: number; publicRoundBytes: number };
  /** Seconds of each step around the voting, and the audit log's entries. */
  setup: { membersS: number; cardsS: number; closeS: number; resultS: number; verifyS: number; verifyEntries: number | undefined };
  problems: string[];
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);
const mb = (kb: number) => kb / 1024;
const log = (msg: string) => console.log(`[bench] ${msg}`);

/** Prints the run's figures and appends them to docs/benchmarks.md (unless --no-append). */
export function reportBallotRun(run: BallotRun): void {
  const { options, machine: m, loadBefore, loadAfter, speedBefore, speedAfter, refBefore, refAfter, routeBefore, routeAfter } = run;
  const { accepted, seconds, serverCpuMs, kiosksCpuMs, stages, stats, live, audienceConnected, memory, rollCall, problems } = run;
  const { members: N, kiosks: C, resends: RESENDS } = options;
  const { p50, p99, max: maxAck } = run.ack;
  const { membersS, cardsS, closeS, resultS, verifyS } = run.setup;
  // The disk's speed drifts over minutes on a shared machine: the ratio is against the mean of both references.
  const ref = { commitsPerS: (refBefore.commitsPerS + refAfter.commitsPerS) / 2 };
  const route = { requestsPerS: (routeBefore.requestsPerS + routeAfter.requestsPerS) / 2, cpuUs: (routeBefore.cpuUs + routeAfter.cpuUs) / 2 };
  const ballotsPerS = accepted / seconds;
  const ratio = ballotsPerS / route.requestsPerS;
  const diskRatio = ballotsPerS / ref.commitsPerS;
  const cpuPerBallotUs = (serverCpuMs * 1000) / (N + RESENDS);
  const peakMb = mb(run.memory.finalHwmKb);
  const targets = [
    { name: 'ratio ≥ 0.5× the empty Fastify route', ok: ratio >= 0.5 },
    { name: `p99 ack ≤ 50 ms at ${C} kiosks`, ok: p99 <= 50 },
    { name: `peak memory ≤ 300 MB${N >= 100_000 ? '' : ' (target is for 100,000 members)'}`, ok: peakMb <= 300 },
    { name: 'every ballot counted exactly once', ok: problems.length === 0 },
  ];

  console.log('');
  console.log(`Stemkaart ballot benchmark — ${N} members, ${C} kiosks, ${live ? `${audienceConnected} audience sockets` : 'no audience'}, ${options.secret ? 'secret' : 'open'} round${options.proxies ? ', a quarter by proxy' : ''}`);
  console.log(`  ballots/s           ${fmt(ballotsPerS, 0)}  (${accepted} in ${fmt(seconds, 2)} s)`);
  console.log(`  ack latency         p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms, max ${fmt(maxAck)} ms`);
  console.log(`  server CPU          ${fmt(cpuPerBallotUs, 0)} µs per ballot (${fmt(serverCpuMs / 1000, 2)} s CPU while voting, ${fmt(serverCpuMs / 10 / seconds, 0)}% of one core); the kiosks' process ${fmt(kiosksCpuMs / 10 / seconds, 0)}% of one core`);
  if (stages && stages.samples > 0) {
    console.log(`  CPU by stage        (${stages.samples} profile samples of the busy main thread while voting, so a commit's fsync counts as writer; µs per ballot = share × ${fmt(cpuPerBallotUs, 0)})`);
    for (const stage of STAGES) {
      const share = stages.shares.get(stage) ?? 0;
      console.log(`    ${stage.padEnd(22)}${fmt(share * 100).padStart(5)}%  ${fmt(share * cpuPerBallotUs, 0).padStart(4)} µs`);
    }
  } else if (options.stages) console.log('  CPU by stage        not measured (no profile samples while voting)');
  console.log(`  reference           an empty Fastify route, same kiosks' process: ${fmt(route.requestsPerS, 0)} requests/s (${fmt(routeBefore.requestsPerS, 0)} before the run, ${fmt(routeAfter.requestsPerS, 0)} after), ${fmt(route.cpuUs, 0)} µs of server CPU per request`);
  console.log(`  ratio               ${fmt(ratio, 2)}× the empty route; a ballot costs ${fmt(cpuPerBallotUs / route.cpuUs, 1)}× its server CPU`);
  console.log(`  disk                ${fmt(ref.commitsPerS, 0)} commits/s one row per transaction (WAL, synchronous=FULL; ${fmt(refBefore.commitsPerS, 0)} before, ${fmt(refAfter.commitsPerS, 0)} after): ballots at ${fmt(diskRatio, 2)}× that`);
  if (stats) console.log(`  group commit        ${stats.jobs} ballots in ${stats.commits} commits (mean ${fmt(stats.jobs / Math.max(1, stats.commits))}, max ${stats.maxBatch} per commit${stats.commitMs !== undefined ? `; a transaction took ${fmt(stats.commitMs / Math.max(1, stats.commits))} ms on average, ${fmt(stats.maxCommitMs ?? 0)} ms at most` : ''})`);
  console.log(`  server memory       peak ${fmt(peakMb)} MB (VmHWM); ${fmt(mb(memory.setupHwmKb))} MB peak before voting, ${fmt(mb(memory.castRssKb))} MB max RSS while voting`);
  // VmHWM only grows: its value after each phase shows in which phase the peak was reached.
  console.log(`  peak after phase    setup ${fmt(mb(memory.setupHwmKb))}, voting ${fmt(mb(memory.votingHwmKb))}, close ${fmt(mb(memory.closeHwmKb))}, result with roll call ${fmt(mb(memory.resultHwmKb))}, audit verify ${fmt(peakMb)} MB`);
  console.log(`  roll call           ${rollCall.bytes} bytes (${rollCall.status}) in ${fmt(rollCall.seconds, 2)} s; with its ETag again: ${rollCall.againStatus ?? '–'} in ${fmt(rollCall.againMs)} ms; the public round view ${rollCall.publicRoundBytes} bytes`);
  console.log(`  ballot→/live        ${live ? `p50 ${fmt(live.p50)} ms, p99 ${fmt(live.p99)} ms, max ${fmt(live.max)} ms over ${live.samples} ballot×socket pairs; ${fmt(live.within100 * 100, 2)}% within 100 ms` : 'not measured (--audience 0)'}`);
  console.log(`  machine load        1-min load average ${fmt(loadBefore, 2)} at start, ${fmt(loadAfter, 2)} after voting (${m.cores} cores; other work on the machine slows every figure); bench processes at nice ${getPriority()}`);
  console.log(`  machine speed       200,000 SHA-256 in ${fmt(speedBefore, 0)} ms before, ${fmt(speedAfter, 0)} ms after voting (lower is faster)`);
  console.log(`  setup               members ${fmt(membersS, 2)} s, cards ${fmt(cardsS, 2)} s; close ${fmt(closeS, 2)} s, result ${fmt(resultS, 2)} s, audit verify ${fmt(verifyS, 2)} s (${run.setup.verifyEntries ?? '?'} entries)`);
  console.log(`  tally               ${problems.length === 0 ? `OK: ${N} cast, ${N} counted, ${Math.min(RESENDS, N)} resends counted nothing` : 'MISMATCH'}`);
  for (const p of problems) console.log(`    - ${p}`);
  for (const t of targets) console.log(`  ${t.ok ? 'met    ' : 'MISSED '} ${t.name}`);

  if (options.append) appendRow(run, { ballotsPerS, route, ratio, ref, cpuPerBallotUs, peakMb });
}

/** The run's row in docs/benchmarks.md, with the machine and conditions above it. */
function appendRow(
  run: BallotRun,
  figures: { ballotsPerS: number; route: { requestsPerS: number; cpuUs: number }; ratio: number; ref: { commitsPerS: number }; cpuPerBallotUs: number; peakMb: number },
): void {
  const { options, machine: m, loadBefore, loadAfter, speedBefore, speedAfter, refBefore, refAfter, routeBefore, routeAfter, stages, stats, live, audienceConnected, problems } = run;
  const { ballotsPerS, route, ratio, ref, cpuPerBallotUs, peakMb } = figures;
  const { p50, p99 } = run.ack;
  const { membersS, cardsS, closeS } = run.setup;
  const file = join(ROOT, 'docs', 'benchmarks.md');
  if (!existsSync(file)) {
    writeFileSync(file, '# Benchmarks\n\nFigures measured on real machines, appended by the benchmark scripts (`npm run bench`, `npm run bench:live`). Newest last.\n');
  }
  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  const row = [
    options.members,
    options.kiosks,
    live ? audienceConnected : 'n/a',
    fmt(ballotsPerS, 0),
    fmt(p50),
    fmt(p99),
    fmt(route.requestsPerS, 0),
    `${fmt(ratio, 2)}×`,
    fmt(ref.commitsPerS, 0),
    stats ? `${fmt(stats.jobs / Math.max(1, stats.commits))} / ${stats.maxBatch}` : 'n/a',
    fmt(cpuPerBallotUs, 0),
    fmt(route.cpuUs, 0),
    stages && stages.samples > 0 ? STAGES.map((st) => `${fmt((stages!.shares.get(st) ?? 0) * cpuPerBallotUs, 0)}`).join(' / ') : 'not measured',
    fmt(peakMb),
    live ? fmt(live.p99) : 'not measured',
    problems.length === 0 ? 'yes' : 'NO',
  ];
  appendFileSync(
    file,
    [
      '',
      `## Ballots (npm run bench) — ${date}`,
      '',
      `Machine: ${m.cores} × ${m.cpu}, Node ${m.node}, disk ${m.disk}; 1-min load average ${fmt(loadBefore, 2)} before, ${fmt(loadAfter, 2)} after voting; 200,000 SHA-256 in ${fmt(speedBefore, 0)} ms before, ${fmt(speedAfter, 0)} ms after; empty route ${fmt(routeBefore.requestsPerS, 0)} requests/s before the run and ${fmt(routeAfter.requestsPerS, 0)} after, disk ${fmt(refBefore.commitsPerS, 0)} and ${fmt(refAfter.commitsPerS, 0)} commits/s (the table gives the means); bench processes at nice ${getPriority()}; server log level ${options.logLevel}${options.serverNodeOptions ? `, server Node options \`${options.serverNodeOptions}\`` : ''}; setup: members ${fmt(membersS, 2)} s, cards ${fmt(cardsS, 2)} s; ${options.secret ? 'secret' : 'open'} round, closed in ${fmt(closeS, 2)} s.`,
      '',
      '| members | kiosks | audience | ballots/s | ack p50 ms | ack p99 ms | empty route req/s | ratio | disk commits/s | ballots per commit (mean / max) | server CPU µs/ballot | empty route CPU µs/req | µs by stage (' + STAGES.join(' / ') + ') | peak RSS MB | ballot→/live p99 ms | tally exact |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | :---: |',
      `| ${row.join(' | ')} |`,
      '',
    ].join('\n'),
  );
  log(`appended to ${file}`);
}
