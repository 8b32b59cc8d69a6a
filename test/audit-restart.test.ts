import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { mkdtempSync, mkdirSync, readdirSync, copyFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../server/app.ts';
import { MIGRATIONS_DIR, migrate, openDatabase } from '../server/db/database.ts';
import { entryHash, GENESIS_HASH } from '../server/modules/audit/audit.ts';
import { canonicalJson } from '../server/modules/audit/canonical.ts';
import { ADMIN_TOKEN, makeApp, nonce, seedMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

describe('audit log', () => {
  it('is hash-chained over canonical JSON with sorted keys, and verifies', async () => {
    t = await makeApp();
    const s = await seedMeeting(t);
    const round = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${round}/open` });
    await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get('GM0001'), roundId: round, nonce: nonce(), choices: s.motionIds.map((motionId) => ({ motionId, choice: 'for' })) } });
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${round}/close` })).json();

    const res = await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit` });
    expect(res.headers['content-type']).toContain('application/x-ndjson');
    const entries = res.body.trim().split('\n').map((l) => JSON.parse(l));
    let prev = GENESIS_HASH;
    entries.forEach((e, i) => {
      expect(e.seq).toBe(i + 1);
      expect(e.prevHash).toBe(prev);
      const { hash, ...rest } = e;
      expect(hash).toBe(entryHash(rest));
      prev = hash;
    });
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['meeting.created', 'agenda.added', 'weights.frozen', 'cards.issued', 'kiosk.paired', 'presence.checked_in', 'round.created', 'round.opened', 'ballot.cast', 'round.closed']));
    expect(entries.find((e) => e.action === 'ballot.cast').actor).toMatch(/^kiosk:\d+$/);
    expect(entries.find((e) => e.action === 'round.created').actor).toBe('admin');
    expect(closed.headHash).toBe(entries.find((e) => e.action === 'round.closed').hash);

    const verify = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify` })).json();
    expect(verify).toEqual({ ok: true, entries: entries.length, head: prev });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit` })).statusCode).toBe(401);
    expect((await t.admin({ method: 'GET', url: '/api/meetings/55/audit/verify' })).json().error).toBe('not_found');
  });

  it('exports in pages that join into the whole chain, without the entries appended meanwhile', async () => {
    t = await makeApp();
    const s = await seedMeeting(t);
    const whole = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit` })).body;
    const lines = whole.trim().split('\n');
    expect(lines.length).toBeGreaterThan(7);
    const pages = t.app.domain.audit.ndjsonPages(s.meetingId, 3);
    const first = pages.next().value as string;
    expect(first.trim().split('\n')).toHaveLength(3);
    // An entry appended while the export runs belongs to the next export.
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds } });
    expect(first + [...pages].join('')).toBe(whole);
    expect(lines.map((l) => JSON.parse(l).seq)).toEqual(lines.map((_, i) => i + 1));
  });

  it('is append-only in the database itself', async () => {
    t = await makeApp();
    await seedMeeting(t);
    const db = new Database(t.dbPath);
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM presence_events').run()).toThrow(/append-only/);
    db.close();
  });
});

describe('restart', () => {
  it('rebuilds the open round, tally, presence and voters from the database', async () => {
    t = await makeApp();
    const s = await seedMeeting(t);
    const round = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds, allowChange: true } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${round}/open` });
    const n = nonce();
    const choices = (c: string) => s.motionIds.map((motionId) => ({ motionId, choice: c }));
    const first = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get('GM0001'), roundId: round, nonce: n, choices: choices('for') } });
    await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get('GM0002'), roundId: round, nonce: nonce(), choices: choices('for') } });
    await t.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get('GM0002'), roundId: round, nonce: nonce(), choices: choices('against') } });
    const before = (await t.admin({ method: 'GET', url: `/api/rounds/${round}` })).json();
    await t.app.close();

    const app = await buildApp({ dbPath: t.dbPath, adminToken: ADMIN_TOKEN, logLevel: 'silent' });
    const after = (await app.inject({ method: 'GET', url: `/api/rounds/${round}`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    expect(after).toEqual(before);
    expect(after.tallies[0]).toMatchObject({ for: { weight: 75, count: 1 }, against: { weight: 50, count: 1 } });
    // The resend after restart gets the same receipt; voting goes on.
    const resend = await app.inject({ method: 'POST', url: '/api/ballots', headers: { authorization: `Bearer ${s.votingToken}` }, payload: { code: s.codes.get('GM0001'), roundId: round, nonce: n, choices: choices('for') } });
    expect(resend.statusCode).toBe(200);
    expect(resend.json().receipt).toBe(first.json().receipt);
    const more = await app.inject({ method: 'POST', url: '/api/ballots', headers: { authorization: `Bearer ${s.votingToken}` }, payload: { code: s.codes.get('GM0003'), roundId: round, nonce: nonce(), choices: choices('abstain') } });
    expect(more.statusCode).toBe(201);
    const closed = (await app.inject({ method: 'POST', url: `/api/rounds/${round}/close`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json();
    expect(closed.tallies[0]).toMatchObject({ for: { weight: 75 }, against: { weight: 50 }, abstain: { weight: 20 }, outcome: 'adopted' });
    expect((await app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify`, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).json().ok).toBe(true);
    await app.close();
  });
});

describe('migrations', () => {
  const schemaOf = (path: string) => {
    const db = new Database(path, { readonly: true });
    const rows = db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();
    const versions = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    db.close();
    return { rows, versions };
  };

  it('bring a new and an existing database to the same schema, applying each file once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stemkaart-mig-'));
    try {
      const migrations = join(dir, 'migrations');
      mkdirSync(migrations);
      const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
      for (const f of files) copyFileSync(join(MIGRATIONS_DIR, f), join(migrations, f));

      // An existing database made by the current files, with data in it.
      const old = openDatabase(join(dir, 'old.db'), migrations);
      old.prepare("INSERT INTO members (code, name, population, weight) VALUES ('GM1', 'A', 1000, 1)").run();
      old.close();

      // A later release adds a migration.
      writeFileSync(join(migrations, '999_test_addition.sql'), 'ALTER TABLE members ADD COLUMN note TEXT;\nCREATE INDEX members_note ON members(note);\n');
      const upgraded = openDatabase(join(dir, 'old.db'), migrations);
      expect(upgraded.prepare('SELECT code, note FROM members').all()).toEqual([{ code: 'GM1', note: null }]);
      expect(migrate(upgraded, migrations)).toEqual([]);
      upgraded.close();
      openDatabase(join(dir, 'new.db'), migrations).close();

      expect(schemaOf(join(dir, 'old.db')).rows).toEqual(schemaOf(join(dir, 'new.db')).rows);
      expect(schemaOf(join(dir, 'old.db')).versions.map((v) => (v as { version: number }).version)).toEqual([...files.map((f) => Number.parseInt(f, 10)), 999]);

      const db = new Database(join(dir, 'new.db'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      const live = openDatabase(join(dir, 'new.db'), migrations);
      expect(live.pragma('synchronous', { simple: true })).toBe(2); // FULL
      expect(live.pragma('foreign_keys', { simple: true })).toBe(1);
      live.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('roll back a failing migration whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stemkaart-mig-'));
    try {
      writeFileSync(join(dir, '001_ok.sql'), 'CREATE TABLE a (x INTEGER);');
      writeFileSync(join(dir, '002_bad.sql'), 'CREATE TABLE b (x INTEGER); THIS IS NOT SQL;');
      expect(() => openDatabase(join(dir, 'x.db'), dir)).toThrow();
      const db = new Database(join(dir, 'x.db'));
      expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('a','b')").all()).toEqual([]);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
