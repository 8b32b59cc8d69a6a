// Builds the three browser clients with Vite into dist/<client>/. Each client folder has its own
// vite.config.ts (its `base` is the path the server serves it under). A missing folder is skipped.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'vite';

const clients = ['kiosk-client', 'projector-view', 'chair-console'];
for (const client of clients) {
  const root = resolve(import.meta.dirname, '..', client);
  if (!existsSync(resolve(root, 'vite.config.ts'))) continue;
  await build({ root, configFile: resolve(root, 'vite.config.ts'), logLevel: 'warn' });
  console.log(`built ${client} → dist/${client}`);
}
