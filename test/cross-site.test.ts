/**
 * Issue 12, point 6: cross-site writes. `POST /api/motions/10/withdraw` with a valid session cookie,
 * `Origin: http://evil.example` and `content-type: text/plain` succeeded; only SameSite stood in the
 * way. A state-changing request authenticated by the cookie from a foreign origin is refused with
 * 403 forbidden and changes nothing; and no route reads text/plain bodies any more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let s: SeededMeeting;
let cookie: string;

beforeAll(async () => {
  t = await makeApp({ publicUrl: 'https://stemmen.example.nl' });
  s = await seedMeeting(t, { populations: [30_000, 8_000], motions: 4 });
  const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
  cookie = String(login.headers['set-cookie']).split(';')[0];
});
afterAll(async () => {
  await t.close();
});

async function statusOf(motionId: number): Promise<string> {
  const detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
  return detail.agenda.flatMap((i: { motions: { id: number; status: string }[] }) => i.motions).find((m: { id: number }) => m.id === motionId).status;
}

describe('cookie-authenticated writes from another site', () => {
  it('the reported attack: withdraw with the cookie, a foreign Origin and text/plain → 403 forbidden, the motion untouched', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/motions/${s.motionIds[0]}/withdraw`,
      headers: { cookie, origin: 'http://evil.example', 'content-type': 'text/plain', 'accept-language': 'en' },
      payload: '',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('forbidden');
    expect(await statusOf(s.motionIds[0])).toBe('submitted');
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }],
    ['a foreign Origin on the same host name but another port', { origin: 'https://stemmen.example.nl:8443' }],
    ['the opaque Origin null', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site without Origin', { 'sec-fetch-site': 'cross-site' }],
  ])('%s → 403 forbidden on every kind of write', async (_what, headers) => {
    const writes = [
      { method: 'POST' as const, url: `/api/motions/${s.motionIds[1]}/withdraw` },
      { method: 'POST' as const, url: '/api/meetings', payload: { title: 'Kwaadaardig', date: '2024-01-01' } },
      { method: 'PUT' as const, url: '/api/members', payload: [{ code: 'GM0666', name: 'Nep', population: 1 }] },
      { method: 'DELETE' as const, url: '/api/session' },
    ];
    for (const w of writes) {
      const res = await t.app.inject({ ...w, headers: { cookie, ...headers } });
      expect(res.statusCode, `${w.method} ${w.url}`).toBe(403);
      expect(res.json().error).toBe('forbidden');
    }
    expect(await statusOf(s.motionIds[1])).toBe('submitted');
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings' })).json().map((m: { title: string }) => m.title)).not.toContain('Kwaadaardig');
    expect((await t.app.inject({ method: 'GET', url: '/api/members' })).json().map((m: { code: string }) => m.code)).not.toContain('GM0666');
    // The session still works (the logout above was refused).
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
  });

  it("accepts the server's own origin (the public URL, or the host the request was sent to) and clients that send no Origin", async () => {
    for (const headers of [{ origin: 'https://stemmen.example.nl' }, { origin: 'http://10.0.0.5:3000', host: '10.0.0.5:3000' }, { 'sec-fetch-site': 'same-origin' }, {}]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/meetings', headers: { cookie, ...headers }, payload: { title: 'ALV', date: '2024-06-01' } });
      expect(res.statusCode, JSON.stringify(headers)).toBe(201);
    }
  });

  it('reads stay allowed from anywhere, and a Bearer token is not ambient authority', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/kiosks`, headers: { cookie, origin: 'http://evil.example' } })).statusCode).toBe(200);
    const res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[2]}/withdraw`, headers: { origin: 'http://evil.example' } });
    expect(res.statusCode).toBe(200);
  });
});

describe('text/plain bodies', () => {
  it('are no longer read: a write sent as text/plain (a form or a no-cors fetch can send it cross-site) → 400 validation, nothing changed', async () => {
    const res = await t.admin({ method: 'POST', url: `/api/motions/${s.motionIds[3]}/withdraw`, headers: { 'content-type': 'text/plain' }, payload: '{}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('validation');
    expect(await statusOf(s.motionIds[3])).toBe('submitted');
    const meetings = (await t.app.inject({ method: 'GET', url: '/api/meetings' })).json().length;
    const created = await t.admin({ method: 'POST', url: '/api/meetings', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ title: 'Via tekst', date: '2024-06-01' }) });
    expect(created.statusCode).toBe(400);
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings' })).json().length).toBe(meetings);
  });

  it('CSV for the members is still read as text/csv', async () => {
    const res = await t.admin({ method: 'PUT', url: '/api/members', headers: { 'content-type': 'text/csv' }, payload: 'code,name,province,population\nGM0777,Gemeente Z,Utrecht,12000\n' });
    expect(res.statusCode).toBe(200);
  });
});
