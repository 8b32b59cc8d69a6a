import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/config.ts';
import { makeApp, seedMeeting, type TestApp } from './helpers/app.ts';

const DIST = join(process.cwd(), 'dist');

function cspOf(header: string | string[] | number | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe('security headers on plain HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ clientsDir: DIST });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(['/', '/kiosk/', '/chair/', '/projector/', '/api/meetings', '/api/nothing-here'])('%s has a strict CSP without inline scripts or styles', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    const csp = cspOf(res.headers['content-security-policy']);
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    // On a plain-HTTP venue network an upgrade would break every request.
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('gives Swagger UI at /docs its own CSP, still without inline or foreign scripts', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('swagger-ui');
    const csp = cspOf(res.headers['content-security-policy']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
  });

  it('the built pages have no inline script, inline style or event-handler attribute', () => {
    const pages = ['kiosk-client', 'chair-console', 'projector-view'].flatMap((dir) =>
      readdirSync(join(DIST, dir))
        .filter((f) => f.endsWith('.html'))
        .map((f) => join(DIST, dir, f)),
    );
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const file of pages) {
      const html = readFileSync(file, 'utf8');
      for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag, file).toMatch(/\ssrc="/);
      expect(html, file).not.toMatch(/<script\b[^>]*>[^<\s]/);
      expect(html, file).not.toMatch(/<style\b/);
      expect(html, file).not.toMatch(/\sstyle="/);
      expect(html, file).not.toMatch(/\son[a-z]+="/);
    }
  });

  it('the chair session cookie is httpOnly and SameSite=Strict, not Secure over plain HTTP', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'test-admin-token-0123456789' } });
    expect(res.statusCode).toBe(200);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
  });
});

describe('security headers behind HTTPS (STEMKAART_PUBLIC_URL=https://…)', () => {
  let t: TestApp;
  const env = configFromEnv({ STEMKAART_PUBLIC_URL: 'https://stemmen.example.nl', STEMKAART_DB: ':memory:' });
  beforeAll(async () => {
    t = await makeApp({ publicUrl: env.app.publicUrl, secureCookies: env.app.secureCookies, trustProxy: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('sends HSTS and upgrades insecure requests', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(cspOf(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(true);
  });

  it('marks the session cookie Secure', async () => {
    expect(env.app.secureCookies).toBe(true);
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { token: 'test-admin-token-0123456789' } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
  });
});

describe('general per-IP rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await makeApp({ rateLimitMax: 5, rateLimitWindowS: 60 });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 rate_limited to an anonymous client past the limit, and never throttles kiosks or the chair behind the same address', async () => {
    // Seeding goes through the chair's token: not counted.
    const m = await seedMeeting(t, { populations: [50_000, 20_000], checkInAll: false });
    // seedMeeting made one anonymous request (GET /api/members): four more are allowed.
    for (let i = 0; i < 4; i++) expect((await t.app.inject({ method: 'GET', url: '/api/meetings' })).statusCode).toBe(200);
    const limited = await t.app.inject({ method: 'GET', url: '/api/meetings', headers: { 'accept-language': 'en' } });
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'rate_limited', message: 'Too many attempts. Please wait a moment and try again.' });
    // A made-up token is not a way around it.
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings', headers: { authorization: 'Bearer made-up-token' } })).statusCode).toBe(429);

    // Every desk of the venue keeps working from the same address, well past the limit.
    const codes = [...m.codes.values()];
    for (let i = 0; i < 20; i++) {
      const res = await t.kiosk(m.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: codes[i % 2], direction: i % 4 < 2 ? 'in' : 'out' } });
      expect(res.statusCode).toBe(200);
    }
    for (let i = 0; i < 10; i++) expect((await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}` })).statusCode).toBe(200);
  });
});
