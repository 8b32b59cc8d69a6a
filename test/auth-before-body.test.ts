/**
 * Issue 23, point 4: a route that needs the admin token or a kiosk token refuses a request without
 * valid credentials before reading its body. Before the fix `PUT /api/members` read and parsed a
 * 64 MiB body before its 401: eight such requests took the server from 109 to 765 MiB. Here the
 * client announces a large body, sends a small part of it and then waits: the 401 must come while
 * the rest was never sent (the server did not wait for the body).
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, type TestApp } from './helpers/app.ts';

let t: TestApp;
let port: number;
beforeAll(async () => {
  t = await makeApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await t.close();
});

const ANNOUNCED = 60 * 1024 * 1024;
const SENT = 256 * 1024;

/**
 * Announces a body of 60 MiB, sends 256 KiB of it and waits for the answer (up to 20 s, a
 * generous wait on a loaded machine). Resolves with the status, or 'no answer' when the server waits
 * for the rest of the body.
 */
function partialBody(method: string, path: string, headers: Record<string, string>): Promise<number | 'no answer'> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers: { 'content-type': 'application/json', 'content-length': String(ANNOUNCED), ...headers } });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('no answer');
    }, 20_000);
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      req.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      // The server may close the connection after answering; an answer already resolved us.
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as NodeJS.ErrnoException).code === 'EPIPE') resolve('no answer');
      else reject(err);
    });
    req.write(Buffer.alloc(SENT, 0x20));
  });
}

describe('a route that needs credentials, asked without them', () => {
  for (const [method, path] of [
    ['PUT', '/api/members'],
    ['POST', '/api/meetings'],
    ['POST', '/api/ballots'],
    ['POST', '/api/checkins'],
  ] as const) {
    it(`${method} ${path}: 401 before the body is read`, async () => {
      expect(await partialBody(method, path, {})).toBe(401);
      expect(await partialBody(method, path, { authorization: 'Bearer not-a-token-of-this-server' })).toBe(401);
    });
  }

  it('reads the body when the credentials are right, up to the route\'s limit (1 MiB; 64 MiB for member files)', async () => {
    const big = `[${' '.repeat(2 * 1024 * 1024)}]`;
    const meeting = await t.admin({ method: 'POST', url: '/api/meetings', headers: { 'content-type': 'application/json' }, payload: big });
    expect(meeting.statusCode).toBe(413);
    const members = await t.admin({ method: 'PUT', url: '/api/members', headers: { 'content-type': 'application/json' }, payload: big });
    expect(members.statusCode).toBe(200); // read (an empty list changes nothing), not refused for its size
  });
});
