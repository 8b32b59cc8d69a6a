/**
 * Barcode geometry of a card code, made once by bwip-js and drawn as vector rectangles by the PDF
 * modules. Tests rasterise the very same geometry to decode it, so what is tested is what is printed.
 */
import bwipjs from 'bwip-js/node';

/** Code 128 needs at least 10 modules of white either side; bwip-js leaves that to the caller. */
export const CODE128_QUIET_ZONE = 10;
/** QR needs 4 modules of white around the symbol. */
export const QR_QUIET_ZONE = 4;

export interface LinearSymbol {
  /** Total width in modules, quiet zones included. */
  modules: number;
  quietZone: number;
  /** Dark bars: left edge and width in modules, counted from the left edge of the left quiet zone. */
  bars: { x: number; width: number }[];
}

export interface MatrixSymbol {
  /** Modules per side of the symbol itself, without quiet zone. */
  size: number;
  quietZone: number;
  /** Dark runs per row, in modules of the symbol (quiet zone not counted). */
  runs: { row: number; col: number; length: number }[];
  isDark(row: number, col: number): boolean;
}

type RawLinear = { sbs: number[] };
type RawMatrix = { pixs: number[]; pixx: number; pixy: number };

export function code128Symbol(text: string): LinearSymbol {
  const [raw] = bwipjs.raw('code128', text, {}) as RawLinear[];
  const bars: LinearSymbol['bars'] = [];
  let x = CODE128_QUIET_ZONE;
  // sbs alternates bar, space, bar, ... starting with a bar.
  raw.sbs.forEach((width, i) => {
    if (i % 2 === 0) bars.push({ x, width });
    x += width;
  });
  return { modules: x + CODE128_QUIET_ZONE, quietZone: CODE128_QUIET_ZONE, bars };
}

function encodeQr(text: string, mask?: number): RawMatrix {
  // Level M: version 1 (21×21) holds 34 digits, so a 25-digit code stays small with 15 % repair.
  const options = mask ? `eclevel=M mask=${mask}` : 'eclevel=M';
  return (bwipjs.raw('qrcode', text, options) as RawMatrix[])[0];
}

/**
 * Places where the data of a QR symbol looks like a finder pattern to a detector: a centre module
 * whose row and column both cross dark–light–dark–light–dark runs within the tolerance that
 * ZXing's finder-pattern search accepts (each run within half a module of 1:1:3:1:1, the centre
 * within 1.5 modules). The symbol's own three finder patterns are not counted.
 */
export function falseFinderPatterns(raw: { pixs: number[]; pixx: number }): number {
  const n = raw.pixx;
  const dark = (r: number, c: number) => r >= 0 && c >= 0 && r < n && c < n && raw.pixs[r * n + c] === 1;
  const inFinder = (r: number, c: number) => (r < 8 && c < 8) || (r < 8 && c >= n - 8) || (r >= n - 8 && c < 8);
  const looksLikeFinder = (runs: number[]) => {
    const module = runs.reduce((a, b) => a + b, 0) / 7;
    const variance = module / 2;
    return runs.every((len, i) => (i === 2 ? Math.abs(3 * module - len) < 3 * variance : Math.abs(module - len) < variance));
  };
  // The five runs through (r, c) along a direction, centred on the dark run that holds (r, c).
  const runsThrough = (r: number, c: number, dr: number, dc: number): number[] | null => {
    const at = (k: number) => dark(r + k * dr, c + k * dc);
    const reach = (from: number, step: number, colour: boolean) => {
      let k = from;
      while (Math.abs(k) <= n + 1 && at(k) === colour) k += step;
      return k;
    };
    const lo2 = reach(0, -1, true);
    const hi2 = reach(0, 1, true);
    const lo1 = reach(lo2, -1, false);
    const hi1 = reach(hi2, 1, false);
    const lo0 = reach(lo1, -1, true);
    const hi0 = reach(hi1, 1, true);
    const runs = [lo1 - lo0, lo2 - lo1, hi2 - lo2 - 1, hi1 - hi2, hi0 - hi1];
    return runs.every((x) => x > 0) ? runs : null;
  };
  let count = 0;
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!dark(r, c) || inFinder(r, c)) continue;
      const across = runsThrough(r, c, 0, 1);
      const down = runsThrough(r, c, 1, 0);
      if (across && down && looksLikeFinder(across) && looksLikeFinder(down)) count++;
    }
  }
  return count;
}

export function qrSymbol(text: string): MatrixSymbol {
  let raw = encodeQr(text);
  // The standard's mask choice penalises exact 1:1:3:1:1 runs only; detectors also accept near
  // misses, and one symbol in a few hundred then fails in ZXing (the kiosk's camera reader) at
  // every scale. Such a symbol gets the mask with the fewest look-alikes instead.
  let best = falseFinderPatterns(raw);
  for (let mask = 1; mask <= 8 && best > 0; mask++) {
    const candidate = encodeQr(text, mask);
    const score = falseFinderPatterns(candidate);
    if (score < best) [raw, best] = [candidate, score];
  }
  const size = raw.pixx;
  const isDark = (row: number, col: number) => raw.pixs[row * size + col] === 1;
  const runs: MatrixSymbol['runs'] = [];
  for (let row = 0; row < raw.pixy; row++) {
    let col = 0;
    while (col < size) {
      if (!isDark(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && isDark(row, col)) col++;
      runs.push({ row, col: start, length: col - start });
    }
  }
  return { size, quietZone: QR_QUIET_ZONE, runs, isDark };
}

/** Anything with `rect`, such as a pdfkit document; all rectangles go into one path and one fill. */
export interface RectSink {
  rect(x: number, y: number, w: number, h: number): unknown;
}

/** Adds the bars of a linear symbol whose box (quiet zones included) is at x, y, width × height. */
export function pathLinear(sink: RectSink, symbol: LinearSymbol, x: number, y: number, width: number, height: number): void {
  const module = width / symbol.modules;
  for (const bar of symbol.bars) sink.rect(x + bar.x * module, y, bar.width * module, height);
}

/** Adds the dark modules of a QR symbol whose square box (quiet zone included) is at x, y with side `side`. */
export function pathMatrix(sink: RectSink, symbol: MatrixSymbol, x: number, y: number, side: number): void {
  const module = side / (symbol.size + 2 * symbol.quietZone);
  const origin = symbol.quietZone * module;
  for (const run of symbol.runs) {
    sink.rect(x + origin + run.col * module, y + origin + run.row * module, run.length * module, module);
  }
}
