/**
 * A round's results as CSV for a spreadsheet (written by ../../lib/csv.ts: Dutch with `;` by
 * default, English with `,` on request). Long format, one row per member and motion (`soort` =
 * `stem`) followed by the totals of each motion (`soort` = `totaal`); a secret round has totals only.
 * The round is named by its `number`, the one every screen and file uses.
 */
import { byName, compareDutch } from '../../lib/collate.ts';
import { renderCsv, type CsvCell, type CsvColumn, type CsvLang } from '../../lib/csv.ts';
import type { Motion, Round } from '../../../shared/schemas.ts';
import { outcomeWord } from '../../../shared/labels.ts';

/** The columns, in order: the key names what fills the column. */
export const RESULTS_CSV_COLUMNS = {
  row: { nl: 'soort', en: 'row' },
  round: { nl: 'stemronde', en: 'round' },
  motionId: { nl: 'voorstel-id', en: 'motionId' },
  motionRef: { nl: 'voorstel', en: 'motionRef' },
  motionTitle: { nl: 'titel', en: 'motionTitle' },
  memberCode: { nl: 'code', en: 'memberCode' },
  memberName: { nl: 'lid', en: 'memberName' },
  choice: { nl: 'keuze', en: 'choice' },
  weight: { nl: 'stemmen', en: 'weight' },
  count: { nl: 'aantal', en: 'count' },
  outcome: { nl: 'uitslag', en: 'outcome' },
  /** Only in a round with ballots cast by proxy: who cast it. */
  by: { nl: 'volmacht', en: 'by' },
} as const satisfies Record<string, CsvColumn>;
type ColumnKey = keyof typeof RESULTS_CSV_COLUMNS;

/** The words of the file: row kinds, choices and totals. */
const WORDS = {
  vote: { nl: 'stem', en: 'vote' },
  total: { nl: 'totaal', en: 'total' },
  for: { nl: 'voor', en: 'for' },
  against: { nl: 'tegen', en: 'against' },
  abstain: { nl: 'onthouding', en: 'abstain' },
  cast: { nl: 'uitgebracht', en: 'cast' },
  present: { nl: 'aanwezig', en: 'present' },
  entitled: { nl: 'stemgerechtigd', en: 'entitled' },
  byProxy: { nl: 'via volmacht', en: 'by proxy' },
} as const;

export interface ResultsCsvInput {
  round: Round;
  /** The motions of the round (for ref and title); a motion not given is shown by its tally's ref. */
  motions: Pick<Motion, 'id' | 'ref' | 'title'>[];
}

const TOTAL_KINDS = ['for', 'against', 'abstain', 'cast', 'present', 'entitled'] as const;

export function renderResultsCsv(input: ResultsCsvInput, lang: CsvLang = 'nl'): string {
  const { round } = input;
  const byId = new Map(input.motions.map((m) => [m.id, m]));
  const tallies = round.tallies ?? [];
  const rows: CsvCell[][] = [];
  // A round with ballots cast by proxy gets one more column naming the holder ("via volmacht GM0599 Naam").
  const byProxy = !round.secret && (round.rollCall ?? []).some((e) => e.by);
  const columns = (Object.keys(RESULTS_CSV_COLUMNS) as ColumnKey[]).filter((k) => byProxy || k !== 'by');
  const ref = (id: number) => byId.get(id)?.ref ?? tallies.find((t) => t.motionId === id)?.ref ?? String(id);
  const row = (kind: 'vote' | 'total', motionId: number, cells: Partial<Record<ColumnKey, CsvCell>>) => {
    const all: Record<ColumnKey, CsvCell> = {
      row: WORDS[kind][lang],
      round: round.number,
      motionId,
      motionRef: ref(motionId),
      motionTitle: byId.get(motionId)?.title ?? '',
      memberCode: '',
      memberName: '',
      choice: '',
      weight: null,
      count: null,
      outcome: '',
      by: '',
      ...cells,
    };
    rows.push(columns.map((k) => all[k]));
  };

  // Never per member in a secret round, whatever the caller passed in.
  if (!round.secret) {
    const roll = [...(round.rollCall ?? [])].sort((a, b) => byName(a, b) || compareDutch(a.memberCode, b.memberCode));
    for (const motionId of round.motionIds) {
      for (const entry of roll) {
        const choice = entry.choices.find((c) => c.motionId === motionId);
        if (!choice) continue;
        const via = entry.by ? `${WORDS.byProxy[lang]} ${entry.by} ${entry.byName ?? ''}`.trimEnd() : '';
        const member = { memberCode: { code: entry.memberCode }, memberName: entry.name, count: 1, by: via };
        if ('split' in choice) {
          // A split: one line per part that is not 0, its weight the part (as the tally counts it).
          for (const k of ['for', 'against', 'abstain'] as const) {
            if (choice.split[k] > 0) row('vote', motionId, { ...member, choice: WORDS[k][lang], weight: choice.split[k] });
          }
          continue;
        }
        row('vote', motionId, { ...member, choice: WORDS[choice.choice][lang], weight: entry.weight });
      }
    }
  }
  for (const t of tallies) {
    const outcome = round.state === 'closed' || t.outcome ? outcomeWord(round.practice, t.outcome, lang) : '';
    for (const kind of TOTAL_KINDS) row('total', t.motionId, { choice: WORDS[kind][lang], weight: t[kind].weight, count: t[kind].count, outcome });
  }
  return renderCsv(columns.map((k) => RESULTS_CSV_COLUMNS[k]), rows, lang);
}
