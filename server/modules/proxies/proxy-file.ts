import { parse as parseCsv } from 'csv-parse/sync';
import { ApiError } from '../../../shared/errors.ts';
import { detectSeparator } from '../members/member-file.ts';

/** One proxy of a file, with its row as a spreadsheet numbers it. */
export interface ProxyFileRow {
  row: number;
  principal: string;
  holder: string;
  reference: string | null;
}

const HEADER = /^(principal|volmachtgever)$/i;

/**
 * Reads a CSV of proxies: `principal;holder;reference` per line (`,` or a tab also separate; the
 * reference may be empty), with or without a header line (`principal;holder;reference`, or the Dutch
 * `volmachtgever;gevolmachtigde;referentie`). UTF-8, with or without BOM. Empty lines are skipped;
 * a line without principal or holder is refused with its row number.
 */
export function readProxyCsv(text: string): ProxyFileRow[] {
  const body = text.replace(/^\uFEFF/, '');
  const fail = (nl: string, en: string): never => {
    throw new ApiError('validation', { nl, en });
  };
  let records: string[][] = [];
  try {
    records = parseCsv(body, { delimiter: detectSeparator(body), relax_column_count: true, skip_empty_lines: false, trim: true });
  } catch {
    fail('Het CSV-bestand met volmachten kan niet worden gelezen.', 'The CSV file of proxies cannot be read.');
  }
  const rows: ProxyFileRow[] = [];
  records.forEach((cells, i) => {
    if (cells.every((c) => c === '')) return;
    if (i === 0 && HEADER.test(cells[0] ?? '')) return;
    const [principal = '', holder = '', reference = '', ...rest] = cells;
    const row = i + 1;
    if (principal === '' || holder === '' || rest.some((c) => c !== '')) {
      fail(`Rij ${row}: verwacht volmachtgever;gevolmachtigde;referentie.`, `Row ${row}: expected principal;holder;reference.`);
    }
    rows.push({ row, principal, holder, reference: reference === '' ? null : reference });
  });
  if (rows.length === 0) fail('Het bestand noemt geen volmacht.', 'The file names no proxy.');
  return rows;
}
