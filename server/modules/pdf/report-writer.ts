/**
 * The results report's page and its few drawing tools: A4 geometry, the colours, and a `Writer`
 * that keeps the cursor, breaks pages, and draws headings, paragraphs and tables. Every section of
 * the report (report-*.ts) draws through it.
 */
import { printable, type FontSet } from './fonts.ts';

const MM = 72 / 25.4;
export const mm = (v: number) => v * MM;
const PAGE_W = mm(210);
export const PAGE_H = mm(297);
export const MARGIN_X = mm(18);
const MARGIN_TOP = mm(20);
const MARGIN_BOTTOM = mm(20);
export const CONTENT_W = PAGE_W - 2 * MARGIN_X;
const BOTTOM = PAGE_H - MARGIN_BOTTOM;

export const INK = '#000000';
export const MUTED = '#4a4a4a';
export const ACCENT = '#1f4e79';
export const RULE = '#9a9a9a';
const SHADE = '#eef2f6';

/** The Dutch of a label pair: the report is Dutch. */
export const nl = <T extends Record<'nl' | 'en', string>>(l: T) => l.nl;

export interface Column {
  label: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

export class Writer {
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
