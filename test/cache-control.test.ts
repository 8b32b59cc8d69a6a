/**
 * Issue 12, point 7: answers that carry card codes, tokens or admin-only data lacked
 * `Cache-Control: no-store`, so a browser or a proxy on the venue network could keep them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let s: SeededMeeting;
let roundId: number;
let cookie: string;

beforeAll(async () => {
  t = await makeApp();
  s = await seedMeeting(t, { populations: [50_000, 20_000, 9_000] });
  roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0]] } })).json().id;
  await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
  const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
  cookie = String(login.headers['set-cookie']).split(';')[0];
});
afterAll(async () => {
  await t.close();
});

const noStore = (res: { headers: Record<string, unknown> }) => String(res.headers['cache-control'] ?? '');

describe('Cache-Control: no-store', () => {
  it('on card codes: issue and reissue, as JSON', async () => {
    const code = s.members[0].code;
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${code}/revoke` });
    const issued = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards`, payload: { members: [code] } });
    expect(issued.statusCode).toBe(201);
    expect(noStore(issued)).toBe('no-store');
    const reissued = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/${code}/reissue` });
    expect(reissued.statusCode).toBe(201);
    expect(noStore(reissued)).toBe('no-store');
  });

  it('on tokens: kiosk pairing and the console login', async () => {
    const paired = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/kiosks`, payload: { name: 'Stemzuil 2', mode: 'voting' } });
    expect(paired.statusCode).toBe(201);
    expect(noStore(paired)).toBe('no-store');
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(login.statusCode).toBe(200);
    expect(noStore(login)).toBe('no-store');
  });

  it.each([
    '/api/meetings/:meeting/kiosks',
    '/api/meetings/:meeting/presence',
    '/api/meetings/:meeting/cards',
    '/api/meetings/:meeting/audit',
    '/api/meetings/:meeting/audit/verify',
    '/api/rounds/:round',
    '/api/meetings/:meeting/rounds',
    '/api/rounds/:round/results.csv',
    '/api/meetings/:meeting/report.pdf',
    '/api/session',
  ])('on admin data: GET %s, with the token and with the session cookie', async (path) => {
    const url = path.replace(':meeting', String(s.meetingId)).replace(':round', String(roundId));
    const byToken = await t.admin({ method: 'GET', url });
    expect(byToken.statusCode).toBe(200);
    expect(noStore(byToken)).toBe('no-store');
    const byCookie = await t.app.inject({ method: 'GET', url, headers: { cookie } });
    expect(byCookie.statusCode).toBe(200);
    expect(noStore(byCookie)).toBe('no-store');
  });

  it("on a kiosk's answers: who it is, a member's scan and a ballot's receipt", async () => {
    const me = await t.kiosk(s.votingToken, { method: 'GET', url: '/api/kiosk/me' });
    expect(noStore(me)).toBe('no-store');
    const code = s.codes.get(s.members[1].code)!;
    const scan = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code } });
    expect(scan.statusCode).toBe(200);
    expect(noStore(scan)).toBe('no-store');
    const ballot = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices: [{ motionId: s.motionIds[0], choice: 'for' }], nonce: nonce() } });
    expect(ballot.statusCode).toBe(201);
    expect(noStore(ballot)).toBe('no-store');
    const checkin = await t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code } });
    expect(noStore(checkin)).toBe('no-store');
  });
});
