import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { CARD_LAYOUT, cardOrigin } from '../server/modules/pdf/card-sheet.ts';
import { makeApp, nonce, seedMeeting } from './helpers/app.ts';
import { decodeCode128, pageCount, pdfText, rasterisePdfPage } from './helpers/barcodes.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO_MEETING = join(ROOT, 'data', 'demo-meeting.json');
const MEMBERS_CSV = join(ROOT, 'data', 'gemeenten.csv');

let dir: string;

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(args: string[], opts: { tty?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s), isTTY: opts.tty ?? false, columns: 80 },
    env: { STEMKAART_DB: join(dir, 'cli.db'), ...opts.env },
    cwd: dir,
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('stemkaart (command line): usage', () => {
  it('lists the commands with --help and exits 0; exits 2 without a command', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of ['members import', 'weights show', 'meeting create', 'agenda import', 'cards issue', 'cards reissue', 'audit verify', 'results export']) {
      expect(help.out).toContain(c);
    }
    expect((await cli([])).code).toBe(2);
  });

  it('gives help for each command', async () => {
    for (const c of ['members import', 'weights show', 'meeting create', 'agenda import', 'cards issue', 'cards reissue', 'audit verify', 'results export', 'report']) {
      const r = await cli([...c.split(' '), '--help']);
      expect(r.code, c).toBe(0);
      expect(r.out).toContain(`Usage: stemkaart ${c}`);
    }
  });

  it('exits 2 with a clear message on an unknown command, an unknown option or a missing argument', async () => {
    const unknown = await cli(['vote']);
    expect(unknown).toMatchObject({ code: 2 });
    expect(unknown.err).toContain('unknown command "vote"');
    const near = await cli(['cards', 'print']);
    expect(near.code).toBe(2);
    expect(near.err).toContain('did you mean: cards issue, cards reissue');
    const option = await cli(['weights', 'show', '--colour']);
    expect(option.code).toBe(2);
    expect(option.err).toContain("Unknown option '--colour'");
    const missing = await cli(['members', 'import']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing FILE');
    const badId = await cli(['audit', 'verify', '--meeting', 'one']);
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('--meeting must be a positive whole number');
  });

  it('refuses to work on a database that does not exist (except to create one)', async () => {
    const r = await cli(['weights', 'show', '--db', 'nowhere/none.db']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('no database at');
    expect(existsSync(join(dir, 'nowhere'))).toBe(false);
  });
});

describe('stemkaart: preparing the demo meeting', () => {
  it('imports members from CSV, showing the new admin token once', async () => {
    const r = await cli(['members', 'import', MEMBERS_CSV]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('342 inserted, 0 updated\n');
    expect(r.err).toMatch(/admin token .*: \S{20,}/);
    const again = await cli(['members', 'import', MEMBERS_CSV]);
    expect(again.out).toBe('0 inserted, 342 updated\n');
    expect(again.err).toBe('');
  });

  it('imports members from JSON and rejects a bad row naming it, storing nothing', async () => {
    const good = join(dir, 'members.json');
    writeFileSync(good, JSON.stringify([{ code: 'XX0001', name: 'Proefgemeente', population: 12_345 }]));
    expect((await cli(['members', 'import', good])).out).toBe('1 inserted, 0 updated\n');
    const bad = join(dir, 'bad-members.json');
    writeFileSync(bad, JSON.stringify([{ code: 'XX0002', name: 'Goed', population: 1000 }, { code: 'XX0003', name: 'Fout', population: -5 }]));
    const r = await cli(['members', 'import', bad], { env: { STEMKAART_LANG: 'en' } });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Row 2, column population: "-5" is not a whole number of 0 or more.');
    expect(r.err).not.toMatch(/\n\s+at /);
    const weights = JSON.parse((await cli(['weights', 'show', '--json'])).out) as { members: { code: string }[] };
    expect(weights.members.some((m) => m.code === 'XX0002')).toBe(false);
  });

  it('shows the weights', async () => {
    const r = await cli(['weights', 'show'], { env: { STEMKAART_LANG: 'en' } });
    expect(r.code).toBe(0);
    expect(r.out).toContain('one vote per 1000 inhabitants');
    expect((await cli(['weights', 'show'])).out).toContain('één stem per 1000 inwoners');
    expect(r.out).toMatch(/GM1900\s+Súdwest-Fryslân\s+90883\s+75/);
    expect(r.out).toMatch(/GM0088\s+Schiermonnikoog\s+\d+\s+1\n/);
    expect(r.out).toContain('343 members');
  });

  it('creates a meeting, and explains a bad date', async () => {
    const r = await cli(['meeting', 'create', '--title', 'Voorjaars ALV 2024', '--date', '2024-06-07', '--venue', 'Den Haag']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^meeting 1 created: Voorjaars ALV 2024, 2024-06-07/);
    expect((await cli(['meeting', 'create', '--title', 'X'])).code).toBe(2);
    const bad = await cli(['meeting', 'create', '--title', 'X', '--date', '2024-02-30']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('date');
  });

  it('imports the demo agenda file, creating its meeting', async () => {
    const r = await cli(['agenda', 'import', DEMO_MEETING]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^meeting 2 created with \d+ agenda items and \d+ motions/);
  });

  it('adds an agenda to a given meeting, and rejects a corrupt or wrong file and an unknown meeting', async () => {
    const file = join(dir, 'agenda.json');
    writeFileSync(file, JSON.stringify({ items: [{ number: '5', title: 'Jaarrekening', motions: [{ ref: '5.1', kind: 'proposal', title: 'Vaststellen jaarrekening' }] }] }));
    const r = await cli(['agenda', 'import', '--meeting', '1', file]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('added 1 agenda item and 1 motion to meeting 1\n');

    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, '{"items": [ {"number": "6", ');
    const c = await cli(['agenda', 'import', '--meeting', '1', corrupt]);
    expect(c.code).toBe(1);
    expect(c.err).toContain('is not valid JSON');

    const wrong = join(dir, 'wrong.json');
    writeFileSync(wrong, JSON.stringify({ items: [{ number: '6', title: 'Moties', motions: [{ ref: '6.1', kind: 'wish', title: 'X' }] }] }));
    const w = await cli(['agenda', 'import', '--meeting', '1', wrong]);
    expect(w.code).toBe(1);
    expect(w.err).toContain('items.0.motions.0.kind');

    const unknown = await cli(['agenda', 'import', '--meeting', '77', file]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/not found|bestaat niet|does not exist/i);

    // Meeting and agenda from one file go in together or not at all.
    const half = join(dir, 'half.json');
    writeFileSync(half, JSON.stringify({ meeting: { title: 'Halve ALV', date: '2024-01-01' }, items: [{ number: '1', title: 'X', motions: [{ ref: '1.A', kind: 'amendment', title: 'Y', amends: '9.P' }] }] }));
    const h = await cli(['agenda', 'import', half]);
    expect(h.code).toBe(1);
    expect(h.err).toMatch(/^stemkaart: .+\n$/);
    const list = (await cli(['meeting', 'create', '--title', 'Probe', '--date', '2024-01-02'])).out;
    expect(list).toMatch(/^meeting 3 created/);

    const missing = await cli(['agenda', 'import', '--meeting', '1', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no such file');
  });
});

describe('stemkaart cards', () => {
  it('issues every card as a printable sheet with a progress bar on a terminal, and a codes file', async () => {
    const r = await cli(['cards', 'issue', '--meeting', '2', '--out', 'kaarten.pdf', '--codes', 'codes.csv'], { tty: true });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('343 cards written to');
    expect(r.err).toContain('343/343 cards');
    expect(r.err).toMatch(/\[#+\]/);
    const pdf = readFileSync(join(dir, 'kaarten.pdf'));
    expect(pageCount(pdf)).toBe(35);
    expect(statSync(join(dir, 'codes.csv')).mode & 0o777).toBe(0o600);
    const codes = (parse(readFileSync(join(dir, 'codes.csv'), 'utf8').replace(/^\uFEFF/, ''), { columns: true, delimiter: ';' }) as Record<string, string>[]).map((r) => ({
      memberCode: r['code lid'],
      // Kept as text for a spreadsheet: ="0123…".
      code: /^="(\d+)"$/.exec(r.kaartcode)![1],
    }));
    expect(codes).toHaveLength(343);
    // The first printed card reads back to the first code of the file.
    const page = rasterisePdfPage(pdf, 1, 300);
    const px = (v: number) => (v * 300) / 25.4;
    const o = cardOrigin(0);
    const b = CARD_LAYOUT.barcode;
    expect(decodeCode128(page.crop(px(o.x + b.x), px(o.y + b.y), px(b.width), px(b.height)))).toBe(codes[0].code);
    expect(pdfText(pdf)).toContain('Súdwest-Fryslân');
  }, 60_000);

  it('draws no progress bar when stderr is not a terminal, and refuses when every member has a card', async () => {
    const r = await cli(['cards', 'issue', '--meeting', '2', '--out', 'again.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('every member already has an active card');
    expect(r.err).not.toContain('[#');
    expect(existsSync(join(dir, 'again.pdf'))).toBe(false);
  });

  it('issues nothing when the sheet cannot be written or the meeting is unknown', async () => {
    const r = await cli(['cards', 'issue', '--meeting', '1', '--out', 'no/such/dir/cards.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('does not exist');
    const unknown = await cli(['cards', 'issue', '--meeting', '99', '--out', 'x.pdf']);
    expect(unknown.code).toBe(1);
    expect(existsSync(join(dir, 'x.pdf'))).toBe(false);
    // Meeting 1 still has no cards: a later issue makes all of them.
    const later = await cli(['cards', 'issue', '--meeting', '1', '--out', 'm1.pdf', '--members', 'GM0363,GM1900']);
    expect(later.code, later.err).toBe(0);
    expect(later.out).toContain('2 cards written');
  });

  it('rejects a member that does not exist, and one named twice', async () => {
    const r = await cli(['cards', 'issue', '--meeting', '1', '--out', 'y.pdf', '--members', 'GM9999']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('GM9999');
    expect(existsSync(join(dir, 'y.pdf'))).toBe(false);
  });

  it('reissues a card as a one-card sheet; a member without a card gets its first one', async () => {
    const r = await cli(['cards', 'reissue', '--meeting', '2', '--member', 'GM1900', '--out', 'GM1900.pdf']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/new card for Súdwest-Fryslân: (\d{5} ){4}\d{5}/);
    expect(pageCount(readFileSync(join(dir, 'GM1900.pdf')))).toBe(1);
    const first = await cli(['cards', 'reissue', '--meeting', '1', '--member', 'GM0088', '--out', 'GM0088.pdf']);
    expect(first.code, first.err).toBe(0);
    const unknown = await cli(['cards', 'reissue', '--meeting', '2', '--member', 'GM9999', '--out', 'z.pdf']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('member GM9999 does not exist');
    expect((await cli(['cards', 'reissue', '--meeting', '2', '--out', 'z.pdf'])).code).toBe(2);
  });
});

describe('stemkaart audit verify, results export and report (after a meeting)', () => {
  let dbPath: string;
  let roundId: number;
  let secretRoundId: number;
  let meetingId: number;

  beforeAll(async () => {
    // A meeting held through the API; the command line then works on its database file.
    const t = await makeApp({ dbPath: join(dir, 'held.db') });
    dbPath = t.dbPath;
    const seed = await seedMeeting(t, { motions: 2 });
    meetingId = seed.meetingId;
    const codes = [...seed.codes.values()];
    const create = async (body: object) => {
      const id = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/rounds`, payload: body })).json().id as number;
      await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` });
      return id;
    };
    roundId = await create({ motionIds: seed.motionIds });
    for (const [i, code] of codes.entries()) {
      const choice = i === 0 ? 'against' : 'for';
      await t.kiosk(seed.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId, nonce: nonce(), choices: seed.motionIds.map((motionId) => ({ motionId, choice })) } });
    }
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    secretRoundId = await create({ motionIds: [seed.motionIds[0]], secret: true });
    await t.kiosk(seed.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: codes[1], roundId: secretRoundId, nonce: nonce(), choices: [{ motionId: seed.motionIds[0], choice: 'for' }] } });
    await t.admin({ method: 'POST', url: `/api/rounds/${secretRoundId}/close` });
    await t.app.close();
  });

  const held = (args: string[]) => cli([...args, '--db', dbPath]);

  it('verifies the audit chain', async () => {
    const r = await held(['audit', 'verify', '--meeting', String(meetingId)]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^ok: \d+ entries, head [0-9a-f]{64}\n$/);
    const json = await held(['audit', 'verify', '--meeting', String(meetingId), '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ ok: true });
  });

  it('exports a round as CSV to stdout or a file, Dutch with semicolons or English with commas', async () => {
    const r = await held(['results', 'export', '--round', String(roundId), '--lang', 'en']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(r.out.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.filter((x) => x.row === 'vote')).toHaveLength(4 * 2);
    const file = await held(['results', 'export', '--round', String(roundId), '--out', 'ronde.csv']);
    expect(file.code).toBe(0);
    expect(readFileSync(join(dir, 'ronde.csv'), 'utf8').slice(1).split('\r\n')[0]).toContain('soort;stemronde;voorstel-id');
    expect((await held(['results', 'export', '--round', String(roundId), '--lang', 'de'])).code).toBe(2);
  });

  it('exports a secret round with totals only, and fails on an unknown round', async () => {
    const r = await held(['results', 'export', '--round', String(secretRoundId), '--lang', 'en']);
    const rows = parse(r.out.slice(1), { columns: true }) as Record<string, string>[];
    expect(rows.every((x) => x.row === 'total' && x.memberCode === '')).toBe(true);
    const unknown = await held(['results', 'export', '--round', '999']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/^stemkaart: .+\n$/);
  });

  it('writes the results report', async () => {
    const r = await held(['report', '--meeting', String(meetingId), '--out', 'verslag.pdf']);
    expect(r.code, r.err).toBe(0);
    const text = pdfText(readFileSync(join(dir, 'verslag.pdf')));
    expect(text).toContain('Test ALV');
    expect(text).toContain('Hoofdelijke stemming');
  });

  it('exits 1 with the entry when the audit chain was tampered with', async () => {
    const db = new Database(dbPath);
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit_log SET data = '{\"tampered\":true}' WHERE meeting_id = ? AND seq = 2").run(meetingId);
    db.close();
    const r = await held(['audit', 'verify', '--meeting', String(meetingId)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('BROKEN at entry 2');
  });

  it('exits 1 for an unknown meeting', async () => {
    const r = await held(['audit', 'verify', '--meeting', '404']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^stemkaart: /);
  });
});

describe('bin/stemkaart.js', () => {
  const run = promisify(execFile);
  async function bin(args: string[]): Promise<Run> {
    try {
      const { stdout, stderr } = await run(process.execPath, [join(ROOT, 'bin', 'stemkaart.js'), ...args], { cwd: dir, env: { ...process.env, STEMKAART_DB: join(dir, 'cli.db') } });
      return { code: 0, out: stdout, err: stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout, err: e.stderr };
    }
  }

  it('runs a command and exits with its code, printing no stack trace', async () => {
    const ok = await bin(['audit', 'verify', '--meeting', '2']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^ok: /);
    const usageError = await bin(['cards', 'issue', '--out', 'x.pdf']);
    expect(usageError.code).toBe(2);
    expect(usageError.err).toContain('--meeting is required');
    const failure = await bin(['audit', 'verify', '--meeting', '12345']);
    expect(failure.code).toBe(1);
    expect(failure.err).not.toMatch(/\n\s+at /);
  }, 90_000);

  // The command line loads no route and no classic zod: the rule a bad file breaks is still named,
  // in zod's English words, as the server names it.
  it('names the field and the rule of a bad agenda file', async () => {
    const agenda = join(dir, 'bad-agenda.json');
    writeFileSync(agenda, JSON.stringify({ items: [{ number: '', title: 'Moties' }] }));
    const badAgenda = await bin(['agenda', 'import', '--meeting', '2', agenda]);
    expect(badAgenda.code).toBe(1);
    expect(badAgenda.err).toContain('items.items.0.number: Too small: expected string to have >=1 characters');
  }, 90_000);
});
