/**
 * Issue 12, point 5: guessing the admin token. The /chair handshake checked `auth.token` without any
 * limit, a wrong Bearer header on HTTP met only the general limit of 1,000 a minute, and the
 * login's own limit locked out the correct token for everyone behind the same address (a venue's
 * NAT). Now one failure limit per address covers every way in, and the right token always works.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FailureLimiter } from '../server/modules/auth/failures.ts';
import { ADMIN_TOKEN, makeApp, seedMeeting, type TestApp } from './helpers/app.ts';
import { connectFeed, connected, LIVE_ADMIN_TOKEN, startServer, type RunningServer } from './helpers/live.ts';

const LIMIT = 10;

describe('FailureLimiter', () => {
  it('refuses a failed try past the limit within the window, and forgets failures once the window has passed', () => {
    const limiter = new FailureLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([0, 1, 2].map((i) => limiter.fail('10.0.0.1', t0 + i))).toEqual([false, false, false]);
    expect(limiter.fail('10.0.0.1', t0 + 10)).toBe(true);
    // Another address is not affected.
    expect(limiter.fail('10.0.0.2', t0 + 10)).toBe(false);
    // Still refused while failures keep coming within the window; free again after a quiet minute.
    expect(limiter.fail('10.0.0.1', t0 + 30_000)).toBe(true);
    expect(limiter.fail('10.0.0.1', t0 + 30_000 + 60_001)).toBe(false);
  });
});

describe('one failure limit for the admin token over HTTP', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await makeApp();
  });
  afterEach(() => t.close());

  const wrongBearer = (i: number, url = '/api/meetings/1/kiosks', remoteAddress = '127.0.0.1') =>
    t.app.inject({ method: 'GET', url, remoteAddress, headers: { authorization: `Bearer wrong-token-${i}-0123456789`, 'accept-language': 'en' } });

  it('a wrong Bearer token: 401 for the first ten failures a minute, then 429 rate_limited; the right token still works', async () => {
    await seedMeeting(t, { populations: [10_000] });
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await wrongBearer(i)).statusCode);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429]);
    const limited = await wrongBearer(99);
    expect(limited.json()).toEqual({ error: 'rate_limited', message: 'Too many attempts. Please wait a moment and try again.' });
    // On a public route too: a wrong token would otherwise be tested there (public view, not admin view).
    expect((await wrongBearer(100, '/api/meetings')).statusCode).toBe(429);
    // The chair behind the same address is never turned away, with the token or by logging in.
    expect((await t.admin({ method: 'GET', url: '/api/meetings/1/kiosks' })).statusCode).toBe(200);
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(login.statusCode).toBe(200);
    // Another address has its own count.
    expect((await wrongBearer(101, '/api/meetings/1/kiosks', '10.1.2.3')).statusCode).toBe(401);
  });

  it('the login: wrong tokens count, past the limit 429, and the correct token is never refused', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: `wrong-${i}` } })).statusCode);
    expect(statuses).toEqual([...Array(LIMIT).fill(401), 429, 429]);
    const login = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: ADMIN_TOKEN } });
    expect(login.statusCode).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/^stemkaart_session=/);
    // And right after, a wrong one is still refused as too many.
    expect((await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'wrong-again' } })).statusCode).toBe(429);
  });

  it('failures of the login and of Bearer headers add up to one count', async () => {
    for (let i = 0; i < LIMIT / 2; i++) expect((await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: `wrong-${i}` } })).statusCode).toBe(401);
    for (let i = 0; i < LIMIT / 2; i++) expect((await wrongBearer(i)).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'wrong-last' } })).statusCode).toBe(429);
    expect((await wrongBearer(LIMIT)).statusCode).toBe(429);
  });

  it('a kiosk with its own token is no failure, however often it asks', async () => {
    const s = await seedMeeting(t, { populations: [10_000] });
    for (let i = 0; i < LIMIT + 5; i++) expect((await t.kiosk(s.votingToken, { method: 'GET', url: '/api/kiosk/me' })).statusCode).toBe(200);
    expect((await wrongBearer(0)).statusCode).toBe(401);
  });
});

describe('the /chair handshake shares the limit', () => {
  let server: RunningServer;
  beforeEach(async () => {
    server = await startServer();
  });
  afterEach(() => server.close());

  const attempt = async (options: { token?: string; cookie?: string }) => {
    const r = connectFeed(server.baseUrl, '/chair', options);
    try {
      await connected(r);
      return 'connected';
    } catch (error) {
      return `${(error as Error).message}:${JSON.stringify((error as { data?: unknown }).data)}`;
    } finally {
      r.socket.disconnect();
    }
  };

  it('wrong auth.token: unauthorized ten times, then a connect_error rate_limited; the right token connects', async () => {
    const results = [];
    for (let i = 0; i < LIMIT + 1; i++) results.push(await attempt({ token: `wrong-token-${i}-0123456789` }));
    expect(results.slice(0, LIMIT).every((r) => r.startsWith('unauthorized:'))).toBe(true);
    expect(results[LIMIT]).toMatch(/^rate_limited:\{"error":"rate_limited","message":".+"\}$/);
    expect(await attempt({ token: LIVE_ADMIN_TOKEN })).toBe('connected');
    // The same count as HTTP: a wrong Bearer header is refused as too many now as well.
    const res = await fetch(`${server.baseUrl}/api/session`, { headers: { authorization: 'Bearer wrong-token-x-0123456789' } });
    expect(res.status).toBe(429);
  });

  it('a session cookie that is not valid counts as a failure too', async () => {
    for (let i = 0; i < LIMIT; i++) expect(await attempt({ cookie: `stemkaart_session=made-up-${i}` })).toMatch(/^unauthorized:/);
    expect(await attempt({ cookie: 'stemkaart_session=made-up-last' })).toMatch(/^rate_limited:/);
    const login = await fetch(`${server.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: LIVE_ADMIN_TOKEN }) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    expect(await attempt({ cookie })).toBe('connected');
  });

  it('HTTP failures count at the handshake', async () => {
    for (let i = 0; i < LIMIT; i++) {
      const res = await fetch(`${server.baseUrl}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: `wrong-${i}` }) });
      expect(res.status).toBe(401);
    }
    expect(await attempt({ token: 'wrong-token-at-socket-0123456789' })).toMatch(/^rate_limited:/);
    expect(await attempt({ token: LIVE_ADMIN_TOKEN })).toBe('connected');
  });
});
