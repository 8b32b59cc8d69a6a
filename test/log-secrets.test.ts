/**
 * The log of a whole meeting at the most verbose level never contains a card code, a token, a
 * session cookie, or what was chosen in a secret round.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { choicesFor, seedOverHttp } from './helpers/http-seed.ts';
import { client, startServer, type ServerProcess } from './helpers/server-process.ts';

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
