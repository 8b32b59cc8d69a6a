/**
 * Issue 12, point 2 ("cancel publishes"): a cancelled secret round never shows tallies, a roll call
 * or per-ballot data to anyone, in any view, export or event. Before the fix, one ballot and a cancel
 * put that member's choice in GET /api/rounds/:id (public and chair), results.csv and /live.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../helpers/barcodes.ts';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from '../helpers/app.ts';

let t: TestApp;
let m: SeededMeeting;

beforeAll(async () => {
  t = await makeApp();
  m = await seedMeeting(t, { populations: [90_000, 45_000, 30_000, 12_000], motions: 2 });
});
afterAll(async () => {
  await t.close();
});

async function secretRound(): Promise<number> {
  const id = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret: true } })).json().id as number;
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` })).statusCode).toBe(200);
  return id;
}

async function vote(roundId: number, memberCode: string, choice: 'for' | 'against'): Promise<void> {
  const choices = m.motionIds.map((motionId) => ({ motionId, choice }));
  const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.codes.get(memberCode)!, roundId, choices, nonce: nonce() } });
  expect(res.statusCode).toBe(201);
}

/** Everything anyone can ask about one round, as text: public and chair views, CSV, report, ballots, audit. */
async function everythingAbout(roundId: number): Promise<Record<string, { status: number; body: string }>> {
  const out: Record<string, { status: number; body: string }> = {};
  const get = async (name: string, url: string, admin: boolean) => {
    const res = admin ? await t.admin({ method: 'GET', url }) : await t.app.inject({ method: 'GET', url });
    out[name] = { status: res.statusCode, body: url.endsWith('.pdf') && res.statusCode === 200 ? pdfText(res.rawPayload) : res.body };
  };
  for (const admin of [false, true]) {
    const who = admin ? 'chair' : 'public';
    await get(`${who} round`, `/api/rounds/${roundId}`, admin);
    await get(`${who} rounds`, `/api/meetings/${m.meetingId}/rounds`, admin);
    await get(`${who} csv`, `/api/rounds/${roundId}/results.csv`, admin);
    await get(`${who} ballots`, `/api/rounds/${roundId}/ballots`, admin);
    await get(`${who} report`, `/api/meetings/${m.meetingId}/report.pdf`, admin);
  }
  await get('audit', `/api/meetings/${m.meetingId}/audit`, true);
  return out;
}

function roundIn(body: string, roundId: number): Record<string, unknown> {
  const parsed = JSON.parse(body) as Record<string, unknown> | Record<string, unknown>[];
  return Array.isArray(parsed) ? parsed.find((r) => r.id === roundId)! : parsed;
}

describe('POST /api/rounds/:id/cancel of a secret round', () => {
  it('shows no tallies, roll call or ballots to anyone after one member voted (issue 12, point 2)', async () => {
    const roundId = await secretRound();
    await vote(roundId, 'GM0001', 'against');
    const cancelled = await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel`, payload: { reason: 'verkeerde motie' } });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json().tallies).toBeUndefined();
    expect(cancelled.json().rollCall).toBeUndefined();

    const all = await everythingAbout(roundId);
    for (const who of ['public', 'chair']) {
      for (const view of [roundIn(all[`${who} round`].body, roundId), roundIn(all[`${who} rounds`].body, roundId)]) {
        expect(view.state).toBe('cancelled');
        expect(view.tallies, `${who}: tallies of a cancelled secret round`).toBeUndefined();
        expect(view.rollCall, `${who}: roll call of a cancelled secret round`).toBeUndefined();
        // That a member voted is not secret: the turnout stays.
        expect(view.voted).toEqual({ weight: m.members[0].weight, count: 1 });
      }
      // Ballots are published only for a closed round.
      expect(all[`${who} ballots`].status).toBe(409);
    }
    // The chair's CSV of a cancelled secret round has its header and no figures; the public gets none.
    expect(all['public csv'].status).toBe(401);
    expect(all['chair csv'].status).toBe(200);
    expect(all['chair csv'].body.trim().split(/\r?\n/)).toHaveLength(1);
    // The report names the round as cancelled and prints no figures of it (against is 90 here).
    for (const who of ['public', 'chair']) {
      const report = all[`${who} report`].body;
      expect(report).toContain('geannuleerd, telt niet');
      expect(report).not.toMatch(/Tegen\s+90/);
    }
    // The audit log says that the member voted, never what.
    const lines = all.audit.body.trim().split('\n').map((l) => JSON.parse(l) as { action: string; data: Record<string, unknown> });
    const cast = lines.filter((l) => l.action === 'ballot.cast' && l.data.roundId === roundId);
    expect(cast).toHaveLength(1);
    expect(Object.keys(cast[0].data).sort()).toEqual(['memberCode', 'roundId', 'secret']);
    for (const l of lines.filter((x) => x.data.roundId === roundId)) expect(JSON.stringify(l.data)).not.toMatch(/tallies|choices|"against"|"for"/);
  });

  it('shows nothing of the round cancelled by a revote (herstemming), nor of the new round until it closes', async () => {
    const roundId = await secretRound();
    await vote(roundId, 'GM0002', 'for');
    await vote(roundId, 'GM0003', 'against');
    const revote = await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/revote` });
    expect(revote.statusCode).toBe(201);
    const newId = revote.json().id as number;
    expect(revote.json().tallies).toBeUndefined();
    for (const admin of [false, true]) {
      const res = admin ? await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` }) : await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` });
      expect(res.json()).toMatchObject({ state: 'cancelled', cancelReason: 'herstemming' });
      expect(res.json().tallies).toBeUndefined();
    }
    await vote(newId, 'GM0004', 'for');
    // The new round is open: no figures yet, for anyone.
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${newId}` })).json().tallies).toBeUndefined();
    const cancelled = await t.admin({ method: 'POST', url: `/api/rounds/${newId}/cancel` });
    expect(cancelled.json().tallies).toBeUndefined();
    const csv = await t.admin({ method: 'GET', url: `/api/rounds/${newId}/results.csv` });
    expect(csv.body.trim().split(/\r?\n/)).toHaveLength(1);
  });

  it('keeps the figures of an open (not secret) round that was cancelled, for the audit', async () => {
    const id = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json().id as number;
    await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` });
    await vote(id, 'GM0001', 'for');
    const cancelled = (await t.admin({ method: 'POST', url: `/api/rounds/${id}/cancel` })).json();
    expect(cancelled.tallies[0].for).toEqual({ weight: m.members[0].weight, count: 1 });
  });
});

describe('the files after the cancel of a secret round (issue 23, point 3)', () => {
  it('keep who voted but no choice: no ballot row in the database, an empty WAL, no backup holding a receipt', async () => {
    const f = await makeApp({ backupKeep: 50 });
    try {
      const fm = await seedMeeting(f, { populations: [90_000, 45_000, 30_000, 12_000] });
      const roundId = (await f.admin({ method: 'POST', url: `/api/meetings/${fm.meetingId}/rounds`, payload: { motionIds: fm.motionIds, secret: true } })).json().id as number;
      expect((await f.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` })).statusCode).toBe(200);
      const choices = fm.motionIds.map((motionId) => ({ motionId, choice: 'against' }));
      const cast = await f.kiosk(fm.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: fm.codes.get('GM0001')!, roundId, choices, nonce: nonce() } });
      expect(cast.statusCode).toBe(201);
      const receipt = cast.json().receipt as string;
      const whileOpen = await f.app.backups!.run('periodic');
      expect((await f.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel` })).statusCode).toBe(200);
      await f.app.backups!.idle();
      const db = f.app.domain.db;
      expect(db.prepare('SELECT count(*) FROM secret_ballots WHERE round_id = ?').pluck().get(roundId), 'sealed ballots of a cancelled round').toBe(0);
      expect(db.prepare('SELECT count(*) FROM secret_ballots_open WHERE round_id = ?').pluck().get(roundId)).toBe(0);
      // Who voted stays, for the audit.
      expect(db.prepare('SELECT count(*) FROM participations WHERE round_id = ?').pluck().get(roundId)).toBe(1);
      expect((await f.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json().voted.count).toBe(1);
      const bytes = (file: string) => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));
      expect(bytes(`${f.dbPath}-wal`).length, 'the WAL is truncated after the cancel').toBe(0);
      expect(bytes(f.dbPath).includes(Buffer.from(receipt)), 'the receipt in the database file').toBe(false);
      expect(existsSync(whileOpen), 'the backup taken while the round was open is removed').toBe(false);
      const backups = f.app.backups!.list();
      expect(backups.some((b) => b.endsWith(`-cancel-r${roundId}.db`))).toBe(true);
      for (const b of backups) expect(bytes(b).includes(Buffer.from(receipt)), `${b} holds the receipt`).toBe(false);
      // The audit chain still verifies.
      expect((await f.admin({ method: 'GET', url: `/api/meetings/${fm.meetingId}/audit/verify` })).json()).toMatchObject({ ok: true });
    } finally {
      await f.close();
    }
  });
});
