// Build-time work on the clients' files after Vite: the favicon, and a brotli and a gzip copy of
// every text asset, which the server's static handler sends as they are (Content-Encoding) to a
// browser that accepts them. Nothing is compressed per request.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.ico', '.txt', '.webmanifest']);
/** Below this a compressed copy saves less than the headers cost. */
const MIN_BYTES = 1024;

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

/** Writes `file.br` and `file.gz` beside each compressible file of `dir`; returns how many files. */
export function precompress(dir) {
  let count = 0;
  for (const path of files(dir)) {
    if (!COMPRESSIBLE.has(extname(path)) || statSync(path).size < MIN_BYTES) continue;
    const data = readFileSync(path);
    const br = brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
    const gz = gzipSync(data, { level: 9 });
    // A compressed copy that is not smaller is not worth sending.
    if (br.length < data.length) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
    count += 1;
  }
  return count;
}

/**
 * The favicon (browsers ask for /favicon.ico on every page): 32×32, 32-bit, drawn here so that no
 * binary sits in the repository. A yellow-rimmed dark card with a green tick.
 */
export function favicon() {
  const size = 32;
  const rgba = (hex) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];
  const card = rgba('#14243b');
  const rim = rgba('#ffd166');
  const tick = rgba('#45d483');
  const clear = [0, 0, 0, 0];
  // Distance from point (x, y) to the segment (ax, ay)-(bx, by).
  const dist = (x, y, ax, ay, bx, by) => {
    const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    return Math.hypot(x - (ax + t * (bx - ax)), y - (ay + t * (by - ay)));
  };
  const pixel = (x, y) => {
    const cx = x + 0.5;
    const cy = y + 0.5;
    const edge = Math.min(cx, cy, size - cx, size - cy);
    if (edge < 1) return clear;
    if (edge < 3.2) return rim;
    if (Math.min(dist(cx, cy, 8, 16.5, 13.5, 22.5), dist(cx, cy, 13.5, 22.5, 24, 9.5)) < 2.4) return tick;
    return card;
  };
  const header = Buffer.alloc(6 + 16);
  const bmpHeader = Buffer.alloc(40);
  const pixels = Buffer.alloc(size * size * 4);
  const mask = Buffer.alloc(size * 4); // 1 bit per pixel, rows padded to 32 bits: all 0 (alpha decides)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel(x, y);
      const at = ((size - 1 - y) * size + x) * 4; // bottom-up rows, BGRA
      pixels.set([b, g, r, a], at);
    }
  }
  const imageBytes = bmpHeader.length + pixels.length + mask.length;
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(1, 4); // one image
  header.writeUInt8(size, 6);
  header.writeUInt8(size, 7);
  header.writeUInt16LE(1, 10); // planes
  header.writeUInt16LE(32, 12); // bits per pixel
  header.writeUInt32LE(imageBytes, 14);
  header.writeUInt32LE(22, 18); // offset of the image
  bmpHeader.writeUInt32LE(40, 0);
  bmpHeader.writeInt32LE(size, 4);
  bmpHeader.writeInt32LE(size * 2, 8); // colour and mask together
  bmpHeader.writeUInt16LE(1, 12);
  bmpHeader.writeUInt16LE(32, 14);
  bmpHeader.writeUInt32LE(pixels.length + mask.length, 20);
  return Buffer.concat([header, bmpHeader, pixels, mask]);
}
