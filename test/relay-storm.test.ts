/**
 * A reconnect storm on a feed relay does not hammer the voting server (docs/scaling.md): hundreds of
 * viewers arriving at once cost it one snapshot request, and a page load of hundreds of viewers one
 * request per public GET. The relay runs in this process (buildRelayApp) against a stand-in voting
 * server that counts what it is asked, and a real redis-server.
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildRelayApp } from '../server/relay/app.ts';
import { connectFeed, type Recorder } from './helpers/live.ts';
import { redisServerInstalled, startRedis, type RedisProcess } from './helpers/redis.ts';

const snapshot = {
  meeting: { id: 7, title: 'Proef-ALV', date: '2030-06-07', venue: 'Jaarbeurs', requireCheckIn: false },
  rounds: [{ id: 3, meetingId: 7, state: 'open', voted: { weight: 10, count: 2 } }],
  presence: { count: 2, weight: 10 },
};

// Debian's redis-server is installed by .ci/run; without it the relay has no feed to run on.
describe.skipIf(!redisServerInstalled())('a feed relay under a storm of viewers', () => {
  let redis: RedisProcess;
  let primary: Server;
  let relay: FastifyInstance;
  let relayUrl: string;
  const asked = new Map<string, number>();

  beforeAll(async () => {
    redis = await startRedis();
    primary = createServer((req, res) => {
      asked.set(req.url!, (asked.get(req.url!) ?? 0) + 1);
      // Slow enough that the requests of a storm overlap.
      setTimeout(() => {
        if (req.url === '/api/meetings/7/live') {
          res.writeHead(200, { 'content-type': 'application/json', 'stemkaart-feed-seq': '5' }).end(JSON.stringify(snapshot));
        } else if (req.url === '/api/meetings/7') {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache' }).end(JSON.stringify({ ...snapshot.meeting, authorization: req.headers.authorization ?? null }));
        } else res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found","message":"Niet gevonden."}');
      }, 50);
    });
    await new Promise<void>((done) => primary.listen(0, '127.0.0.1', done));
    const address = primary.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    // Answers kept for a minute: on a busy machine the 300 requests may spread over more than the default second.
    relay = await buildRelayApp({ redisUrl: redis.url, primaryUrl: `http://127.0.0.1:${port}`, logLevel: 'silent', cacheMs: 60_000 });
    await relay.listen({ port: 0, host: '127.0.0.1' });
    const relayAddress = relay.server.address();
    relayUrl = `http://127.0.0.1:${typeof relayAddress === 'object' && relayAddress ? relayAddress.port : 0}`;
  });

  afterAll(async () => {
    await relay?.close();
    await new Promise<void>((done) => (primary ? primary.close(() => done()) : done()));
    await redis?.close();
  });

  it('200 viewers arriving together cost the voting server one snapshot request, and each gets the snapshot', async () => {
    const viewers: Recorder[] = Array.from({ length: 200 }, () => connectFeed(relayUrl, '/live', { meetingId: 7 }));
    try {
      await vi.waitFor(() => expect(viewers.filter((v) => v.snapshots.length === 1)).toHaveLength(200), { timeout: 15_000 });
      expect(viewers[199].snapshots[0]).toEqual(snapshot);
      expect(asked.get('/api/meetings/7/live')).toBe(1);
    } finally {
      for (const v of viewers) v.socket.disconnect();
    }
  });

  it('an unknown meeting is refused with not_found, and a storm for it asks once', async () => {
    const viewers = Array.from({ length: 50 }, () => connectFeed(relayUrl, '/live', { meetingId: 99 }));
    const errors = await Promise.all(viewers.map((v) => new Promise<string>((done) => v.socket.once('connect_error', (e) => done(e.message)))));
    expect(new Set(errors)).toEqual(new Set(['not_found']));
    expect(asked.get('/api/meetings/99/live')).toBe(1);
  });

  it('300 page loads at once cost one request per public GET, asked without the credentials they carried', async () => {
    const answers = await Promise.all(
      Array.from({ length: 300 }, () => fetch(`${relayUrl}/api/meetings/7`, { headers: { authorization: 'Bearer secret-admin-token-0123456789' } }).then(async (r) => ({ status: r.status, body: await r.json() }))),
    );
    expect(answers.every((a) => a.status === 200 && a.body.title === 'Proef-ALV' && a.body.authorization === null)).toBe(true);
    expect(asked.get('/api/meetings/7')).toBe(1);
    const refused = await fetch(`${relayUrl}/api/meetings/7/kiosks`);
    expect([refused.status, (await refused.json()).error]).toEqual([404, 'not_found']);
    expect(asked.has('/api/meetings/7/kiosks')).toBe(false);
  });
});
