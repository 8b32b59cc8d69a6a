/**
 * Before any test: bundle the server and the feed relay as `npm start` and `npm run start:relay` run
 * them (dist/server/main.js, dist/relay/main.js), so tests that
 * start the real process (kill, shutdown, TLS, logs) run today's source, also under a bare
 * `npx vitest run <file>` without `npm run build` first. Takes well under a second.
 */
import { bundleServer } from '../../scripts/build-server.js';

export default async function setup(): Promise<void> {
  await bundleServer('server/main.ts', 'dist/server');
  await bundleServer('server/relay/main.ts', 'dist/relay');
}
