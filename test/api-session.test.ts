import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, makeApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp({ adminFailureLimit: 3 });
});
afterEach(() => t.close());

const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0];

describe('POST /api/session', () => {
  it('logs the chair in with an httpOnly SameSite=Strict cookie that works as admin credentials, until logout', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(res.statusCode).toBe(200);
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^stemkaart_session=/);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const cookie = cookieOf(res);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).json()).toEqual({ ok: true });
    expect((await t.app.inject({ method: 'POST', url: '/api/meetings', headers: { cookie }, payload: { title: 'ALV', date: '2024-06-01' } })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/meetings', headers: { cookie }, payload: { title: 'ALV', date: '2024-06-01' } })).json().error).toBe('unauthorized');
  });

  it('refuses a wrong token and rate-limits repeated failures, but never the right token (issue 12, point 5)', async () => {
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push((await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: `wrong-${i}` } })).statusCode);
    expect(tries).toEqual([401, 401, 401, 429, 429]);
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(login.statusCode).toBe(200);
  });
});

describe('a new STEMKAART_ADMIN_TOKEN', () => {
  it('ends every console session of the old token, as `admin-token rotate` does; the same token again keeps them', async () => {
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    const cookie = cookieOf(login);
    const { dbPath } = t;
    await t.app.close();
    // The same token on the next start: the chair stays logged in.
    const same = await makeApp({ dbPath, adminFailureLimit: 3 });
    expect((await same.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(200);
    await same.app.close();
    // A leaked token replaced in the environment: whoever logged in with it is out.
    const other = await makeApp({ dbPath, adminToken: 'another-admin-token-of-24-chars' });
    try {
      expect((await other.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode).toBe(401);
      expect((await other.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('closing', () => {
  it('answers requests that arrive while the app closes in the contract shape', async () => {
    const app = t.app;
    const closing = app.close();
    const res = await app.inject({ method: 'GET', url: '/api/meetings' });
    await closing;
    expect(res.statusCode).toBe(503);
    expect(res.json()).toEqual({ error: 'storage_unavailable', message: 'De server wordt gestopt. Probeer het zo opnieuw.' });
  });
});
