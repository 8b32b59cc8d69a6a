/**
 * Starts a feed relay (`npm run start:relay`, `npx stemkaart relay`; docs/scaling.md): reads the
 * environment, builds the relay, listens and prints `listening on http://HOST:PORT`.
 */
import { relayConfigFromEnv, type RelayEnv } from '../config.ts';
import { tuneHeap } from '../runtime.ts';
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

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const timer = setTimeout(() => process.exit(1), 10_000).unref();
    try {
      await app.close();
      clearTimeout(timer);
      process.exit(0);
    } catch (err) {
      app.log.error({ err }, 'error while closing');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  let address: string;
  try {
    address = await app.listen({ host: env.host, port: env.port });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      console.error(`STEMKAART_PORT: cannot listen on ${env.host}:${env.port} (${code === 'EADDRINUSE' ? 'the port is taken' : code === 'EACCES' ? 'not allowed' : 'no such address'})`);
      process.exit(1);
    }
    throw err;
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
