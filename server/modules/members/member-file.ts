/**
 * Member files as people have them: CSV from a spreadsheet (`,`, `;` or tab; UTF-8 with or without
 * BOM, or Windows-1252) or a JSON array. Pure: no database, no Fastify. Every problem becomes a
 * `validation` error naming the row, the column, the value found and the rule, in Dutch and English.
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { ApiError, type Lang } from '../../../shared/errors.ts';
import { MEMBER_CODE_PATTERN, type MemberInput } from '../../../shared/schemas.ts';

type Messages = Record<Lang, string>;

// ---------- text encoding ----------

/** Windows-1252 differs from ISO-8859-1 only in 0x80–0x9F (€, ‚, š, …); five of those are unused. */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Decodes Windows-1252 by table: Node 20's `TextDecoder('windows-1252')` decodes ISO-8859-1 instead
 * (0x80 becomes a control character, not €).
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    const chunk = bytes.subarray(i, i + 8192);
    const chars = new Array<string>(chunk.length);
    for (let j = 0; j < chunk.length; j++) {
      const b = chunk[j];
      chars[j] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b);
    }
    out += chars.join('');
  }
  return out;
}

const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const WINDOWS_1252 = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'latin1', 'l1', 'us-ascii', 'ascii']);

export type TextEncodingName = 'utf-8' | 'windows-1252';

/** The `charset` parameter of a Content-Type header, lower case, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : undefined;
}

/**
 * Bytes to text: the charset named (UTF-8 or Windows-1252, with ISO-8859-1 and ASCII read as
 * Windows-1252 as browsers do), or else UTF-8 when the bytes are valid UTF-8 and Windows-1252 when
 * they are not. A UTF-8 byte order mark is dropped.
 */
export function decodeMemberFile(bytes: Uint8Array, charset?: string): { text: string; encoding: TextEncodingName } {
  const label = charset?.toLowerCase();
  if (label !== undefined && !UTF8.has(label) && !WINDOWS_1252.has(label)) {
    throw new ApiError('validation', {
      nl: `Tekenset "${charset}" wordt niet ondersteund; gebruik UTF-8 of Windows-1252.`,
      en: `Character set "${charset}" is not supported; use UTF-8 or Windows-1252.`,
    });
  }
  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (label !== undefined && WINDOWS_1252.has(label) && !hasBom) return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    if (label !== undefined && UTF8.has(label)) {
      throw new ApiError('validation', {
        nl: 'De tekst is geen geldige UTF-8, terwijl UTF-8 is opgegeven. Laat de tekenset weg of geef charset=windows-1252.',
        en: 'The text is not valid UTF-8 although UTF-8 was named. Leave the charset out or name charset=windows-1252.',
      });
    }
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}

// ---------- columns ----------

export type MemberField = 'code' | 'name' | 'province' | 'population' | 'weight';

/** The column's name in each language, used in messages. */
const FIELD_LABEL: Record<MemberField, Messages> = {
  code: { nl: 'code', en: 'code' },
  name: { nl: 'naam', en: 'name' },
  province: { nl: 'provincie', en: 'province' },
  population: { nl: 'inwonertal', en: 'population' },
  weight: { nl: 'gewicht', en: 'weight' },
};

/** Header names recognised for each field (lower case, spaces and underscores ignored). */
const HEADER_ALIASES: Record<MemberField, string[]> = {
  code: ['code', 'membercode', 'lidcode', 'gemeentecode', 'lidnummer'],
  name: ['name', 'naam', 'gemeente', 'gemeentenaam'],
  province: ['province', 'provincie'],
  population: ['population', 'inwonertal', 'inwoners', 'aantalinwoners', 'bevolking'],
  weight: ['weight', 'gewicht', 'stemgewicht', 'stemmen'],
};
const REQUIRED: MemberField[] = ['code', 'name', 'population'];

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, '');

function fieldOfHeader(h: string): MemberField | null {
  const key = normaliseHeader(h);
  for (const field of Object.keys(HEADER_ALIASES) as MemberField[]) if (HEADER_ALIASES[field].includes(key)) return field;
  return null;
}

// ---------- CSV ----------

export type CsvSeparator = ',' | ';' | '\t';

/** The separator that splits the header line (outside quotes) into the most columns; `,` on a tie. */
export function detectSeparator(text: string): CsvSeparator {
  const counts: Record<CsvSeparator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) counts[ch]++;
  }
  let best: CsvSeparator = ',';
  for (const sep of [';', '\t'] as const) if (counts[sep] > counts[best]) best = sep;
  return best;
}

const ROW_LABEL = (row: number): Messages => ({ nl: `Rij ${row}`, en: `Row ${row}` });

function fail(messages: Messages): never {
  throw new ApiError('validation', messages);
}

/** A cell as the person typed it, for messages: quoted, shortened when long. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;
}

/** One raw row: its number as the person sees it (spreadsheet row, or element of a JSON list) and its cells. */
export interface RawMemberRow {
  row: number;
  cells: Partial<Record<MemberField, unknown>>;
}

/**
 * Reads member CSV text into raw rows. Row numbers are those of a spreadsheet: the header is row 1.
 * Rows with nothing in them are skipped; a row with more or fewer cells than the header is refused.
 */
export function readMembersCsv(text: string): RawMemberRow[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') fail({ nl: 'Het bestand is leeg: verwacht een kopregel met code, naam en inwonertal.', en: 'The file is empty: expected a header line with code, name and population.' });
  const delimiter = detectSeparator(body);
  let records: string[][];
  try {
    records = parseCsv(body, { delimiter, relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch (err) {
    const e = err as { lines?: number; code?: string };
    const where = e.lines ? { nl: ` (rond regel ${e.lines})`, en: ` (near line ${e.lines})` } : { nl: '', en: '' };
    const quote = e.code === 'CSV_QUOTE_NOT_CLOSED' || e.code === 'INVALID_OPENING_QUOTE' || e.code === 'CSV_INVALID_CLOSING_QUOTE';
    fail({
      nl: `Het CSV-bestand kan niet worden gelezen${where.nl}: ${quote ? 'een aanhalingsteken (") is niet goed gesloten' : 'de opmaak klopt niet'}.`,
      en: `The CSV file cannot be read${where.en}: ${quote ? 'a quote (") is not closed properly' : 'the format is wrong'}.`,
    });
  }
  const header = records[0];
  const columns: { field: MemberField | null; index: number }[] = header.map((h, index) => ({ field: fieldOfHeader(h), index }));
  const sepName = { ',': { nl: 'komma', en: 'comma' }, ';': { nl: 'puntkomma', en: 'semicolon' }, '\t': { nl: 'tab', en: 'tab' } }[delimiter];
  for (const field of REQUIRED) {
    if (!columns.some((c) => c.field === field)) {
      const found = header.map((h) => `"${h}"`).join(', ');
      fail({
        nl: `Rij 1 (kopregel): de kolom ${FIELD_LABEL[field].nl} ontbreekt. Gevonden, gescheiden door ${sepName.nl}: ${found}. Verwacht: code, naam, provincie (mag ontbreken), inwonertal, gewicht (mag ontbreken); Engelse namen (code, name, province, population, weight) mogen ook.`,
        en: `Row 1 (header): the column ${FIELD_LABEL[field].en} is missing. Found, separated by ${sepName.en}: ${found}. Expected: code, name, province (optional), population, weight (optional); the Dutch names (code, naam, provincie, inwonertal, gewicht) work too.`,
      });
    }
  }
  for (const field of Object.keys(HEADER_ALIASES) as MemberField[]) {
    const same = columns.filter((c) => c.field === field);
    if (same.length > 1) {
      fail({
        nl: `Rij 1 (kopregel): de kolom ${FIELD_LABEL[field].nl} staat er ${same.length} keer in (${same.map((c) => `"${header[c.index]}"`).join(', ')}).`,
        en: `Row 1 (header): the column ${FIELD_LABEL[field].en} appears ${same.length} times (${same.map((c) => `"${header[c.index]}"`).join(', ')}).`,
      });
    }
  }
  const rows: RawMemberRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    if (record.every((c) => c === '')) continue;
    const row = i + 1;
    if (record.length !== header.length) {
      fail({
        nl: `Rij ${row}: ${record.length} ${record.length === 1 ? 'kolom' : 'kolommen'}, terwijl de kopregel er ${header.length} heeft.`,
        en: `Row ${row}: ${record.length} column${record.length === 1 ? '' : 's'}, while the header has ${header.length}.`,
      });
    }
    const cells: RawMemberRow['cells'] = {};
    for (const c of columns) if (c.field) cells[c.field] = record[c.index];
    rows.push({ row, cells });
  }
  return rows;
}

/** A JSON body's members as raw rows (row 1 is the first element). */
export function readMembersJson(value: unknown): RawMemberRow[] {
  if (!Array.isArray(value)) fail({ nl: 'Verwacht een lijst van leden (een JSON-array).', en: 'Expected a list of members (a JSON array).' });
  return value.map((item, i) => {
    const row = i + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail({ nl: `Rij ${row}: ${shown(item)} is geen lid (verwacht een object met code, name en population).`, en: `Row ${row}: ${shown(item)} is not a member (expected an object with code, name and population).` });
    }
    const o = item as Record<string, unknown>;
    return { row, cells: { code: o.code, name: o.name, province: o.province, population: o.population, weight: o.weight } };
  });
}

// ---------- validation ----------

const MAX_POPULATION = 2_000_000_000;
const MAX_WEIGHT = 1_000_000;

/**
 * A whole number from a cell: a JSON integer, or digits, optionally grouped by threes with dots,
 * commas or spaces as spreadsheets format them (`562.839`). Null when empty, NaN when not a number.
 */
function wholeNumber(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+$/.test(v)) return Number(v);
  const grouped = /^\d{1,3}([., \u00a0\u202f])\d{3}(?:\1\d{3})*$/.exec(v);
  if (grouped) return Number(v.replace(/[., \u00a0\u202f]/g, ''));
  return Number.NaN;
}

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return null;
  const t = value.trim();
  return t === '' ? null : t;
}

/**
 * Checks raw rows against the rules and returns members to upsert. Member codes are compared without
 * regard to case: two rows whose codes differ only in case are refused.
 */
export function validateMemberRows(rows: RawMemberRow[]): MemberInput[] {
  const firstRowOfCode = new Map<string, number>();
  return rows.map(({ row, cells }) => {
    const at = (field: MemberField): Messages => ({ nl: `${ROW_LABEL(row).nl}, kolom ${FIELD_LABEL[field].nl}`, en: `${ROW_LABEL(row).en}, column ${FIELD_LABEL[field].en}` });
    const empty = (field: MemberField): never => fail({ nl: `${at(field).nl}: leeg, maar verplicht.`, en: `${at(field).en}: empty, but required.` });
    const bad = (field: MemberField, rule: Messages): never => fail({ nl: `${at(field).nl}: ${shown(cells[field])} ${rule.nl}.`, en: `${at(field).en}: ${shown(cells[field])} ${rule.en}.` });
    const notText = (field: MemberField, v: unknown) => v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'number';

    if (notText('code', cells.code)) bad('code', { nl: 'is geen tekst', en: 'is not text' });
    const code = text(cells.code);
    if (code === null) return empty('code');
    if (!MEMBER_CODE_PATTERN.test(code)) {
      bad('code', {
        nl: 'is geen geldige code (1 tot 32 letters, cijfers, punten, streepjes of liggende streepjes, beginnend met een letter of cijfer)',
        en: 'is not a valid code (1 to 32 letters, digits, dots, hyphens or underscores, starting with a letter or digit)',
      });
    }
    const key = code.toUpperCase();
    const earlier = firstRowOfCode.get(key);
    if (earlier !== undefined) {
      bad('code', {
        nl: `komt al voor in rij ${earlier} (hoofdletters en kleine letters tellen als dezelfde code)`,
        en: `already appears in row ${earlier} (upper and lower case count as the same code)`,
      });
    }
    firstRowOfCode.set(key, row);

    if (notText('name', cells.name)) bad('name', { nl: 'is geen tekst', en: 'is not text' });
    const name = text(cells.name);
    if (name === null) return empty('name');
    if (name.length > 200) bad('name', { nl: 'is langer dan 200 tekens', en: 'is longer than 200 characters' });

    if (notText('province', cells.province)) bad('province', { nl: 'is geen tekst', en: 'is not text' });
    const province = text(cells.province);
    if (province !== null && province.length > 100) bad('province', { nl: 'is langer dan 100 tekens', en: 'is longer than 100 characters' });

    const population = wholeNumber(cells.population);
    if (population === null) return empty('population');
    if (Number.isNaN(population) || population < 0) bad('population', { nl: 'is geen geheel getal van 0 of meer', en: 'is not a whole number of 0 or more' });
    if (population > MAX_POPULATION) bad('population', { nl: 'is groter dan 2.000.000.000', en: 'is larger than 2,000,000,000' });

    const weight = wholeNumber(cells.weight);
    if (weight !== null) {
      if (Number.isNaN(weight) || weight < 1) bad('weight', { nl: 'is geen geheel getal van 1 of meer (laat de cel leeg om het gewicht te laten berekenen)', en: 'is not a whole number of 1 or more (leave the cell empty to have the weight computed)' });
      if (weight > MAX_WEIGHT) bad('weight', { nl: 'is groter dan 1.000.000', en: 'is larger than 1,000,000' });
    }
    return { code, name, province, population, weight };
  });
}

/** A member file (CSV or JSON, as bytes or text) to validated members. */
export function parseMemberFile(input: { bytes: Uint8Array; charset?: string } | { json: unknown }): MemberInput[] {
  if ('json' in input) return validateMemberRows(readMembersJson(input.json));
  const { text: decoded } = decodeMemberFile(input.bytes, input.charset);
  if (/^\s*[[{]/.test(decoded)) {
    let json: unknown;
    try {
      json = JSON.parse(decoded);
    } catch (err) {
      fail({ nl: `Het bestand is geen geldige JSON: ${(err as Error).message}`, en: `The file is not valid JSON: ${(err as Error).message}` });
    }
    return validateMemberRows(readMembersJson(json));
  }
  return validateMemberRows(readMembersCsv(decoded));
}
