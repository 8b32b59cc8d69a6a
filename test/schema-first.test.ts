/**
 * Issue 12, "schema-first responses": only 7 of 38 routes declared a response schema, so whatever a
 * service returned went out. Every route now answers through its zod schema (shared/schemas.ts),
 * with separate public and admin schemas for rounds, ballots and presence, and the live feed's
 * events are shaped the same way. Each family below makes a service return a field it should not
 * (as a future bug would) and shows that the answer drops it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN, makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';
import { connected, connectFeed, createRound, seedMeeting as seedLive, startServer, type Recorder, type RunningServer } from './helpers/live.ts';

const LEAK = 'LEAKED-FIELD-VALUE';
const leaky = <T extends object>(value: T): T => ({ ...value, leak: LEAK });

let t: TestApp;
let s: SeededMeeting;

beforeAll(async () => {
  t = await makeApp();
  s = await seedMeeting(t, { populations: [60_000, 25_000, 9_000], motions: 3 });
});
afterAll(async () => {
  await t.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const pub = (url: string) => t.app.inject({ method: 'GET', url });

/** The admin view of a round without its roll call (a public roll call of an open round fails instead: see below). */
function adminWithoutRollCall<T extends { rollCall?: unknown }>(round: T): T {
  const { rollCall: _rollCall, ...rest } = round;
  return rest as T;
}

describe('every route declares a response schema', () => {
  it('in the OpenAPI description at /docs: each API operation has a described 2xx answer', async () => {
    const doc = (await pub('/docs/json')).json() as { paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>> };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.length).toBeGreaterThanOrEqual(38);
    const without = operations.filter(({ op }) => !Object.entries(op.responses ?? {}).some(([code, r]) => code.startsWith('2') && Object.values(r.content ?? {}).some((c) => c.schema)));
    expect(without.map((o) => o.name)).toEqual([]);
  });

  it('names the public and admin views as two schemas', async () => {
    const doc = (await pub('/docs/json')).json();
    for (const name of ['RoundPublic', 'RoundAdmin', 'BallotPublic', 'BallotAdmin', 'PresencePublic', 'PresenceAdmin']) expect(doc.components.schemas).toHaveProperty(name);
    expect(doc.components.schemas.RoundPublic.properties).not.toHaveProperty('notVoted');
    expect(doc.components.schemas.RoundAdmin.properties).toHaveProperty('notVoted');
    expect(Object.keys(doc.components.schemas.BallotPublic.properties).sort()).toEqual(['choices', 'receipt']);
  });

  it('a JSON answer without a schema for its status is not sent: 500, nothing of it leaves', async () => {
    const app = await makeApp();
    try {
      app.app.get('/api/test-without-schema', async () => ({ secret: LEAK }));
      const res = await app.app.inject({ method: 'GET', url: '/api/test-without-schema' });
      expect(res.statusCode).toBe(500);
      expect(res.json().error).toBe('internal');
      expect(res.body).not.toContain(LEAK);
    } finally {
      await app.close();
    }
  });
});

describe('members and weights', () => {
  it('GET /api/members and GET /api/weight-scheme drop what the service adds', async () => {
    const { members } = t.app.domain;
    const list = members.list.bind(members);
    vi.spyOn(members, 'list').mockImplementation(() => list().map(leaky));
    const scheme = members.scheme.bind(members);
    vi.spyOn(members, 'scheme').mockImplementation(() => leaky(scheme()));
    const res = await pub('/api/members');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(s.members.length);
    expect(res.body).not.toContain(LEAK);
    const weights = await pub('/api/weight-scheme');
    expect(weights.json().kind).toBe('proportional');
    expect(weights.body).not.toContain(LEAK);
  });
});

describe('meetings, agenda and motions', () => {
  it('GET /api/meetings and /api/meetings/:id drop it at every level; a withdrawn motion keeps no internal ids', async () => {
    const domain = t.app.domain;
    const detail = domain.meetingDetail.bind(domain);
    vi.spyOn(domain, 'meetingDetail').mockImplementation((id) => {
      const d = detail(id);
      return { ...leaky(d), presence: leaky(d.presence), rounds: d.rounds.map(leaky), agenda: d.agenda.map((i) => ({ ...leaky(i), motions: i.motions.map(leaky) })) };
    });
    const list = domain.meetings.list.bind(domain.meetings);
    vi.spyOn(domain.meetings, 'list').mockImplementation(() => list().map(leaky));
    const one = await pub(`/api/meetings/${s.meetingId}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().agenda[0].motions).toHaveLength(3);
    expect(one.body).not.toContain(LEAK);
    const all = await pub('/api/meetings');
    expect(all.json()).toHaveLength(1);
    expect(all.body).not.toContain(LEAK);

    // The service's own motion carries meetingId and amendsMotionId, which the contract does not name.
    const withdrawn = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[2]}/withdraw` });
    expect(withdrawn.statusCode).toBe(200);
    expect(withdrawn.json()).not.toHaveProperty('meetingId');
    expect(withdrawn.json()).not.toHaveProperty('amendsMotionId');
  });
});

describe('cards and kiosks (admin answers with codes and tokens)', () => {
  it('POST cards and POST kiosks drop what the services add', async () => {
    const { cards, kiosks } = t.app.domain;
    const issue = cards.issue.bind(cards);
    vi.spyOn(cards, 'issue').mockImplementation((...args) => issue(...args).map(leaky));
    const pair = kiosks.pair.bind(kiosks);
    vi.spyOn(kiosks, 'pair').mockImplementation((...args) => leaky(pair(...args)));
    const code = s.members[2].code;
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${code}/revoke` });
    const issued = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards`, payload: { members: [code] } });
    expect(issued.statusCode).toBe(201);
    expect(Object.keys(issued.json().cards[0]).sort()).toEqual(['code', 'memberCode', 'name', 'weight']);
    const paired = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/kiosks`, payload: { name: 'Stemzuil 9', mode: 'voting' } });
    expect(paired.statusCode).toBe(201);
    expect(paired.body).not.toContain(LEAK);
    expect(paired.json().token).toEqual(expect.any(String));
  });
});

describe('presence: public and admin views', () => {
  it('the public sees count and weight only; the chair sees the members; a check-in answer drops extras', async () => {
    const { presence } = t.app.domain;
    const summary = presence.summary.bind(presence);
    vi.spyOn(presence, 'summary').mockImplementation((id) => leaky(summary(id)));
    const list = presence.list.bind(presence);
    vi.spyOn(presence, 'list').mockImplementation((id) => list(id).map(leaky));
    const checkIn = presence.checkIn.bind(presence);
    vi.spyOn(presence, 'checkIn').mockImplementation((...args) => leaky(checkIn(...args)));

    const detail = await pub(`/api/meetings/${s.meetingId}`);
    expect(Object.keys(detail.json().presence).sort()).toEqual(['count', 'weight']);
    expect(detail.body).not.toContain(LEAK);
    const admin = await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/presence` });
    expect(admin.statusCode).toBe(200);
    expect(Object.keys(admin.json()[0]).sort()).toEqual(['code', 'name', 'since', 'weight']);
    const checkin = await t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get(s.members[0].code) } });
    expect(checkin.statusCode).toBe(200);
    expect(checkin.body).not.toContain(LEAK);
  });
});

describe('voting', () => {
  it('POST /api/scan drops what the service adds', async () => {
    const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0]] } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
    try {
      const { ballots } = t.app.domain;
      const scan = ballots.scan.bind(ballots);
      vi.spyOn(ballots, 'scan').mockImplementation((...args) => {
        const r = scan(...args);
        return { ...leaky(r), member: leaky(r.member) };
      });
      const res = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get(s.members[0].code) } });
      expect(res.statusCode).toBe(200);
      expect(res.json().member.code).toBe(s.members[0].code);
      expect(res.body).not.toContain(LEAK);
    } finally {
      await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel` });
    }
  });
});

describe('rounds and ballots: public and admin views', () => {
  let roundId: number;
  beforeAll(async () => {
    roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[1]] } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
  });

  it('an admin-only field the service returns to the public (notVoted) is dropped; the chair keeps it', async () => {
    const { rounds } = t.app.domain;
    const view = rounds.view.bind(rounds);
    // A bug that builds the admin view for everyone (here without its roll call: see the next test).
    vi.spyOn(rounds, 'view').mockImplementation((id) => leaky(adminWithoutRollCall(view(id, 'admin'))));
    const open = await pub(`/api/rounds/${roundId}`);
    expect(open.statusCode).toBe(200);
    expect(open.json().state).toBe('open');
    expect(open.json()).not.toHaveProperty('notVoted');
    expect(open.body).not.toContain(LEAK);
    const chair = await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` });
    expect(chair.json().notVoted.length).toBeGreaterThan(0);
    expect(chair.body).not.toContain(LEAK);
    const cookie = String((await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } })).headers['set-cookie']).split(';')[0];
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}`, headers: { cookie } })).json()).toHaveProperty('notVoted');
    const list = await pub(`/api/meetings/${s.meetingId}/rounds`);
    expect(list.body).not.toContain('notVoted');
    expect(list.body).not.toContain(LEAK);
  });

  it('a roll call is never sent to the public in a round view, whatever the service returns: the public schema does not name it', async () => {
    const code = s.codes.get(s.members[1].code)!;
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices: [{ motionId: s.motionIds[1], choice: 'against' }], nonce: nonce() } })).statusCode).toBe(201);
    const { rounds } = t.app.domain;
    const view = rounds.view.bind(rounds);
    vi.spyOn(rounds, 'view').mockImplementation((id) => view(id, 'admin'));
    const res = await pub(`/api/rounds/${roundId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).not.toHaveProperty('rollCall');
    expect(res.json()).not.toHaveProperty('notVoted');
    expect(res.body).not.toContain(s.members[1].name);
    expect(res.body).not.toContain(s.members[1].code);
  });

  it('GET /api/rounds/:id/ballots drops what the stored ballots carry beyond receipt and choices', async () => {
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    const { rounds } = t.app.domain;
    const each = rounds.eachStoredBallot.bind(rounds);
    vi.spyOn(rounds, 'eachStoredBallot').mockImplementation(function* (row) {
      for (const b of each(row)) yield { ...b, choices: b.choices.map((c) => ({ ...c, weight: 4242, castAt: LEAK })) };
    });
    const res = await pub(`/api/rounds/${roundId}/ballots`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(1);
    expect(res.body).not.toContain(LEAK);
    expect(res.body).not.toContain('4242');
  });
});

describe('audit and chair answers', () => {
  it('GET /api/meetings/:id/audit/verify and the manual result drop what the services add', async () => {
    const domain = t.app.domain;
    const verify = domain.verify.bind(domain);
    vi.spyOn(domain, 'verify').mockImplementation((id) => leaky(verify(id)));
    const res = await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify` });
    expect(res.json().ok).toBe(true);
    expect(res.body).not.toContain(LEAK);
    const manual = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[0]}/manual-result`, payload: { outcome: 'adopted' } });
    expect(manual.statusCode).toBe(200);
    expect(manual.json()).not.toHaveProperty('meetingId');
  });
});

describe('reports', () => {
  it("the public report is built from public round views: a secret round's roll call a service returns is refused, not printed", async () => {
    const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0]], secret: true } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    expect((await pub(`/api/meetings/${s.meetingId}/report.pdf`)).statusCode).toBe(200);
    const { rounds } = t.app.domain;
    const views = rounds.viewsOfMeeting.bind(rounds);
    const member = s.members[0];
    vi.spyOn(rounds, 'viewsOfMeeting').mockImplementation((id, audience) =>
      views(id, audience).map((r) => (r.id === roundId ? { ...r, rollCall: [{ memberCode: member.code, name: member.name, weight: member.weight, choices: [] }] } : r)),
    );
    const res = await pub(`/api/meetings/${s.meetingId}/report.pdf`);
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });
});

describe('figures that must not leave yet', () => {
  const wc = (weight: number, count: number) => ({ weight, count });
  // What a bug might compute: a member's weight (4242) as the round's whole "for".
  const tallyOf = (motionId: number) => ({ motionId, ref: 'X', for: wc(4242, 1), against: wc(0, 0), abstain: wc(0, 0), cast: wc(4242, 1), present: wc(9000, 3), entitled: wc(9000, 3), outcome: null, tie: false, quorumMet: true });

  it("a secret round's tallies before its close go to nobody, the chair included, whatever the service returns", async () => {
    const app = await makeApp();
    try {
      const m = await seedMeeting(app, { populations: [60_000, 25_000, 9_000], motions: 1 });
      const roundId = (await app.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret: true } })).json().id;
      await app.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
      const { rounds } = app.app.domain;
      const view = rounds.view.bind(rounds);
      vi.spyOn(rounds, 'view').mockImplementation((id, audience) => ({ ...view(id, audience), tallies: [tallyOf(m.motionIds[0])] }));
      for (const res of [await app.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` }), await app.admin({ method: 'GET', url: `/api/rounds/${roundId}` })]) {
        expect(res.statusCode).toBe(500);
        expect(res.body).not.toContain('4242');
      }
      // Cancelled: the same (docs/api.md: "a cancelled secret round never shows tallies").
      vi.restoreAllMocks();
      await app.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel`, payload: { reason: 'test' } });
      vi.spyOn(rounds, 'view').mockImplementation((id, audience) => ({ ...view(id, audience), tallies: [tallyOf(m.motionIds[0])] }));
      expect((await app.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).body).not.toContain('4242');
    } finally {
      await app.close();
    }
  });

  it('an open round with showLive false shows the public no tallies, whatever the service returns; the chair sees them', async () => {
    const app = await makeApp();
    try {
      const m = await seedMeeting(app, { populations: [60_000, 25_000, 9_000], motions: 1 });
      const roundId = (await app.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, showLive: false } })).json().id;
      await app.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
      const { rounds } = app.app.domain;
      const view = rounds.view.bind(rounds);
      vi.spyOn(rounds, 'view').mockImplementation((id) => adminWithoutRollCall(view(id, 'admin')));
      const res = await app.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` });
      expect(res.statusCode).toBe(500);
      expect(res.body).not.toContain('"tallies"');
      expect((await app.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json().tallies).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe('session', () => {
  it('answers exactly {"ok":true}', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(login.json()).toEqual({ ok: true });
  });
});

describe('live feed events are shaped by their schema', () => {
  let server: RunningServer;
  const recorders: Recorder[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    for (const r of recorders) r.socket.disconnect();
    await server.close();
  });

  it('/live and /kiosk never get what the public schema does not name; /chair gets the admin view', async () => {
    const seeded = await seedLive(server.baseUrl, server.adminToken);
    const { rounds, meetings } = server.app.domain;
    const view = rounds.view.bind(rounds);
    vi.spyOn(rounds, 'view').mockImplementation((id) => leaky(adminWithoutRollCall(view(id, 'admin'))));
    const views = rounds.viewsOfMeeting.bind(rounds);
    vi.spyOn(rounds, 'viewsOfMeeting').mockImplementation((id) => views(id, 'admin').map((r) => leaky(adminWithoutRollCall(r))));
    const get = meetings.get.bind(meetings);
    vi.spyOn(meetings, 'get').mockImplementation((id) => leaky(get(id)));

    const live = connectFeed(server.baseUrl, '/live', { meetingId: seeded.meetingId });
    const kiosk = connectFeed(server.baseUrl, '/kiosk', { token: seeded.votingToken });
    const chair = connectFeed(server.baseUrl, '/chair', { meetingId: seeded.meetingId, token: server.adminToken });
    recorders.push(live, kiosk, chair);
    await Promise.all([live, kiosk, chair].map(connected));
    await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: [seeded.motionIds[0]] });
    for (const r of [live, kiosk, chair]) await vi.waitFor(() => expect(r.lastRound()?.state).toBe('open'));
    await vi.waitFor(() => expect(chair.snapshots.length).toBeGreaterThan(0));

    for (const r of [live, kiosk]) {
      const everything = r.raw.join('\n');
      expect(everything).not.toContain(LEAK);
      expect(everything).not.toContain('notVoted');
    }
    expect(chair.raw.join('\n')).not.toContain(LEAK);
    expect(chair.lastRound()).toHaveProperty('notVoted');
  });
});
