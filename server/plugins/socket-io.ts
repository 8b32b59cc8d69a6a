/**
 * Socket.IO inside Fastify's lifecycle: the server is attached to `fastify.server`, decorated as a
 * typed `io`, its connections are ended in preClose (otherwise open WebSockets keep the HTTP server
 * from closing) and it is closed in onClose. The feed itself is server/modules/live/live.ts.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { SESSION_COOKIE } from '../modules/auth/auth.ts';
import { createLiveFeed, type LiveDomain, type LiveFeed, type LiveServer } from '../modules/live/live.ts';
import { createFeedPublisher, type FeedPublisher } from '../modules/live/redis-feed.ts';
import { shape } from '../modules/live/shape.ts';

declare module 'fastify' {
  interface FastifyInstance {
    io: LiveServer;
    liveFeed: LiveFeed;
    /** Set when the feed also goes through Redis to feed relays (STEMKAART_REDIS_URL). */
    feedPublisher: FeedPublisher | null;
  }
}

export interface SocketIoPluginOptions {
  /** At most one emit per round and audience within this many ms (default 50). */
  coalesceMs?: number;
  /** At most one `presence` emit per meeting within this many ms (default 250). */
  presenceMs?: number;
}

async function socketIo(fastify: FastifyInstance, options: SocketIoPluginOptions): Promise<void> {
  const io: LiveServer = new Server(fastify.server, {
    serveClient: false,
    // Clients send nothing over the feed.
    maxHttpBufferSize: 16 * 1024,
    // Notice a dead connection within ~15 s, so a screen never shows old figures as live for long.
    pingInterval: 10_000,
    pingTimeout: 5_000,
  });
  fastify.decorate('io', io);
  // The global limit of plugins/security.ts, with its store: a socket counts as one more request of its address.
  const requestLimit = fastify.createRateLimit();
  const d = fastify.domain;
  const domain: LiveDomain = {
    events: d.events,
    meetings: d.meetings,
    rounds: d.rounds,
    presence: d.presence,
    auth: {
      chairHandshake: (h) => fastify.chairHandshake(h),
      failed: (address) => fastify.adminFailures.fail(address),
      overRequestLimit: async (address) => {
        const verdict = await requestLimit({ ip: address, bearer: { kind: 'invalid' }, routeOptions: { config: {} } } as unknown as FastifyRequest);
        return !verdict.isAllowed && verdict.isExceeded;
      },
    },
    kiosks: d.kiosks,
  };
  // With STEMKAART_REDIS_URL the public feed is also published for the feed relays (docs/scaling.md).
  const redisUrl = fastify.config.redisUrl;
  // Its snapshots (published again after Redis was away) are shaped like every event that leaves.
  const publicSnapshot = (meetingId: number) => shape('public', 'snapshot', feed.snapshot(meetingId, 'public'));
  const publisher = redisUrl ? createFeedPublisher({ redisUrl, snapshot: publicSnapshot, log: fastify.log }) : null;
  const feed: LiveFeed = createLiveFeed({
    io,
    domain,
    coalesceMs: options.coalesceMs,
    presenceMs: options.presenceMs,
    sessionCookie: SESSION_COOKIE,
    trustProxy: fastify.config.trustProxy,
    log: fastify.log,
    publish: publisher ? (meetingId, event, payload) => publisher.publish(meetingId, event, payload) : undefined,
  });
  fastify.decorate('liveFeed', feed);
  fastify.decorate('feedPublisher', publisher);

  fastify.addHook('preClose', (done) => {
    feed.stop();
    // Close the connections at the transport level (not with a Socket.IO "disconnect" packet), so
    // clients treat it as a lost connection and reconnect by themselves to the restarted server.
    io.engine.close();
    done();
  });
  fastify.addHook('onClose', async () => {
    // Fastify has closed the HTTP server already; io.close() reports that and is otherwise done.
    await io.close(() => undefined);
    await publisher?.close();
  });
}

export default fp(socketIo, { name: 'socket-io', fastify: '5.x', dependencies: ['domain', 'auth', 'security'] });
