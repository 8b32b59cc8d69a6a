/**
 * A secret round ended from the command line (`stemkaart rounds close|cancel` while no server runs)
 * leaves no backup that holds its ballots as they were cast, and a backup is taken after it, as the
 * server does. Before the fix the interval backups of the open round (each ballot with its weight,
 * beside `participations`) stayed in `backups/` after a CLI close, and no close backup was taken.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../../server/cli/main.ts';
import { makeApp, nonce, seedMeeting, type TestApp } from '../helpers/app.ts';

let t: TestApp | null = null;
afterEach(() => {
  if (t) rmSync(t.dir, { recursive: true, force: true });
  t = null;
});

async function cli(args: string[], dbPath: string, cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: dbPath }, cwd };
  const code = await runCli(args, io);
  return { code, out, err };
}

/** The number of a round's ballots a backup holds as an open round keeps them (with weight). */
function unsealedIn(file: string, roundId: number): number {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT count(*) FROM secret_ballots_open WHERE round_id = ?').pluck().get(roundId) as number;
  } finally {
    db.close();
  }
}

/** Every receipt in a backup is followed by its choices (a sealed row), never by a weight (an open row). */
function receiptsNextToWeights(file: string, receipts: string[]): string[] {
  const bytes = readFileSync(file);
  const found: string[] = [];
  for (const r of receipts) {
    const needle = Buffer.from(r, 'latin1');
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
      if (bytes.subarray(at + r.length, at + r.length + 12).toString('latin1') !== '[{"motionId"') found.push(`${basename(file)}: ${r} at ${at}`);
    }
  }
  return found;
}

/**
 * A server with a secret round open, ballots cast, and a periodic backup taken while it was open;
 * then the server stops.
 */
async function serverStoppedDuringSecretRound(): Promise<{ roundId: number; receipts: string[]; whileOpen: string; backupDir: string }> {
  t = await makeApp({ backupKeep: 50 });
  // Weights of 2 and more: the bytes after a receipt tell an open row (weight) from a sealed one.
  const m = await seedMeeting(t, { populations: [90_000, 45_000, 30_000, 12_000, 8_000, 3_000] });
  const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret: true } })).json().id as number;
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` })).statusCode).toBe(200);
  const receipts: string[] = [];
  for (const [i, member] of m.members.entries()) {
    const choices = m.motionIds.map((motionId) => ({ motionId, choice: i % 2 === 0 ? 'for' : 'against' }));
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.codes.get(member.code)!, roundId, choices, nonce: nonce() } });
    expect(res.statusCode).toBe(201);
    receipts.push(res.json().receipt as string);
  }
  const whileOpen = await t.app.backups!.run('periodic');
  const backupDir = t.app.backups!.dir;
  await t.app.close();
  // What the scenario is about: the backup holds the round's ballots with their weights.
  expect(unsealedIn(whileOpen, roundId)).toBe(receipts.length);
  return { roundId, receipts, whileOpen, backupDir };
}

describe('stemkaart rounds close|cancel of a secret round, no server running', () => {
  for (const action of ['close', 'cancel'] as const) {
    it(`${action}: removes the backups holding its ballots as cast, after a backup of the ended round`, async () => {
      const { roundId, receipts, whileOpen, backupDir } = await serverStoppedDuringSecretRound();
      const r = await cli(['rounds', action, '--round', String(roundId)], t!.dbPath, t!.dir);
      expect(r.code, r.err).toBe(0);

      expect(existsSync(whileOpen), 'the backup taken while the round was open is removed').toBe(false);
      const names = readdirSync(backupDir);
      const after = names.find((n) => n.endsWith(`-${action}-r${roundId}.db`));
      expect(after, `a backup named …-${action}-r${roundId}.db in ${names.join(', ')}`).toBeDefined();
      // Only backups in the folder (no .partial, -wal or -shm left by reading them).
      expect(names.filter((n) => !n.endsWith('.db'))).toEqual([]);
      for (const name of names) {
        const file = join(backupDir, name);
        expect(unsealedIn(file, roundId), `${name} holds ballots with weights`).toBe(0);
        expect(receiptsNextToWeights(file, receipts)).toEqual([]);
      }
      // The backup after a close holds its ballots sealed: round, receipt and choices; after a cancel, none.
      const sealed = new Database(join(backupDir, after!), { readonly: true });
      expect(sealed.prepare('SELECT count(*) FROM secret_ballots WHERE round_id = ?').pluck().get(roundId)).toBe(action === 'close' ? receipts.length : 0);
      sealed.close();
    });
  }

  it('close of a round that is not secret takes the close backup too (the contract: after every round close)', async () => {
    t = await makeApp();
    const m = await seedMeeting(t);
    const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json().id as number;
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
    const backupDir = t.app.backups!.dir;
    await t.app.close();
    const r = await cli(['rounds', 'close', '--round', String(roundId)], t.dbPath, t.dir);
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(backupDir)).toEqual([expect.stringMatching(new RegExp(`^[\\w-]+-\\d{8}T\\d{9}Z-close-r${roundId}\\.db$`))]);
  });
});
