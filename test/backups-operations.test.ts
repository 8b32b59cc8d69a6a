/**
 * Backups as in "Operations" of the contract (issue 13, problem 4): on request (POST/GET
 * /api/backups, `npx stemkaart backup`), after a result recorded by hand, and every
 * STEMKAART_BACKUP_INTERVAL_S while a round is open, counted from the round's opening.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { makeApp, seedMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  vi.useRealTimers();
  await t?.close();
  t = null;
});

const names = () => t!.app.backups!.list().map((f) => f.slice(f.lastIndexOf('/') + 1));

describe('POST /api/backups and GET /api/backups', () => {
  it('takes a backup now and lists it with its name, time and size; admin only', async () => {
    t = await makeApp();
    await seedMeeting(t);
    expect((await t.app.inject({ method: 'POST', url: '/api/backups' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/backups' })).statusCode).toBe(401);

    const res = await t.admin({ method: 'POST', url: '/api/backups' });
    expect(res.statusCode).toBe(201);
    const backup = res.json() as { file: string; at: string; bytes: number };
    // Named after the database (test.db): issue 24, point 8.
    expect(backup.file).toMatch(/^test-\d{8}T\d{9}Z-requested\.db$/);
    expect(new Date(backup.at).toISOString()).toBe(backup.at);
    const path = join(t.dir, 'backups', backup.file);
    expect(backup.bytes).toBe(statSync(path).size);
    expect(Object.keys(backup).sort()).toEqual(['at', 'bytes', 'file']);

    const list = await t.admin({ method: 'GET', url: '/api/backups' });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([backup]);
  });

  it('answers invalid_state for a database in memory, which has no backups', async () => {
    t = await makeApp({ dbPath: ':memory:' });
    const res = await t.admin({ method: 'POST', url: '/api/backups' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('invalid_state');
  });
});

describe('backups the server takes by itself', () => {
  it('after a result recorded by hand', async () => {
    t = await makeApp();
    const m = await seedMeeting(t);
    const res = await t.admin({ method: 'POST', url: `/api/motions/${m.motionIds[0]}/manual-result`, payload: { outcome: 'adopted' } });
    expect(res.statusCode).toBe(200);
    await expect.poll(names).toEqual([expect.stringMatching(new RegExp(`-manual-m${m.motionIds[0]}\\.db$`))]);
  });

  it('every interval while a round is open, counted from its opening, not from the start of the server', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: new Date('2030-01-01T09:00:00.000Z') });
    t = await makeApp({ backupIntervalS: 300 });
    const m = await seedMeeting(t);
    await vi.advanceTimersByTimeAsync(200_000);
    const round = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json();
    await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/open` });
    // 300 s after the start of the server, 100 s after the opening: no backup yet.
    await vi.advanceTimersByTimeAsync(150_000);
    await t.app.backups!.idle();
    expect(names()).toEqual([]);
    // 300 s after the opening (09:03:20).
    await vi.advanceTimersByTimeAsync(200_000);
    await t.app.backups!.idle();
    expect(names()).toEqual([expect.stringMatching(/T090820000Z-periodic\.db$/)]);
    // Nothing changed since: the next one is skipped; a check-in, and the one after is taken.
    await vi.advanceTimersByTimeAsync(300_000);
    await t.app.backups!.idle();
    expect(names()).toHaveLength(1);
    await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/presence`, payload: { memberCode: m.members[0].code, direction: 'out' } });
    await vi.advanceTimersByTimeAsync(300_000);
    await t.app.backups!.idle();
    expect(names()).toEqual([expect.stringMatching(/T090820000Z-periodic\.db$/), expect.stringMatching(/T091820000Z-periodic\.db$/)]);
    // Closed: its own backup, and no more periodic ones.
    await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/close` });
    await vi.advanceTimersByTimeAsync(900_000);
    await t.app.backups!.idle();
    expect(names().slice(2)).toEqual([expect.stringMatching(new RegExp(`-close-r${round.id}\\.db$`))]);
  });

  it('after a restart, the next periodic backup still falls on the opening plus a whole number of intervals', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: new Date('2030-01-01T09:00:00.000Z') });
    t = await makeApp({ backupIntervalS: 300 });
    const m = await seedMeeting(t);
    const round = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json();
    await t.admin({ method: 'POST', url: `/api/rounds/${round.id}/open` }); // 09:00:00
    await vi.advanceTimersByTimeAsync(100_000);
    await t.app.close();
    await vi.advanceTimersByTimeAsync(300_000); // down until 09:06:40
    const again = await makeApp({ dbPath: t.dbPath, backupIntervalS: 300 });
    const dir = t.dir;
    t = { ...again, dir, close: async () => again.close() };
    await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/presence`, payload: { memberCode: m.members[0].code, direction: 'out' } });
    await vi.advanceTimersByTimeAsync(200_000); // 09:10:00 = opening + 2 × 300 s
    await t.app.backups!.idle();
    expect(names()).toEqual([expect.stringMatching(/T091000000Z-periodic\.db$/)]);
  });
});

describe('npx stemkaart backup', () => {
  it('writes a backup beside the database and says where', async () => {
    t = await makeApp();
    await seedMeeting(t);
    await t.app.close();
    let out = '';
    let err = '';
    const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: t.dbPath }, cwd: t.dir };
    expect(await runCli(['backup'], io), err).toBe(0);
    const path = /^backup written to (\S+) \((\d+) bytes\)\n$/.exec(out)![1];
    expect(path.startsWith(join(t.dir, 'backups'))).toBe(true);
    expect(existsSync(path)).toBe(true);
    const closed = t;
    t = { ...closed, close: async () => undefined };
    const { rmSync } = await import('node:fs');
    rmSync(closed.dir, { recursive: true, force: true });
  });
});
