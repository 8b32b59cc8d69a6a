/**
 * Decoding printed symbols in Node: a tiny greyscale bitmap that the PDF's own path functions paint
 * into, a reader for pdftoppm's PGM output, and @zxing/library readers for Code 128 and QR.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BinaryBitmap,
  Code128Reader,
  DecodeHintType,
  HybridBinarizer,
  QRCodeReader,
  RGBLuminanceSource,
} from '@zxing/library';

export const PDFTOPPM = process.env.STEMKAART_PDFTOPPM ?? '/usr/bin/pdftoppm';

function assertPoppler(): void {
  if (!existsSync(PDFTOPPM)) {
    throw new Error(`PDF tests need poppler's pdftoppm at ${PDFTOPPM}: sudo apt-get install -y poppler-utils (or set STEMKAART_PDFTOPPM).`);
  }
}

export class GreyBitmap {
  readonly pixels: Uint8ClampedArray;
  constructor(
    readonly width: number,
    readonly height: number,
    pixels?: Uint8ClampedArray,
  ) {
    this.pixels = pixels ?? new Uint8ClampedArray(width * height).fill(255);
  }

  /** Paints a black rectangle given in pixels; partly covered pixels count when more than half covered. */
  rect(x: number, y: number, w: number, h: number): void {
    const x0 = Math.max(0, Math.round(x));
    const x1 = Math.min(this.width, Math.round(x + w));
    const y0 = Math.max(0, Math.round(y));
    const y1 = Math.min(this.height, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) this.pixels.fill(0, yy * this.width + x0, yy * this.width + x1);
  }

  crop(x: number, y: number, w: number, h: number): GreyBitmap {
    const cx = Math.max(0, Math.round(x));
    const cy = Math.max(0, Math.round(y));
    const cw = Math.min(this.width - cx, Math.round(w));
    const ch = Math.min(this.height - cy, Math.round(h));
    const out = new Uint8ClampedArray(cw * ch);
    for (let row = 0; row < ch; row++) out.set(this.pixels.subarray((cy + row) * this.width + cx, (cy + row) * this.width + cx + cw), row * cw);
    return new GreyBitmap(cw, ch, out);
  }

  /** Dark pixels in the bitmap (a blank crop has none). */
  darkPixels(): number {
    let n = 0;
    for (const p of this.pixels) if (p < 128) n++;
    return n;
  }
}

function binary(bitmap: GreyBitmap): BinaryBitmap {
  return new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(bitmap.pixels, bitmap.width, bitmap.height)));
}

export function decodeCode128(bitmap: GreyBitmap): string {
  const hints = new Map([[DecodeHintType.TRY_HARDER, true]]);
  return new Code128Reader().decode(binary(bitmap), hints).getText();
}

/**
 * `pure: true` samples the module grid of an unrotated symbol with its quiet zone (it checks what
 * the symbol encodes); without it zxing's finder-pattern detector locates the symbol as a camera would.
 */
export function decodeQr(bitmap: GreyBitmap, opts: { pure?: boolean } = {}): string {
  const hints = opts.pure ? new Map([[DecodeHintType.PURE_BARCODE, true]]) : undefined;
  return new QRCodeReader().decode(binary(bitmap), hints).getText();
}

/**
 * The first successful decode over a few renderings of the same symbol, as a scanner tries frame
 * after frame. zxing-js's detector misses about 2 % of even perfect version-1 QR images at one given
 * scale and reads them at another; that is a weakness of the detector, not of the symbol.
 */
export function decodeFirst(renderings: (() => GreyBitmap)[], decode: (b: GreyBitmap) => string): string {
  let last: unknown;
  for (const render of renderings) {
    try {
      return decode(render());
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

/** Parses a binary PGM (P5, 8-bit) as written by `pdftoppm -gray`. */
export function readPgm(data: Buffer): GreyBitmap {
  const fields: string[] = [];
  let pos = 0;
  while (fields.length < 4) {
    while (/\s/.test(String.fromCharCode(data[pos]))) pos++;
    if (data[pos] === 0x23) {
      while (data[pos] !== 0x0a) pos++;
      continue;
    }
    let token = '';
    while (!/\s/.test(String.fromCharCode(data[pos]))) token += String.fromCharCode(data[pos++]);
    fields.push(token);
  }
  pos++; // the single whitespace after maxval
  const [magic, w, h, max] = fields;
  if (magic !== 'P5' || max !== '255') throw new Error(`unexpected PGM header ${fields.join(' ')}`);
  const width = Number(w);
  const height = Number(h);
  return new GreyBitmap(width, height, new Uint8ClampedArray(data.subarray(pos, pos + width * height)));
}

/** Rasterises one page of a PDF to greyscale at `dpi` with poppler's pdftoppm. */
export function rasterisePdfPage(pdf: Buffer, page: number, dpi: number): GreyBitmap {
  assertPoppler();
  const dir = mkdtempSync(join(tmpdir(), 'stemkaart-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync(PDFTOPPM, ['-f', String(page), '-l', String(page), '-r', String(dpi), '-gray', '-singlefile', file, join(dir, 'out')]);
    return readPgm(readFileSync(join(dir, 'out.pgm')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Extracts the text of a PDF with poppler's pdftotext (same package as pdftoppm). */
export function pdfText(pdf: Buffer): string {
  assertPoppler();
  const dir = mkdtempSync(join(tmpdir(), 'stemkaart-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    return execFileSync(PDFTOPPM.replace(/pdftoppm$/, 'pdftotext'), ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Saves page `page` of a PDF as PNG for a person to look at. */
export function savePdfPagePng(pdf: Buffer, page: number, dpi: number, pathWithoutExt: string): string {
  assertPoppler();
  const dir = mkdtempSync(join(tmpdir(), 'stemkaart-pdf-'));
  try {
    const file = join(dir, 'in.pdf');
    writeFileSync(file, pdf);
    execFileSync(PDFTOPPM, ['-f', String(page), '-l', String(page), '-r', String(dpi), '-png', '-singlefile', file, pathWithoutExt]);
    return `${pathWithoutExt}.png`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Number of pages per pdfinfo-free count: pdfkit writes `/Type /Page` once per page. */
export function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}
