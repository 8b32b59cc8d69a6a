/**
 * Fonts for the PDFs. A TrueType font is embedded when the machine has one (Liberation Sans is
 * metric-compatible with Helvetica; DejaVu covers even more scripts); otherwise the PDF standard
 * fonts are used, whose WinAnsi encoding still covers the Latin-1 letters of Dutch and Frisian
 * names (Súdwest-Fryslân, 's-Gravenhage). Characters outside it are replaced, never dropped silently.
 */
import { existsSync } from 'node:fs';

export interface FontSet {
  regular: string;
  bold: string;
  mono: string;
  /** True when the standard PDF fonts are used (WinAnsi only). */
  standard: boolean;
}

export type FontChoice = 'auto' | 'standard';

const TTF_FAMILIES = [
  {
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    mono: '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    mono: '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  },
];

let found: (typeof TTF_FAMILIES)[number] | null | undefined;

function installedFamily() {
  if (found === undefined) {
    found = TTF_FAMILIES.find((f) => existsSync(f.regular) && existsSync(f.bold) && existsSync(f.mono)) ?? null;
  }
  return found;
}

/** Registers the fonts on the document and returns their names for `doc.font(...)`. */
export function registerFonts(doc: PDFKit.PDFDocument, choice: FontChoice = 'auto'): FontSet {
  const family = choice === 'auto' ? installedFamily() : null;
  if (!family) return { regular: 'Helvetica', bold: 'Helvetica-Bold', mono: 'Courier', standard: true };
  doc.registerFont('sk-regular', family.regular);
  doc.registerFont('sk-bold', family.bold);
  doc.registerFont('sk-mono', family.mono);
  return { regular: 'sk-regular', bold: 'sk-bold', mono: 'sk-mono', standard: false };
}

// The characters of Windows-1252 above 0x7F that are not Latin-1 (the standard fonts' encoding).
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** Text as the standard fonts can show it: unsupported characters become their base letter or '?'. */
export function printable(text: string, fonts: FontSet): string {
  if (!fonts.standard) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x100 || WIN_ANSI_EXTRA.has(ch)) out += ch;
    else {
      const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
      out += [...base].every((c) => (c.codePointAt(0) ?? 0) < 0x100) && base ? base : '?';
    }
  }
  return out;
}
