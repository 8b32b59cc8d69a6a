import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  call,
  castBallot,
  checkIn,
  connected,
  connectFeed,
  createRound,
  ok,
  seedMeeting,
  startServer,
  type Recorder,
  type RunningServer,
  type SeededMeeting,
} from './helpers/live.ts';

let server: RunningServer;
let seeded: SeededMeeting;
let base: string;
let admin: string;
const open: Recorder[] = [];

function feed(...args: Parameters<typeof connectFeed>): Recorder {
  const recorder = connectFeed(...args);
  open.push(recorder);
  return recorder;
}

// A client has its first snapshot. A second may follow: the seeding's last agenda edit is
// announced as a coalesced snapshot, which can land after the connection on a busy machine.
const hasSnapshot = (r: Recorder) => vi.waitFor(() => expect(r.snapshots.length).toBeGreaterThan(0));

async function liveClient(): Promise<Recorder> {
  const r = feed(base, '/live', { meetingId: seeded.meetingId });
  await connected(r);
  await hasSnapshot(r);
  return r;
}

async function chairClient(): Promise<Recorder> {
  const r = feed(base, '/chair', { meetingId: seeded.meetingId, token: admin });
  await connected(r);
  await hasSnapshot(r);
  return r;
}

// Each test its own server and database (STYLE.md 11).
beforeEach(async () => {
  server = await startServer();
  base = server.baseUrl;
  admin = server.adminToken;
  seeded = await seedMeeting(base, admin, { members: 6, motions: 2 });
  // Members 0..3 present; 4 and 5 stay outside until the presence test.
  for (const card of seeded.cards.slice(0, 4)) await checkIn(base, seeded, card.code);
});

afterEach(async () => {
  for (const r of open.splice(0)) r.socket.disconnect();
  await server?.close();
});

describe('live feed /live', () => {
  it('sends a snapshot of the meeting, its public rounds and the presence on connect', async () => {
    const r = await liveClient();
    const snap = r.snapshots[0];
    expect(snap.meeting.id).toBe(seeded.meetingId);
    expect(snap.meeting.title).toBe('Proef-ALV');
    const present = seeded.cards.slice(0, 4);
    expect(snap.presence).toEqual({ count: 4, weight: present.reduce((s, c) => s + c.weight, 0) });
    expect(Array.isArray(snap.rounds)).toBe(true);
  });

  it('sends the round on open, on every ballot and on close, with the tally and the head hash', async () => {
    const r = await liveClient();
    const [a, b, c] = seeded.cards;
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds });
    await vi.waitFor(() => expect(r.lastRound(roundId)?.state).toBe('open'));

    await castBallot(base, seeded, a.code, roundId, seeded.motionIds, 'for');
    await vi.waitFor(() => expect(r.lastRound(roundId)?.voted).toEqual({ count: 1, weight: a.weight }));
    expect(r.lastRound(roundId)?.tallies?.[0].for).toEqual({ count: 1, weight: a.weight });

    await castBallot(base, seeded, b.code, roundId, seeded.motionIds, ['against', 'abstain']);
    await castBallot(base, seeded, c.code, roundId, seeded.motionIds, ['for', 'against']);
    await vi.waitFor(() => expect(r.lastRound(roundId)?.voted.count).toBe(3));
    const tally = r.lastRound(roundId)!.tallies!;
    expect(tally[0].for.weight).toBe(a.weight + c.weight);
    expect(tally[0].against.weight).toBe(b.weight);
    expect(tally[1].abstain.weight).toBe(b.weight);
    // Open round: the public gets no roll call yet.
    expect(r.lastRound(roundId)?.rollCall).toBeUndefined();

    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, admin);
    await vi.waitFor(() => expect(r.lastRound(roundId)?.state).toBe('closed'));
    const closed = r.lastRound(roundId)!;
    expect(closed.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect(closed.tallies?.[0].outcome).toBe(a.weight + c.weight > b.weight ? 'adopted' : 'rejected');
    // The feed equals the public HTTP view.
    expect(closed).toEqual(await ok(base, 'GET', `/api/rounds/${roundId}`));
  });

  it('sends the cancelled round', async () => {
    const r = await liveClient();
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: [seeded.motionIds[0]] });
    await ok(base, 'POST', `/api/rounds/${roundId}/cancel`, { reason: 'verkeerde motie' }, admin);
    await vi.waitFor(() => expect(r.lastRound(roundId)?.state).toBe('cancelled'));
    expect(r.lastRound(roundId)?.cancelReason).toBe('verkeerde motie');
  });

  it('never drops the last state when ballots come faster than the coalescing interval', async () => {
    const r = await liveClient();
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds });
    const voters = seeded.cards.slice(0, 4);
    await Promise.all(voters.map((card) => castBallot(base, seeded, card.code, roundId, seeded.motionIds, 'for')));
    const weight = voters.reduce((s, c) => s + c.weight, 0);
    await vi.waitFor(() => expect(r.lastRound(roundId)?.voted).toEqual({ count: 4, weight }));
    expect(r.lastRound(roundId)?.tallies?.[1].for.weight).toBe(weight);
  });

  it('sends no tallies of a hidden round while it is open, only the turnout; the chair sees them', async () => {
    const pub = await liveClient();
    const chair = await chairClient();
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds, showLive: false });
    await castBallot(base, seeded, seeded.cards[0].code, roundId, seeded.motionIds, 'for');
    await vi.waitFor(() => expect(pub.lastRound(roundId)?.voted.count).toBe(1));
    await vi.waitFor(() => expect(chair.lastRound(roundId)?.voted.count).toBe(1));
    const openViews = pub.rounds.filter((x) => x.id === roundId && x.state === 'open');
    expect(openViews.length).toBeGreaterThan(0);
    for (const round of openViews) {
      expect(round.tallies).toBeUndefined();
      expect(round.rollCall).toBeUndefined();
    }
    expect(chair.lastRound(roundId)?.tallies?.[0].for.weight).toBe(seeded.cards[0].weight);

    // A client that connects meanwhile gets no tallies in its snapshot either.
    const late = await liveClient();
    expect(late.snapshots[0].rounds.find((x) => x.id === roundId)?.tallies).toBeUndefined();

    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, admin);
    await vi.waitFor(() => expect(pub.lastRound(roundId)?.state).toBe('closed'));
    expect(pub.lastRound(roundId)?.tallies?.[0].for.weight).toBe(seeded.cards[0].weight);
  });

  it("never sends a secret round's choices or any card code", async () => {
    const pub = await liveClient();
    const chair = await chairClient();
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds, secret: true });
    await castBallot(base, seeded, seeded.cards[1].code, roundId, seeded.motionIds, 'against');
    await vi.waitFor(() => expect(pub.lastRound(roundId)?.voted.count).toBe(1));
    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, admin);
    await vi.waitFor(() => expect(pub.lastRound(roundId)?.state).toBe('closed'));
    await vi.waitFor(() => expect(chair.lastRound(roundId)?.state).toBe('closed'));
    for (const round of [...pub.rounds, ...chair.rounds].filter((x) => x.id === roundId)) expect(round.rollCall).toBeUndefined();
    expect(pub.lastRound(roundId)?.tallies?.[0].against.weight).toBe(seeded.cards[1].weight);
    const everything = [...pub.raw, ...chair.raw].join('\n');
    for (const card of seeded.cards) expect(everything).not.toContain(card.code);
  });

  it('sends presence on check-in and check-out', async () => {
    const pub = await liveClient();
    const chair = await chairClient();
    const before = pub.snapshots[0].presence;
    const card = seeded.cards[5];
    await checkIn(base, seeded, card.code);
    const expected = { count: before.count + 1, weight: before.weight + card.weight };
    await vi.waitFor(() => expect(pub.presence.at(-1)).toEqual(expected));
    await vi.waitFor(() => expect(chair.presence.at(-1)).toEqual(expected));
    await checkIn(base, seeded, card.code, 'out');
    await vi.waitFor(() => expect(pub.presence.at(-1)).toEqual(before));
  });

  it('refuses a handshake without a meeting or with an unknown one', async () => {
    await expect(connected(feed(base, '/live'))).rejects.toThrow('validation');
    await expect(connected(feed(base, '/live', { meetingId: 999_999 }))).rejects.toThrow('not_found');
  });

  it('sends nothing of another meeting', async () => {
    const other = await ok<{ id: number }>(base, 'POST', '/api/meetings', { title: 'Andere ALV', date: '2031-01-01' }, admin);
    const r = feed(base, '/live', { meetingId: other.id });
    await connected(r);
    await hasSnapshot(r);
    const watcher = await liveClient();
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: [seeded.motionIds[0]] });
    await vi.waitFor(() => expect(watcher.lastRound(roundId)?.state).toBe('open'));
    expect(r.rounds).toHaveLength(0);
  });
});

describe('live feed /chair', () => {
  it('refuses a handshake without or with a wrong admin token', async () => {
    await expect(connected(feed(base, '/chair', { meetingId: seeded.meetingId }))).rejects.toThrow('unauthorized');
    await expect(connected(feed(base, '/chair', { meetingId: seeded.meetingId, token: 'wrong-token-wrong-token' }))).rejects.toThrow('unauthorized');
    // A kiosk token is no admin token.
    await expect(connected(feed(base, '/chair', { meetingId: seeded.meetingId, token: seeded.votingToken }))).rejects.toThrow('unauthorized');
  });

  it('accepts the session cookie of the chair console', async () => {
    const login = await call(base, 'POST', '/api/session', { token: admin });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const r = feed(base, '/chair', { meetingId: seeded.meetingId, cookie });
    await connected(r);
    await hasSnapshot(r);
    // The same cookie from a page of another site is refused.
    const foreign = feed(base, '/chair', { meetingId: seeded.meetingId, cookie, origin: 'https://evil.example' });
    await expect(connected(foreign)).rejects.toThrow('unauthorized');
  });

  it('gives the admin view of an open round: roll call and the present members that have not voted', async () => {
    const chair = await chairClient();
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: seeded.motionIds });
    await castBallot(base, seeded, seeded.cards[0].code, roundId, seeded.motionIds, 'for');
    await vi.waitFor(() => expect(chair.lastRound(roundId)?.rollCall).toHaveLength(1));
    const round = chair.lastRound(roundId)!;
    expect(round.rollCall?.[0].memberCode).toBe(seeded.cards[0].memberCode);
    expect(round.notVoted?.map((m) => m.code)).not.toContain(seeded.cards[0].memberCode);
    expect(round.notVoted?.length).toBeGreaterThan(0);
  });
});

describe('live feed /kiosk', () => {
  it('refuses a handshake with a wrong token', async () => {
    await expect(connected(feed(base, '/kiosk', { token: 'not-a-kiosk-token' }))).rejects.toThrow('unauthorized');
    await expect(connected(feed(base, '/kiosk'))).rejects.toThrow('unauthorized');
  });

  it('tells a kiosk at once when a round opens and closes', async () => {
    const k = feed(base, '/kiosk', { token: seeded.votingToken });
    await connected(k);
    const roundId = await createRound(base, admin, seeded.meetingId, { motionIds: [seeded.motionIds[0]] });
    await vi.waitFor(() => expect(k.lastRound(roundId)?.state).toBe('open'));
    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, admin);
    await vi.waitFor(() => expect(k.lastRound(roundId)?.state).toBe('closed'));
  });

  it('drops the sockets of a revoked kiosk at once and refuses its token afterwards', async () => {
    const extra = await ok<{ id: number; token: string }>(base, 'POST', `/api/meetings/${seeded.meetingId}/kiosks`, { name: 'Stembalie 9', mode: 'voting' }, admin);
    const k = feed(base, '/kiosk', { token: extra.token });
    await connected(k);
    const bystander = feed(base, '/kiosk', { token: seeded.votingToken });
    await connected(bystander);
    await ok(base, 'DELETE', `/api/kiosks/${extra.id}`, undefined, admin);
    await vi.waitFor(() => expect(k.disconnects).toEqual(['io server disconnect']));
    await expect(connected(feed(base, '/kiosk', { token: extra.token }))).rejects.toThrow('unauthorized');
    expect(bystander.socket.connected).toBe(true);
  });
});

describe('live feed lifecycle', () => {
  it('ends the connections when the app closes, as a lost transport the clients recover from', async () => {
    const own = await startServer();
    const meeting = await ok<{ id: number }>(own.baseUrl, 'POST', '/api/meetings', { title: 'Kort', date: '2030-01-01' }, own.adminToken);
    const r = feed(own.baseUrl, '/live', { meetingId: meeting.id });
    await connected(r);
    await own.close();
    await vi.waitFor(() => expect(r.disconnects).toEqual(['transport close']));
  });
});
