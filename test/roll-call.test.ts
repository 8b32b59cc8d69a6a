/**
 * The roll call leaves the live feed (docs/api.md, "Roll call out of the live feed"): public `round`
 * events and snapshots carry tallies only, whatever the meeting's size, and the roll call is one
 * cacheable answer, `GET /api/rounds/:id/roll-call`: the admin's while the round is open, everyone's
 * and immutable once it has closed, never of a secret round.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, connectFeed, connected, createRound, ok, seedMeeting, startServer, type Recorder, type RunningServer, type SeededMeeting } from './helpers/live.ts';
import { makeApp, nonce, seedMeeting as seedInjected, type SeededMeeting as InjectedMeeting, type TestApp } from './helpers/app.ts';

/** A few hundred bytes: a round's public event holds its motions' tallies, never a list of members. */
const SMALL_EVENT = 1_500;

describe('roll call out of the live feed, 2,000 members', () => {
  const MEMBERS = 2_000;
  let server: RunningServer;
  let seeded: SeededMeeting;
  const recorders: Recorder[] = [];

  beforeAll(async () => {
    server = await startServer();
    seeded = await seedMeeting(server.baseUrl, server.adminToken, { members: MEMBERS, motions: 2, requireCheckIn: false });
  }, 120_000);
  afterAll(async () => {
    for (const r of recorders) r.socket.close();
    await server?.close();
  });

  async function liveClient(): Promise<Recorder> {
    const r = connectFeed(server.baseUrl, '/live', { meetingId: seeded.meetingId });
    recorders.push(r);
    await connected(r);
    await vi.waitFor(() => expect(r.snapshots.length).toBe(1), { timeout: 30_000 });
    return r;
  }

  it('sends every public event of the round in a few hundred bytes, and the roll call over HTTP with an ETag, immutable', async () => {
    const viewer = await liveClient();
    const roundId = await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: seeded.motionIds });
    // Every member votes, 16 kiosks at a time.
    const queue = [...seeded.cards];
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        for (let card = queue.shift(); card; card = queue.shift()) {
          const choices = seeded.motionIds.map((motionId, i) => ({ motionId, choice: (i + card!.weight) % 2 === 0 ? 'for' : 'against' }));
          await ok(server.baseUrl, 'POST', '/api/ballots', { code: card.code, roundId, choices, nonce: nonce() }, seeded.votingToken);
        }
      }),
    );
    await ok(server.baseUrl, 'POST', `/api/rounds/${roundId}/close`, undefined, server.adminToken);
    await vi.waitFor(() => expect(viewer.lastRound(roundId)?.state).toBe('closed'), { timeout: 30_000 });
    const late = await liveClient();

    const roundEvents = viewer.rounds.filter((r) => r.id === roundId).map((r) => JSON.stringify(r));
    expect(roundEvents.length).toBeGreaterThan(1);
    for (const json of roundEvents) expect(json.length).toBeLessThan(SMALL_EVENT);
    expect(viewer.lastRound(roundId)!.voted.count).toBe(MEMBERS);
    expect(viewer.lastRound(roundId)).not.toHaveProperty('rollCall');
    const inSnapshot = late.snapshots[0].rounds.find((r) => r.id === roundId)!;
    expect(inSnapshot).not.toHaveProperty('rollCall');
    expect(JSON.stringify(inSnapshot).length).toBeLessThan(SMALL_EVENT);
    expect(JSON.stringify(late.snapshots[0]).length).toBeLessThan(10_000);

    // The public view has no roll call; the admin's keeps it.
    const pub = await call<Record<string, unknown>>(server.baseUrl, 'GET', `/api/rounds/${roundId}`);
    expect(pub.body).not.toHaveProperty('rollCall');
    expect(pub.body.voted).toEqual(viewer.lastRound(roundId)!.voted);
    const admin = await ok<{ rollCall: unknown[] }>(server.baseUrl, 'GET', `/api/rounds/${roundId}`, undefined, server.adminToken);
    expect(admin.rollCall).toHaveLength(MEMBERS);

    const first = await fetch(`${server.baseUrl}/api/rounds/${roundId}/roll-call`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await first.json()) as { roundId: number; entries: { memberCode: string; name: string; weight: number; choices: unknown[] }[] };
    expect(body.roundId).toBe(roundId);
    expect(body.entries).toHaveLength(MEMBERS);
    expect(body.entries).toEqual(admin.rollCall);
    const card = seeded.cards[7];
    expect(body.entries.find((e) => e.memberCode === card.memberCode)).toMatchObject({ weight: card.weight, choices: seeded.motionIds.map((motionId, i) => ({ motionId, choice: (i + card.weight) % 2 === 0 ? 'for' : 'against' })) });

    const again = await fetch(`${server.baseUrl}/api/rounds/${roundId}/roll-call`, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('etag')).toBe(etag);
    const other = await fetch(`${server.baseUrl}/api/rounds/${roundId}/roll-call`, { headers: { 'if-none-match': '"something-else"' } });
    expect(other.status).toBe(200);
    expect(await other.json()).toEqual(body);
  }, 240_000);
});

describe('GET /api/rounds/:id/roll-call', () => {
  let t: TestApp;
  let s: InjectedMeeting;
  beforeEach(async () => {
    t = await makeApp();
    s = await seedInjected(t);
  });
  afterEach(() => t.close());

  const rollCall = (id: number, admin = false, headers: Record<string, string> = {}) =>
    admin ? t.admin({ method: 'GET', url: `/api/rounds/${id}/roll-call`, headers }) : t.app.inject({ method: 'GET', url: `/api/rounds/${id}/roll-call`, headers });
  const round = async (body: Record<string, unknown> = {}) => {
    const id = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds, ...body } })).json().id as number;
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` })).statusCode).toBe(200);
    return id;
  };
  const vote = async (i: number, roundId: number, choice: string) => {
    const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get(s.members[i].code), roundId, nonce: nonce(), choices: s.motionIds.map((motionId) => ({ motionId, choice })) } });
    expect(res.statusCode).toBe(201);
  };

  it('is the admin’s while the round is open (no-store, with an ETag), refused to the public', async () => {
    const id = await round();
    await vote(1, id, 'for');
    const pub = await rollCall(id);
    expect(pub.statusCode).toBe(401);
    expect(pub.json().error).toBe('unauthorized');
    const admin = await rollCall(id, true);
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toEqual({ roundId: id, entries: [{ memberCode: s.members[1].code, name: s.members[1].name, weight: s.members[1].weight, choices: s.motionIds.map((motionId) => ({ motionId, choice: 'for' })) }] });
    expect(admin.headers['cache-control']).toBe('no-store');
    const etag = admin.headers.etag as string;
    expect((await rollCall(id, true, { 'if-none-match': etag })).statusCode).toBe(304);
    // A new ballot changes the answer, and so its ETag.
    await vote(2, id, 'against');
    const later = await rollCall(id, true, { 'if-none-match': etag });
    expect(later.statusCode).toBe(200);
    expect(later.json().entries).toHaveLength(2);
    expect(later.headers.etag).not.toBe(etag);
  });

  it('is public and immutable once closed, for the admin too', async () => {
    const id = await round();
    await vote(0, id, 'abstain');
    await t.admin({ method: 'POST', url: `/api/rounds/${id}/close` });
    for (const admin of [false, true]) {
      const res = await rollCall(id, admin);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.json().entries.map((e: { memberCode: string }) => e.memberCode)).toEqual([s.members[0].code]);
    }
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${id}` })).json()).not.toHaveProperty('rollCall');
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${id}` })).json().rollCall).toHaveLength(1);
  });

  it('never gives the roll call of a secret round, open or closed, to anyone; nor of a draft, a cancelled or an unknown round', async () => {
    const secret = await round({ secret: true });
    await vote(0, secret, 'for');
    for (const admin of [false, true]) expect((await rollCall(secret, admin)).json().error).toBe('invalid_state');
    await t.admin({ method: 'POST', url: `/api/rounds/${secret}/close` });
    for (const admin of [false, true]) {
      const res = await rollCall(secret, admin);
      expect(res.json().error).toBe('invalid_state');
      expect(res.body).not.toContain(s.members[0].code);
    }
    const draft = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds } })).json().id as number;
    expect((await rollCall(draft, true)).json().error).toBe('invalid_state');
    await t.admin({ method: 'POST', url: `/api/rounds/${draft}/cancel` });
    expect((await rollCall(draft, true)).json().error).toBe('invalid_state');
    expect((await rollCall(99_999)).json().error).toBe('not_found');
  });
});
