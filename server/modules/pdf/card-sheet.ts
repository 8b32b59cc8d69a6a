/**
 * The printable voting cards: A4 sheets of ten credit-card-size cards (85.6 × 54 mm, ID-1, the size
 * of a badge holder) laid edge to edge with cut marks in the margins, so that one cut serves two cards.
 * Each card carries its code as a Code 128 barcode (the desk scanners) and as a QR code (phone
 * cameras), both drawn as vector rectangles, and in print in groups of five for typing.
 */
import PDFDocument from 'pdfkit';
import { formatCardCode } from '../../../shared/card-code.ts';
import { registerFonts, printable, type FontChoice, type FontSet } from './fonts.ts';
import { formatDateNl, formatWeight } from './format.ts';
import { code128Symbol, pathLinear, pathMatrix, qrSymbol } from './symbols.ts';

export interface CardSheetMeeting {
  title: string;
  date: string;
  venue?: string | null;
}

export interface CardSheetCard {
  memberCode: string;
  name: string;
  weight: number;
  code: string;
}

export interface CardSheetInput {
  meeting: CardSheetMeeting;
  cards: CardSheetCard[];
}

export interface CardSheetOptions {
  /** Called after each card is drawn (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /** `standard` forces the PDF standard fonts (used by tests of the fallback). */
  fonts?: FontChoice;
  /** Fixed creation date for reproducible output. */
  creationDate?: Date;
}

const MM = 72 / 25.4;
const mm = (v: number) => v * MM;

export const PAGE = { width: 210, height: 297 } as const;
export const CARD = { width: 85.6, height: 54 } as const;
export const GRID = { columns: 2, rows: 5 } as const;
export const CARDS_PER_PAGE = GRID.columns * GRID.rows;
/** Top-left corner of the card grid on the page, in mm (the grid is centred). */
export const GRID_ORIGIN = {
  x: (PAGE.width - GRID.columns * CARD.width) / 2,
  y: (PAGE.height - GRID.rows * CARD.height) / 2,
} as const;

/** Layout inside a card, in mm from its top-left corner; exported so tests can crop a symbol. */
export const CARD_LAYOUT = {
  padding: 4,
  /** QR box, quiet zone included. */
  qr: { x: CARD.width - 1.5 - 20, y: 1.5, side: 20 },
  /** Code 128 box, quiet zones included. */
  barcode: { x: 1.5, y: 31.5, width: CARD.width - 3, height: 13 },
  codeText: { y: 46, size: 9.5 },
} as const;

const INK = '#000000';
const MUTED = '#4a4a4a';
const ACCENT = '#1f4e79';
const GUIDE = '#c8c8c8';

/** Card position (mm) of card `index` on its page. */
export function cardOrigin(index: number): { x: number; y: number } {
  const slot = index % CARDS_PER_PAGE;
  return {
    x: GRID_ORIGIN.x + (slot % GRID.columns) * CARD.width,
    y: GRID_ORIGIN.y + Math.floor(slot / GRID.columns) * CARD.height,
  };
}

export async function renderCardSheet(input: CardSheetInput, opts: CardSheetOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: `Stemkaarten – ${input.meeting.title}`,
      Creator: 'Stemkaart',
      CreationDate: opts.creationDate ?? new Date(),
    },
  });
  const done = collect(doc);
  const fonts = registerFonts(doc, opts.fonts);
  const total = input.cards.length;
  const pages = Math.max(1, Math.ceil(total / CARDS_PER_PAGE));

  for (let page = 0; page < pages; page++) {
    // A full sheet takes a few seconds of CPU: give the event loop (ballots, live feed) a turn per page.
    if (page > 0) await new Promise((resolve) => setImmediate(resolve));
    doc.addPage({ size: 'A4', margin: 0 });
    const onPage = input.cards.slice(page * CARDS_PER_PAGE, (page + 1) * CARDS_PER_PAGE);
    drawCutMarks(doc, onPage.length);
    drawPageFooter(doc, fonts, input.meeting, page + 1, pages);
    onPage.forEach((card, i) => {
      const origin = cardOrigin(i);
      drawCard(doc, fonts, input.meeting, card, origin.x, origin.y);
      opts.onProgress?.(page * CARDS_PER_PAGE + i + 1, total);
    });
  }
  doc.end();
  return done;
}

function collect(doc: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}

/** Cut marks in the margins on every card edge, plus faint guides between the cards for scissors. */
function drawCutMarks(doc: PDFKit.PDFDocument, cardsOnPage: number): void {
  const rows = Math.max(1, Math.ceil(cardsOnPage / GRID.columns));
  const left = GRID_ORIGIN.x;
  const right = GRID_ORIGIN.x + GRID.columns * CARD.width;
  const top = GRID_ORIGIN.y;
  const bottom = GRID_ORIGIN.y + GRID.rows * CARD.height;
  const gap = 2;
  const length = 6;

  doc.save().lineWidth(0.5).strokeColor(INK);
  for (let c = 0; c <= GRID.columns; c++) {
    const x = mm(left + c * CARD.width);
    doc.moveTo(x, mm(top - gap - length)).lineTo(x, mm(top - gap));
    doc.moveTo(x, mm(bottom + gap)).lineTo(x, mm(bottom + gap + length));
  }
  for (let r = 0; r <= GRID.rows; r++) {
    const y = mm(top + r * CARD.height);
    doc.moveTo(mm(left - gap - length), y).lineTo(mm(left - gap), y);
    doc.moveTo(mm(right + gap), y).lineTo(mm(right + gap + length), y);
  }
  doc.stroke().restore();

  // Guides only around the cards that are on the page.
  doc.save().lineWidth(0.3).strokeColor(GUIDE).dash(2, { space: 2 });
  const usedBottom = top + rows * CARD.height;
  for (let c = 0; c <= GRID.columns; c++) {
    const x = mm(left + c * CARD.width);
    doc.moveTo(x, mm(top)).lineTo(x, mm(usedBottom));
  }
  for (let r = 0; r <= rows; r++) {
    const y = mm(top + r * CARD.height);
    const width = r === rows && cardsOnPage % GRID.columns === 1 ? CARD.width : GRID.columns * CARD.width;
    doc.moveTo(mm(left), y).lineTo(mm(left + width), y);
  }
  doc.stroke().undash().restore();
}

function drawPageFooter(doc: PDFKit.PDFDocument, fonts: FontSet, meeting: CardSheetMeeting, page: number, pages: number): void {
  const y = GRID_ORIGIN.y + GRID.rows * CARD.height + 2 + 6 + 1;
  const text = printable(`Stemkaarten ${meeting.title} · blad ${page} van ${pages} · knippen langs de snijtekens`, fonts);
  doc.font(fonts.regular).fontSize(7).fillColor(MUTED);
  doc.text(text, mm(GRID_ORIGIN.x), mm(y), { width: mm(GRID.columns * CARD.width), align: 'center', lineBreak: false });
}

/** The largest font size from `max` down to `min` at which `text` fits `width`. */
function fitSize(doc: PDFKit.PDFDocument, font: string, text: string, width: number, max: number, min: number): number {
  doc.font(font);
  let size = max;
  while (size > min && doc.fontSize(size).widthOfString(text) > width) size -= 0.25;
  return size;
}

/** One line of text; shrunk to fit and, if even the smallest size is too wide, cut with an ellipsis. */
function line(
  doc: PDFKit.PDFDocument,
  fonts: FontSet,
  font: string,
  raw: string,
  x: number,
  y: number,
  width: number,
  max: number,
  min: number,
  color: string,
): number {
  let text = printable(raw, fonts);
  const size = fitSize(doc, font, text, width, max, min);
  doc.font(font).fontSize(size);
  if (doc.widthOfString(text) > width) {
    while (text.length > 1 && doc.widthOfString(`${text}…`) > width) text = text.slice(0, -1);
    text = `${text.trimEnd()}…`;
  }
  doc.fillColor(color).text(text, x, y, { lineBreak: false });
  return size;
}

function drawCard(doc: PDFKit.PDFDocument, fonts: FontSet, meeting: CardSheetMeeting, card: CardSheetCard, cx: number, cy: number): void {
  const L = CARD_LAYOUT;
  const x0 = mm(cx + L.padding);
  const textWidth = mm(L.qr.x - L.padding - 1.5);

  // Heading and meeting.
  doc.font(fonts.bold).fontSize(10).fillColor(ACCENT);
  doc.text('STEMKAART', x0, mm(cy + 3.6), { lineBreak: false, characterSpacing: 1.2 });
  line(doc, fonts, fonts.bold, meeting.title, x0, mm(cy + 8.4), textWidth, 8, 6, INK);
  const when = [formatDateNl(meeting.date), meeting.venue].filter(Boolean).join(' · ');
  line(doc, fonts, fonts.regular, when, x0, mm(cy + 11.9), textWidth, 7, 5.5, MUTED);

  // Member and weight: the two things the desk checks at a glance.
  line(doc, fonts, fonts.bold, card.name, x0, mm(cy + 17.2), textWidth, 14, 8, INK);
  doc.font(fonts.bold).fontSize(11).fillColor(INK);
  const weightText = formatWeight(card.weight);
  doc.text(weightText, x0, mm(cy + 23.4), { lineBreak: false });
  const weightWidth = doc.widthOfString(weightText);
  doc.font(fonts.regular).fontSize(7.5).fillColor(MUTED);
  doc.text(printable(card.memberCode, fonts), x0 + weightWidth + mm(3), mm(cy + 24.3), { lineBreak: false });

  // Symbols: one path of rectangles each, filled once (no hairline seams between modules).
  const qr = qrSymbol(card.code);
  pathMatrix(doc, qr, mm(cx + L.qr.x), mm(cy + L.qr.y), mm(L.qr.side));
  doc.fillColor(INK).fill();
  const bars = code128Symbol(card.code);
  pathLinear(doc, bars, mm(cx + L.barcode.x), mm(cy + L.barcode.y), mm(L.barcode.width), mm(L.barcode.height));
  doc.fillColor(INK).fill();

  // The code for typing, centred under the bars.
  doc.font(fonts.mono).fontSize(L.codeText.size).fillColor(INK);
  doc.text(formatCardCode(card.code), mm(cx), mm(cy + L.codeText.y), {
    width: mm(CARD.width),
    align: 'center',
    lineBreak: false,
    characterSpacing: 0.3,
  });
}
