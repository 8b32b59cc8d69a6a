/**
 * "Members from real files" (api.md, second wave): member files as an association's spreadsheet
 * makes them. Regressions of issue 16: a Dutch Excel CSV (`;`) was refused as "CSV lacks the column
 * code"; a Windows-1252 file turned Súdwest-Fryslân into S�dwest-Frysl�n, also with
 * charset=windows-1252; `gm0363` became a second member beside `GM0363`; `-5` answered a raw zod text
 * ("expected number, received string"); a 100,000-member file was refused by the 1 MiB body limit.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, type CliIo } from '../server/cli/main.ts';
import { decodeMemberFile, decodeWindows1252, detectSeparator } from '../server/modules/members/member-file.ts';
import { makeApp, type TestApp } from './helpers/app.ts';

const ROOT = resolve(import.meta.dirname, '..');
const GEMEENTEN = parse(readFileSync(join(ROOT, 'data', 'gemeenten.csv'), 'utf8'), { columns: true }) as { code: string; name: string; province: string; population: string }[];

/** Encodes text as Windows-1252, as an old Excel or accounting package writes it. */
function windows1252(text: string): Buffer {
  const high = new Map<string, number>();
  for (let b = 0x80; b <= 0x9f; b++) high.set(decodeWindows1252(Uint8Array.of(b)), b);
  return Buffer.from(
    [...text].map((ch) => {
      const code = ch.codePointAt(0)!;
      if (high.has(ch)) return high.get(ch)!;
      if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
      throw new Error(`not in Windows-1252: ${ch}`);
    }),
  );
}

/** "CSV UTF-8" saved by Excel in a Dutch locale: BOM, semicolons, CRLF, Dutch column names. */
function dutchExcelExport(rows = GEMEENTEN): Buffer {
  const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['Code;Naam;Provincie;Inwonertal', ...rows.map((r) => [r.code, r.name, r.province, r.population].map(quote).join(';'))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(async () => {
  await t.close();
});

const putCsv = (body: Buffer | string, contentType = 'text/csv', lang?: string) =>
  t.admin({ method: 'PUT', url: '/api/members', payload: body, headers: { 'content-type': contentType, ...(lang ? { 'accept-language': lang } : {}) } });
const members = async () => (await t.app.inject({ method: 'GET', url: '/api/members' })).json() as { code: string; name: string; province: string | null; population: number; weight: number }[];

/** No raw schema text ever reaches a person. */
function expectNoZodText(message: string) {
  expect(message).not.toMatch(/expected \w+, received|received|invalid_type|Invalid input|too_small|too small|ZodError/i);
}

describe('PUT /api/members with a real member file', () => {
  it('reads a Dutch Excel export (BOM, semicolons, CRLF, Dutch column names) with every name exact', async () => {
    const res = await putCsv(dutchExcelExport());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ inserted: 342, updated: 0 });
    const list = await members();
    expect(list.find((m) => m.code === 'GM1900')).toEqual({ code: 'GM1900', name: 'Súdwest-Fryslân', province: 'Fryslân', population: 90_883, weight: 75 });
    expect(list.find((m) => m.code === 'GM0518')!.name).toBe("'s-Gravenhage");
    expect(list.reduce((s, m) => s + m.weight, 0)).toBe(13_074);
    expect(list.filter((m) => /\uFFFD|Ã/.test(m.name + m.province))).toEqual([]);
  });

  it('reads a Windows-1252 file, named in the charset or detected, with every name exact', async () => {
    const rows = [...GEMEENTEN, { code: 'XX0001', name: 'Stichting Œuvre – “€ 5” š', province: 'Fryslân', population: '10' }];
    const lines = ['code;name;province;population', ...rows.map((r) => `${r.code};${r.name};${r.province};${r.population}`)];
    const bytes = windows1252(`${lines.join('\r\n')}\r\n`);
    expect(bytes.includes(Buffer.from('Súdwest', 'utf8'))).toBe(false);

    const named = await putCsv(bytes, 'text/csv; charset=windows-1252');
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json()).toEqual({ inserted: 343, updated: 0 });
    const list = await members();
    expect(list.find((m) => m.code === 'GM1900')!.name).toBe('Súdwest-Fryslân');
    expect(list.find((m) => m.code === 'XX0001')!.name).toBe('Stichting Œuvre – “€ 5” š');

    const detected = await putCsv(bytes, 'text/csv');
    expect(detected.json()).toEqual({ inserted: 0, updated: 343 });
    expect((await members()).find((m) => m.code === 'GM1900')!.name).toBe('Súdwest-Fryslân');
    expect(decodeMemberFile(bytes).encoding).toBe('windows-1252');
  });

  it('reads a tab-separated file and a plain UTF-8 file with commas', async () => {
    const tsv = ['code\tname\tprovince\tpopulation', 'GM0363\tAmsterdam\tNoord-Holland\t918117', 'GM1900\tSúdwest-Fryslân\tFryslân\t90883'].join('\n');
    expect((await putCsv(tsv, 'text/tab-separated-values')).json()).toEqual({ inserted: 2, updated: 0 });
    const csv = 'code,name,province,population,weight\nGM0014,Groningen,Groningen,238147,\nGM0034,Almere,Flevoland,218096,80\n';
    expect((await putCsv(csv, 'text/csv; charset=utf-8')).json()).toEqual({ inserted: 2, updated: 0 });
    const list = await members();
    expect(list.map((m) => [m.code, m.weight])).toEqual([['GM0034', 80], ['GM0363', 75], ['GM0014', 75], ['GM1900', 75]]);
  });

  it('takes a 100,000-member file (over 4 MiB) in one request', async () => {
    const lines = ['code;naam;provincie;inwonertal;gewicht'];
    for (let i = 1; i <= 100_000; i++) lines.push(`AAND${String(i).padStart(6, '0')};Aandeelhouder nummer ${i} te Súdwest-Fryslân;;0;${(i % 500) + 1}`);
    const body = Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    expect(body.length).toBeGreaterThan(4 * 1024 * 1024);
    const res = await putCsv(body);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.json()).toEqual({ inserted: 100_000, updated: 0 });
    expect(await members()).toHaveLength(100_000);
  }, 60_000);

  it('refuses a body over 64 MiB with 413, while every other route keeps 1 MiB', async () => {
    const huge = Buffer.alloc(64 * 1024 * 1024 + 1, 'a');
    const res = await putCsv(huge);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: 'De invoer is te groot (maximaal 64 MiB).' });
    const meeting = await t.admin({ method: 'POST', url: '/api/meetings', payload: JSON.stringify({ title: 'x'.repeat(1024 * 1024), date: '2024-01-01' }), headers: { 'content-type': 'application/json', 'accept-language': 'en' } });
    expect(meeting.statusCode).toBe(413);
    expect(meeting.json()).toEqual({ error: 'payload_too_large', message: 'The body is too large (at most 1 MiB).' });
  });
});

describe('PUT /api/members: member codes without regard to case', () => {
  it('updates GM0363 when the file says gm0363, keeping the stored code', async () => {
    await putCsv('code,name,population\nGM0363,Amsterdam,918117\n');
    const res = await putCsv('code,name,population\ngm0363,Amsterdam,931298\n');
    expect(res.json()).toEqual({ inserted: 0, updated: 1 });
    expect(await members()).toEqual([{ code: 'GM0363', name: 'Amsterdam', province: null, population: 931_298, weight: 75 }]);
    // Everything that names a member by code finds it in either case.
    const meeting = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2024-06-07' } })).json();
    const cards = await t.admin({ method: 'POST', url: `/api/meetings/${meeting.id}/cards`, payload: { members: ['gm0363'] } });
    expect(cards.statusCode, cards.body).toBe(201);
    expect(cards.json().cards[0].memberCode).toBe('GM0363');
  });

  it('refuses two rows that differ only in case, naming both rows, and stores nothing', async () => {
    const res = await putCsv('code;naam;inwonertal\nGM0363;Amsterdam;918117\nGM0014;Groningen;238147\ngm0363;Amsterdam;918117\n');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'validation', message: 'Rij 4, kolom code: "gm0363" komt al voor in rij 2 (hoofdletters en kleine letters tellen als dezelfde code).' });
    expect(await members()).toEqual([]);
  });
});

describe('PUT /api/members: messages that name row, column, value and rule', () => {
  const file = 'code;naam;provincie;inwonertal\nGM0363;Amsterdam;Noord-Holland;918117\nGM0014;Groningen;Groningen;238147\nGM0034;Almere;Flevoland;-5\n';

  it('in Dutch by default, as the spreadsheet numbers the rows', async () => {
    const res = await putCsv(file);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'validation', message: 'Rij 4, kolom inwonertal: "-5" is geen geheel getal van 0 of meer.' });
    expect(await members()).toEqual([]);
  });

  it('in English on request', async () => {
    const res = await putCsv(file, 'text/csv', 'en-GB,en;q=0.9');
    expect(res.json()).toEqual({ error: 'validation', message: 'Row 4, column population: "-5" is not a whole number of 0 or more.' });
  });

  it.each([
    ['code,name,population\nGM0363,,918117\n', 'Rij 2, kolom naam: leeg, maar verplicht.', 'Row 2, column name: empty, but required.'],
    ['code,name,population\nGM 0363,Amsterdam,918117\n', 'Rij 2, kolom code: "GM 0363" is geen geldige code', 'Row 2, column code: "GM 0363" is not a valid code'],
    ['code,name,population\nGM0363,Amsterdam,veel\n', 'Rij 2, kolom inwonertal: "veel" is geen geheel getal van 0 of meer.', 'Row 2, column population: "veel" is not a whole number of 0 or more.'],
    ['code,name,population\nGM0363,Amsterdam,918117.5\n', 'Rij 2, kolom inwonertal: "918117.5" is geen geheel getal', 'Row 2, column population: "918117.5" is not a whole number'],
    ['code,name,population,weight\nGM0363,Amsterdam,918117,0\n', 'Rij 2, kolom gewicht: "0" is geen geheel getal van 1 of meer', 'Row 2, column weight: "0" is not a whole number of 1 or more'],
    ['code,name,population\nGM0363,Amsterdam,918117\n\nGM0014,Groningen\n', 'Rij 4: 2 kolommen, terwijl de kopregel er 3 heeft.', 'Row 4: 2 columns, while the header has 3.'],
    ['gemeente,inwoners\nAmsterdam,918117\n', 'Rij 1 (kopregel): de kolom code ontbreekt. Gevonden, gescheiden door komma: "gemeente", "inwoners".', 'Row 1 (header): the column code is missing. Found, separated by comma: "gemeente", "inwoners".'],
    ['code,name,population\nGM0363,"Amsterdam,918117\n', 'Het CSV-bestand kan niet worden gelezen', 'The CSV file cannot be read'],
    ['', 'Het bestand is leeg', 'The file is empty'],
  ])('%j', async (body, nl, en) => {
    const dutch = (await putCsv(body)).json();
    expect(dutch.error).toBe('validation');
    expect(dutch.message).toContain(nl);
    expectNoZodText(dutch.message);
    const english = (await putCsv(body, 'text/csv', 'en')).json();
    expect(english.message).toContain(en);
    expectNoZodText(english.message);
    expect(await members()).toEqual([]);
  });

  it('names the row and field of a JSON body the same way', async () => {
    const res = await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'GM0363', name: 'Amsterdam', population: 918_117 }, { code: 'GM0014', name: 'Groningen', population: -5 }], headers: { 'accept-language': 'en' } });
    expect(res.json()).toEqual({ error: 'validation', message: 'Row 2, column population: "-5" is not a whole number of 0 or more.' });
    const notList = await t.admin({ method: 'PUT', url: '/api/members', payload: { code: 'GM0363' } });
    expect(notList.json()).toEqual({ error: 'validation', message: 'Verwacht een lijst van leden (een JSON-array).' });
    expect(await members()).toEqual([]);
  });

  it('refuses a character set it does not know, and bytes that are not the UTF-8 they claim', async () => {
    const koi = await putCsv('code,name,population\n', 'text/csv; charset=koi8-r');
    expect(koi.json().message).toBe('Tekenset "koi8-r" wordt niet ondersteund; gebruik UTF-8 of Windows-1252.');
    const lying = await putCsv(windows1252('code,name,population\nGM1900,Súdwest-Fryslân,90883\n'), 'text/csv; charset=utf-8');
    expect(lying.statusCode).toBe(400);
    expect(lying.json().message).toContain('geen geldige UTF-8');
    expect(await members()).toEqual([]);
  });
});

describe('member files: separators and numbers', () => {
  it('detects the separator from the header line, ignoring separators inside quotes', () => {
    expect(detectSeparator('code,name,population\n1;2;3;4;5')).toBe(',');
    expect(detectSeparator('"code,x";name;population\n')).toBe(';');
    expect(detectSeparator('code\tname\tpopulation\r\n')).toBe('\t');
  });

  it('reads populations formatted with thousands separators, as a spreadsheet may export them', async () => {
    const res = await putCsv('code;naam;inwonertal\nGM0363;Amsterdam;918.117\nGM0014;Groningen;"238 147"\n');
    expect(res.statusCode, res.body).toBe(200);
    expect((await members()).map((m) => m.population)).toEqual([918_117, 238_147]);
  });
});

describe('stemkaart members import (command line)', () => {
  async function cli(args: string[]) {
    let out = '';
    let err = '';
    const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: join(t.dir, 'cli.db'), LANG: 'nl_NL.UTF-8' }, cwd: t.dir };
    return { code: await runCli(args, io), out: () => out, err: () => err };
  }

  it('imports a Dutch Excel export and a Windows-1252 file, names exact', async () => {
    writeFileSync(join(t.dir, 'leden.csv'), dutchExcelExport());
    const first = await cli(['members', 'import', 'leden.csv']);
    expect(first.code, first.err()).toBe(0);
    expect(first.out()).toBe('342 inserted, 0 updated\n');
    writeFileSync(join(t.dir, 'oud.csv'), windows1252('code;name;population\ngm1900;Súdwest-Fryslân;91000\n'));
    const second = await cli(['members', 'import', 'oud.csv']);
    expect(second.out()).toBe('0 inserted, 1 updated\n');
    const shown = await cli(['weights', 'show']);
    expect(shown.out()).toMatch(/GM1900\s+Súdwest-Fryslân\s+91000\s+75/);
  });

  it('stops at a bad row with the message in the language of LANG, exit code 1', async () => {
    writeFileSync(join(t.dir, 'fout.csv'), 'code;naam;provincie;inwonertal\nGM0363;Amsterdam;Noord-Holland;918117\nGM0014;Groningen;Groningen;238147\nGM0034;Almere;Flevoland;-5\n');
    const r = await cli(['members', 'import', 'fout.csv']);
    expect(r.code).toBe(1);
    expect(r.err()).toBe('stemkaart: Rij 4, kolom inwonertal: "-5" is geen geheel getal van 0 of meer.\n');
    // A first import that fails makes no database and prints no admin token: nothing changed.
    expect(existsSync(join(t.dir, 'cli.db'))).toBe(false);
  });
});
