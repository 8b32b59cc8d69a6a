/**
 * Feed relays with the real parts (docs/api.md, "Feed relays"; docs/scaling.md): a real redis-server on
 * a free loopback port, the voting server as `npm start` runs it with STEMKAART_REDIS_URL, and two relay
 * processes as `npm run start:relay` runs them. Viewers reach the relays directly or through a small TCP
 * load balancer (standing in for nginx or Caddy). Each fault of the issue is a test: a relay killed,
 * Redis restarted, Redis down while ballots come in.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Round } from '../shared/schemas.ts';
import { castBallot, connected, connectFeed, createRound, ok, seedMeeting, type Recorder, type SeededMeeting } from './helpers/live.ts';
import { redisServerInstalled, startRedis, type RedisProcess } from './helpers/redis.ts';
import { ROOT, startServer, type ServerProcess } from './helpers/server-process.ts';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.ts';

const ADMIN = 'relay-test-admin-token-0123456789';

describe('npx stemkaart relay', () => {
  it('without its variables, names each missing one and exits with 2', async () => {
    const child = spawn(process.execPath, ['bin/stemkaart.js', 'relay'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const code = await new Promise((done) => child.on('exit', done));
    expect(code).toBe(2);
    expect(out).toContain('STEMKAART_REDIS_URL: is required');
    expect(out).toContain('STEMKAART_PRIMARY_URL: is required');
  });
});
const RELAY = 'dist/relay/main.js';

// Debian's redis-server is installed by .ci/run; without it these tests cannot run at all.
describe.skipIf(!redisServerInstalled())('feed relays (Redis, voting server, two relays)', () => {
  let dir: string;
  let redis: RedisProcess;
  let primary: ServerProcess;
  let relays: ServerProcess[] = [];
  let seeded: SeededMeeting;
  let recorders: Recorder[] = [];
  let proxy: TcpProxy | null = null;
  let next = 0;

  const startRelay = () => startServer({ STEMKAART_REDIS_URL: redis.url, STEMKAART_PRIMARY_URL: primary.base, STEMKAART_HOST: '127.0.0.1', STEMKAART_PORT: '0' }, RELAY);
  const portOf = (p: ServerProcess) => Number(new URL(p.base).port);
  const watch = (base: string, reconnect = false) => {
    const r = connectFeed(base, '/live', { meetingId: seeded.meetingId, reconnection: reconnect, reconnectionDelayMs: reconnect ? 500 : undefined });
    recorders.push(r);
    return r;
  };
  const snapshotRound = (r: Recorder, id: number): Round | undefined => r.snapshots.at(-1)?.rounds.find((x) => x.id === id);
  /** The round as the client shows it: from the later of its last `round` event and its last `snapshot`. */
  const shown = (r: Recorder, id: number): Round | undefined => {
    for (let i = r.raw.length - 1; i >= 0; i--) {
      const message = JSON.parse(r.raw[i]) as { rounds?: Round[]; id?: number; voted?: unknown };
      if (message.rounds) return message.rounds.find((x) => x.id === id);
      if (message.voted && message.id === id) return message as Round;
    }
    return undefined;
  };
  const cast = (roundId: number, choice: 'for' | 'against' | 'abstain' = 'for') => castBallot(primary.base, seeded, seeded.cards[next++].code, roundId, seeded.motionIds, choice);
  const newRound = () => createRound(primary.base, ADMIN, seeded.meetingId, { motionIds: seeded.motionIds });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stemkaart-relays-'));
    redis = await startRedis();
    primary = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: ADMIN, STEMKAART_REDIS_URL: redis.url });
    relays = await Promise.all([startRelay(), startRelay()]);
    seeded = await seedMeeting(primary.base, ADMIN, { members: 60, requireCheckIn: false });
  }, 60_000);

  afterEach(async () => {
    for (const r of recorders) r.socket.disconnect();
    recorders = [];
    await proxy?.close();
    proxy = null;
    // A test that failed half-way leaves no round open for the next one.
    if (redis.pid() === undefined) await redis.start();
    for (const round of await ok<Round[]>(primary.base, 'GET', `/api/meetings/${seeded.meetingId}/rounds`)) {
      if (round.state === 'open') await ok(primary.base, 'POST', `/api/rounds/${round.id}/close`, undefined, ADMIN);
    }
  });

  afterAll(async () => {
    for (const p of [...relays, primary]) {
      if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    }
    await Promise.all([...relays, primary].filter(Boolean).map((p) => p.exited));
    await redis?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  it('a /live client on each relay sees a ballot cast on the voting server, and a new socket gets the current snapshot', async () => {
    const [a, b] = [watch(relays[0].base), watch(relays[1].base)];
    await Promise.all([connected(a), connected(b)]);
    await vi.waitFor(() => expect(a.snapshots.length * b.snapshots.length).toBeGreaterThan(0));
    expect(a.snapshots[0].meeting.id).toBe(seeded.meetingId);

    const roundId = await newRound();
    await vi.waitFor(() => {
      for (const r of [a, b]) expect(shown(r, roundId)?.state).toBe('open');
    });
    await cast(roundId, 'for');
    await vi.waitFor(() => {
      for (const r of [a, b]) expect(shown(r, roundId)?.voted.count).toBe(1);
    });
    // The same round as the voting server's public view, weight and all.
    const direct = await ok<Round>(primary.base, 'GET', `/api/rounds/${roundId}`);
    expect(shown(a, roundId)?.tallies).toEqual(direct.tallies);

    // A socket arriving now is answered from the relay's own snapshot, with the ballot in it.
    const late = watch(relays[1].base);
    await vi.waitFor(() => expect(late.snapshots.length).toBeGreaterThanOrEqual(1));
    expect(snapshotRound(late, roundId)?.voted.count).toBe(1);
    expect(late.snapshots[0]).toEqual(await ok(primary.base, 'GET', `/api/meetings/${seeded.meetingId}/live`));

    await ok(primary.base, 'POST', `/api/rounds/${roundId}/close`, undefined, ADMIN);
    await vi.waitFor(() => {
      for (const r of [a, b, late]) expect(shown(r, roundId)?.state).toBe('closed');
    });
    // The closed round's events carry no roll call; a relay serves it as the voting server does,
    // immutable, with its ETag, and answers 304 to a viewer that holds it.
    for (const r of [a, b, late]) expect(shown(r, roundId)).not.toHaveProperty('rollCall');
    const fromPrimary = await fetch(`${primary.base}/api/rounds/${roundId}/roll-call`);
    const fromRelay = await fetch(`${relays[0].base}/api/rounds/${roundId}/roll-call`);
    expect(fromRelay.status).toBe(200);
    for (const name of ['etag', 'cache-control', 'content-type']) expect(fromRelay.headers.get(name)).toBe(fromPrimary.headers.get(name));
    expect(fromRelay.headers.get('cache-control')).toContain('immutable');
    expect(await fromRelay.json()).toEqual(await fromPrimary.json());
    const held = await fetch(`${relays[0].base}/api/rounds/${roundId}/roll-call`, { headers: { 'if-none-match': fromRelay.headers.get('etag')! } });
    expect(held.status).toBe(304);
  });

  it("the chair's choice of what the projector shows reaches every relay's viewers, its snapshot and its GET", async () => {
    const [a, b] = [watch(relays[0].base), watch(relays[1].base)];
    await Promise.all([connected(a), connected(b)]);
    await vi.waitFor(() => expect(a.snapshots.length * b.snapshots.length).toBeGreaterThan(0));
    expect(a.snapshots[0].projector).toEqual({ show: 'auto' });
    const shownMotion = { show: 'motion', motionId: seeded.motionIds[1] };
    await ok(primary.base, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, shownMotion, ADMIN);
    await vi.waitFor(() => {
      for (const r of [a, b]) expect(r.projector.at(-1)).toEqual(shownMotion);
    });
    const late = watch(relays[1].base);
    await vi.waitFor(() => expect(late.snapshots.length).toBeGreaterThanOrEqual(1));
    expect(late.snapshots[0].projector).toEqual(shownMotion);
    expect(await ok(relays[0].base, 'GET', `/api/meetings/${seeded.meetingId}/projector`)).toEqual(shownMotion);
    await ok(primary.base, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, { show: 'auto' }, ADMIN);
    await vi.waitFor(() => expect(late.projector.at(-1)).toEqual({ show: 'auto' }));
    await vi.waitFor(async () => expect(await ok(relays[0].base, 'GET', `/api/meetings/${seeded.meetingId}/projector`)).toEqual({ show: 'auto' }));
  });

  it('a relay serves the public GETs, the health check and the projector, and nothing that writes or needs credentials', async () => {
    const relay = relays[0].base;
    expect(await ok(relay, 'GET', '/healthz')).toEqual({ ok: true });
    expect(await ok(relay, 'GET', `/api/meetings/${seeded.meetingId}`)).toEqual(await ok(primary.base, 'GET', `/api/meetings/${seeded.meetingId}`));
    expect(await ok(relay, 'GET', '/api/meetings')).toEqual(await ok(primary.base, 'GET', '/api/meetings'));
    expect(await ok(relay, 'GET', `/api/meetings/${seeded.meetingId}/rounds`)).toEqual(await ok(primary.base, 'GET', `/api/meetings/${seeded.meetingId}/rounds`));

    const refused = [
      ['POST', '/api/meetings', { title: 'X', date: '2030-01-01' }],
      ['POST', `/api/meetings/${seeded.meetingId}/rounds`, { motionIds: seeded.motionIds }],
      ['POST', '/api/ballots', { code: seeded.cards[0].code, roundId: 1, choices: [], nonce: 'relay-nonce-1' }],
      ['GET', `/api/meetings/${seeded.meetingId}/kiosks`, undefined],
      ['GET', `/api/meetings/${seeded.meetingId}/audit`, undefined],
      ['PUT', '/api/members', []],
    ] as const;
    for (const [method, path, body] of refused) {
      // Even with the chair's token: a relay holds no credentials and passes none on.
      const answer = await fetch(relay + path, { method, headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect([method, path, answer.status]).toEqual([method, path, 404]);
      expect(await answer.json()).toMatchObject({ error: 'not_found' });
    }
    // An admin-only view asked through a relay comes back as the public one.
    const rounds = await fetch(`${relay}/api/meetings/${seeded.meetingId}/rounds`, { headers: { authorization: `Bearer ${ADMIN}` } });
    expect(await rounds.json()).toEqual(await ok(primary.base, 'GET', `/api/meetings/${seeded.meetingId}/rounds`));

    const chair = connectFeed(relay, '/chair', { token: ADMIN });
    recorders.push(chair);
    await expect(connected(chair)).rejects.toThrow();

    // The projector's page (built by `npm run build`, which `npm test` runs first).
    if (existsSync(join(ROOT, 'dist', 'projector-view', 'index.html'))) {
      const page = await fetch(`${relay}/projector/?meeting=${seeded.meetingId}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<html');
      expect((await fetch(`${relay}/chair/`)).status).toBe(404);
    }
  });

  it('a relay killed: its viewers reconnect through the load balancer to the other relay and show the latest state within 2 s', async () => {
    const spare = await startRelay();
    relays.push(spare);
    const [victim, survivor] = [relays[0], spare];
    let alive = [portOf(victim), portOf(survivor)];
    proxy = await startTcpProxy(() => alive);
    const viewers = Array.from({ length: 6 }, () => watch(proxy!.url, true));
    await Promise.all(viewers.map(connected));
    await vi.waitFor(() => viewers.forEach((v) => expect(v.snapshots.length).toBeGreaterThan(0)));

    const roundId = await newRound();
    await cast(roundId);
    await vi.waitFor(() => viewers.forEach((v) => expect(shown(v, roundId)?.voted.count).toBe(1)));

    victim.child.kill('SIGKILL');
    alive = [portOf(survivor)];
    relays = relays.filter((r) => r !== victim);
    await victim.exited;
    // A ballot while the victim's viewers are reconnecting; from its acknowledgement, every viewer has
    // it within the contract's 2 s (a timing bound on purpose: it is the promise under test).
    await cast(roundId);
    await vi.waitFor(
      () => {
        for (const v of viewers) {
          expect(v.socket.connected).toBe(true);
          expect(shown(v, roundId)?.voted.count).toBe(2);
        }
      },
      { timeout: 2000, interval: 25 },
    );
    const movedViewers = viewers.filter((v) => v.disconnects.length > 0);
    expect(movedViewers.length).toBeGreaterThan(0);
    await ok(primary.base, 'POST', `/api/rounds/${roundId}/close`, undefined, ADMIN);
  });

  it('Redis restarted: the relays resume, and a round closed while it was away shows its final state', async () => {
    const [a, b] = [watch(relays[0].base), watch(relays[1].base)];
    await Promise.all([connected(a), connected(b)]);
    const roundId = await newRound();
    await cast(roundId, 'for');
    await cast(roundId, 'against');
    await vi.waitFor(() => [a, b].forEach((r) => expect(shown(r, roundId)?.voted.count).toBe(2)));

    await redis.stop('SIGKILL');
    await cast(roundId, 'for');
    const closed = await ok<Round>(primary.base, 'POST', `/api/rounds/${roundId}/close`, undefined, ADMIN);
    await redis.start();

    await vi.waitFor(
      () => {
        for (const r of [a, b]) {
          const round = shown(r, roundId);
          expect(round?.state).toBe('closed');
          expect(round?.tallies).toEqual(closed.tallies);
        }
      },
      { timeout: 15_000, interval: 50 },
    );
    // The viewers stayed connected to their relays throughout, and the feed flows again.
    expect([a.disconnects, b.disconnects]).toEqual([[], []]);
    const nextRound = await newRound();
    await cast(nextRound);
    await vi.waitFor(() => [a, b].forEach((r) => expect(shown(r, nextRound)?.voted.count).toBe(1)), { timeout: 5000 });
    await ok(primary.base, 'POST', `/api/rounds/${nextRound}/close`, undefined, ADMIN);
  }, 40_000);

  it('Redis down: the voting server still acknowledges every ballot, and the feed catches up when Redis is back', async () => {
    const [a, b] = [watch(relays[0].base), watch(relays[1].base)];
    await Promise.all([connected(a), connected(b)]);
    const roundId = await newRound();
    await vi.waitFor(() => [a, b].forEach((r) => expect(shown(r, roundId)?.state).toBe('open')));

    await redis.stop();
    // Every ballot is acknowledged while Redis is away (each with 201 and a receipt).
    const receipts = [];
    for (let i = 0; i < 20; i++) receipts.push(await cast(roundId, i % 2 ? 'for' : 'abstain'));
    expect(receipts.filter((r) => typeof r.receipt === 'string')).toHaveLength(20);
    const direct = await ok<Round>(primary.base, 'GET', `/api/rounds/${roundId}`);
    expect(direct.voted.count).toBe(20);
    // The relays still show the state from before (they have no other source of events).
    expect(shown(a, roundId)?.voted.count ?? 0).toBeLessThan(20);

    await redis.start();
    await vi.waitFor(() => [a, b].forEach((r) => expect(shown(r, roundId)?.voted.count).toBe(20)), { timeout: 15_000, interval: 50 });
    await ok(primary.base, 'POST', `/api/rounds/${roundId}/close`, undefined, ADMIN);
  }, 40_000);
});
