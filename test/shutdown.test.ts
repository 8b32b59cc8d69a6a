/**
 * SIGTERM / SIGINT: the server stops taking requests, finishes those in flight, closes the database
 * and exits 0 (server/main.ts exits 1 if closing takes more than 10 s).
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { choicesFor, seedOverHttp } from './helpers/http-seed.ts';
import { client, startServer, type Json, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'shutdown-test-admin-token-0123';
const dir = mkdtempSync(join(tmpdir(), 'stemkaart-shutdown-'));
const started: ServerProcess[] = [];
/** Polls wait on a child process of a possibly loaded machine. */
const WAIT = { timeout: 30_000 };

afterAll(async () => {
  for (const s of started) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

async function start(db: string) {
  const s = await startServer({ STEMKAART_DB: join(dir, db), STEMKAART_ADMIN_TOKEN: ADMIN, STEMKAART_LOG_LEVEL: 'info' });
  started.push(s);
  return s;
}

/** Sends the headers and the first half of a JSON body; the rest is sent by calling `finish`. */
function halfSentPost(base: string, path: string, token: string, body: unknown) {
  const text = JSON.stringify(body);
  const url = new URL(path, base);
  const halves = { response: null as unknown as Promise<{ status: number; body: Json }>, finish: () => {} };
  halves.response = new Promise<{ status: number; body: Json }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (data += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.write(text.slice(0, 20));
    halves.finish = () => req.end(text.slice(20));
  });
  return halves;
}

describe('server/main.ts on SIGTERM and SIGINT', () => {
  it('SIGTERM finishes the ballot in flight, refuses new connections, closes live-feed sockets and exits 0', { timeout: 150_000 }, async () => {
    let server = await start('term.db');
    let call = client(server.base);
    const m = await seedOverHttp(call, ADMIN, { memberCount: 4, motions: 1 });
    const round = await call('POST', `/api/meetings/${m.meetingId}/rounds`, { token: ADMIN, body: { motionIds: m.motionIds } });
    const roundId = round.body.id as number;
    await call('POST', `/api/rounds/${roundId}/open`, { token: ADMIN });

    // A projector on the live feed: its socket is closed by the server, not left hanging.
    const feed = io(`${server.base}/live`, { query: { meetingId: String(m.meetingId) }, transports: ['websocket'], reconnection: false });
    let snapshot = false;
    let disconnected: string | null = null;
    feed.on('snapshot', () => (snapshot = true));
    feed.on('disconnect', (reason) => (disconnected = reason));
    await expect.poll(() => snapshot, WAIT).toBe(true);

    const choices = choicesFor(0, m.motionIds);
    const inFlight = halfSentPost(server.base, '/api/ballots', m.votingTokens[0], { code: m.members[0].card, roundId, choices, nonce: 'in-flight-ballot-1' });
    // In flight: the server has logged the request (its headers are read), its body is not complete.
    await expect.poll(() => server.output(), WAIT).toMatch(/"url":"\/api\/ballots".*"msg":"incoming request"/);

    server.child.kill('SIGTERM');
    await expect.poll(() => server.output(), WAIT).toContain('"msg":"shutting down"');
    // No new requests: the listening socket is closed (or, in the moment before, answered 503).
    await expect
      .poll(async () => {
        try {
          return String((await fetch(`${server.base}/healthz`, { headers: { connection: 'close' } })).status);
        } catch {
          return 'refused';
        }
      }, WAIT)
      .toMatch(/refused|503/);

    inFlight.finish();
    const answer = await inFlight.response;
    expect(answer.status).toBe(201);
    expect(answer.body.receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(await server.exited).toBe(0);
    await expect.poll(() => disconnected, WAIT).toBe('transport close');
    feed.close();

    // The ballot acknowledged during shutdown is stored.
    server = await start('term.db');
    call = client(server.base);
    const view = await call('GET', `/api/rounds/${roundId}`, { token: ADMIN });
    expect(view.body.state).toBe('open');
    expect(view.body.rollCall).toEqual([expect.objectContaining({ memberCode: m.members[0].code, choices })]);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });

  it('SIGINT with keep-alive connections open exits 0', { timeout: 120_000 }, async () => {
    const server = await start('int.db');
    const call = client(server.base);
    // fetch keeps its connections alive: they must not hold the process open.
    for (let i = 0; i < 3; i++) expect((await call('GET', '/api/meetings')).status).toBe(200);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"signal":"SIGINT"');
  });
});
