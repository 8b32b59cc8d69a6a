/**
 * Every CSV a person opens (a round's results, the voting record, card codes), written in one place
 * (docs/api.md, "Words and numbers the minutes use"). Dutch by default, for a Dutch spreadsheet:
 * UTF-8 with a byte order mark (so that Excel reads the diacritics), `;` between fields, CRLF line
 * ends. English (`?lang=en`, the CLI's `--lang en`) has English headers and words and `,`.
 *
 * A file is a list of columns, each with its Dutch and English header, and rows of cells: a new
 * column (the proxies' "via volmacht") is one more entry in a column list.
 */
import type { Lang } from '../../shared/errors.ts';

export type CsvLang = Lang;

/** A column: its header in each language. */
export interface CsvColumn {
  nl: string;
  en: string;
}

/**
 * A cell: a number, text, nothing, or a code (`{ code }`): a card or member code kept as text, since
 * a spreadsheet would turn `0123` into 123 and `1E5` into 100000 (see `codeCell`).
 */
export type CsvCell = string | number | null | { code: string };

export const separatorOf = (lang: CsvLang): ';' | ',' => (lang === 'en' ? ',' : ';');

/** The language a request's or command's `lang` names: English only when asked for. */
export const csvLang = (value: string | undefined | null): CsvLang => (value === 'en' ? 'en' : 'nl');

/** The whole file: BOM, the header line, one line per row, CRLF after each. */
export function renderCsv(columns: readonly CsvColumn[], rows: Iterable<readonly CsvCell[]>, lang: CsvLang): string {
  const sep = separatorOf(lang);
  const lines = [columns.map((c) => field(c[lang], sep)).join(sep)];
  for (const row of rows) lines.push(row.map((c) => field(c, sep)).join(sep));
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/**
 * A code that a spreadsheet would read as a number, a date or a time (only digits and `.,:/+-eE `)
 * is written as the text formula `="0123"`: Excel and LibreOffice then show it as typed, leading
 * zeros included, and it stays text when saved again. A code with a letter elsewhere (GM0363) is
 * written as it is, so that it reads plainly in any other program too. An apostrophe (`'0123`) is
 * not a choice: opening a CSV, Excel shows it as part of the value.
 */
function codeCell(code: string, sep: string): string {
  if (/\d/.test(code) && /^[\d.,:/+\-eE ]+$/.test(code)) return `"=""${code}"""`;
  return field(code, sep);
}

/**
 * One field, quoted when it holds the separator, a quote or a line break. Text that a spreadsheet
 * would run as a formula (=, +, -, @ at the start) gets a leading apostrophe.
 */
function field(value: CsvCell, sep: string): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'object') return codeCell(value.code, sep);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (s.includes(sep) || /["\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}
