/**
 * A feed relay (docs/scaling.md; docs/api.md, "Feed relays"): serves the public side of Stemkaart to
 * any number of viewers without touching the voting server for each of them. `/live` from the Redis
 * feed (relay-feed.ts), the projector and the public page, and the public GETs of meetings and rounds
 * (public-api.ts). No database, no credentials, no writes: every other API call is `404 not_found`.
 * Builds the app from a config; never listens and never reads process.env (server/relay/main.ts does).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { createClient } from 'redis';
import { Server, type Namespace } from 'socket.io';
import { MessageType, type Adapter, type ClusterMessage } from 'socket.io-adapter';
import { proxyTrust } from '../lib/client-address.ts';
import { RelayConfigSchema, type RelayConfig } from '../config.ts';
import { sendError } from '../lib/http-errors.ts';
import { FEED_NAMESPACE, feedAdapter, redisOptions, watchConnection } from '../modules/live/redis-feed.ts';
import { FEED_SEQ_HEADER } from '../modules/live/live.routes.ts';
import clientsPlugin from '../plugins/clients.ts';
import { securityHeaders } from '../plugins/security.ts';
import { publicApiRoutes } from './public-api.ts';
import { createRelayFeed, type RelayFeed, type SnapshotAnswer } from './relay-feed.ts';
import type { Snapshot } from '../../shared/events.ts';

/**
 * The feed's adapter, with the relay listening in: a broadcast of the voting server read from the
 * stream goes to `onBroadcast` (which folds it into the meeting's snapshot and emits it to this relay's
 * sockets, coalesced) instead of straight to the sockets. Everything else takes the adapter's own way.
 * `onMessage` is the hook the cluster adapter calls for every message of another server.
 */
function listeningAdapter(client: ReturnType<typeof createClient>, onBroadcast: (data: unknown[], rooms: string[]) => void): (nsp: Namespace) => Adapter {
  const base = feedAdapter(client);
  // Called with `new` by Socket.IO (see feedAdapter).
  return function adapterOf(nsp: Namespace): Adapter {
    const adapter = base(nsp);
    if (nsp.name !== FEED_NAMESPACE) return adapter;
    const cluster = adapter as unknown as { uid: string; onMessage(message: ClusterMessage, offset?: string): void };
    const deliver = cluster.onMessage.bind(adapter);
    cluster.onMessage = (message, offset) => {
      if (message.type === MessageType.BROADCAST && message.uid !== cluster.uid && message.data.requestId === undefined && Array.isArray(message.data.packet && (message.data.packet as { data?: unknown }).data)) {
        onBroadcast((message.data.packet as { data: unknown[] }).data, message.data.opts.rooms);
        return;
      }
      deliver(message, offset);
    };
    return adapter;
  };
}

export async function buildRelayApp(input: RelayConfig): Promise<FastifyInstance> {
  const config = RelayConfigSchema.parse(input);
  const app = Fastify({
    // A relay takes no credentials, but a browser may still send its cookies or a header.
    logger: { level: config.logLevel, redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' } },
    bodyLimit: 16 * 1024,
    trustProxy: config.trustProxy.length > 0 ? proxyTrust(config.trustProxy) : false,
    forceCloseConnections: 'idle',
  });

  const headers = securityHeaders(config.https);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  app.setErrorHandler((err, request, reply) => {
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, request, 'internal');
  });
  // Everything a relay does not serve (the chair's and kiosks' API, any write): as if it did not exist.
  app.setNotFoundHandler((request, reply) => sendError(reply, request, 'not_found'));

  // ---------- the feed ----------

  const client = createClient(redisOptions(config.redisUrl));
  let feed: RelayFeed | null = null;
  const io = new Server(app.server, {
    serveClient: false,
    maxHttpBufferSize: 16 * 1024,
    pingInterval: 10_000,
    pingTimeout: 5_000,
    adapter: listeningAdapter(client, (data, rooms) => feed?.onPublished(data, rooms)),
  });

  const fetchSnapshot = async (meetingId: number): Promise<SnapshotAnswer> => {
    const response = await fetch(`${config.primaryUrl}/api/meetings/${meetingId}/live`, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(10_000) });
    // 404: no such meeting; 400: not a meeting id the voting server accepts (too large).
    if (response.status === 404 || response.status === 400) return { found: false };
    if (!response.ok) throw new Error(`GET /api/meetings/${meetingId}/live → ${response.status}`);
    const seq = Number(response.headers.get(FEED_SEQ_HEADER) ?? 0);
    return { found: true, snapshot: (await response.json()) as Snapshot, seq: Number.isFinite(seq) ? seq : 0 };
  };
  feed = createRelayFeed({ live: io.of(FEED_NAMESPACE), fetchSnapshot, coalesceMs: config.coalesceMs, log: app.log });
  const relayFeed = feed;
  // On every (re)connection to Redis: events may have been lost meanwhile, so every meeting held is
  // taken afresh from the voting server (one request per meeting, not per socket).
  watchConnection(client, app.log, 'feed relay', () => relayFeed.resync());
  const connecting = client.connect().catch(() => undefined);

  // ---------- HTTP ----------

  app.get('/healthz', async () => ({ ok: true }));
  await app.register(publicApiRoutes, { primaryUrl: config.primaryUrl, cacheMs: config.cacheMs, generation: () => relayFeed.generation() });
  await app.register(clientsPlugin, { dir: config.clientsDir, publicOnly: true });

  app.addHook('preClose', (done) => {
    relayFeed.stop();
    io.engine.close();
    done();
  });
  app.addHook('onClose', async () => {
    await io.close(() => undefined);
    // Destroyed first: while Redis cannot be reached, `connect()` keeps retrying and never settles,
    // and a relay must still stop (SIGTERM, or a port that turned out to be taken).
    if (client.isOpen) client.destroy();
    await connecting;
  });
  return app;
}
