// Builds the three browser clients with Vite into dist/<client>/. Each client folder has its own
// vite.config.ts (its `base` is the path the server serves it under). A missing folder is skipped.
// A client with several pages (the projector's folder: the projector, the meeting list, the voting
// record, the receipt check) is built one page at a time into the same folder, so that each page
// carries only the schemas, words and zod functions it uses: a bundler splits code between the pages
// of one build by module, never inside one, and shared/schemas.ts is one module (docs/architecture.md,
// "Bundle sizes"). Then the favicon (served at /favicon.ico from the projector's folder) and a brotli
// and a gzip copy of each text asset (scripts/assets.js), which the server sends as they are.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { favicon, precompress } from './assets.js';

/** A Vite plugin that builds only `page` of a client's pages, emptying the folder only for the first. */
const onePage = (page, first) => ({
  name: 'stemkaart-one-page',
  config(config) {
    config.build ??= {};
    config.build.rolldownOptions = { ...config.build.rolldownOptions, input: page };
    config.build.emptyOutDir = first;
  },
});

const clients = ['kiosk-client', 'projector-view', 'chair-console'];
for (const client of clients) {
  const root = resolve(import.meta.dirname, '..', client);
  if (!existsSync(resolve(root, 'vite.config.ts'))) continue;
  const pages = readdirSync(root).filter((f) => f.endsWith('.html')).sort((a, b) => (a === 'index.html' ? -1 : b === 'index.html' ? 1 : a.localeCompare(b)));
  const configFile = resolve(root, 'vite.config.ts');
  if (pages.length <= 1) await build({ root, configFile, logLevel: 'warn' });
  else for (const [i, page] of pages.entries()) await build({ root, configFile, logLevel: 'warn', plugins: [onePage(resolve(root, page), i === 0)] });
  const out = resolve(import.meta.dirname, '..', 'dist', client);
  if (client === 'projector-view') writeFileSync(resolve(out, 'favicon.ico'), favicon());
  const compressed = precompress(out);
  console.log(`built ${client} → dist/${client} (${compressed} files also as .br and .gz)`);
}
