/**
 * The benchmarks start the server the way `npm start` does: bundled into plain JavaScript (here
 * bench/serve.ts, the app without the demo) and run by Node without a TypeScript loader, so its
 * memory and CPU figures are those of the server as shipped.
 */
import { join, resolve } from 'node:path';
import { bundleServer } from '../scripts/build-server.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Bundles bench/serve.ts and returns the file for `node <file>`. */
export async function benchServerFile(): Promise<string> {
  await bundleServer('bench/serve.ts', join(ROOT, 'dist', 'bench'));
  return join(ROOT, 'dist', 'bench', 'serve.js');
}

/** Bundles bench/empty-route.ts (the reference: an empty Fastify route) and returns its file. */
export async function emptyRouteFile(): Promise<string> {
  await bundleServer('bench/empty-route.ts', join(ROOT, 'dist', 'bench'));
  return join(ROOT, 'dist', 'bench', 'empty-route.js');
}
