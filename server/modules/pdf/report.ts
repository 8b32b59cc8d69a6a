/**
 * The meeting's results report for the minutes: decisions at a glance, then per round and motion the
 * weighted figures, the rules that applied and the outcome, the roll call of open rounds, the audit
 * chain's head hash, and room for the chair's and secretary's signatures. Dutch, A4 portrait.
 */
import { byName } from '../../lib/collate.ts';
import PDFDocument from 'pdfkit';
import type { AuditVerify, MeetingDetail, Motion, Proxy, RollCallEntry, Round, Tally, VotingRecord } from '../../../shared/schemas.ts';
import { CHOICE_LABELS, describeChoice, MOTION_KIND_LABELS, OUTCOME_LABELS } from '../../../shared/labels.ts';
import { isSmallSecretRound, SECRET_ROUND_MIN_MEMBERS } from '../../../shared/secrecy.ts';
import { registerFonts, printable, type FontChoice, type FontSet } from './fonts.ts';
import { formatDateNl, formatDateTimeNl, formatInt, formatPercent, formatWeight } from './format.ts';

export interface ReportData {
  meeting: MeetingDetail;
  /** Every round of the meeting in the admin view (tallies, and roll call unless secret); drafts are skipped. */
  rounds: Round[];
  /** The audit chain as verified when the report was made. */
  audit: AuditVerify | { ok: null; head: string | null; entries?: number };
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

const MM = 72 / 25.4;
const mm = (v: number) => v * MM;
const PAGE_W = mm(210);
const PAGE_H = mm(297);
const MARGIN_X = mm(18);
const MARGIN_TOP = mm(20);
const MARGIN_BOTTOM = mm(20);
const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const BOTTOM = PAGE_H - MARGIN_BOTTOM;

const INK = '#000000';
const MUTED = '#4a4a4a';
const ACCENT = '#1f4e79';
const RULE = '#9a9a9a';
const SHADE = '#eef2f6';

const nl = <T extends Record<'nl' | 'en', string>>(l: T) => l.nl;

interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

class Writer {
  y = MARGIN_TOP;
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly fonts: FontSet,
  ) {}

  p(s: string): string {
    return printable(s, this.fonts);
  }

  newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.y = MARGIN_TOP;
  }

  /** Starts a new page unless `height` points still fit. */
  ensure(height: number): void {
    if (this.y + height > BOTTOM) this.newPage();
  }

  heading(text: string, size: number, gapBefore = 10): void {
    this.ensure(gapBefore + size * 3.2);
    this.y += gapBefore;
    this.doc.font(this.fonts.bold).fontSize(size).fillColor(ACCENT);
    this.doc.text(this.p(text), MARGIN_X, this.y, { width: CONTENT_W });
    this.y = this.doc.y + 3;
  }

  paragraph(text: string, opts: { size?: number; bold?: boolean; color?: string; font?: string; gap?: number } = {}): void {
    const size = opts.size ?? 9.5;
    const font = opts.font ?? (opts.bold ? this.fonts.bold : this.fonts.regular);
    this.doc.font(font).fontSize(size);
    const height = this.doc.heightOfString(this.p(text), { width: CONTENT_W });
    this.ensure(height);
    this.doc.fillColor(opts.color ?? INK).text(this.p(text), MARGIN_X, this.y, { width: CONTENT_W });
    this.y = this.doc.y + (opts.gap ?? 2);
  }

  /** A table with a header row repeated on each page; cells wrap within their column. */
  table(columns: Column[], rows: string[][], opts: { size?: number; boldFirstColumn?: boolean; shadeRows?: Set<number> } = {}): void {
    const size = opts.size ?? 8.5;
    const padX = 3;
    const padY = 2.2;
    const doc = this.doc;
    const rowHeight = (cells: string[], bold: boolean) =>
      Math.max(
        ...cells.map((c, i) => {
          doc.font(bold || (opts.boldFirstColumn && i === 0) ? this.fonts.bold : this.fonts.regular).fontSize(size);
          return doc.heightOfString(this.p(c), { width: columns[i].width - 2 * padX });
        }),
      ) +
      2 * padY;
    const drawRow = (cells: string[], header: boolean, shade: boolean) => {
      const h = rowHeight(cells, header);
      if (header || shade) {
        doc.save().rect(MARGIN_X, this.y, CONTENT_W, h).fill(header ? ACCENT : SHADE).restore();
      }
      let x = MARGIN_X;
      cells.forEach((cell, i) => {
        const col = columns[i];
        doc.font(header || (opts.boldFirstColumn && i === 0) ? this.fonts.bold : this.fonts.regular).fontSize(size);
        doc.fillColor(header ? '#ffffff' : INK).text(this.p(cell), x + padX, this.y + padY, {
          width: col.width - 2 * padX,
          align: col.align ?? 'left',
        });
        x += col.width;
      });
      this.y += h;
      doc.save().lineWidth(0.4).strokeColor(RULE).moveTo(MARGIN_X, this.y).lineTo(MARGIN_X + CONTENT_W, this.y).stroke().restore();
    };
    const header = columns.map((c) => c.label);
    const headerHeight = rowHeight(header, true);
    this.ensure(headerHeight + (rows[0] ? rowHeight(rows[0], false) : 0));
    drawRow(header, true, false);
    rows.forEach((row, i) => {
      if (this.y + rowHeight(row, false) > BOTTOM) {
        this.newPage();
        drawRow(header, true, false);
      }
      drawRow(row, false, opts.shadeRows?.has(i) ?? false);
    });
    this.y += 4;
  }
}

function motionsById(meeting: MeetingDetail): Map<number, Motion & { itemNumber: string }> {
  const map = new Map<number, Motion & { itemNumber: string }>();
  for (const item of meeting.agenda) for (const m of item.motions) map.set(m.id, { ...m, itemNumber: item.number });
  return map;
}

/** Choices in the roll call: `Voor`, a split as `Voor 50 / Tegen 20`. */
const ROLL_CALL_WORDS = { for: nl(CHOICE_LABELS.for), against: nl(CHOICE_LABELS.against), abstain: nl(CHOICE_LABELS.abstain) };

const MAJORITY_TEXT = {
  simple: 'gewone meerderheid (meer stemmen voor dan tegen)',
  two_thirds: 'twee derde meerderheid (ten minste 2/3 van de stemmen voor en tegen is voor)',
} as const;

function outcomeText(t: Tally): string {
  if (!t.outcome) return 'nog geen uitslag';
  let s = nl(OUTCOME_LABELS[t.outcome]);
  if (t.tie) s += ' (staking van stemmen)';
  if (!t.quorumMet) s += ' (quorum niet gehaald)';
  return s;
}

function roundTitle(round: Round): string {
  return `Stemronde ${round.number}`;
}

function roundRules(round: Round): string {
  const parts = [
    round.secret ? 'geheime stemming' : 'open stemming (hoofdelijk, per lid gepubliceerd)',
    MAJORITY_TEXT[round.majority],
    round.quorumPercent > 0 ? `quorum ${round.quorumPercent} % van het stemgerechtigde gewicht aanwezig` : 'geen quorum',
    round.allowChange ? 'stem wijzigen toegestaan tot sluiting' : 'stem niet te wijzigen',
  ];
  return parts.join('; ') + '.';
}

function roundTimes(round: Round, timeZone: string): string {
  const parts: string[] = [];
  if (round.openedAt) parts.push(`geopend ${formatDateTimeNl(round.openedAt, timeZone)}`);
  if (round.closedAt) parts.push(`gesloten ${formatDateTimeNl(round.closedAt, timeZone)}`);
  if (round.cancelledAt) parts.push(`geannuleerd ${formatDateTimeNl(round.cancelledAt, timeZone)}`);
  return parts.join(', ');
}

function manualText(m: Motion, timeZone: string): string | null {
  const r = m.manualResult;
  if (!r) return null;
  const figures = [
    r.for !== null ? `voor ${formatInt(r.for)}` : null,
    r.against !== null ? `tegen ${formatInt(r.against)}` : null,
    r.abstain !== null ? `onthouding ${formatInt(r.abstain)}` : null,
  ].filter(Boolean);
  return (
    `Handmatig vastgesteld (${formatDateTimeNl(r.recordedAt, timeZone)}): ${nl(OUTCOME_LABELS[r.outcome])}` +
    (figures.length ? `; ${figures.join(', ')}` : '') +
    (r.note ? `. ${r.note}` : '')
  );
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

  w.newPage();
  // Title block.
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

  // Decisions at a glance.
  w.heading('Besluiten', 14);
  const decided = new Map<number, { tally: Tally; round: Round }>();
  for (const r of counted) if (r.state === 'closed') for (const t of r.tallies ?? []) decided.set(t.motionId, { tally: t, round: r });
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

  // Rounds in detail.
  w.heading('Stemrondes', 14, 12);
  if (!rounds.length) w.paragraph('Er is niet gestemd.', { color: MUTED });
  for (const round of rounds) {
    if (round.practice) {
      drawPractice(w, round, zone);
      continue;
    }
    const state =
      round.state === 'cancelled'
        ? ' – geannuleerd, telt niet'
        : round.state === 'open'
          ? ' – nog geopend, voorlopige cijfers'
          : '';
    w.heading(`${roundTitle(round)}${state}`, 12, 8);
    const times = roundTimes(round, zone);
    if (times) w.paragraph(times.charAt(0).toUpperCase() + times.slice(1) + '.', { size: 8.5, color: MUTED });
    w.paragraph(`Regels: ${roundRules(round)}`, { size: 8.5, color: MUTED });
    if (round.state === 'cancelled') {
      w.paragraph(
        `Reden: ${round.cancelReason ?? 'niet opgegeven'}. De uitgebrachte stemmen zijn bewaard voor de controle, maar tellen niet.`,
        { size: 9 },
      );
      continue;
    }
    if (round.headHash) w.paragraph(`Auditketen bij sluiting: ${round.headHash}`, { size: 7.5, font: fonts.mono, color: MUTED });
    if (isSmallSecretRound(round)) {
      w.paragraph(
        `Let op: kleine geheime stemming. Er stemden ${formatInt(round.voted.count)} leden, minder dan ${SECRET_ROUND_MIN_MEMBERS}. ` +
          'Omdat de gewichten van de leden bijna allemaal verschillen, kan uit de gewogen totalen af te leiden zijn hoe sommige leden stemden.',
        { size: 9, bold: true },
      );
    }
    if (!round.tallies?.length) w.paragraph('De cijfers van deze ronde worden getoond na het sluiten.', { size: 9, color: MUTED });
    for (const t of round.tallies ?? []) drawTally(w, t, motions.get(t.motionId), round);
    if (!round.secret && round.rollCall) drawRollCall(w, round, motions);
    if (round.secret) w.paragraph('Geheime stemming: er is niet vastgelegd welk lid wat koos.', { size: 8.5, color: MUTED });
  }

  // Outcomes recorded by hand outside any counted round.
  const manualOnly = [...motions.values()].filter((m) => m.manualResult && !decided.has(m.id));
  if (manualOnly.length) {
    w.heading('Handmatig vastgestelde uitslagen', 14, 12);
    for (const m of manualOnly) {
      w.paragraph(`${m.ref}  ${m.title}`, { bold: true, size: 9.5 });
      w.paragraph(manualText(m, zone) ?? '', { size: 9, gap: 5 });
    }
  }

  if (data.proxies?.length) drawProxies(w, data.proxies);

  // Audit and signatures.
  w.heading('Controle', 14, 12);
  const audit = data.audit;
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

function drawTally(w: Writer, t: Tally, motion: (Motion & { itemNumber: string }) | undefined, round: Round): void {
  const title = motion ? `${motion.ref}  ${motion.title}` : `${t.ref}`;
  const kind = motion ? `${nl(MOTION_KIND_LABELS[motion.kind])}${motion.amends ? ` op ${motion.amends}` : ''}, agendapunt ${motion.itemNumber}` : '';
  w.ensure(mm(48));
  w.paragraph(title, { bold: true, size: 10, gap: 0 });
  if (kind) w.paragraph(kind, { size: 8.5, color: MUTED, gap: 2 });
  const decisive = t.for.weight + t.against.weight;
  const rows: string[][] = [
    [nl(CHOICE_LABELS.for), formatInt(t.for.weight), formatInt(t.for.count), formatPercent(t.for.weight, decisive)],
    [nl(CHOICE_LABELS.against), formatInt(t.against.weight), formatInt(t.against.count), formatPercent(t.against.weight, decisive)],
    [nl(CHOICE_LABELS.abstain), formatInt(t.abstain.weight), formatInt(t.abstain.count), formatPercent(t.abstain.weight, t.cast.weight)],
    ['Uitgebracht', formatInt(t.cast.weight), formatInt(t.cast.count), formatPercent(t.cast.weight, t.present.weight)],
    ['Aanwezig', formatInt(t.present.weight), formatInt(t.present.count), formatPercent(t.present.weight, t.entitled.weight)],
    ['Stemgerechtigd', formatInt(t.entitled.weight), formatInt(t.entitled.count), ''],
  ];
  const c = mm(30);
  w.table(
    [
      { label: '', width: CONTENT_W - 3 * c },
      { label: 'Stemmen (gewicht)', width: c, align: 'right' },
      { label: 'Leden', width: c, align: 'right' },
      { label: '%', width: c, align: 'right' },
    ],
    rows,
    { size: 8.5, shadeRows: new Set([3]) },
  );
  const quorum =
    round.quorumPercent > 0 ? ` Quorum (${round.quorumPercent} %): ${t.quorumMet ? 'gehaald' : 'niet gehaald'}.` : '';
  w.paragraph(`Uitslag: ${outcomeText(t)}.${quorum}`, { bold: true, size: 9.5, gap: 1 });
  w.y += 6;
}

/** A practice round: only that it was held, when, and its turnout; it decides nothing. */
function drawPractice(w: Writer, round: Round, timeZone: string): void {
  const state = round.state === 'cancelled' ? ' – geannuleerd' : round.state === 'open' ? ' – nog geopend' : '';
  w.heading(`${roundTitle(round)}: proefstemming${state}`, 12, 8);
  const times = roundTimes(round, timeZone);
  if (times) w.paragraph(times.charAt(0).toUpperCase() + times.slice(1) + '.', { size: 8.5, color: MUTED });
  const present = round.tallies?.[0]?.present;
  const voted = `${formatInt(round.voted.count)} ${round.voted.count === 1 ? 'lid' : 'leden'} met ${formatWeight(round.voted.weight)}`;
  const of = present ? ` van ${formatInt(present.count)} aanwezige ${present.count === 1 ? 'lid' : 'leden'} met ${formatWeight(present.weight)} (${formatPercent(round.voted.weight, present.weight)} van het aanwezige gewicht)` : '';
  w.paragraph(`Opkomst: ${voted} ${round.voted.count === 1 ? 'heeft' : 'hebben'} gestemd${of}.`, { size: 9.5 });
  w.paragraph('Een proefstemming telt niet mee voor een besluit.', { size: 8.5, color: MUTED, gap: 6 });
}

function drawRollCall(w: Writer, round: Round, motions: Map<number, Motion>): void {
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
  for (let start = 0; start < ids.length; start += 4) {
    const chunk = ids.slice(start, start + 4);
    const choiceWidth = mm(22);
    const fixed = mm(20) + mm(18) + chunk.length * choiceWidth;
    const columns: Column[] = [
      { label: 'Lid', width: CONTENT_W - fixed },
      { label: 'Code', width: mm(20) },
      { label: 'Stemmen', width: mm(18), align: 'right' },
      ...chunk.map((id) => ({ label: motions.get(id)?.ref ?? String(id), width: choiceWidth, align: 'center' as const })),
    ];
    const rows = roll.map((e) => [
      e.by ? `${e.name}\nvia volmacht ${e.by} ${e.byName ?? ''}`.trimEnd() : e.name,
      e.memberCode,
      formatInt(e.weight),
      ...chunk.map((id) => {
        const c = e.choices.find((x) => x.motionId === id);
        // A split's parts one under the other: the column is narrow.
        return c ? describeChoice(c, ROLL_CALL_WORDS, formatInt).replaceAll(' / ', '\n') : '–';
      }),
    ]);
    w.table(columns, rows, { size: 8 });
  }
  w.y += 4;
}

/** The proxies (volmachten) registered for the meeting, with their reference and whether they ended. */
function drawProxies(w: Writer, proxies: Proxy[]): void {
  w.heading('Volmachten', 14, 12);
  w.paragraph(`${formatInt(proxies.length)} volmachten geregistreerd. Een volmacht telde zolang de gevolmachtigde aanwezig was en de volmachtgever niet.`, { size: 8.5, color: MUTED });
  const columns: Column[] = [
    { label: 'Volmachtgever', width: (CONTENT_W - mm(60)) / 2 },
    { label: 'Gevolmachtigde', width: (CONTENT_W - mm(60)) / 2 },
    { label: 'Kenmerk', width: mm(35) },
    { label: 'Beëindigd', width: mm(25) },
  ];
  const rows = proxies.map((p) => [`${p.principal} ${p.principalName}`, `${p.holder} ${p.holderName}`, p.reference ?? '–', p.endedAt ? formatDateTimeNl(p.endedAt) : '–']);
  w.table(columns, rows, { size: 8 });
  w.y += 4;
}

/** The appendix: the voting record, the same table as `voting-record.csv`. */
function drawVotingRecord(w: Writer, record: VotingRecord, roundNumber: (roundId: number) => number | null): void {
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
  for (let start = 0; start < record.motions.length; start += 4) {
    const chunk = record.motions.slice(start, start + 4);
    const choiceWidth = mm(24);
    const fixed = mm(20) + mm(18) + chunk.length * choiceWidth;
    const columns: Column[] = [
      { label: 'Lid', width: CONTENT_W - fixed },
      { label: 'Code', width: mm(20) },
      { label: 'Stemmen', width: mm(18), align: 'right' },
      ...chunk.map((m) => ({ label: m.ref, width: choiceWidth, align: 'center' as const })),
    ];
    const rows = record.rows.map((r) => [r.name, r.memberCode, formatInt(r.weight), ...r.cells.slice(start, start + 4).map((cell) => cell.replaceAll(' / ', '\n'))]);
    w.table(columns, rows, { size: 8 });
  }
}

function drawSignatures(w: Writer): void {
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
