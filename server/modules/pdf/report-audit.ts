/**
 * The report's close: the audit chain as checked when the report was made (its head hash, or where
 * it broke), and the boxes for the chair's and secretary's signatures.
 */
import type { AuditVerify } from '../../../shared/schemas.ts';
import { formatInt } from './format.ts';
import { CONTENT_W, INK, MARGIN_X, MUTED, RULE, mm, type Writer } from './report-writer.ts';

/** The audit chain as the report is given it: verified, or only its head. */
export type ReportAudit = AuditVerify | { ok: null; head: string | null; entries?: number };

/** The "Controle" section; `generated` is when the report was made, as printed. */
export function drawAudit(w: Writer, audit: ReportAudit, generated: string): void {
  const fonts = w.fonts;
  w.heading('Controle', 14, 12);
  if (audit.ok === true) {
    w.paragraph(`De auditketen van deze vergadering is gecontroleerd op ${generated}: in orde, ${formatInt(audit.entries)} regels. Kop-hash:`, { size: 9 });
    w.paragraph(audit.head, { size: 8, font: fonts.mono, gap: 4 });
  } else if (audit.ok === false) {
    w.paragraph(`LET OP: de auditketen is gecontroleerd op ${generated} en is verbroken bij regel ${audit.brokenAt}. De uitslagen in dit verslag zijn niet door de keten bevestigd.`, {
      size: 9.5,
      bold: true,
      color: '#a00000',
    });
    for (const problem of audit.problems ?? []) w.paragraph(`• ${problem}`, { size: 8.5, color: '#a00000' });
  } else {
    w.paragraph(`Kop-hash van de auditketen op ${generated}:`, { size: 9 });
    w.paragraph(audit.head ?? '(leeg)', { size: 8, font: fonts.mono, gap: 4 });
  }
}

export function drawSignatures(w: Writer): void {
  const doc = w.doc;
  const boxH = mm(48);
  w.ensure(boxH + mm(14));
  w.y += mm(6);
  doc.font(w.fonts.bold).fontSize(10).fillColor(INK).text('Vastgesteld en ondertekend', MARGIN_X, w.y);
  w.y = doc.y + mm(3);
  const gap = mm(10);
  const boxW = (CONTENT_W - gap) / 2;
  ['De voorzitter', 'De secretaris'].forEach((role, i) => {
    const x = MARGIN_X + i * (boxW + gap);
    doc.save().lineWidth(0.6).strokeColor(RULE).rect(x, w.y, boxW, boxH).stroke().restore();
    doc.font(w.fonts.bold).fontSize(9.5).fillColor(INK).text(role, x + mm(3), w.y + mm(3));
    const labels = ['Naam', 'Datum', 'Handtekening'];
    labels.forEach((label, j) => {
      // The signature gets the most room: its line sits at the bottom of the box.
      const ly = w.y + (j < 2 ? mm(14) + j * mm(9) : boxH - mm(6));
      doc.font(w.fonts.regular).fontSize(8).fillColor(MUTED).text(label, x + mm(3), ly - mm(3.2), { lineBreak: false });
      doc.save().lineWidth(0.4).strokeColor(RULE).moveTo(x + mm(26), ly).lineTo(x + boxW - mm(4), ly).stroke().restore();
    });
  });
  w.y += boxH + mm(4);
}
