/**
 * What the ballot benchmark measures against: the disk's own limit (one row per transaction), an
 * empty Fastify route driven by the same kiosks' process (bench/empty-route.ts), the machine it runs
 * on and how fast that machine was at the time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { CastJob, CastResult } from './cast.ts';
import { child, nextMessage, startListening } from './processes.ts';
import { cpuMsOf } from './proc.ts';
import { emptyRouteFile } from './server-bundle.ts';

// ---------- the disk's own limit ----------

export interface DiskReference {
  commitsPerS: number;
  seconds: number;
}

export function reference(dir: string, commits: number): DiskReference {
  const file = join(dir, 'reference.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, round_id INTEGER, member_id INTEGER, choices TEXT, receipt TEXT)');
  const insert = db.prepare('INSERT INTO t (round_id, member_id, choices, receipt) VALUES (?, ?, ?, ?)');
  const one = db.transaction((i: number) => insert.run(1, i, '[{"motionId":1,"choice":"for"},{"motionId":2,"choice":"against"}]', 'K7Q2-M9XD-3HFA'));
  for (let i = 0; i < 50; i++) one(i); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < commits; i++) one(i);
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  return { commitsPerS: commits / seconds, seconds };
}

// ---------- the HTTP reference: an empty Fastify route, driven by the same kiosks ----------

export interface RouteReference {
  requestsPerS: number;
  p99: number;
  /** The empty route's server CPU per request, µs. */
  cpuUs: number;
}

/** `requests` requests to the empty route from `kioskCount` kiosks of the kiosks' process. */
export async function emptyRouteReference(dir: string, requests: number, kioskCount: number): Promise<RouteReference> {
  const server = await startListening(await emptyRouteFile(), [], {});
  const kiosks = child('cast.ts');
  try {
    await nextMessage(kiosks, 'ready');
    // Requests of the same size as the ballots: card codes and kiosk tokens of the same length.
    const codesFile = join(dir, 'reference-codes.json');
    writeFileSync(codesFile, JSON.stringify(Array.from({ length: requests }, (_, i) => `K${String(i).padStart(5, '0')}-ABCDEF-GHJKMN`)));
    const kioskTokens = Array.from({ length: kioskCount }, (_, k) => `reference-kiosk-${k}-${'x'.repeat(24)}`);
    const job: CastJob = { baseUrl: server.baseUrl, roundId: 1, motionIds: [1, 2], kioskTokens, codesFile, resends: 0 };
    const cpuBefore = cpuMsOf(server.child.pid!);
    kiosks.send(job);
    const { result } = await nextMessage<{ result: CastResult }>(kiosks, 'result');
    const cpuMs = cpuMsOf(server.child.pid!) - cpuBefore;
    if (result.failureCount) throw new Error(`the empty route answered ${result.failureCount} requests without 201`);
    const seconds = (result.endedAt - result.startedAt) / 1000;
    return { requestsPerS: requests / seconds, p99: quantile(Float64Array.from(result.latencies).sort(), 0.99), cpuUs: (cpuMs * 1000) / requests };
  } finally {
    kiosks.kill();
    server.child.kill('SIGTERM');
    await server.exited;
  }
}

// ---------- machine ----------

export interface Machine {
  cores: number;
  cpu: string;
  node: string;
  disk: string;
  host: string;
}

export function machine(dir: string): Machine {
  let disk = dir;
  try {
    const line = execFileSync('df', ['-T', dir], { encoding: 'utf8' }).trim().split('\n')[1].split(/\s+/);
    disk = `${line[0]} ${line[1]}, ${dir}`;
  } catch {
    // df missing: the directory alone will do.
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, disk, host: hostname() };
}

/**
 * A fixed piece of CPU work (200,000 SHA-256 hashes), timed before and after the run: on a shared
 * virtual machine the same code runs 20–40% slower at some moments than at others, and this shows
 * how fast the machine was while the figures were taken.
 */
export function cpuCheck(): number {
  const t0 = performance.now();
  for (let i = 0; i < 200_000; i++) createHash('sha256').update(`stemkaart-${i}`).digest();
  return performance.now() - t0;
}

export function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}
