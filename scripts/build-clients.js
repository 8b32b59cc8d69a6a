// Builds the three browser clients with Vite into dist/<client>/. Each client folder has its own
// vite.config.ts (its `base` is the path the server serves it under). A missing folder is skipped.
// Then the favicon (served at /favicon.ico from the projector's folder) and a brotli and a gzip copy
// of each text asset (scripts/assets.js), which the server sends as they are.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';
import { favicon, precompress } from './assets.js';

const clients = ['kiosk-client', 'projector-view', 'chair-console'];
for (const client of clients) {
  const root = resolve(import.meta.dirname, '..', client);
  if (!existsSync(resolve(root, 'vite.config.ts'))) continue;
  await build({ root, configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
  const out = resolve(import.meta.dirname, '..', 'dist', client);
  if (client === 'projector-view') writeFileSync(resolve(out, 'favicon.ico'), favicon());
  const compressed = precompress(out);
  console.log(`built ${client} → dist/${client} (${compressed} files also as .br and .gz)`);
}
