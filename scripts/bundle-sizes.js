// What each page of the built clients loads before it runs: the entry script of its HTML file and the
// modules it preloads (Vite writes both into the page), in bytes raw and gzipped (zlib's default
// level 6, as a server or proxy would compress it). `chair all` adds the chair console's chunks
// loaded later (the QR code, the tabs after the first). Run after `npm run build`:
// `node scripts/bundle-sizes.js` (or `node scripts/bundle-sizes.js <dist>` for another build; a page
// that build does not have is left out).
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const PAGES = {
  kiosk: 'kiosk-client/index.html',
  projector: 'projector-view/index.html',
  home: 'projector-view/home.html',
  record: 'projector-view/record.html',
  receipt: 'projector-view/receipt.html',
  'chair start': 'chair-console/index.html',
};

/** The JS files a page loads at once: its module script and its modulepreload links. */
export function initialScripts(dist, page) {
  const html = readFileSync(resolve(dist, page), 'utf8');
  const client = page.split('/')[0];
  const refs = [...html.matchAll(/<script type="module"[^>]*\ssrc="([^"]+)"|<link rel="modulepreload"[^>]*\shref="([^"]+)"/g)].map((m) => m[1] ?? m[2]);
  return refs.map((ref) => resolve(dist, client, 'assets', ref.split('/assets/')[1]));
}

function measure(files) {
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipSync(bytes).length;
  }
  return { raw, gzip, files };
}

/** Sizes per page: `{ kiosk: { raw, gzip, files }, ..., 'chair all': ... }`. */
export function bundleSizes(dist = resolve(import.meta.dirname, '..', 'dist')) {
  const sizes = {};
  for (const [name, page] of Object.entries(PAGES)) if (existsSync(resolve(dist, page))) sizes[name] = measure(initialScripts(dist, page));
  const chairAssets = resolve(dist, 'chair-console', 'assets');
  sizes['chair all'] = measure(readdirSync(chairAssets).filter((f) => f.endsWith('.js')).map((f) => resolve(chairAssets, f)));
  return sizes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = process.argv[2] ? resolve(process.argv[2]) : undefined;
  const n = (v) => v.toLocaleString('en').padStart(9);
  console.log('page           raw bytes  gzip bytes');
  for (const [name, { raw, gzip }] of Object.entries(bundleSizes(dist))) console.log(`${name.padEnd(12)} ${n(raw)}  ${n(gzip)}`);
}
