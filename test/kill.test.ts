/**
 * Rule 4 of the product: an acknowledged ballot is never lost, also not when the server is killed
 * (SIGKILL, no chance to clean up) and restarted on the same database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { choicesFor, expectedTotals, seedOverHttp, type Choice, type HttpMeeting } from './helpers/http-seed.ts';
import { client, startServer, type Client, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'kill-test-admin-token-0123456789';
const dir = mkdtempSync(join(tmpdir(), 'stemkaart-kill-'));
const env = { STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: ADMIN };
let server: ServerProcess | null = null;

afterAll(async () => {
  if (server && server.child.exitCode === null && server.child.signalCode === null) {
    server.child.kill('SIGKILL');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  index: number;
  memberCode: string;
  card: string;
  nonce: string;
  choices: { motionId: number; choice: Choice }[];
  receipt: string | null;
}

/**
 * Every kiosk casts the ballots of its members one after another, all kiosks at once; after
 * `killAfter` acknowledgements the server gets SIGKILL while the other kiosks' ballots are in flight.
 */
async function castUntilKilled(call: Client, m: HttpMeeting, roundId: number, indexes: number[], killAfter: number, proc: ServerProcess): Promise<Sent[]> {
  const sent: Sent[] = [];
  let acks = 0;
  const perKiosk = m.votingTokens.map((token, k) => ({ token, indexes: indexes.filter((_, n) => n % m.votingTokens.length === k) }));
  await Promise.all(
    perKiosk.map(async ({ token, indexes: mine }) => {
      for (const index of mine) {
        const member = m.members[index];
        const ballot: Sent = { index, memberCode: member.code, card: member.card, nonce: `kill-${roundId}-${index}-nonce`, choices: choicesFor(index, m.motionIds, roundId), receipt: null };
        sent.push(ballot);
        try {
          const res = await call('POST', '/api/ballots', { token, body: { code: member.card, roundId, choices: ballot.choices, nonce: ballot.nonce } });
          if (res.status !== 201) throw new Error(`ballot ${index}: ${res.status} ${JSON.stringify(res.body)}`);
          ballot.receipt = res.body.receipt;
          if (++acks === killAfter) proc.child.kill('SIGKILL');
        } catch (err) {
          // The server is gone: this ballot (and the rest of this kiosk's queue) was not acknowledged.
          if (proc.child.signalCode !== 'SIGKILL' && acks < killAfter) throw err;
          return;
        }
      }
    }),
  );
  return sent;
}

async function roundView(call: Client, roundId: number) {
  const res = await call('GET', `/api/rounds/${roundId}`, { token: ADMIN });
  expect(res.status).toBe(200);
  return res.body as {
    state: string;
    voted: { weight: number; count: number };
    tallies: { motionId: number; for: { weight: number; count: number }; against: { weight: number; count: number }; abstain: { weight: number; count: number }; cast: { weight: number; count: number } }[];
    rollCall?: { memberCode: string; weight: number; choices: { motionId: number; choice: Choice }[] }[];
  };
}

/**
 * The recorded tallies equal a recount of what the kiosks cast, of the roll call, and (in counts:
 * published ballots carry no weight) of the published ballots.
 */
async function expectTalliesMatch(call: Client, roundId: number, cast: { weight: number; choices: { motionId: number; choice: Choice }[] }[]) {
  const view = await roundView(call, roundId);
  const published = (await call('GET', `/api/rounds/${roundId}/ballots`)).body as { choices: { motionId: number; choice: Choice }[] }[];
  expect(published).toHaveLength(cast.length);
  const fromKiosks = expectedTotals(cast);
  // A secret round has no roll call: its weights are checked against the kiosks only.
  const fromRollCall = view.rollCall ? expectedTotals(view.rollCall) : fromKiosks;
  const fromPublished = expectedTotals(published.map((b) => ({ weight: 0, choices: b.choices })));
  for (const t of view.tallies) {
    for (const k of ['for', 'against', 'abstain'] as const) {
      expect(t[k]).toEqual(fromKiosks.get(t.motionId)![k]);
      expect(t[k]).toEqual(fromRollCall.get(t.motionId)![k]);
      expect(t[k].count).toEqual(fromPublished.get(t.motionId)![k].count);
    }
  }
}

describe('server killed with SIGKILL and restarted on the same database', () => {
  it('keeps every acknowledged ballot, counts resends once, and the round goes on and verifies', { timeout: 240_000 }, async () => {
    server = await startServer(env);
    let call = client(server.base);
    const m = await seedOverHttp(call, ADMIN, { memberCount: 48, motions: 2, votingKiosks: 6 });
    const round = await call('POST', `/api/meetings/${m.meetingId}/rounds`, { token: ADMIN, body: { motionIds: m.motionIds } });
    const roundId = round.body.id as number;
    expect((await call('POST', `/api/rounds/${roundId}/open`, { token: ADMIN })).status).toBe(200);

    const first = Array.from({ length: 36 }, (_, i) => i);
    const sent = await castUntilKilled(call, m, roundId, first, 12, server);
    expect(await server.exited).toBe('SIGKILL');
    const acknowledged = sent.filter((s) => s.receipt !== null);
    expect(acknowledged.length).toBeGreaterThanOrEqual(12);

    server = await startServer(env);
    call = client(server.base);
    let view = await roundView(call, roundId);
    expect(view.state).toBe('open');
    const rollCall = new Map(view.rollCall!.map((r) => [r.memberCode, r.choices]));
    for (const s of acknowledged) expect(rollCall.get(s.memberCode)).toEqual(s.choices);

    // Kiosks that lost their connection resend with the same nonce: an acknowledged ballot answers
    // 200 with its receipt; one that was stored but never acknowledged answers 200 too; one that
    // never reached the disk is stored now (201). Nothing counts twice.
    for (const s of sent) {
      const token = m.votingTokens[s.index % m.votingTokens.length];
      const res = await call('POST', '/api/ballots', { token, body: { code: s.card, roundId, choices: s.choices, nonce: s.nonce } });
      if (s.receipt) {
        expect(res.status).toBe(200);
        expect(res.body.receipt).toBe(s.receipt);
      } else {
        expect([200, 201]).toContain(res.status);
        expect(res.status === 201).toBe(!rollCall.has(s.memberCode));
      }
    }
    view = await roundView(call, roundId);
    for (const t of view.tallies) expect(t.cast.count).toBe(sent.length);

    // The round goes on: the members who had not voted yet vote now, then the chair closes.
    const tried = new Set(sent.map((s) => s.index));
    for (const index of m.members.map((_, i) => i).filter((i) => !tried.has(i))) {
      const res = await call('POST', '/api/ballots', { token: m.votingTokens[0], body: { code: m.members[index].card, roundId, choices: choicesFor(index, m.motionIds, roundId), nonce: `after-restart-${index}` } });
      expect(res.status).toBe(201);
    }
    expect((await call('POST', `/api/rounds/${roundId}/close`, { token: ADMIN })).body.state).toBe('closed');
    const all = m.members.map((member, index) => ({ weight: member.weight, choices: choicesFor(index, m.motionIds, roundId) }));
    await expectTalliesMatch(call, roundId, all);
    expect((await call('GET', `/api/meetings/${m.meetingId}/audit/verify`, { token: ADMIN })).body).toMatchObject({ ok: true });

    // Killed while the chair closes a (secret) round: after the restart the round is either still
    // open (and can be closed) or closed with an outcome equal to a recount; never half of each.
    const secret = await call('POST', `/api/meetings/${m.meetingId}/rounds`, { token: ADMIN, body: { motionIds: m.motionIds, secret: true } });
    const secretId = secret.body.id as number;
    await call('POST', `/api/rounds/${secretId}/open`, { token: ADMIN });
    const voters = Array.from({ length: 30 }, (_, i) => i);
    const receipts: string[] = [];
    await Promise.all(
      m.votingTokens.map(async (token, k) => {
        for (const index of voters.filter((i) => i % m.votingTokens.length === k)) {
          const res = await call('POST', '/api/ballots', { token, body: { code: m.members[index].card, roundId: secretId, choices: choicesFor(index, m.motionIds, secretId), nonce: `secret-${index}-nonce` } });
          expect(res.status).toBe(201);
          receipts.push(res.body.receipt);
        }
      }),
    );
    const closing = call('POST', `/api/rounds/${secretId}/close`, { token: ADMIN }).catch(() => null);
    // Kill as soon as the close request has been handed to the socket, without waiting for it.
    await new Promise((r) => setImmediate(r));
    server.child.kill('SIGKILL');
    await closing;
    expect(await server.exited).toBe('SIGKILL');

    server = await startServer(env);
    call = client(server.base);
    const after = await roundView(call, secretId);
    expect(['open', 'closed']).toContain(after.state);
    if (after.state === 'open') {
      // A secret round shows no tallies while open: the turnout says every ballot is there.
      expect(after.voted.count).toBe(voters.length);
      expect((await call('POST', `/api/rounds/${secretId}/close`, { token: ADMIN })).body.state).toBe('closed');
    }
    await expectTalliesMatch(call, secretId, voters.map((index) => ({ weight: m.members[index].weight, choices: choicesFor(index, m.motionIds, secretId) })));
    const published = (await call('GET', `/api/rounds/${secretId}/ballots`)).body as { receipt: string }[];
    expect(published.map((b) => b.receipt).sort()).toEqual([...receipts].sort());
    expect((await call('GET', `/api/meetings/${m.meetingId}/audit/verify`, { token: ADMIN })).body).toMatchObject({ ok: true });

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });
});
