/**
 * The printable sheet of cards just issued in a meeting (the codes exist only in `cards`), for the
 * card routes, the command line and the demo; and whether a request asks for it.
 */
import type { MeetingsService } from '../meetings/meetings.service.ts';
// The PDF renderer (pdfkit, bwip-js: about 30 MB once loaded) is imported when a sheet is first
// asked for, not at start: a server that never prints does not carry it.
import type { CardSheetCard, CardSheetOptions } from '../pdf/card-sheet.ts';

/** The printable sheet for cards just issued in a meeting (the codes exist only in `cards`). */
export async function cardSheetPdf(domain: { meetings: MeetingsService }, meetingId: number, cards: CardSheetCard[], opts: CardSheetOptions = {}): Promise<Buffer> {
  const meeting = domain.meetings.get(meetingId);
  const { renderCardSheet } = await import('../pdf/card-sheet.ts');
  return renderCardSheet({ meeting: { title: meeting.title, date: meeting.date, venue: meeting.venue }, cards }, opts);
}

/**
 * True when the Accept header asks for a PDF at least as much as for JSON. `*` ranges do not count:
 * a client that accepts anything gets the JSON of the contract.
 */
export function prefersPdf(accept: string | undefined): boolean {
  if (!accept) return false;
  let pdf = 0;
  let json = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (type.trim() === 'application/pdf') pdf = Math.max(pdf, q);
    if (type.trim() === 'application/json') json = Math.max(json, q);
  }
  return pdf > 0 && pdf >= json;
}
