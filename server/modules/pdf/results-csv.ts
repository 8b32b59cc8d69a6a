/**
 * A round's results as CSV for a spreadsheet: UTF-8 with a byte order mark (so that Excel reads the
 * diacritics), CRLF line ends, comma-separated by default and semicolon-separated on request (what
 * Dutch Excel expects). Long format, one row per member and motion (`row` = `vote`) followed by the
 * totals of each motion (`row` = `total`); a secret round has totals only.
 */
import { byName, compareDutch } from '../../lib/collate.ts';
import type { Motion, Round } from '../../../shared/schemas.ts';

export const RESULTS_CSV_COLUMNS = [
  'row',
  'roundId',
  'motionId',
  'motionRef',
  'motionTitle',
  'memberCode',
  'memberName',
  'choice',
  'weight',
  'count',
  'outcome',
] as const;

export type CsvSeparator = ',' | ';';

export interface ResultsCsvInput {
  round: Round;
  /** The motions of the round (for ref and title); a motion not given is shown by its tally's ref. */
  motions: Pick<Motion, 'id' | 'ref' | 'title'>[];
}

const TOTAL_KINDS = ['for', 'against', 'abstain', 'cast', 'present', 'entitled'] as const;

export function renderResultsCsv(input: ResultsCsvInput, sep: CsvSeparator = ','): string {
  const { round } = input;
  const byId = new Map(input.motions.map((m) => [m.id, m]));
  const tallies = round.tallies ?? [];
  // A round with ballots cast by proxy gets one more column naming the holder ("via volmacht GM0599 Naam").
  const byProxy = !round.secret && (round.rollCall ?? []).some((e) => e.by);
  const lines: string[] = [[...RESULTS_CSV_COLUMNS, ...(byProxy ? ['by'] : [])].join(sep)];
  let via: string | null = null;
  const row = (cells: (string | number | null)[]) => lines.push([...cells, ...(byProxy ? [via] : [])].map((c) => cell(c, sep)).join(sep));
  const ref = (id: number) => byId.get(id)?.ref ?? tallies.find((t) => t.motionId === id)?.ref ?? String(id);
  const title = (id: number) => byId.get(id)?.title ?? '';

  // Never per member in a secret round, whatever the caller passed in.
  if (!round.secret) {
    const roll = [...(round.rollCall ?? [])].sort((a, b) => byName(a, b) || compareDutch(a.memberCode, b.memberCode));
    for (const motionId of round.motionIds) {
      for (const entry of roll) {
        const choice = entry.choices.find((c) => c.motionId === motionId);
        if (!choice) continue;
        via = entry.by ? `via volmacht ${entry.by} ${entry.byName ?? ''}`.trimEnd() : null;
        if ('split' in choice) {
          // A split: one line per part that is not 0, its weight the part (as the tally counts it).
          for (const k of ['for', 'against', 'abstain'] as const) {
            if (choice.split[k] > 0) row(['vote', round.id, motionId, ref(motionId), title(motionId), entry.memberCode, entry.name, k, choice.split[k], 1, '']);
          }
          continue;
        }
        row(['vote', round.id, motionId, ref(motionId), title(motionId), entry.memberCode, entry.name, choice.choice, entry.weight, 1, '']);
      }
    }
  }
  via = null;
  for (const t of tallies) {
    for (const kind of TOTAL_KINDS) {
      row(['total', round.id, t.motionId, ref(t.motionId), title(t.motionId), '', '', kind, t[kind].weight, t[kind].count, t.outcome ?? '']);
    }
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/**
 * One field, quoted when it holds the separator, a quote or a line break. Text that a spreadsheet
 * would run as a formula (=, +, -, @ at the start) gets a leading apostrophe.
 */
function cell(value: string | number | null, sep: CsvSeparator): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  if (s.includes(sep) || /["\r\n]/.test(s)) s = `"${s.replace(/"/g, '""')}"`;
  return s;
}
