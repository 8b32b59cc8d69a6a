import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let m: SeededMeeting;
const restoreDir = mkdtempSync(join(tmpdir(), 'stemkaart-restore-'));

beforeAll(async () => {
  t = await makeApp({ backupKeep: 2, backupIntervalS: 1 });
  m = await seedMeeting(t, { populations: [120_000, 60_000, 30_000, 9_000, 4_000], motions: 2 });
});

afterAll(async () => {
  await t.close();
  rmSync(restoreDir, { recursive: true, force: true });
});

const names = () => t.app.backups!.list().map((f) => basename(f));

async function voteRound(secret: boolean, salt: number): Promise<number> {
  const round = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret } });
  const id = round.json().id as number;
  await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` });
  let i = salt;
  for (const code of m.codes.values()) {
    const choices = m.motionIds.map((motionId, j) => ({ motionId, choice: (['for', 'against', 'abstain'] as const)[(i + j) % 3] }));
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId: id, choices, nonce: nonce() } });
    expect(res.statusCode).toBe(201);
    i++;
  }
  return id;
}

describe('online backups', () => {
  it('backs up every few minutes (here: every second) while a round is open and something changed', async () => {
    await voteRound(false, 0);
    await expect.poll(names, { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/-periodic\.db$/)]));
  });

  it('backs up after every round close and keeps only the newest backupKeep files', async () => {
    const firstOpen = t.app.domain.rounds.summaries(m.meetingId).find((r) => r.state === 'open')!.id;
    const closed: number[] = [];
    for (const k of [0, 1, 2]) {
      const id = k === 0 ? firstOpen : await voteRound(k === 1, k);
      expect((await t.admin({ method: 'POST', url: `/api/rounds/${id}/close` })).json().state).toBe('closed');
      closed.push(id);
      await expect.poll(names, { timeout: 30_000 }).toEqual(expect.arrayContaining([expect.stringContaining(`-close-r${id}.db`)]));
    }
    await t.app.backups!.idle();
    expect(names()).toHaveLength(2);
    expect(names()[1]).toContain(`-close-r${closed[2]}.db`);
    expect(names().some((n) => n.endsWith('.partial'))).toBe(false);
  });

  it('a restored backup verifies and has the same tallies (restore as in docs/operations.md)', async () => {
    await t.app.backups!.idle();
    const newest = t.app.backups!.list().at(-1)!;
    // The backup is a complete, consistent SQLite database on its own.
    const check = new Database(newest, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    check.close();

    // Restore: the backup becomes the database file (no -wal/-shm beside it), with its card key.
    const dbPath = join(restoreDir, 'stemkaart.db');
    copyFileSync(newest, dbPath);
    copyFileSync(`${t.dbPath}.key`, `${dbPath}.key`);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const restored = await makeApp({ dbPath });
    try {
      const original = (await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/audit/verify` })).json();
      const again = (await restored.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/audit/verify` })).json();
      expect(original.ok).toBe(true);
      expect(again).toEqual(original);
      const rounds = (await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/rounds` })).json() as { id: number; state: string; tallies: unknown }[];
      const restoredRounds = (await restored.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/rounds` })).json() as { id: number; state: string; tallies: unknown }[];
      expect(rounds.filter((r) => r.state === 'closed')).toHaveLength(3);
      expect(restoredRounds.map((r) => [r.id, r.state, r.tallies])).toEqual(rounds.map((r) => [r.id, r.state, r.tallies]));
      // And the restored meeting goes on: a card still votes with its code (same card key).
      const code = m.codes.values().next().value!;
      const round = await restored.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } });
      await restored.admin({ method: 'POST', url: `/api/rounds/${round.json().id}/open` });
      const res = await restored.kiosk(m.votingToken, { method: 'POST', url: '/api/scan', payload: { code } });
      expect(res.statusCode).toBe(200);
    } finally {
      await restored.close();
    }
  });
});
