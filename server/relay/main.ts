/**
 * Starts a feed relay (`npm run start:relay`, `npx stemkaart relay`; docs/scaling.md): reads the
 * environment, builds the relay, listens and prints `listening on http://HOST:PORT`.
 */
import { relayConfigFromEnv, type RelayEnv } from '../config.ts';
import { tuneHeap } from '../runtime.ts';
import { closeOnSignals, failStart } from '../startup.ts';
import { buildRelayApp } from './app.ts';

export async function startRelay(environment: NodeJS.ProcessEnv): Promise<void> {
  tuneHeap();
  let env: RelayEnv;
  try {
    env = relayConfigFromEnv(environment);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const app = await buildRelayApp(env.relay);

  closeOnSignals(app);

  const where = { host: env.host, port: env.port };
  let address: string;
  try {
    address = await app.listen(where);
  } catch (err) {
    await app.close().catch(() => undefined);
    failStart(err, where);
  }
  const host = env.host === '0.0.0.0' || env.host === '::' ? '127.0.0.1' : env.host;
  // The one line scripts wait for.
  console.log(`listening on http://${host}:${new URL(address).port}`);
  console.log(`Stemkaart feed relay for ${env.relay.primaryUrl}: /live, the projector (/projector/) and the public page (/).`);
}

await startRelay(process.env).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
