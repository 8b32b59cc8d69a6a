/**
 * The log of a whole meeting at the most verbose level never contains a card code, a token, a
 * session cookie, or what was chosen in a secret round: as JSON (stdout not a terminal) and as the
 * readable lines printed on a terminal.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { choicesFor, seedOverHttp } from './helpers/http-seed.ts';
import { client, ROOT, startServer, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'log-test-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'stemkaart-logs-'));
let server: ServerProcess;

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('logs at level trace', () => {
  it('contain no card code, token, session or secret choice after a full meeting', { timeout: 150_000 }, async () => {
    server = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: ADMIN, STEMKAART_LOG_LEVEL: 'trace' });
    const call = client(server.base);
    const secrets: string[] = [ADMIN];
    const m = await seedOverHttp(call, ADMIN, { memberCount: 6, motions: 2, votingKiosks: 1, requireCheckIn: true });
    secrets.push(...m.members.map((x) => x.card), ...m.votingTokens, m.checkinToken);

    // The chair console's login: the cookie's value is a secret too.
    const login = await fetch(`${server.base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN }) });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
    secrets.push(cookie.split('=')[1]);
    expect((await fetch(`${server.base}/api/session`, { headers: { cookie } })).status).toBe(200);
    // A failed login with a wrong token, a kiosk with a wrong token.
    await call('POST', '/api/session', { body: { token: 'wrong-admin-token-guess-123456' } });
    secrets.push('wrong-admin-token-guess-123456');
    await call('POST', '/api/scan', { token: 'not-a-real-kiosk-token-abcdef', body: { code: m.members[0].card } });
    secrets.push('not-a-real-kiosk-token-abcdef');

    // Check-in, an unknown code, a malformed code.
    for (const member of m.members) expect((await call('POST', '/api/checkins', { token: m.checkinToken, body: { code: member.card } })).status).toBe(200);
    const unknown = '123456789012345678901234'.replace(/4$/, '7');
    await call('POST', '/api/checkins', { token: m.checkinToken, body: { code: unknown } });
    await call('POST', '/api/checkins', { token: m.checkinToken, body: { code: 'GARBLED-CODE-XYZ' } });
    secrets.push(unknown, 'GARBLED-CODE-XYZ');

    // An open round and a secret round.
    const vote = async (roundId: number, nonceOf: (i: number) => string) => {
      const receipts: string[] = [];
      for (const [i, member] of m.members.entries()) {
        expect((await call('POST', '/api/scan', { token: m.votingTokens[0], body: { code: member.card } })).status).toBe(200);
        const res = await call('POST', '/api/ballots', { token: m.votingTokens[0], body: { code: member.card, roundId, choices: choicesFor(i, m.motionIds), nonce: nonceOf(i) } });
        expect(res.status).toBe(201);
        receipts.push(res.body.receipt);
      }
      return receipts;
    };
    const open = (await call('POST', `/api/meetings/${m.meetingId}/rounds`, { token: ADMIN, body: { motionIds: m.motionIds } })).body.id;
    await call('POST', `/api/rounds/${open}/open`, { token: ADMIN });
    await vote(open, (i) => `open-nonce-${i}-abcdef`);
    await call('POST', `/api/rounds/${open}/close`, { token: ADMIN });

    const secret = (await call('POST', `/api/meetings/${m.meetingId}/rounds`, { token: ADMIN, body: { motionIds: m.motionIds, secret: true } })).body.id;
    await call('POST', `/api/rounds/${secret}/open`, { token: ADMIN });
    const secretNonces = m.members.map((_, i) => `secret-nonce-${i}-${Math.random().toString(36).slice(2)}`);
    const secretReceipts = await vote(secret, (i) => secretNonces[i]);
    await call('POST', `/api/rounds/${secret}/close`, { token: ADMIN });
    // The receipt and the nonce of a secret ballot would let a reader pair member and choice.
    secrets.push(...secretReceipts, ...secretNonces);

    // A lost card reissued, another withdrawn, a check-out; the reports and the audit.
    const reissued = await call('POST', `/api/meetings/${m.meetingId}/cards/${m.members[1].code}/reissue`, { token: ADMIN, body: {} });
    expect(reissued.status).toBe(201);
    secrets.push(...(reissued.body.cards as { code: string }[]).map((c) => c.code));
    await call('POST', `/api/meetings/${m.meetingId}/cards/${m.members[2].code}/revoke`, { token: ADMIN, body: {} });
    await call('POST', '/api/checkins', { token: m.checkinToken, body: { code: m.members[3].card, direction: 'out' } });
    await call('GET', `/api/meetings/${m.meetingId}/audit`, { token: ADMIN });
    await call('GET', `/api/meetings/${m.meetingId}/audit/verify`, { token: ADMIN });
    await call('GET', `/api/rounds/${secret}/ballots`);

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const log = server.output();
    // The log is really at trace level: every request is in it.
    expect(log).toContain('"msg":"incoming request"');
    expect(log).toMatch(/"url":"\/api\/ballots"/);

    for (const secretText of secrets) {
      expect(secretText.length).toBeGreaterThanOrEqual(8);
      expect(log, `log contains ${secretText}`).not.toContain(secretText);
      // Nor a long enough piece of it (e.g. a code cut off or split).
      expect(log, `log contains part of ${secretText}`).not.toContain(secretText.slice(0, 12));
    }
    // No choice of any ballot is in the log (bodies are never logged).
    expect(log).not.toMatch(/"choice"|"choices"/);
  });
});

describe('logs on a terminal', () => {
  /** The server with its stdout on a pseudo-terminal (util-linux `script`), as a person starts it. */
  function startOnTerminal(env: Record<string, string>): { output: () => string; base: Promise<string>; stop: () => Promise<void> } {
    let out = '';
    const child = spawn('script', ['-qfec', `${JSON.stringify(process.execPath)} dist/server/main.js`, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TERM: 'xterm', STEMKAART_PORT: '0', STEMKAART_DEMO: '0', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let ended = false;
    const exited = new Promise<void>((res) => child.on('exit', () => ((ended = true), res())));
    child.stdin!.on('error', () => undefined);
    child.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const base = (async () => {
      await vi.waitFor(() => expect(out).toMatch(/listening on http:\/\/\S+/), { timeout: 20_000, interval: 50 });
      return /listening on (http:\/\/[^\s]+)/.exec(out)![1];
    })();
    return {
      output: () => out,
      base,
      async stop() {
        if (ended) return;
        // Ctrl+C on the terminal: SIGINT to the server, which stops gracefully.
        child.stdin!.write('\x03');
        await Promise.race([exited, new Promise((res) => setTimeout(res, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
        await exited;
      },
    };
  }

  it('are one readable line per event (pino-pretty), with no card code, token or cookie', { timeout: 60_000 }, async () => {
    const run = startOnTerminal({ STEMKAART_DB: join(dir, 'terminal.db'), STEMKAART_ADMIN_TOKEN: ADMIN, STEMKAART_LOG_LEVEL: 'trace' });
    try {
      const base = await run.base;
      const call = client(base);
      const m = await seedOverHttp(call, ADMIN, { memberCount: 3, motions: 1, votingKiosks: 1, requireCheckIn: true });
      const login = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: ADMIN }) });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
      await fetch(`${base}/api/session`, { headers: { cookie } });
      for (const member of m.members) await call('POST', '/api/checkins', { token: m.checkinToken, body: { code: member.card } });
      await call('POST', '/api/checkins', { token: m.checkinToken, body: { code: '123456789012345678901237' } });
      await vi.waitFor(() => expect(run.output()).toContain('POST /api/checkins'), { timeout: 10_000 });
      await run.stop();
      // Colours off: pino-pretty colours for a terminal (ESC [ ... m).
      const log = run.output().replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
      expect(log).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \(req-[0-9a-z]+\) incoming request POST \/api\/checkins\r?$/m);
      expect(log).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: \(req-[0-9a-z]+\) request completed 200\r?$/m);
      expect(log).not.toContain('{"level"');
      for (const secretText of [ADMIN, cookie.split('=')[1], m.checkinToken, ...m.votingTokens, ...m.members.map((x) => x.card), '123456789012345678901237']) {
        expect(log, `log contains ${secretText}`).not.toContain(secretText.slice(0, 12));
      }
    } finally {
      await run.stop();
    }
  });
});
