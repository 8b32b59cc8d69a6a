/**
 * Before any test: bundle the server as `npm start` runs it (dist/server/main.js), so tests that
 * start the real process (kill, shutdown, TLS, logs) run today's source, also under a bare
 * `npx vitest run <file>` without `npm run build` first. Takes well under a second.
 */
import { bundleServer } from '../../scripts/build-server.js';

export default async function setup(): Promise<void> {
  await bundleServer('server/main.ts', 'dist/server');
}
