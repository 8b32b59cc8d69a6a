/**
 * The card codes list (`cards issue --codes FILE.csv`, the demo's demo-cards.csv): a CSV for a
 * spreadsheet through ../../lib/csv.ts, Dutch with `;` by default, the codes kept as text.
 */
import { renderCsv, type CsvColumn, type CsvLang } from '../../lib/csv.ts';
import type { IssuedCard } from './cards.service.ts';

export const CODES_CSV_COLUMNS: CsvColumn[] = [
  { nl: 'code lid', en: 'memberCode' },
  { nl: 'lid', en: 'name' },
  { nl: 'stemmen', en: 'weight' },
  { nl: 'kaartcode', en: 'code' },
];

export function codesCsv(cards: IssuedCard[], lang: CsvLang): string {
  return renderCsv(CODES_CSV_COLUMNS, cards.map((c) => [{ code: c.memberCode }, c.name, c.weight, { code: c.code }]), lang);
}
