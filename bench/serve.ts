/**
 * The server as the benchmarks run it: the same environment parsing and app as server/main.ts,
 * without the demo or the banner, and with the ballot writer's figures printed on the way out.
 * Bundled like the server itself (scripts/build-server.js) and run with plain Node, as `npm start`
 * runs the server. Prints `listening on http://HOST:PORT` like main.ts.
 */
import { buildApp } from '../server/app.ts';
import { configFromEnv } from '../server/config.ts';
import { tuneHeap } from '../server/runtime.ts';

tuneHeap();
const env = configFromEnv(process.env);
const app = await buildApp(env.app);
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
console.log(`listening on http://${env.host}:${new URL(address).port}`);
