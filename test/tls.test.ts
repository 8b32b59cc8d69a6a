/**
 * HTTPS directly from the server (STEMKAART_TLS_CERT / STEMKAART_TLS_KEY), with a self-signed
 * certificate made for the test by openssl. Camera scanning at a kiosk needs a secure context.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/config.ts';
import { startServer, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'tls-test-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'stemkaart-tls-'));
const certFile = join(dir, 'cert.pem');
const keyFile = join(dir, 'key.pem');
let server: ServerProcess;

beforeAll(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  server = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: ADMIN, STEMKAART_TLS_CERT: certFile, STEMKAART_TLS_KEY: keyFile });
}, 120_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** An HTTPS request that trusts only the test's own certificate. */
function get(path: string, method = 'GET', body?: unknown): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const req = request(new URL(path, server.base), { method, ca: readFileSync(certFile), headers: text ? { 'content-type': 'application/json' } : {} }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
    });
    req.on('error', reject);
    req.end(text);
  });
}

describe('HTTPS with STEMKAART_TLS_CERT and STEMKAART_TLS_KEY', () => {
  it('listens on https and serves the API over TLS', async () => {
    expect(server.base).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: true });
  });

  it('sends HSTS and a Secure session cookie', async () => {
    const health = await get('/healthz');
    expect(health.headers['strict-transport-security']).toMatch(/max-age=\d+/);
    const login = await get('/api/session', 'POST', { token: ADMIN });
    expect(login.status).toBe(200);
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('refuses a configuration with only one of the two, naming the variables', () => {
    expect(() => configFromEnv({ STEMKAART_TLS_CERT: certFile })).toThrow(/STEMKAART_TLS_CERT and STEMKAART_TLS_KEY must be set together/);
    expect(() => configFromEnv({ STEMKAART_TLS_CERT: certFile, STEMKAART_TLS_KEY: join(dir, 'missing.pem') })).toThrow(/STEMKAART_TLS_KEY: cannot read/);
  });
});
