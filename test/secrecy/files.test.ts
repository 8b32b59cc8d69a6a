/**
 * Issue 12, point 3 ("the files remember the order"): after a secret round closes (or is cancelled),
 * nothing in the database file, its -wal or -shm, or a backup taken afterwards keeps the order in
 * which its ballots were cast, nor a weight beside a ballot. Read from the raw bytes: every receipt is
 * stored exactly once (no earlier copy of a page in the file, a freed page or the WAL), the WAL is
 * empty, freed pages are zeros, and within each page the ballots lie in receipt order, not in the
 * order they came in. Before the fix the WAL held a copy of a page for every commit, in the order of
 * voting, and within a page the rows lay in the order they were inserted.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase } from '../../server/db/database.ts';
import { makeApp, nonce, type TestApp } from '../helpers/app.ts';

const MEMBERS = 240;
const CHOICES = ['for', 'against', 'abstain'] as const;

let t: TestApp;
let meetingId: number;
let motionIds: number[];
let codes: string[];
let votingToken: string;

beforeAll(async () => {
  t = await makeApp({ backupKeep: 50 });
  // Weights of 2 and more: SQLite stores a 1 in no bytes, and the test tells an open row from a sealed
  // one by the bytes after its receipt.
  const members = Array.from({ length: MEMBERS }, (_, i) => ({ code: `GM${String(i + 1).padStart(4, '0')}`, name: `Gemeente ${i + 1}`, population: 1000 + i * 997, weight: i + 2 }));
  expect((await t.admin({ method: 'PUT', url: '/api/members', payload: members })).statusCode).toBe(200);
  meetingId = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Bestanden', date: '2024-03-01', requireCheckIn: false } })).json().id;
  const agenda = await t.admin({
    method: 'POST',
    url: `/api/meetings/${meetingId}/agenda`,
    payload: { items: [{ number: '1', title: 'Moties', motions: [1, 2].map((i) => ({ ref: `1.${i}`, kind: 'motion', title: `Motie ${i}`, submitters: ['GM0001'] })) }] },
  });
  motionIds = (agenda.json().items[0].motions as { id: number }[]).map((m) => m.id);
  codes = ((await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/cards`, payload: {} })).json().cards as { code: string }[]).map((c) => c.code);
  votingToken = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/kiosks`, payload: { name: 'Stembus', mode: 'voting' } })).json().token;
});
afterAll(async () => {
  await t.close();
});

/** Opens a secret round and casts one ballot per card, in this order; returns the receipts in cast order. */
async function voteInOrder(cards: string[]): Promise<{ roundId: number; receipts: string[] }> {
  const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/rounds`, payload: { motionIds, secret: true } })).json().id as number;
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` })).statusCode).toBe(200);
  const receipts: string[] = [];
  for (const [i, code] of cards.entries()) {
    const choices = motionIds.map((motionId, j) => ({ motionId, choice: CHOICES[(i + j) % 3] }));
    const res = await t.kiosk(votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices, nonce: nonce() } });
    expect(res.statusCode).toBe(201);
    receipts.push(res.json().receipt);
  }
  return { roundId, receipts };
}

function occurrences(haystack: Buffer, needle: string): number[] {
  const at: number[] = [];
  const bytes = Buffer.from(needle, 'latin1');
  for (let i = haystack.indexOf(bytes); i >= 0; i = haystack.indexOf(bytes, i + 1)) at.push(i);
  return at;
}

const read = (file: string): Buffer => (existsSync(file) ? readFileSync(file) : Buffer.alloc(0));

interface Cell {
  receipt: string;
  castIndex: number;
  page: number;
  offset: number;
}

interface FileFacts {
  /** The stored ballot of each receipt: where its b-tree cell lies. */
  cells: Cell[];
  /** Copies of a receipt that are not the stored ballot, or not in the sealed table's pages. */
  strayCopies: string[];
  freePagesNotZero: number[];
}

/**
 * Where each receipt lies in a database file (`file`, the same database opened as `db` to name the
 * pages). A receipt may also lie in the unused space of a page of the sealed table: a copy left by a
 * page split while the ballots were written in receipt order. Anywhere else is a stray copy.
 */
function inspect(file: Buffer, db: Database.Database, receipts: string[]): FileFacts {
  const pageSize = file.readUInt16BE(16) === 1 ? 65536 : file.readUInt16BE(16);
  const sealedPages = new Set(db.prepare("SELECT pageno FROM dbstat WHERE name = 'secret_ballots'").pluck().all() as number[]);
  const cells: Cell[] = [];
  const strayCopies: string[] = [];
  receipts.forEach((receipt, castIndex) => {
    let stored: Cell | null = null;
    for (const at of occurrences(file, receipt)) {
      const page = Math.floor(at / pageSize) + 1;
      const base = (page - 1) * pageSize;
      const header = page === 1 ? base + 100 : base;
      // Cell content starts at header bytes 5–6; below it is the page's unused space.
      const contentStart = file.readUInt16BE(header + 5) || 65536;
      // A sealed ballot's record is round, receipt, choices: the choices follow the receipt.
      const sealedRecord = file.subarray(at + receipt.length, at + receipt.length + 12).toString('latin1') === '[{"motionId"';
      if (sealedPages.has(page) && sealedRecord && at - base >= contentStart && !stored) stored = { receipt, castIndex, page, offset: at - base };
      else if (!sealedPages.has(page) || !sealedRecord) strayCopies.push(`${receipt} on page ${page} at ${at - base}`);
    }
    if (stored) cells.push(stored);
    else strayCopies.push(`${receipt}: no stored ballot`);
  });
  // The freelist (header bytes 32–39): trunk pages list leaf pages; with secure_delete a freed page
  // is all zeros.
  const freePagesNotZero: number[] = [];
  let trunk = file.readUInt32BE(32);
  while (trunk !== 0) {
    const base = (trunk - 1) * pageSize;
    const leaves = file.readUInt32BE(base + 4);
    for (let i = 0; i < leaves; i++) {
      const leaf = file.readUInt32BE(base + 8 + 4 * i);
      if (file.subarray((leaf - 1) * pageSize, leaf * pageSize).some((b) => b !== 0)) freePagesNotZero.push(leaf);
    }
    trunk = file.readUInt32BE(base);
  }
  return { cells, strayCopies, freePagesNotZero };
}

/** Kendall's tau of the cells' order within their pages against an order of the ballots, pooled over the pages. */
function withinPageTau(cells: Cell[], rank: (c: Cell) => number): number {
  const byPage = new Map<number, Cell[]>();
  for (const c of cells) byPage.set(c.page, [...(byPage.get(c.page) ?? []), c]);
  let concordant = 0;
  let pairs = 0;
  for (const list of byPage.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        pairs++;
        concordant += Math.sign(list[i].offset - list[j].offset) * Math.sign(rank(list[i]) - rank(list[j]));
      }
    }
  }
  return pairs === 0 ? 0 : concordant / pairs;
}

/** Spearman's rank correlation of two orderings of the same items. */
function rankCorrelation(a: number[], b: number[]): number {
  const n = a.length;
  const rank = (xs: number[]) => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0]);
    const r = new Array<number>(n);
    order.forEach(([, i], k) => (r[i] = k));
    return r;
  };
  const ra = rank(a);
  const rb = rank(b);
  let d2 = 0;
  for (let i = 0; i < n; i++) d2 += (ra[i] - rb[i]) ** 2;
  return 1 - (6 * d2) / (n * (n * n - 1));
}

function expectNoCastOrder(name: string, facts: FileFacts, receipts: string[]): void {
  // Every ballot stored once, in the sealed table; no earlier version of a page anywhere in the file.
  expect(facts.strayCopies, `${name}: copies of ballots outside the sealed table`).toEqual([]);
  expect(facts.cells).toHaveLength(receipts.length);
  expect(facts.freePagesNotZero, `${name}: freed pages that still hold data`).toEqual([]);
  expect(new Set(facts.cells.map((c) => c.page)).size, `${name}: the ballots fill several pages`).toBeGreaterThan(1);
  // Within a page, SQLite lays cells down in the order they were inserted: the receipts' order, not
  // the order of voting. (Random orders give a tau near 0; one order followed gives ±1.)
  const sortedReceipts = [...receipts].sort();
  const receiptRank = new Map(sortedReceipts.map((r, i) => [r, i]));
  expect(Math.abs(withinPageTau(facts.cells, (c) => c.castIndex)), `${name}: order within pages against cast order`).toBeLessThan(0.25);
  expect(Math.abs(withinPageTau(facts.cells, (c) => receiptRank.get(c.receipt)!)), `${name}: order within pages against receipt order`).toBeGreaterThan(0.5);
  // And over the whole file, where a ballot lies says nothing of when it was cast.
  const position = facts.cells.map((c) => c.page * 65536 + c.offset);
  expect(Math.abs(rankCorrelation(position, facts.cells.map((c) => c.castIndex))), `${name}: position against cast order`).toBeLessThan(0.3);
}

describe('the files of a secret round after it ends', () => {
  it('keep no cast order after close: database, -wal, -shm and the close backup (issue 12, point 3)', async () => {
    // A backup taken while the round is open holds its ballots as cast: it must be gone after close.
    const { roundId, receipts } = await voteInOrder(codes.slice(0, 120));
    // Memory while open: per voter its weight and time, never its choice or receipt.
    const voters = [...t.app.domain.rounds.live(roundId)!.committedVoters().values()];
    expect(voters).toHaveLength(120);
    for (const v of voters) expect(v).toEqual({ weight: expect.any(Number), choices: null, receipt: null, castAt: expect.any(String) });
    const whileOpen = await t.app.backups!.run('while-open');
    expect(existsSync(whileOpen)).toBe(true);
    for (const code of codes.slice(120)) {
      const i = receipts.length;
      const choices = motionIds.map((motionId, j) => ({ motionId, choice: CHOICES[(i + j) % 3] }));
      const res = await t.kiosk(votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, choices, nonce: nonce() } });
      expect(res.statusCode).toBe(201);
      receipts.push(res.json().receipt);
    }

    expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).statusCode).toBe(200);
    await expect.poll(() => t.app.backups!.list().map((f) => basename(f)), { timeout: 20_000 }).toEqual(expect.arrayContaining([expect.stringContaining(`-close-r${roundId}.db`)]));
    await t.app.backups!.idle();

    const wal = read(`${t.dbPath}-wal`);
    expect(wal.length, 'the WAL is checkpointed and truncated after close').toBe(0);
    const shm = read(`${t.dbPath}-shm`);
    for (const r of receipts) expect(occurrences(shm, r)).toEqual([]);
    const db = read(t.dbPath);
    const backups = t.app.backups!.list();
    expect(backups, 'the backup taken while the round was open is removed').not.toContain(whileOpen);
    expect(existsSync(whileOpen)).toBe(false);
    const closeBackup = backups.find((f) => f.includes(`-close-r${roundId}.db`))!;
    const backupDb = new Database(closeBackup, { readonly: true });
    for (const [name, file, handle] of [['database', db, t.app.domain.db], ['close backup', read(closeBackup), backupDb]] as const) {
      expectNoCastOrder(name, inspect(file, handle, receipts), receipts);
    }
    backupDb.close();
    // Only backups in the folder: reading them made no -wal or -shm beside them.
    expect(readdirSync(dirname(closeBackup)).filter((n) => !n.endsWith('.db'))).toEqual([]);
    // No backup left holds a ballot as the open round kept it (with its weight after the receipt).
    for (const backup of backups) {
      const bytes = read(backup);
      for (const r of receipts) for (const at of occurrences(bytes, r)) expect(bytes.subarray(at + r.length, at + r.length + 12).toString('latin1'), `${basename(backup)}: ${r}`).toBe('[{"motionId"');
    }
    expect(statSync(t.dbPath).size).toBeGreaterThan(0);
  });

  it('keep no weight beside a secret ballot after close: the stored ballot is round, receipt and choices', () => {
    const db = t.app.domain.db;
    const columns = (db.pragma('table_info(secret_ballots)') as { name: string }[]).map((c) => c.name).sort();
    expect(columns).toEqual(['choices', 'receipt', 'round_id']);
    expect(db.prepare('SELECT count(*) FROM secret_ballots_open').pluck().get()).toBe(0);
  });

  it('keep no cast order after a cancel either', async () => {
    const { roundId, receipts } = await voteInOrder(codes.slice(0, 90));
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel` })).statusCode).toBe(200);
    expect(read(`${t.dbPath}-wal`).length).toBe(0);
    // A cancelled round keeps who voted, not the ballots (issue 23, point 3): no receipt is left in the file.
    const file = read(t.dbPath);
    expect(receipts.filter((r) => occurrences(file, r).length > 0)).toEqual([]);
    expect(t.app.domain.db.prepare('SELECT count(*) FROM secret_ballots WHERE round_id = ?').pluck().get(roundId)).toBe(0);
    expect(t.app.domain.db.prepare('SELECT count(*) FROM participations WHERE round_id = ?').pluck().get(roundId)).toBe(90);
  });
});

describe('a database and backups made before secret ballots were sealed (migration 003)', () => {
  it('are sealed when the server starts: closed rounds in receipt order without weight, the old backup replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stemkaart-legacy-'));
    try {
      // The schema of the first release, with a closed and an open secret round in it.
      const firstOnly = join(dir, 'migrations');
      mkdirSync(firstOnly);
      copyFileSync(join(MIGRATIONS_DIR, '001_initial.sql'), join(firstOnly, '001_initial.sql'));
      const dbPath = join(dir, 'stemkaart.db');
      const old = openDatabase(dbPath, firstOnly);
      old.exec(`INSERT INTO meetings (id, title, date, created_at) VALUES (1, 'Oud', '2023-01-01', 'x');
        INSERT INTO rounds (id, meeting_id, state, secret, allow_change, show_live, majority, quorum_percent, created_at) VALUES
          (1, 1, 'closed', 1, 0, 1, 'simple', 0, 'x'), (2, 1, 'open', 1, 0, 1, 'simple', 0, 'x');`);
      const insert = old.prepare('INSERT INTO secret_ballots (ballot_key, round_id, weight, choices, receipt) VALUES (?, ?, ?, ?, ?)');
      const keys: string[] = [];
      const closedReceipts: string[] = [];
      for (let i = 0; i < 150; i++) {
        const key = `legacy-key-${String(i).padStart(4, '0')}-${Math.random().toString(36).slice(2, 8)}`;
        const receipt = `R${Math.random().toString(36).slice(2, 6).toUpperCase()}-${String(i).padStart(4, '0')}-OLD1`;
        // The closed round's rows must leave no trace; the open round's stay until it ends.
        if (i < 120) keys.push(key);
        if (i < 120) closedReceipts.push(receipt);
        insert.run(key, i < 120 ? 1 : 2, 1000 + i, `[{"motionId":1,"choice":"${CHOICES[i % 3]}"}]`, receipt);
      }
      old.close();
      mkdirSync(join(dir, 'backups'));
      const legacyBackup = join(dir, 'backups', 'stemkaart-20230101T000000000Z-close-r1.db');
      copyFileSync(dbPath, legacyBackup);

      const app = await makeApp({ dbPath, backupKeep: 10 });
      try {
        const db = app.app.domain.db;
        expect((db.pragma('table_info(secret_ballots)') as { name: string }[]).map((c) => c.name).sort()).toEqual(['choices', 'receipt', 'round_id']);
        expect(db.prepare('SELECT receipt FROM secret_ballots WHERE round_id = 1').pluck().all()).toEqual([...closedReceipts].sort());
        // The open round keeps its weights: it is still being counted.
        expect(db.prepare('SELECT count(*), sum(weight) FROM secret_ballots_open WHERE round_id = 2').raw().get()).toEqual([30, 30 * 1000 + (120 + 149) * 15]);
        // (The WAL was truncated after the migration; what the start wrote since holds no ballot.)
        for (const file of [read(dbPath), read(`${dbPath}-wal`)]) for (const key of keys) expect(occurrences(file, key), `old key ${key}`).toEqual([]);
        // The old backup held every ballot with its weight: a fresh one is taken, then it goes.
        await expect.poll(() => existsSync(legacyBackup), { timeout: 20_000 }).toBe(false);
        await app.app.backups!.idle();
        const left = app.app.backups!.list();
        expect(left.map((f) => basename(f))).toEqual([expect.stringMatching(/-sealed\.db$/)]);
        for (const key of keys) expect(occurrences(read(left[0]), key)).toEqual([]);
        expect(readdirSync(join(dir, 'backups')).filter((n) => !n.endsWith('.db'))).toEqual([]);
      } finally {
        await app.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
