/**
 * Who chose what, in the report: the roll call of an open round (a table per four motions) and the
 * appendix with the voting record (stemgedrag), the same table as `voting-record.csv`.
 */
import { byName } from '../../lib/collate.ts';
import type { Motion, RollCallEntry, Round, VotingRecord } from '../../../shared/schemas.ts';
import { CHOICE_LABELS, describeChoice, OUTCOME_LABELS } from '../../../shared/labels.ts';
import { formatInt } from './format.ts';
import { CONTENT_W, MUTED, mm, nl, type Column, type Writer } from './report-writer.ts';

/** Choices in the roll call: `Voor`, a split as `Voor 50 / Tegen 20`. */
const ROLL_CALL_WORDS = { for: nl(CHOICE_LABELS.for), against: nl(CHOICE_LABELS.against), abstain: nl(CHOICE_LABELS.abstain) };

export function drawRollCall(w: Writer, round: Round, motions: Map<number, Motion>): void {
  const roll: RollCallEntry[] = [...(round.rollCall ?? [])].sort(byName);
  const notVoted = (round.tallies?.[0]?.entitled.count ?? roll.length) - roll.length;
  w.paragraph('Hoofdelijke stemming', { bold: true, size: 10.5, gap: 1 });
  if (!roll.length) {
    w.paragraph('Geen stemmen uitgebracht.', { size: 9, color: MUTED, gap: 6 });
    return;
  }
  w.paragraph(
    `${formatInt(roll.length)} leden hebben gestemd` + (notVoted > 0 ? `; ${formatInt(notVoted)} stemgerechtigde leden niet.` : '.'),
    { size: 8.5, color: MUTED },
  );
  // At most four motions side by side; more motions get a second table.
  const ids = round.motionIds;
  drawMemberTables(w, ids.map((id) => motions.get(id)?.ref ?? String(id)), mm(22), (start, end) =>
    roll.map((e) => [
      e.by ? `${e.name}\nvia volmacht ${e.by} ${e.byName ?? ''}`.trimEnd() : e.name,
      e.memberCode,
      formatInt(e.weight),
      ...ids.slice(start, end).map((id) => {
        const c = e.choices.find((x) => x.motionId === id);
        // A split's parts one under the other: the column is narrow.
        return c ? describeChoice(c, ROLL_CALL_WORDS, formatInt).replaceAll(' / ', '\n') : '–';
      }),
    ]),
  );
  w.y += 4;
}

/** The appendix: the voting record, the same table as `voting-record.csv`. */
export function drawVotingRecord(w: Writer, record: VotingRecord, roundNumber: (roundId: number) => number | null): void {
  w.newPage();
  w.heading('Bijlage: stemgedrag', 14, 0);
  w.paragraph(
    'Per lid zijn keuze bij elk voorstel waarover in een open (hoofdelijke) stemming is besloten, in de volgorde van de agenda; ' +
      'bij een herstemming telt de laatste gesloten stemronde. "niet gestemd": aanwezig bij het sluiten van de stemronde, maar geen stem uitgebracht; ' +
      '"afwezig": niet aanwezig bij het sluiten. Geheime stemmingen en proefstemmingen staan hier niet in.',
    { size: 8.5, color: MUTED, gap: 4 },
  );
  if (!record.motions.length) {
    w.paragraph('Er is (nog) niet in een open stemming besloten.', { size: 9, color: MUTED });
    return;
  }
  for (const m of record.motions) {
    const n = roundNumber(m.roundId);
    w.paragraph(`${m.ref}  ${m.title} (stemronde ${n ?? '–'}${m.outcome ? `: ${nl(OUTCOME_LABELS[m.outcome]).toLowerCase()}` : ''})`, { size: 8.5, gap: 1 });
  }
  w.y += 4;
  // At most four motions side by side, as in the roll call; more motions get a second table.
  drawMemberTables(w, record.motions.map((m) => m.ref), mm(24), (start, end) =>
    record.rows.map((r) => [r.name, r.memberCode, formatInt(r.weight), ...r.cells.slice(start, end).map((cell) => cell.replaceAll(' / ', '\n'))]),
  );
}

/**
 * Members by motion, at most four motions side by side (more get a second table): name, code and
 * weight, then a cell per motion; `rowsOf(start, end)` gives the rows for motions start to end.
 */
function drawMemberTables(w: Writer, motionRefs: string[], choiceWidth: number, rowsOf: (start: number, end: number) => string[][]): void {
  for (let start = 0; start < motionRefs.length; start += 4) {
    const refs = motionRefs.slice(start, start + 4);
    const fixed = mm(20) + mm(18) + refs.length * choiceWidth;
    const columns: Column[] = [
      { label: 'Lid', width: CONTENT_W - fixed },
      { label: 'Code', width: mm(20) },
      { label: 'Stemmen', width: mm(18), align: 'right' },
      ...refs.map((ref) => ({ label: ref, width: choiceWidth, align: 'center' as const })),
    ];
    w.table(columns, rowsOf(start, start + 4), { size: 8 });
  }
}
