/**
 * Issue 23, points 5 and 6. STEMKAART_TRUST_PROXY names the reverse proxies; the client is the
 * rightmost X-Forwarded-For entry that is not one of them, in HTTP and in Socket.IO alike. Before,
 * `STEMKAART_TRUST_PROXY=1` took the leftmost entry, which the client writes: 200 wrong admin tokens
 * never got a 429. And Socket.IO handshakes count toward the same per-address limits as HTTP: before,
 * 500 wrong `/kiosk` tokens each got `unauthorized`, never `rate_limited`, and 3,000 `/live` sockets
 * from one address passed a 100-a-minute request limit.
 */
import type { AddressInfo } from 'node:net';
import { io } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { configFromEnv, relayConfigFromEnv } from '../server/config.ts';
import { clientAddress, parseTrustedProxies, proxyTrust } from '../server/lib/client-address.ts';
import { makeApp, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function listening(overrides: Parameters<typeof makeApp>[0] = {}): Promise<{ t: TestApp; base: string }> {
  t = await makeApp(overrides);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, base: `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}` };
}

let spoof = 0;
/** An X-Forwarded-For as a client would write it in front of what the proxy appends (the real address). */
const forwarded = (real: string) => `198.51.100.${++spoof % 250}, ${real}`;

/** A Socket.IO handshake; resolves with 'connected' or the refusal's reason. */
function handshake(base: string, namespace: string, opts: { token?: string; meetingId?: number; xff?: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(`${base}${namespace}`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      query: opts.meetingId === undefined ? {} : { meetingId: String(opts.meetingId) },
      auth: opts.token === undefined ? {} : { token: opts.token },
      extraHeaders: opts.xff ? { 'x-forwarded-for': opts.xff } : undefined,
    });
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

describe('STEMKAART_TRUST_PROXY', () => {
  it('names addresses or CIDR ranges; 1 and true are refused at start with a line saying so', () => {
    expect(configFromEnv({ STEMKAART_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1' }).app.trustProxy).toEqual(['127.0.0.1', '10.0.0.0/8', '::1']);
    expect(configFromEnv({}).app.trustProxy).toEqual([]);
    expect(configFromEnv({ STEMKAART_TRUST_PROXY: '0' }).app.trustProxy).toEqual([]);
    for (const bare of ['1', 'true', 'TRUE']) {
      expect(() => configFromEnv({ STEMKAART_TRUST_PROXY: bare })).toThrow(/STEMKAART_TRUST_PROXY: must name the reverse proxies' addresses/);
      expect(() => relayConfigFromEnv({ STEMKAART_TRUST_PROXY: bare, STEMKAART_REDIS_URL: 'redis://127.0.0.1:6379', STEMKAART_PRIMARY_URL: 'http://127.0.0.1:3000' })).toThrow(/must name the reverse proxies' addresses/);
    }
    expect(() => parseTrustedProxies('proxy.example.nl')).toThrow(/not an IP address or CIDR range/);
    expect(() => parseTrustedProxies('10.0.0.0/33')).toThrow(/not an IP address or CIDR range/);
  });

  it('takes the rightmost X-Forwarded-For entry that is not a named proxy', () => {
    const trusted = proxyTrust(['127.0.0.1', '10.0.0.0/8']);
    expect(clientAddress('127.0.0.1', '6.6.6.6, 203.0.113.7', trusted)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:127.0.0.1', '6.6.6.6, 203.0.113.7, 10.2.3.4', trusted)).toBe('203.0.113.7');
    // A connection that is not from a named proxy: its own address, whatever the header says.
    expect(clientAddress('192.0.2.9', '6.6.6.6', trusted)).toBe('192.0.2.9');
    expect(clientAddress('127.0.0.1', undefined, trusted)).toBe('127.0.0.1');
    expect(clientAddress('127.0.0.1', '6.6.6.6', proxyTrust([]))).toBe('127.0.0.1');
  });

  it('HTTP: wrong admin tokens behind the proxy reach the failure limit however the client fills X-Forwarded-For', async () => {
    const { base } = await listening({ trustProxy: ['127.0.0.1'] });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await fetch(`${base}/api/meetings`, { method: 'POST', headers: { authorization: 'Bearer wrong-token-0123456789', 'x-forwarded-for': forwarded('203.0.113.7') } });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another client behind the same proxy is not held back.
    expect((await fetch(`${base}/api/meetings`, { method: 'POST', headers: { authorization: 'Bearer wrong-token-0123456789', 'x-forwarded-for': forwarded('203.0.113.8') } })).status).toBe(401);
  });

  it('Socket.IO: the /chair handshake reads the address the same way', async () => {
    const { base } = await listening({ trustProxy: ['127.0.0.1'] });
    const answers: string[] = [];
    for (let i = 0; i < 11; i++) answers.push(await handshake(base, '/chair', { token: 'wrong-token-0123456789', xff: forwarded('203.0.113.9') }));
    expect(answers.slice(0, 10)).toEqual(Array(10).fill('unauthorized'));
    expect(answers[10]).toBe('rate_limited');
  });
});

describe('Socket.IO handshakes under the per-address limits of HTTP', () => {
  it('a wrong /kiosk token counts toward the failure limit, shared with HTTP', async () => {
    const { base } = await listening();
    const answers: string[] = [];
    for (let i = 0; i < 6; i++) answers.push(await handshake(base, '/kiosk', { token: `not-a-kiosk-token-${i}` }));
    for (let i = 0; i < 4; i++) answers.push(String((await fetch(`${base}/api/ballots`, { method: 'POST', headers: { authorization: 'Bearer not-a-kiosk-token' } })).status));
    answers.push(await handshake(base, '/kiosk', { token: 'not-a-kiosk-token-x' }));
    answers.push(String((await fetch(`${base}/api/ballots`, { method: 'POST', headers: { authorization: 'Bearer not-a-kiosk-token' } })).status));
    expect(answers).toEqual([...Array(6).fill('unauthorized'), '401', '401', '401', '401', 'rate_limited', '429']);
  });

  it('every new /live socket counts toward the request limit, with the HTTP requests of its address', async () => {
    const { t: app, base } = await listening({ rateLimitMax: 6 });
    // Made with the admin token: not counted.
    const m = { meetingId: (await app.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Limiet', date: '2024-05-01' } })).json().id as number };
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) answers.push(await handshake(base, '/live', { meetingId: m.meetingId }));
    for (let i = 0; i < 3; i++) answers.push(String((await fetch(`${base}/api/meetings/${m.meetingId}`)).status));
    answers.push(await handshake(base, '/live', { meetingId: m.meetingId }));
    answers.push(String((await fetch(`${base}/api/meetings/${m.meetingId}`)).status));
    expect(answers).toEqual(['connected', 'connected', 'connected', '200', '200', '200', 'rate_limited', '429']);
  });
});
