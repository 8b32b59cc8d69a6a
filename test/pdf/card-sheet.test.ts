import { randomInt } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dammDigit, formatCardCode } from '../../shared/card-code.ts';
import {
  CARD,
  CARD_LAYOUT,
  CARDS_PER_PAGE,
  cardOrigin,
  renderCardSheet,
  type CardSheetCard,
} from '../../server/modules/pdf/card-sheet.ts';
import { code128Symbol, CODE128_QUIET_ZONE, pathLinear, pathMatrix, qrSymbol } from '../../server/modules/pdf/symbols.ts';
import {
  decodeCode128,
  decodeFirst,
  decodeQr,
  GreyBitmap,
  pageCount,
  pdfText,
  rasterisePdfPage,
  savePdfPagePng,
} from '../helpers/barcodes.ts';

function newCode(): string {
  let digits = '';
  for (let i = 0; i < 24; i++) digits += String(randomInt(10));
  return digits + dammDigit(digits);
}

const meeting = { title: 'Najaars ALV 2023', date: '2023-12-01', venue: 'Beatrixtheater, Utrecht' };
const NAMES = ["'s-Gravenhage", 'Súdwest-Fryslân', 'Nuenen, Gerwen en Nederwetten', 'Noardeast-Fryslân', 'Amsterdam', 'Urk'];

function cards(n: number): CardSheetCard[] {
  return Array.from({ length: n }, (_, i) => ({
    memberCode: `GM${String(i + 1).padStart(4, '0')}`,
    name: NAMES[i % NAMES.length] + (i >= NAMES.length ? ` ${i}` : ''),
    weight: (i % 75) + 1,
    code: newCode(),
  }));
}

const MM_TO_PT = 72 / 25.4;

describe('card symbols (Code 128 and QR as drawn on the card)', () => {
  const sample = Array.from({ length: 40 }, newCode);

  it('adds at least ten modules of quiet zone either side of the Code 128 bars', () => {
    const symbol = code128Symbol(sample[0]);
    expect(symbol.bars[0].x).toBe(CODE128_QUIET_ZONE);
    const last = symbol.bars[symbol.bars.length - 1];
    expect(symbol.modules - (last.x + last.width)).toBe(CODE128_QUIET_ZONE);
  });

  it('reads every Code 128 back to its code at the printed geometry (300 dpi)', () => {
    const pxPerPt = 300 / 72;
    for (const code of sample) {
      const w = CARD_LAYOUT.barcode.width * MM_TO_PT * pxPerPt;
      const h = CARD_LAYOUT.barcode.height * MM_TO_PT * pxPerPt;
      const bitmap = new GreyBitmap(Math.ceil(w), Math.ceil(h));
      pathLinear(bitmap, code128Symbol(code), 0, 0, w, h);
      expect(decodeCode128(bitmap)).toBe(code);
    }
  });

  const qrAt = (code: string, dpi: number) => () => {
    const side = CARD_LAYOUT.qr.side * MM_TO_PT * (dpi / 72);
    const bitmap = new GreyBitmap(Math.ceil(side), Math.ceil(side));
    pathMatrix(bitmap, qrSymbol(code), 0, 0, side);
    return bitmap;
  };

  it('reads every QR code back to its code from its module grid at the printed geometry (300 dpi)', () => {
    for (const code of sample) expect(decodeQr(qrAt(code, 300)(), { pure: true })).toBe(code);
  });

  it('finds and reads every QR code as a camera would (printed geometry, a few resolutions)', () => {
    for (const code of sample) {
      const renderings = [300, 200, 400, 600].map((dpi) => qrAt(code, dpi));
      expect(decodeFirst(renderings, (b) => decodeQr(b))).toBe(code);
    }
  });

  it('keeps Code 128 modules at least 0.33 mm wide so desk scanners read them', () => {
    const symbol = code128Symbol(sample[0]);
    expect(CARD_LAYOUT.barcode.width / symbol.modules).toBeGreaterThanOrEqual(0.33);
  });
});

describe('renderCardSheet', () => {
  const many = cards(23);
  let pdf: Buffer;
  beforeAll(async () => {
    pdf = await renderCardSheet({ meeting, cards: many }, { creationDate: new Date('2023-11-30T12:00:00Z') });
  });

  it('puts ten cards on each A4 page', () => {
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pageCount(pdf)).toBe(Math.ceil(many.length / CARDS_PER_PAGE));
  });

  it('fits two columns and five rows of 85.6 × 54 mm cards on A4 with margins for the cut marks', () => {
    const last = cardOrigin(CARDS_PER_PAGE - 1);
    expect(last.x + CARD.width).toBeLessThanOrEqual(210 - 10);
    expect(last.y + CARD.height).toBeLessThanOrEqual(297 - 10);
    expect(cardOrigin(0).x).toBeGreaterThanOrEqual(10);
    expect(cardOrigin(0).y).toBeGreaterThanOrEqual(10);
  });

  it('prints names with diacritics, the weight and the code in groups of five', () => {
    const text = pdfText(pdf);
    expect(text).toContain('Súdwest-Fryslân');
    expect(text).toContain("'s-Gravenhage");
    // Letter-spaced in print: pdftotext may render it as "S T E M K A A RT", depending on the fonts.
    expect(text.replace(/\s/g, '')).toContain('STEMKAART');
    expect(text).toContain('1 december 2023 · Beatrixtheater, Utrecht');
    expect(text).toContain('1 stem');
    expect(text).toContain('2 stemmen');
    for (const c of many) expect(text.replace(/\s+/g, ' ')).toContain(formatCardCode(c.code));
  });

  it('prints diacritics with the PDF standard fonts too (a machine without TrueType fonts)', async () => {
    const plain = await renderCardSheet({ meeting, cards: many.slice(0, 6) }, { fonts: 'standard' });
    const text = pdfText(plain);
    expect(text).toContain('Súdwest-Fryslân');
    expect(text).toContain('Noardeast-Fryslân');
    expect(text).toContain("'s-Gravenhage");
  });

  it('decodes the barcode and the QR code of cards from the rasterised PDF page itself', () => {
    mkdirSync('test-results/screenshots', { recursive: true });
    savePdfPagePng(pdf, 1, 100, 'test-results/screenshots/card-sheet-page-1');
    const dpi = 300;
    const px = (vmm: number) => (vmm * dpi) / 25.4;
    for (const page of [1, 3]) {
      const bitmap = rasterisePdfPage(pdf, page, dpi);
      // Other resolutions of the same page, made only if zxing's QR detector needs another look.
      const others = new Map<number, GreyBitmap>();
      const pageAt = (d: number) => others.get(d) ?? others.set(d, rasterisePdfPage(pdf, page, d)).get(d)!;
      const first = (page - 1) * CARDS_PER_PAGE;
      const onPage = many.slice(first, first + CARDS_PER_PAGE);
      onPage.forEach((card, i) => {
        const o = cardOrigin(i);
        const b = CARD_LAYOUT.barcode;
        const bars = bitmap.crop(px(o.x + b.x), px(o.y + b.y), px(b.width), px(b.height));
        expect(decodeCode128(bars)).toBe(card.code);
        const q = CARD_LAYOUT.qr;
        const qrCrop = (d: number) => () => {
          const at = (vmm: number) => (vmm * d) / 25.4;
          return (d === dpi ? bitmap : pageAt(d)).crop(at(o.x + q.x), at(o.y + q.y), at(q.side), at(q.side));
        };
        expect(decodeFirst([qrCrop(dpi), qrCrop(200), qrCrop(400)], (image) => decodeQr(image))).toBe(card.code);
      });
    }
  });

  it('leaves the unused slots of the last page empty', () => {
    const bitmap = rasterisePdfPage(pdf, 3, 72);
    const px = (vmm: number) => (vmm * 72) / 25.4;
    const o = cardOrigin(many.length % CARDS_PER_PAGE);
    const b = CARD_LAYOUT.barcode;
    expect(bitmap.crop(px(o.x + b.x), px(o.y + b.y), px(b.width), px(b.height)).darkPixels()).toBe(0);
  });

  it('makes the sheet of all 342 members in a few seconds, reporting progress', async () => {
    const all = cards(342);
    const progress: number[] = [];
    const sheet = await renderCardSheet({ meeting, cards: all }, { onProgress: (done) => progress.push(done) });
    expect(pageCount(sheet)).toBe(35);
    expect(progress).toHaveLength(342);
    expect(progress.at(-1)).toBe(342);
  }, 60_000);

  it('makes a valid one-page sheet for no cards', async () => {
    const empty = await renderCardSheet({ meeting, cards: [] });
    expect(pageCount(empty)).toBe(1);
  });
});
