/**
 * Issue 12, point 2, through a feed relay: a relay keeps a snapshot per meeting from what the voting
 * server publishes on /live, and serves the public GETs of meetings and rounds. A secret round that
 * is open, then cancelled, must not show a tally or a ballot there either: not in the relay's events,
 * not in a snapshot given to a socket that arrives after the cancel, not in its GETs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Round } from '../../shared/schemas.ts';
import { castBallot, connected, connectFeed, createRound, ok, seedMeeting, type Recorder, type SeededMeeting } from '../helpers/live.ts';
import { redisServerInstalled, startRedis, type RedisProcess } from '../helpers/redis.ts';
import { startServer, type ServerProcess } from '../helpers/server-process.ts';
import { jsonLeaks } from './leaks.ts';

const ADMIN = 'relay-secrecy-admin-token-0123456789';

// Debian's redis-server is installed by .ci/run; without it a relay cannot run at all.
describe.skipIf(!redisServerInstalled())('a feed relay and a cancelled secret round', () => {
  let dir: string;
  let redis: RedisProcess;
  let primary: ServerProcess;
  let relay: ServerProcess;
  let seeded: SeededMeeting;
  const recorders: Recorder[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stemkaart-relay-secrecy-'));
    redis = await startRedis();
    primary = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: ADMIN, STEMKAART_REDIS_URL: redis.url });
    relay = await startServer({ STEMKAART_REDIS_URL: redis.url, STEMKAART_PRIMARY_URL: primary.base, STEMKAART_HOST: '127.0.0.1', STEMKAART_PORT: '0' }, 'dist/relay/main.js');
    seeded = await seedMeeting(primary.base, ADMIN, { members: 6, requireCheckIn: false });
  }, 60_000);

  afterAll(async () => {
    for (const r of recorders) r.socket.disconnect();
    for (const p of [relay, primary]) if (p && p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
    await Promise.all([relay, primary].filter(Boolean).map((p) => p.exited));
    await redis?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  const watch = (): Recorder => {
    const r = connectFeed(relay.base, '/live', { meetingId: seeded.meetingId });
    recorders.push(r);
    return r;
  };
  const shown = (r: Recorder, id: number): Round | undefined => {
    for (let i = r.raw.length - 1; i >= 0; i--) {
      const message = JSON.parse(r.raw[i]) as { rounds?: Round[]; id?: number; voted?: unknown };
      if (message.rounds) return message.rounds.find((x) => x.id === id);
      if (message.voted && message.id === id) return message as Round;
    }
    return undefined;
  };

  it('shows no tally or ballot of it in events, in a later snapshot or in its GETs', async () => {
    const early = watch();
    await connected(early);
    const roundId = await createRound(primary.base, ADMIN, seeded.meetingId, { motionIds: seeded.motionIds, secret: true });
    await castBallot(primary.base, seeded, seeded.cards[0].code, roundId, seeded.motionIds, ['against', 'for']);
    await castBallot(primary.base, seeded, seeded.cards[1].code, roundId, seeded.motionIds, ['against', 'against']);
    await vi.waitFor(() => expect(shown(early, roundId)?.voted.count).toBe(2), { timeout: 10_000 });
    await ok(primary.base, 'POST', `/api/rounds/${roundId}/cancel`, { reason: 'test' }, ADMIN);
    await vi.waitFor(() => expect(shown(early, roundId)?.state).toBe('cancelled'), { timeout: 10_000 });

    const late = watch();
    await vi.waitFor(() => expect(late.snapshots.length).toBeGreaterThan(0), { timeout: 10_000 });
    expect(late.snapshots[0].rounds.find((r) => r.id === roundId)?.state).toBe('cancelled');

    const tallies = new Map<number, Set<string>>();
    const leaks: string[] = [];
    for (const [name, r] of [['early socket', early], ['late socket', late]] as const) r.raw.forEach((raw, i) => leaks.push(...jsonLeaks(`relay ${name} message ${i}`, JSON.parse(raw), tallies)));
    for (const path of [`/api/meetings/${seeded.meetingId}`, `/api/meetings/${seeded.meetingId}/rounds`, `/api/rounds/${roundId}`, `/api/meetings/${seeded.meetingId}/live`]) {
      const res = await fetch(`${relay.base}${path}`);
      if (res.status === 200) leaks.push(...jsonLeaks(`relay GET ${path}`, await res.json(), tallies));
    }
    expect(leaks).toEqual([]);
    expect(tallies.size).toBe(0);
  }, 60_000);
});
