/**
 * Issue 12, point 3 (file modes): the database, its -wal and -shm files and every backup were
 * created 0644, readable by every account on the machine. They, and the card key file, are created
 * readable by the owner only (0600), by the server and by the command line alike.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { makeApp, nonce, seedMeeting } from './helpers/app.ts';

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

let dir: string;
let umask: number;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-modes-'));
  // The usual umask, whatever the machine running the tests has: files come out 0644 unless made otherwise.
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
  rmSync(dir, { recursive: true, force: true });
});

describe('files of the server', () => {
  it('database, -wal, -shm, key file and a backup after a round close are 0600', async () => {
    const dbPath = join(dir, 'server', 'stemkaart.db');
    const t = await makeApp({ dbPath, backupDir: join(dir, 'server', 'backups') });
    try {
      const s = await seedMeeting(t, { populations: [40_000, 9_000] });
      const round = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: [s.motionIds[0]], secret: true } })).json();
      await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/open` });
      const code = s.codes.get(s.members[0].code)!;
      expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId: round.id, choices: [{ motionId: s.motionIds[0], choice: 'for' }], nonce: nonce() } })).statusCode).toBe(201);
      await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/close` });
      await t.app.backups!.idle();

      const files = [dbPath, `${dbPath}-wal`, `${dbPath}-shm`, `${dbPath}.key`];
      for (const file of files) expect(existsSync(file), file).toBe(true);
      const backups = t.app.backups!.list();
      expect(backups.length).toBeGreaterThan(0);
      for (const file of [...files, ...backups]) expect(modeOf(file), file).toBe('600');
    } finally {
      await t.app.close();
    }
  });

  it('an existing database left 0644 by an earlier version is made 0600 when opened', async () => {
    const dbPath = join(dir, 'old', 'stemkaart.db');
    let t = await makeApp({ dbPath });
    await t.app.close();
    const { chmodSync } = await import('node:fs');
    for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`].filter(existsSync)) chmodSync(file, 0o644);
    t = await makeApp({ dbPath });
    try {
      for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect(modeOf(file), file).toBe('600');
    } finally {
      await t.app.close();
    }
  });
});

describe('files of the command line', () => {
  it('a database and key file made by `stemkaart members import` are 0600', async () => {
    const cliDir = join(dir, 'cli');
    const dbPath = join(cliDir, 'stemkaart.db');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(cliDir);
    writeFileSync(join(cliDir, 'members.json'), JSON.stringify([{ code: 'GM0001', name: 'Gemeente A', population: 12_000 }]));
    let err = '';
    const io: CliIo = { stdout: { write: () => undefined }, stderr: { write: (s: string) => (err += s), isTTY: false, columns: 80 }, env: { STEMKAART_DB: dbPath }, cwd: cliDir };
    expect(await runCli(['members', 'import', 'members.json'], io), err).toBe(0);
    const made = readdirSync(cliDir).filter((n) => n.startsWith('stemkaart.db')).map((n) => join(cliDir, n));
    expect(made).toContain(`${dbPath}.key`);
    expect(made).toContain(dbPath);
    for (const file of made) expect(modeOf(file), file).toBe('600');
  });
});
