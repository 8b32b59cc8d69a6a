/**
 * HTTPS directly from the server (STEMKAART_TLS_CERT / STEMKAART_TLS_KEY), with a self-signed
 * certificate made for the test by openssl. Camera scanning at a kiosk needs a secure context.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { request } from 'node:https';
import { connect, getCiphers, type TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/config.ts';
import { redirectFor } from '../server/lib/plain-http-redirect.ts';
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

  it('answers plain HTTP on the HTTPS port with a redirect to HTTPS and a sentence, not an empty reply', async () => {
    const plain = server.base.replace(/^https:/, 'http:');
    const res = await fetch(`${plain}/chair/?x=1`, { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(`${server.base}/chair/?x=1`);
    expect(await res.text()).toContain(`Deze server spreekt alleen HTTPS. Ga naar ${server.base}/chair/?x=1`);
    // A POST keeps its method (308); the address is the one the client used (its Host).
    const post = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = httpRequest(`${plain}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json', host: 'stemmen.local:3443' } }, (r) => {
        r.resume();
        resolve({ status: r.statusCode ?? 0, location: r.headers.location });
      });
      req.on('error', reject);
      req.end('{}');
    });
    expect(post).toEqual({ status: 308, location: 'https://stemmen.local:3443/api/session' });
    // A garbled Host falls back to the server's own address; HTTPS on the same port still works after.
    expect(redirectFor('GET //evil.example/x HTTP/1.1\r\nHost: a b\r\n\r\n', 'https://192.168.1.10:3443')).toEqual({ status: 301, location: 'https://192.168.1.10:3443/' });
    expect((await get('/healthz')).status).toBe(200);
  });

  it('refuses a configuration with only one of the two, naming the variables', () => {
    expect(() => configFromEnv({ STEMKAART_TLS_CERT: certFile })).toThrow(/STEMKAART_TLS_CERT and STEMKAART_TLS_KEY must be set together/);
    expect(() => configFromEnv({ STEMKAART_TLS_CERT: certFile, STEMKAART_TLS_KEY: join(dir, 'missing.pem') })).toThrow(/STEMKAART_TLS_KEY: cannot read/);
  });
});

/** A TLS handshake with the server limited to these options: the negotiated protocol and suite, or null when refused. */
function handshake(options: { ciphers?: string; minVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3'; maxVersion?: 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' }): Promise<{ protocol: string; cipher: string } | null> {
  const url = new URL(server.base);
  return new Promise((resolve) => {
    // Old protocols and suites are switched off by Node's client defaults too: allow them here (level 0).
    const socket: TLSSocket = connect({ host: url.hostname, port: Number(url.port), ca: readFileSync(certFile), servername: undefined, ...options, ciphers: `${options.ciphers ?? 'ALL'}@SECLEVEL=0` }, () => {
      const result = { protocol: socket.getProtocol() ?? '', cipher: socket.getCipher().standardName };
      socket.end();
      resolve(result);
    });
    socket.on('error', () => resolve(null));
  });
}

describe('TLS protocols and suites (issue 12, point 7)', () => {
  it('speaks TLS 1.3', async () => {
    expect(await handshake({ minVersion: 'TLSv1.3' })).toMatchObject({ protocol: 'TLSv1.3' });
  });

  it('refuses TLS 1.0 and 1.1', async () => {
    expect(await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1' })).toBeNull();
    expect(await handshake({ minVersion: 'TLSv1.1', maxVersion: 'TLSv1.1' })).toBeNull();
  });

  it('on TLS 1.2 accepts only forward-secret AEAD suites (ECDHE with GCM or ChaCha20-Poly1305), and at least one', async () => {
    const accepted: string[] = [];
    // Every TLS 1.2 suite this Node's OpenSSL knows, offered one at a time.
    for (const name of getCiphers().filter((c) => !c.startsWith('tls_'))) {
      const result = await handshake({ ciphers: name.toUpperCase(), minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
      if (result) accepted.push(result.cipher);
    }
    expect(accepted.length).toBeGreaterThan(0);
    for (const suite of accepted) expect(suite).toMatch(/^TLS_ECDHE_(RSA|ECDSA)_WITH_(AES_(128|256)_GCM_SHA(256|384)|CHACHA20_POLY1305_SHA256)$/);
    // The ones the issue found offered.
    for (const suite of ['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES128-SHA256']) {
      expect(await handshake({ ciphers: suite, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' }), suite).toBeNull();
    }
  });
});
