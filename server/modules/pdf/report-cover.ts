/**
 * The report's first page: the title block with how to read the figures, and the decisions at a
 * glance, one row per motion of the agenda.
 */
import type { MeetingDetail, Round, Tally } from '../../../shared/schemas.ts';
import { MOTION_KIND_LABELS, OUTCOME_LABELS } from '../../../shared/labels.ts';
import { formatDateNl } from './format.ts';
import { outcomeText } from './report-rounds.ts';
import { ACCENT, CONTENT_W, INK, MARGIN_X, MUTED, mm, nl, type Writer } from './report-writer.ts';

/** The title block; `generated` is when the report was made, as printed. */
export function drawCover(w: Writer, meeting: MeetingDetail, generated: string): void {
  const { doc, fonts } = w;
  w.newPage();
  doc.font(fonts.bold).fontSize(9).fillColor(ACCENT).text('STEMKAART · UITSLAGEN', MARGIN_X, w.y, { characterSpacing: 1.2 });
  w.y = doc.y + 4;
  doc.font(fonts.bold).fontSize(20).fillColor(INK).text(w.p(meeting.title), MARGIN_X, w.y, { width: CONTENT_W });
  w.y = doc.y + 2;
  w.paragraph([formatDateNl(meeting.date), meeting.venue].filter(Boolean).join(' · '), { size: 11, color: MUTED, gap: 6 });
  w.paragraph(`Verslag van de stemmingen, opgemaakt op ${generated}.`, { size: 9.5 });
  w.paragraph(
    'Gewichten zijn stemmen (het aantal stemmen van een lid); "aantal" is het aantal leden. ' +
      'Percentages voor en tegen zijn berekend over de stemmen voor plus tegen (onthoudingen tellen niet mee), ' +
      'onthouding over de uitgebrachte stemmen, uitgebracht over het aanwezige gewicht, aanwezig over het stemgerechtigde gewicht.',
    { size: 8.5, color: MUTED, gap: 4 },
  );
}

/** "Besluiten": per motion its outcome, from the round that decided it, by hand, or why there is none. */
export function drawDecisions(w: Writer, meeting: MeetingDetail, decided: Map<number, { tally: Tally; round: Round }>): void {
  w.heading('Besluiten', 14);
  const decisionRows: string[][] = [];
  for (const item of meeting.agenda) {
    for (const m of item.motions) {
      if (m.kind === 'practice') continue;
      const d = decided.get(m.id);
      let result: string;
      if (m.status === 'withdrawn') result = 'Ingetrokken';
      else if (d) result = `${outcomeText(d.tally)} (stemronde ${d.round.number})`;
      else if (m.manualResult) result = `${nl(OUTCOME_LABELS[m.manualResult.outcome])} – handmatig vastgesteld`;
      else result = m.status === 'in_vote' ? 'In stemming' : 'Niet in stemming gebracht';
      decisionRows.push([m.ref, `${m.title}\n${nl(MOTION_KIND_LABELS[m.kind])}${m.amends ? ` op ${m.amends}` : ''}`, result]);
    }
  }
  if (decisionRows.length) {
    w.table(
      [
        { label: 'Nr.', width: mm(18) },
        { label: 'Onderwerp', width: CONTENT_W - mm(18) - mm(55) },
        { label: 'Uitslag', width: mm(55) },
      ],
      decisionRows,
      { boldFirstColumn: true },
    );
  } else {
    w.paragraph('Er staan geen voorstellen op de agenda.', { color: MUTED });
  }
}
