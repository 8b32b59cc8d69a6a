/**
 * GET /metrics (api.md, "Operations"): what an operator's Prometheus reads during a meeting.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { makeApp, nonce, seedMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.disconnect();
  await t?.close();
  t = null;
});

/** The value of one sample line, e.g. `stemkaart_ballots_refused_total{reason="already_voted"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  if (!line) throw new Error(`no sample ${series} in:\n${text}`);
  return Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('is for the admin only', async () => {
    t = await makeApp();
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).json().error).toBe('unauthorized');
    const res = await t.admin({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('counts ballots accepted and refused by reason, their acknowledgement time, commits, backups, sockets and memory', async () => {
    t = await makeApp();
    const m = await seedMeeting(t, { populations: [100_000, 50_000, 20_000] });
    const round = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json().id as number;
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${round}/open` })).statusCode).toBe(200);
    const choices = m.motionIds.map((motionId) => ({ motionId, choice: 'for' }));
    const cast = (code: string, n = nonce()) => t!.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId: round, choices, nonce: n } });
    const [first, second, third] = [...m.codes.values()];
    const repeated = nonce();
    expect((await cast(first, repeated)).statusCode).toBe(201);
    expect((await cast(first, repeated)).statusCode).toBe(200); // the same ballot again: not counted twice
    expect((await cast(second)).statusCode).toBe(201);
    expect((await cast(first)).json().error).toBe('already_voted');
    expect((await cast('1'.repeat(25))).json().error).toBe('unknown_card');
    expect((await t.kiosk('not-a-kiosk-token-at-all', { method: 'POST', url: '/api/ballots', payload: { code: third, roundId: round, choices, nonce: nonce() } })).json().error).toBe('unauthorized');
    expect((await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: {} })).json().error).toBe('validation');

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    for (let i = 0; i < 2; i++) sockets.push(io(`${base}/live`, { query: { meetingId: String(m.meetingId) }, transports: ['websocket'] }));
    await Promise.all(sockets.map((s) => new Promise((resolve) => s.once('snapshot', resolve))));
    expect((await cast(third)).statusCode).toBe(201);
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${round}/close` })).statusCode).toBe(200);

    // The backup after the close is written asynchronously.
    await expect.poll(async () => sample((await t!.admin({ method: 'GET', url: '/metrics' })).body, 'stemkaart_backups_total')).toBe(1);
    const text = (await t.admin({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'stemkaart_ballots_accepted_total{kind="new"}')).toBe(3);
    expect(sample(text, 'stemkaart_ballots_accepted_total{kind="repeat"}')).toBe(1);
    expect(sample(text, 'stemkaart_ballots_refused_total{reason="already_voted"}')).toBe(1);
    expect(sample(text, 'stemkaart_ballots_refused_total{reason="unknown_card"}')).toBe(1);
    expect(sample(text, 'stemkaart_ballots_refused_total{reason="unauthorized"}')).toBe(1);
    expect(sample(text, 'stemkaart_ballots_refused_total{reason="validation"}')).toBe(1);
    expect(sample(text, 'stemkaart_ballots_refused_total{reason="round_closed"}')).toBe(0);
    expect(sample(text, 'stemkaart_ballot_ack_seconds_count')).toBe(4);
    expect(sample(text, 'stemkaart_ballot_ack_seconds_bucket{le="+Inf"}')).toBe(4);
    expect(sample(text, 'stemkaart_ballots_per_commit_sum')).toBe(3);
    expect(sample(text, 'stemkaart_ballot_commits_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'stemkaart_ballots_per_commit_count')).toBe(sample(text, 'stemkaart_ballot_commits_total'));
    expect(sample(text, 'stemkaart_open_sockets{namespace="/live"}')).toBe(2);
    expect(sample(text, 'stemkaart_open_sockets{namespace="/chair"}')).toBe(0);
    const lastBackup = sample(text, 'stemkaart_last_backup_timestamp_seconds');
    expect(Math.abs(lastBackup - Date.now() / 1000)).toBeLessThan(600);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
    // Every sample is a metric of ours, with a HELP and a TYPE line.
    for (const name of ['stemkaart_ballots_accepted_total', 'stemkaart_ballot_ack_seconds', 'stemkaart_open_sockets', 'stemkaart_backups_total']) {
      expect(text).toContain(`# HELP ${name} `);
      expect(text).toMatch(new RegExp(`# TYPE ${name} (counter|gauge|histogram)`));
    }
    // Nothing secret: no card code or token is in the text.
    for (const secret of [...m.codes.values(), m.votingToken, m.checkinToken]) expect(text).not.toContain(secret);
  });
});
