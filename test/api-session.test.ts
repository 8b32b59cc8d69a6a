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
