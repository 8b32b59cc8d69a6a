/**
 * The meeting's results report for the minutes: decisions at a glance, then per round and motion the
 * weighted figures, the rules that applied and the outcome, the roll call of open rounds, the audit
 * chain's head hash, and room for the chair's and secretary's signatures. Dutch, A4 portrait.
 * `renderReport` puts the sections in order; each is drawn by its own file (report-*.ts), on the
 * page and with the tools of report-writer.ts.
 */
import PDFDocument from 'pdfkit';
import type { MeetingDetail, Proxy, Round, Tally, VotingRecord } from '../../../shared/schemas.ts';
import { registerFonts, type FontChoice } from './fonts.ts';
import { formatDateTimeNl } from './format.ts';
import { drawAudit, drawSignatures, type ReportAudit } from './report-audit.ts';
import { drawCover, drawDecisions } from './report-cover.ts';
import { drawProxies } from './report-proxies.ts';
import { drawVotingRecord } from './report-roll-call.ts';
import { drawManualResults, drawRounds, motionsById } from './report-rounds.ts';
import { CONTENT_W, MARGIN_X, MUTED, PAGE_H, mm, Writer } from './report-writer.ts';

export interface ReportData {
  meeting: MeetingDetail;
  /** Every round of the meeting in the admin view (tallies, and roll call unless secret); drafts are skipped. */
  rounds: Round[];
  /** The audit chain as verified when the report was made. */
  audit: ReportAudit;
  /** When the report was made. */
  generatedAt: string | Date;
  /** The voting record (stemgedrag), printed as an appendix when given. */
  votingRecord?: VotingRecord;
  /** The meeting's proxies (volmachten), listed when the meeting allows them (the admin's report). */
  proxies?: Proxy[];
}

export interface ReportOptions {
  fonts?: FontChoice;
}

export async function renderReport(data: ReportData, opts: ReportOptions = {}): Promise<Buffer> {
  const { meeting } = data;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    bufferPages: true,
    info: {
      Title: `Uitslagen ${meeting.title}`,
      Subject: 'Verslag van de stemmingen',
      Creator: 'Stemkaart',
      CreationDate: new Date(data.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const fonts = registerFonts(doc, opts.fonts);
  const w = new Writer(doc, fonts);
  const motions = motionsById(meeting);
  const rounds = data.rounds.filter((r) => r.state !== 'draft').sort((a, b) => a.id - b.id);
  // Practice rounds decide nothing: they are listed as "Proefstemming", with their round number.
  const counted = rounds.filter((r) => !r.practice);
  const zone = meeting.timeZone;
  const generated = formatDateTimeNl(data.generatedAt, zone);

  drawCover(w, meeting, generated);
  const decided = new Map<number, { tally: Tally; round: Round }>();
  for (const r of counted) if (r.state === 'closed') for (const t of r.tallies ?? []) decided.set(t.motionId, { tally: t, round: r });
  drawDecisions(w, meeting, decided);
  drawRounds(w, rounds, motions, zone);
  drawManualResults(w, motions, decided, zone);

  if (data.proxies?.length) drawProxies(w, data.proxies);
  drawAudit(w, data.audit, generated);
  drawSignatures(w);
  if (data.votingRecord) drawVotingRecord(w, data.votingRecord, (roundId) => rounds.find((r) => r.id === roundId)?.number ?? null);

  // Running head and page numbers on every page, now that the number of pages is known.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const footY = PAGE_H - mm(12);
    doc.font(fonts.regular).fontSize(7.5).fillColor(MUTED);
    doc.text(w.p(`${meeting.title} · uitslagen · opgemaakt ${generated}`), MARGIN_X, footY, { width: CONTENT_W * 0.75, lineBreak: false });
    doc.text(`Pagina ${i - range.start + 1} van ${range.count}`, MARGIN_X, footY, { width: CONTENT_W, align: 'right', lineBreak: false });
  }
  doc.end();
  return ended;
}
