/**
 * `GET /metrics` (admin): Prometheus text format with prom-client, one registry per app (tests build
 * many apps in one process). Ballots accepted and refused by reason and their acknowledgement time
 * are read from the `POST /api/ballots` route's answers; commits from the ballot writer; backups from
 * the backup service; sockets and memory when scraped. Registered before the routes (it adds hooks
 * to the ballot route as it is declared) and after `backups`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ERROR_REASONS, type ErrorReason } from '../../shared/errors.ts';

/** The Socket.IO namespaces whose open sockets are counted. */
const NAMESPACES = ['/live', '/chair', '/kiosk'] as const;

/** `openSockets` is asked when scraped: the live feed keeps no counter of its own. */
export function createMetrics(sources: { openSockets: (namespace: string) => number }) {
  const registry = new Registry();
  const registers = [registry];
  const ballotsAccepted = new Counter({
    name: 'stemkaart_ballots_accepted_total',
    help: 'Ballots stored and acknowledged (201); a repeat of the same nonce (200) is counted as kind="repeat"',
    labelNames: ['kind'] as const,
    registers,
  });
  const ballotsRefused = new Counter({ name: 'stemkaart_ballots_refused_total', help: 'Ballots refused, by error reason of the contract', labelNames: ['reason'] as const, registers });
  const ackSeconds = new Histogram({
    name: 'stemkaart_ballot_ack_seconds',
    help: 'Time from receiving POST /api/ballots to its acknowledgement (stored and committed)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  const commits = new Counter({ name: 'stemkaart_ballot_commits_total', help: 'Transactions of the ballot writer (group commit)', registers });
  const ballotsPerCommit = new Histogram({ name: 'stemkaart_ballots_per_commit', help: 'Ballots stored by one commit of the ballot writer', buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256], registers });
  const backupsTaken = new Counter({ name: 'stemkaart_backups_total', help: 'Online backups of the database taken since start', registers });
  const lastBackup = new Gauge({ name: 'stemkaart_last_backup_timestamp_seconds', help: 'When the last backup was complete (Unix time); 0 when none since start', registers });
  new Gauge({
    name: 'stemkaart_open_sockets',
    help: 'Socket.IO connections open now, per namespace',
    labelNames: ['namespace'] as const,
    registers,
    collect() {
      for (const namespace of NAMESPACES) this.set({ namespace }, sources.openSockets(namespace));
    },
  });
  // Zero from the start, so a dashboard sees every series before the first event.
  for (const kind of ['new', 'repeat']) ballotsAccepted.inc({ kind }, 0);
  for (const reason of ERROR_REASONS) ballotsRefused.inc({ reason }, 0);
  commits.inc(0);
  backupsTaken.inc(0);
  lastBackup.set(0);
  // Process memory under the names of prom-client's default metrics, without its event-loop monitors.
  new Gauge({ name: 'process_resident_memory_bytes', help: 'Resident memory size in bytes', registers, collect() { this.set(process.memoryUsage.rss()); } });
  new Gauge({ name: 'nodejs_heap_size_used_bytes', help: 'Process heap size used from Node.js in bytes', registers, collect() { this.set(process.memoryUsage().heapUsed); } });
  new Gauge({ name: 'nodejs_heap_size_total_bytes', help: 'Process heap size from Node.js in bytes', registers, collect() { this.set(process.memoryUsage().heapTotal); } });
  new Gauge({ name: 'nodejs_external_memory_bytes', help: 'Node.js external memory size in bytes', registers, collect() { this.set(process.memoryUsage().external); } });
  return { registry, ballotsAccepted, ballotsRefused, ackSeconds, commits, ballotsPerCommit, backupsTaken, lastBackup };
}
export type Metrics = ReturnType<typeof createMetrics>;

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

const KNOWN_REASONS = new Set<string>(ERROR_REASONS);

/** The contract's reason of an error answer (`{"error": reason}`), read only when there is one. */
function reasonOf(payload: unknown): ErrorReason | 'other' {
  if (typeof payload !== 'string') return 'other';
  const m = /^\{"error":"([a-z_]+)"/.exec(payload);
  return m && KNOWN_REASONS.has(m[1]) ? (m[1] as ErrorReason) : 'other';
}

async function metricsPlugin(app: FastifyInstance) {
  // Socket.IO is registered after the routes; it is there by the time anyone scrapes.
  const metrics = createMetrics({ openSockets: (ns) => (app.hasDecorator('io') ? app.io.of(ns).sockets.size : 0) });
  app.decorate('metrics', metrics);
  const { writer } = app.domain;
  const offs = [
    writer.onCommit((stored) => {
      metrics.commits.inc();
      metrics.ballotsPerCommit.observe(stored);
    }),
  ];
  if (app.backups) {
    offs.push(
      app.backups.onTaken((_file, at) => {
        metrics.backupsTaken.inc();
        metrics.lastBackup.set(at.getTime() / 1000);
      }),
    );
  }
  app.addHook('onClose', async () => {
    for (const off of offs) off();
  });

  // The ballot route's answers: accepted, repeated or refused (by reason), and how long they took.
  const onSend = (_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
    const status = reply.statusCode;
    if (status === 201) metrics.ballotsAccepted.inc({ kind: 'new' });
    else if (status === 200) metrics.ballotsAccepted.inc({ kind: 'repeat' });
    else if (status >= 400) metrics.ballotsRefused.inc({ reason: reasonOf(payload) as ErrorReason });
    done(null, payload);
  };
  const onResponse = (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (reply.statusCode === 201 || reply.statusCode === 200) metrics.ackSeconds.observe(reply.elapsedTime / 1000);
    done();
  };
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== '/api/ballots' || route.method !== 'POST') return;
    const list = <T>(h: T | T[] | undefined): T[] => (h === undefined ? [] : Array.isArray(h) ? h : [h]);
    route.onSend = [...list(route.onSend), onSend] as RouteOptions['onSend'];
    route.onResponse = [...list(route.onResponse), onResponse] as RouteOptions['onResponse'];
  });

  app.get('/metrics', { preHandler: app.requireAdmin, schema: { tags: ['operations'], summary: 'Prometheus metrics (text format): ballots, acknowledgement latency, commits, sockets, backups, memory' } }, async (_request, reply) => {
    const text = await metrics.registry.metrics();
    return reply.header('cache-control', 'no-store').type(metrics.registry.contentType).send(text);
  });
}

export default fp(metricsPlugin, { name: 'metrics', dependencies: ['domain', 'auth', 'backups'] });
