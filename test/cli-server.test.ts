/**
 * The command line cannot leave a running server stale (issue 13, problem 3): while a server holds
 * the database, commands that change data go through its HTTP API or refuse with one line saying
 * what to do; commands that only read keep working. And one admin-token story: the token is made
 * (or chosen with STEMKAART_ADMIN_TOKEN) once, `admin-token rotate` replaces it, nothing else makes
 * another. Tested against the real server process (`node dist/server/main.js`).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { openDatabase } from '../server/db/database.ts';
import { claimDatabase, currentHolder } from '../server/db/server-lock.ts';
import { client, startServer, type Client, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'cli-server-admin-token-0123456789';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let dir: string;
let dbPath: string;
let server: ServerProcess | null = null;
let api: Client;
let codes: Map<string, string>;
let checkinToken: string;

async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: dbPath, ...env }, cwd: dir };
  const code = await runCli(args, io);
  return { code, out, err };
}

async function stop(): Promise<void> {
  if (!server) return;
  server.child.kill('SIGTERM');
  await server.exited;
  server = null;
}

const checkIn = (code: string) => api('POST', '/api/checkins', { token: checkinToken, body: { code, direction: 'in' } });
const storedAdminHashes = () => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return db.prepare("SELECT value FROM settings WHERE key LIKE 'admin_token%'").pluck().all();
  } finally {
    db.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-cli-server-'));
  dbPath = join(dir, 'stemkaart.db');
  server = await startServer({ STEMKAART_DB: dbPath, STEMKAART_ADMIN_TOKEN: ADMIN });
  api = client(server.base);
  const members = ['GM0001', 'GM0002', 'GM0003'].map((code, i) => ({ code, name: `Gemeente ${i + 1}`, population: 10_000 * (i + 1) }));
  expect((await api('PUT', '/api/members', { token: ADMIN, body: members })).status).toBe(200);
  const meeting = await api('POST', '/api/meetings', { token: ADMIN, body: { title: 'ALV', date: '2030-01-01' } });
  const cards = await api('POST', `/api/meetings/${meeting.body.id}/cards`, { token: ADMIN, body: {} });
  codes = new Map((cards.body.cards as { memberCode: string; code: string }[]).map((c) => [c.memberCode, c.code]));
  checkinToken = (await api('POST', `/api/meetings/${meeting.body.id}/kiosks`, { token: ADMIN, body: { name: 'Ingang', mode: 'checkin' } })).body.token;
}, 60_000);

afterAll(async () => {
  await stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('stemkaart while the server runs on the same database', () => {
  it('cards reissue without the admin token refuses in one line, and changes nothing', async () => {
    const r = await cli(['cards', 'reissue', '--meeting', '1', '--member', 'GM0001', '--out', 'GM0001.pdf']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^stemkaart: a Stemkaart server \(pid \d+, http:\/\/127\.0\.0\.1:\d+\) is using .*stemkaart\.db: set STEMKAART_ADMIN_TOKEN to its admin token so that "cards reissue" goes through the server, or stop the server first\n$/);
    expect(existsSync(join(dir, 'GM0001.pdf'))).toBe(false);
    expect((await checkIn(codes.get('GM0001')!)).status).toBe(200);
  });

  it('cards reissue through a hard link to the database refuses too, writing nothing (issue 23, point 7)', async () => {
    const hard = join(dir, 'hard-link.db');
    linkSync(dbPath, hard);
    try {
      const r = await cli(['cards', 'reissue', '--meeting', '1', '--member', 'GM0001', '--out', 'GM0001-hard.pdf'], { STEMKAART_DB: hard });
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/has 2 hard links/);
      expect(existsSync(join(dir, 'GM0001-hard.pdf'))).toBe(false);
      expect(existsSync(`${hard}-wal`), 'a WAL of its own beside the link').toBe(false);
      expect(existsSync(`${hard}.key`), 'a key file of its own beside the link').toBe(false);
      // The card was not revoked behind the server's back.
      expect((await checkIn(codes.get('GM0001')!)).status).toBe(200);
    } finally {
      rmSync(hard, { force: true });
    }
  });

  it('cards reissue with the admin token goes through the server: the old card is refused at once, the new one works', async () => {
    expect((await checkIn(codes.get('GM0002')!)).status).toBe(200);
    const r = await cli(['cards', 'reissue', '--meeting', '1', '--member', 'GM0002', '--out', 'GM0002.pdf'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(dir, 'GM0002.pdf'))).toBe(true);
    const newCode = /new card for Gemeente 2: ([\d -]+)\n/.exec(r.out)![1];
    const old = await checkIn(codes.get('GM0002')!);
    expect(old.status).toBe(403);
    expect(old.body.error).toBe('revoked_card');
    expect((await checkIn(newCode)).status).toBe(200);
  });

  it('members import and meeting create go through the server too; the server answers at once', async () => {
    writeFileSync(join(dir, 'new.csv'), 'code,name,province,population\nGM0004,Gemeente 4,Utrecht,40000\n');
    const imported = await cli(['members', 'import', 'new.csv'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(imported).toMatchObject({ code: 0, out: '1 inserted, 0 updated\n' });
    const created = await cli(['meeting', 'create', '--title', 'Extra ALV', '--date', '2030-02-01'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(created.out).toBe('meeting 2 created: Extra ALV, 2030-02-01\n');
    expect((await api('GET', '/api/members')).body.map((m: { code: string }) => m.code)).toContain('GM0004');
    // A refusal of the server comes back as its message, in one line.
    const wrong = await cli(['cards', 'reissue', '--meeting', '1', '--member', 'GM9999', '--out', 'x.pdf'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/^stemkaart: .*GM9999.*\n$/);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
  });

  it('commands that only read keep working, and never make an admin token', async () => {
    const verify = await cli(['audit', 'verify', '--meeting', '1']);
    expect(verify.code, verify.err).toBe(0);
    const weights = await cli(['weights', 'show']);
    expect(weights.code).toBe(0);
    // The database was made by a server with STEMKAART_ADMIN_TOKEN: the command line printed no
    // "New database: admin token" and stored no second token.
    expect(verify.err + weights.err).toBe('');
    expect(storedAdminHashes()).toEqual([sha256(ADMIN)]);
  });

  it('the secretariat commands (kiosks, rounds) refuse without the token and go through the server with it', async () => {
    const refused = await cli(['kiosks', 'create', '--meeting', '1', '--name', 'Stemzuil 1', '--mode', 'voting']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^stemkaart: a Stemkaart server \(pid \d+, .*\) is using .*: set STEMKAART_ADMIN_TOKEN to its admin token so that "kiosks create" goes through the server, or stop the server first\n$/);
    expect(refused.out).toBe('');
    expect((await cli(['rounds', 'open', '--round', '1'])).err).toMatch(/so that "rounds open" goes through the server/);

    const paired = await cli(['kiosks', 'create', '--meeting', '1', '--name', 'Stemzuil 1', '--mode', 'voting', '--json'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(paired.code, paired.err).toBe(0);
    const kiosk = JSON.parse(paired.out) as { id: number; token: string; url: string };
    expect(kiosk.url).toBe(`${server!.base}/kiosk/#token=${kiosk.token}`);
    const agenda = { items: [{ number: '1', title: 'Begroting', motions: [{ ref: '1.1', kind: 'motion', title: 'Motie begroting', submitters: ['GM0001'] }] }] };
    expect((await api('POST', '/api/meetings/1/agenda', { token: ADMIN, body: agenda })).status).toBe(201);

    const created = await cli(['rounds', 'create', '--meeting', '1', '--motions', '1.1'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(created).toMatchObject({ code: 0, out: 'stemronde 1 voorbereid op 1.1\n' });
    expect((await cli(['rounds', 'open', '--round', '1'], { STEMKAART_ADMIN_TOKEN: ADMIN })).out).toMatch(/^stemronde 1 \(geopend\)/);
    // The running server took the new kiosk and the open round at once: the kiosk scans a card (checked in above) for it.
    const scan = await api('POST', '/api/scan', { token: kiosk.token, body: { code: codes.get('GM0001')! } });
    expect(scan.status, JSON.stringify(scan.body)).toBe(200);
    const closed = await cli(['rounds', 'close', '--round', '1'], { STEMKAART_ADMIN_TOKEN: ADMIN });
    expect(closed.out).toMatch(/^stemronde 1 \(gesloten\): 0 gestemd, gewicht 0\n {2}1\.1: /);
    expect((await api('GET', '/api/rounds/1')).body.state).toBe('closed');

    expect((await cli(['kiosks', 'remove', '--kiosk', String(kiosk.id)], { STEMKAART_ADMIN_TOKEN: ADMIN })).out).toBe(`kiosk ${kiosk.id} (Stemzuil 1) removed\n`);
    expect((await api('POST', '/api/scan', { token: kiosk.token, body: { code: codes.get('GM0001')! } })).status).toBe(401);
    // Listing only reads: it works without the token while the server runs.
    expect((await cli(['kiosks', 'list', '--meeting', '1'])).out).toMatch(/Stemzuil 1\s+voting\s+verwijderd/);
  });

  it('admin-token rotate refuses while the server runs, in one line', async () => {
    const r = await cli(['admin-token', 'rotate']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^stemkaart: a Stemkaart server .* is using .*: stop the server first, then run "admin-token rotate" again\n$/);
    expect(storedAdminHashes()).toEqual([sha256(ADMIN)]);
  });
});

describe('the admin token once the server is stopped', () => {
  it('admin-token rotate prints a new token once; the restarted server takes it and refuses the old one', async () => {
    await stop();
    expect(currentHolder(dbPath)).toBeNull();
    expect((await cli(['admin-token', 'rotate'], { STEMKAART_ADMIN_TOKEN: ADMIN })).err).toMatch(/STEMKAART_ADMIN_TOKEN is set/);
    const r = await cli(['admin-token', 'rotate']);
    expect(r.code, r.err).toBe(0);
    const token = /^New admin token \(shown once; .*\): (\S+)\n$/.exec(r.out)![1];
    expect(storedAdminHashes()).toEqual([sha256(token)]);

    server = await startServer({ STEMKAART_DB: dbPath });
    api = client(server.base);
    expect(server.output()).not.toMatch(/admin token/i);
    expect((await api('GET', '/api/session', { token })).status).toBe(200);
    expect((await api('GET', '/api/session', { token: ADMIN })).status).toBe(401);
  }, 60_000);
});

describe('the record of the server holding a database (server/db/server-lock.ts)', () => {
  it('names the live server, and forgets one whose process is gone', async () => {
    const other = join(dir, 'other.db');
    const claim = claimDatabase(other);
    claim.listening('http://127.0.0.1:1234');
    expect(currentHolder(other)).toMatchObject({ pid: process.pid, url: 'http://127.0.0.1:1234' });
    claim.release();
    expect(currentHolder(other)).toBeNull();

    // A server killed without closing leaves its record behind: it does not count.
    const gone = spawn(process.execPath, ['-e', '']);
    const pid = gone.pid!;
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(`${other}.server`, JSON.stringify({ pid, url: 'http://127.0.0.1:1', startedAt: '', claim: 'x' }));
    expect(currentHolder(other)).toBeNull();
  });

  it('names the database by device and inode: a record left by another file at that path does not count', () => {
    const file = join(dir, 'replaced.db');
    writeFileSync(file, '');
    const claim = claimDatabase(file);
    try {
      expect(currentHolder(file)).toMatchObject({ pid: process.pid });
      // The file is replaced by another (another inode) while the record stays.
      writeFileSync(`${file}.new`, '');
      renameSync(`${file}.new`, file);
      expect(currentHolder(file)).toBeNull();
    } finally {
      claim.release();
    }
  });

  it('a database file with more than one link is refused, by the server and the command line alike', async () => {
    const file = join(dir, 'linked.db');
    openDatabase(file).close();
    linkSync(file, join(dir, 'linked-too.db'));
    expect(() => openDatabase(file)).toThrow(/has 2 hard links/);
    expect(() => currentHolder(join(dir, 'linked-too.db'))).toThrow(/has 2 hard links/);
    const r = await cli(['rounds', 'list', '--meeting', '1'], { STEMKAART_DB: file });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/has 2 hard links/);
  });

  it('is found through a symbolic link to the database file too (a command line given another path to it)', () => {
    const real = join(dir, 'real.db');
    writeFileSync(real, '');
    const link = join(dir, 'link.db');
    symlinkSync(real, link);
    const claim = claimDatabase(real);
    try {
      expect(currentHolder(link)).toMatchObject({ pid: process.pid });
    } finally {
      claim.release();
    }
    const viaLink = claimDatabase(link);
    try {
      expect(currentHolder(real)).toMatchObject({ pid: process.pid });
    } finally {
      viaLink.release();
    }
  });
});
