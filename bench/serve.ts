/**
 * The server as the benchmark runs it: the same environment parsing and app as server/main.ts, with
 * the live feed registered when server/app.ts does not (yet) register it itself, and without the
 * demo or the banner. Prints `listening on http://HOST:PORT` like main.ts.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildApp } from '../server/app.ts';
import { configFromEnv } from '../server/config.ts';

const env = configFromEnv(process.env);
const app = await buildApp(env.app);
let live = app.hasDecorator('io');
const plugin = resolve(import.meta.dirname, '..', 'server', 'plugins', 'socket-io.ts');
if (!live && existsSync(plugin)) {
  const mod = (await import(plugin)) as { default: Parameters<typeof app.register>[0] };
  await app.register(mod.default);
  live = true;
}
// The benchmark may be gone before the server: a closed stdout is no reason to crash.
process.stdout.on('error', () => undefined);
const shutdown = () => {
  // How many commits carried the ballots: the benchmark prints it.
  console.log(`writer stats ${JSON.stringify(app.domain.writer.stats)}`);
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
const address = await app.listen({ host: env.host, port: env.port });
console.log(`live feed ${live ? 'registered' : 'not available'}`);
console.log(`listening on http://${env.host}:${new URL(address).port}`);
