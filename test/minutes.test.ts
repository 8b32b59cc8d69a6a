/**
 * Words and numbers the minutes use (issue 24; docs/api.md, "Words and numbers the minutes use"):
 * one number per round, Dutch CSVs, one word for a practice round's outcome, the meeting's time
 * zone, Dutch messages, canonical codes, the CLI's flags, backups named after their database.
 */
import { parse } from 'csv-parse/sync';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { consoleLang } from '../server/lib/console-lang.ts';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { backupPrefix } from '../server/modules/backups/backups.ts';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';
import { startServer, type ServerProcess } from './helpers/server-process.ts';

let t: TestApp | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await t?.close();
  t = null;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The seeded meeting with an opening item holding practice motion 1.P. */
async function setup(): Promise<{ t: TestApp; s: SeededMeeting; practiceId: number }> {
  t = await makeApp();
  const s = await seedMeeting(t, { motions: 2 });
  const res = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/agenda`, payload: { items: [{ number: '1', title: 'Opening', motions: [{ ref: '1.P', kind: 'practice', title: 'Proefstemming' }] }] } });
  return { t, s, practiceId: res.json().items[0].motions[0].id };
}

async function heldRound(app: TestApp, s: SeededMeeting, motionIds: number[], choice = 'for'): Promise<number> {
  const id = (await app.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds } })).json().id as number;
  await app.admin({ method: 'POST', url: `/api/rounds/${id}/open` });
  for (const code of ['GM0001', 'GM0002']) {
    const res = await app.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get(code), roundId: id, nonce: nonce(), choices: motionIds.map((motionId) => ({ motionId, choice })) } });
    expect(res.statusCode).toBe(201);
  }
  expect((await app.admin({ method: 'POST', url: `/api/rounds/${id}/close` })).statusCode).toBe(200);
  return id;
}

describe('one number per round (point 1)', () => {
  it('numbers rounds 1, 2, … per meeting, practice rounds included, in every view and in the CSV name', async () => {
    const { t, s, practiceId } = await setup();
    // A second meeting's round first: ids and numbers part ways.
    const other = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Andere ALV', date: '2024-06-01' } })).json().id as number;
    const otherAgenda = (await t.admin({ method: 'POST', url: `/api/meetings/${other}/agenda`, payload: { items: [{ number: '1', title: 'x', motions: [{ ref: '1.1', kind: 'motion', title: 'x' }] }] } })).json();
    const otherRound = (await t.admin({ method: 'POST', url: `/api/meetings/${other}/rounds`, payload: { motionIds: [otherAgenda.items[0].motions[0].id] } })).json();
    expect(otherRound.number).toBe(1);

    const practice = await heldRound(t, s, [practiceId]);
    const real = await heldRound(t, s, [s.motionIds[0]]);
    expect(real).toBe(3);
    const view = (await t.app.inject({ method: 'GET', url: `/api/rounds/${real}` })).json();
    expect(view.number).toBe(2);
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${practice}` })).json().number).toBe(1);
    const detail = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    expect(detail.rounds.map((r: { number: number }) => r.number)).toEqual([1, 2]);
    const csv = await t.app.inject({ method: 'GET', url: `/api/rounds/${real}/results.csv` });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="stemronde-2.csv"');
  });
});

describe('CSVs for a Dutch spreadsheet (points 2 and 3)', () => {
  it('results.csv and the voting record are Dutch with semicolons by default, English with commas with ?lang=en', async () => {
    const { t, s, practiceId } = await setup();
    const practice = await heldRound(t, s, [practiceId], 'against');
    const real = await heldRound(t, s, [s.motionIds[0]]);
    const nl = await t.app.inject({ method: 'GET', url: `/api/rounds/${real}/results.csv` });
    expect(nl.body.startsWith('\uFEFFsoort;stemronde;')).toBe(true);
    const rows = parse(nl.body.slice(1), { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(rows.find((r) => r.code === 'GM0001')).toMatchObject({ soort: 'stem', stemronde: '2', keuze: 'voor' });
    expect(rows.find((r) => r.soort === 'totaal')!.uitslag).toBe('aangenomen');
    const en = await t.app.inject({ method: 'GET', url: `/api/rounds/${real}/results.csv?lang=en` });
    expect(en.body.startsWith('\uFEFFrow,round,')).toBe(true);
    expect(en.headers['content-disposition']).toBe('attachment; filename="round-2.csv"');
    const practiceCsv = (await t.app.inject({ method: 'GET', url: `/api/rounds/${practice}/results.csv` })).body;
    const practiceRows = parse(practiceCsv.slice(1), { columns: true, delimiter: ';' }) as Record<string, string>[];
    expect(practiceRows.filter((r) => r.soort === 'totaal').every((r) => r.uitslag === 'geen besluit')).toBe(true);

    const record = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.csv` })).body;
    expect(record.startsWith('\uFEFFCode;Lid;Stemmen;7.1\r\n')).toBe(true);
    expect(record).toContain('GM0001;');
    const recordEn = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.csv?lang=en` })).body;
    expect(recordEn.startsWith('\uFEFFCode,Member,Weight,7.1\r\n')).toBe(true);
    expect(recordEn).toMatch(/GM0001,[^\r]*,for\r\n/);
  });
});

describe("the meeting's time zone (point 4)", () => {
  it('is Europe/Amsterdam by default, takes another IANA zone, and refuses one that is not', async () => {
    t = await makeApp();
    const plain = await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2024-06-01' } });
    expect(plain.json().timeZone).toBe('Europe/Amsterdam');
    const utc = await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2024-06-01', timeZone: 'UTC' } });
    expect(utc.json().timeZone).toBe('UTC');
    const bad = await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2024-06-01', timeZone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'validation', message: expect.stringContaining('timeZone') });
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings' })).json()).toHaveLength(2);
  });
});

describe('kiosks last seen (point 8)', () => {
  it('records when a kiosk was last used; a kiosk never opened has none', async () => {
    const { t, s } = await setup();
    const before = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/kiosks` })).json() as { name: string; lastSeenAt: string | null }[];
    // The check-in kiosk checked everyone in while seeding; the voting kiosk was never used.
    expect(before.find((k) => k.name === 'Ingang')!.lastSeenAt).toEqual(expect.any(String));
    expect(before.find((k) => k.name === 'Stemzuil')!.lastSeenAt).toBeNull();
    await t.kiosk(s.votingToken, { method: 'GET', url: '/api/kiosk/me' });
    const after = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/kiosks` })).json() as { name: string; lastSeenAt: string | null }[];
    expect(after.find((k) => k.name === 'Stemzuil')!.lastSeenAt).toEqual(expect.any(String));
  });
});

describe('codes in their canonical form (point 7)', () => {
  it('stores and shows member codes from a member file in upper case', async () => {
    t = await makeApp();
    const res = await t.admin({ method: 'PUT', url: '/api/members', headers: { 'content-type': 'text/csv' }, payload: 'code,name,population\ngm0001,Een,1000\nGM0002,Twee,2000\n' });
    expect(res.statusCode, res.body).toBe(200);
    const codes = ((await t.app.inject({ method: 'GET', url: '/api/members' })).json() as { code: string }[]).map((m) => m.code).sort();
    expect(codes).toEqual(['GM0001', 'GM0002']);
    // The same member again in lower case updates it, still upper case.
    const again = await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'gm0001', name: 'Een', population: 1500 }] });
    expect(again.json()).toEqual({ inserted: 0, updated: 1 });
  });
});

describe('messages in Dutch unless English is asked for (point 5)', () => {
  it('chooses Dutch for C.UTF-8 and no locale, English for STEMKAART_LANG=en or an English locale', () => {
    expect(consoleLang({ LANG: 'C.UTF-8' })).toBe('nl');
    expect(consoleLang({})).toBe('nl');
    expect(consoleLang({ LANG: 'en_GB.UTF-8' })).toBe('en');
    expect(consoleLang({ LANG: 'en_GB.UTF-8', STEMKAART_LANG: 'nl' })).toBe('nl');
    expect(consoleLang({ LANG: 'C.UTF-8', STEMKAART_LANG: 'en' })).toBe('en');
  });
});

describe('backups named after the database (point 8)', () => {
  it('takes the database file name as the prefix', () => {
    expect(backupPrefix('/x/data/stemkaart.db')).toBe('stemkaart');
    expect(backupPrefix('/x/data/alv-2025.db')).toBe('alv-2025');
    expect(backupPrefix('/x/data/leden bestand.sqlite')).toBe('leden-bestand');
  });
});

describe('the command line (points 3, 5 and 8)', () => {
  function cliIn(dir: string) {
    return async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      let out = '';
      let err = '';
      const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: join(dir, 'alv.db'), LANG: 'C.UTF-8', ...env }, cwd: dir };
      const code = await runCli(args, io);
      return { code, out, err };
    };
  }

  it("says 'geen besluit' for a practice round in rounds list, numbers rounds, and speaks Dutch with LANG=C.UTF-8", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stemkaart-minutes-'));
    dirs.push(dir);
    const cli = cliIn(dir);
    writeFileSync(join(dir, 'leden.csv'), 'code,name,population\nGM0001,Een,1000\nGM0002,Twee,abc\n');
    const bad = await cli(['members', 'import', 'leden.csv']);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Rij 3, kolom inwonertal/);
    expect((await cli(['members', 'import', 'leden.csv'], { STEMKAART_LANG: 'en' })).err).toMatch(/Row 3, column population/);
    writeFileSync(join(dir, 'leden.csv'), 'code,name,population\nGM0001,Een,1000\ngm0002,Twee,2000\n');
    expect((await cli(['members', 'import', 'leden.csv'])).code).toBe(0);
    const weights = await cli(['weights', 'show']);
    expect(weights.out).toMatch(/^Regeling: /);
    expect(weights.out).toContain('GM0002');
    expect(weights.out).toMatch(/2 leden, \d+ stemmen in totaal/);
    expect((await cli(['weights', 'show'], { STEMKAART_LANG: 'en' })).out).toMatch(/2 members, \d+ votes in total/);

    const created = await cli(['meeting', 'create', '--title', 'ALV', '--date', '2024-06-01', '--allow-split', '--time-zone', 'UTC', '--json']);
    expect(created.code).toBe(2);
    const made = await cli(['meeting', 'create', '--title', 'ALV', '--date', '2024-06-01', '--allow-split', '--time-zone', 'UTC']);
    expect(made.code, made.err).toBe(0);
    const wrongZone = await cli(['meeting', 'create', '--title', 'ALV', '--date', '2024-06-01', '--time-zone', 'Nergens']);
    expect(wrongZone.code).toBe(1);
    expect(wrongZone.err).toContain('timeZone');
    writeFileSync(join(dir, 'agenda.json'), JSON.stringify({ items: [{ number: '1', title: 'Opening', motions: [{ ref: '1.P', kind: 'practice', title: 'Proef' }] }] }));
    expect((await cli(['agenda', 'import', '--meeting', '1', 'agenda.json'])).code).toBe(0);
    expect((await cli(['rounds', 'create', '--meeting', '1', '--motions', '1.P'])).out).toBe('stemronde 1 voorbereid op 1.P\n');
    expect((await cli(['rounds', 'open', '--round', '1'])).code).toBe(0);
    expect((await cli(['rounds', 'close', '--round', '1'])).code).toBe(0);
    const list = await cli(['rounds', 'list', '--meeting', '1']);
    expect(list.out).toContain('stemronde 1 (gesloten, proefstemming)');
    expect(list.out).toContain('1.P: geen besluit');
    expect(list.out).not.toMatch(/rejected|verworpen/);
    expect((await cli(['rounds', 'list', '--meeting', '1'], { STEMKAART_LANG: 'en' })).out).toContain('1.P: no decision');

    const kiosk = await cli(['kiosks', 'create', '--meeting', '1', '--name', 'Stemzuil 1', '--mode', 'voting']);
    expect(kiosk.code, kiosk.err).toBe(0);
    const kiosks = await cli(['kiosks', 'list', '--meeting', '1']);
    expect(kiosks.out).toContain('nog nooit geopend op een apparaat');
    expect(kiosks.out).not.toContain('paired');

    const exported = await cli(['results', 'export', '--round', '1']);
    expect(exported.out.startsWith('\uFEFFsoort;stemronde;')).toBe(true);
    expect((await cli(['results', 'export', '--round', '1', '--lang', 'en'])).out.startsWith('\uFEFFrow,round,')).toBe(true);

    // Backups of alv.db are named after it.
    const backup = await cli(['backup']);
    expect(backup.code, backup.err).toBe(0);
    expect(readdirSync(join(dir, 'backups')).every((f) => f.startsWith('alv-'))).toBe(true);
  }, 60_000);
});

describe('the start-up line about the demo (point 6)', () => {
  const servers: ServerProcess[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) {
      if (s.child.exitCode === null) {
        s.child.kill('SIGTERM');
        await s.exited;
      }
    }
  });
  async function started(dbPath: string): Promise<ServerProcess> {
    const s = await startServer({ STEMKAART_DB: dbPath, STEMKAART_DEMO: '1', STEMKAART_ADMIN_TOKEN: 'minutes-admin-token-0123456789' });
    servers.push(s);
    await vi.waitFor(() => expect(s.output()).toContain('Stemkaart is running.'), { timeout: 60_000 });
    return s;
  }

  it("is printed for a database the demo was loaded into, never for a real meeting's database", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stemkaart-minutes-start-'));
    dirs.push(dir);
    // A real meeting, prepared on the command line.
    const real = join(dir, 'najaars.db');
    const io: CliIo = { stdout: { write: () => true }, stderr: { write: () => true }, env: { STEMKAART_DB: real, STEMKAART_ADMIN_TOKEN: 'minutes-admin-token-0123456789' }, cwd: dir };
    expect(await runCli(['meeting', 'create', '--title', 'ALV', '--date', '2030-01-01'], io)).toBe(0);
    const onReal = await started(real);
    expect(onReal.output()).not.toContain('demo');
    onReal.child.kill('SIGTERM');
    await onReal.exited;

    // The demo, loaded on first start; the second start says where its links and codes are.
    const demo = join(dir, 'demo', 'stemkaart.db');
    mkdirSync(join(dir, 'demo'));
    const first = await started(demo);
    await vi.waitFor(() => expect(first.output()).toContain('Demo meeting loaded'), { timeout: 60_000 });
    first.child.kill('SIGTERM');
    await first.exited;
    const second = await started(demo);
    expect(second.output()).toMatch(/Existing database: the demo was loaded into it on first start \(meeting 1\); its links and codes are in \S*demo-secrets\.txt/);
  }, 180_000);
});
