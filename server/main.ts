/** Starts Stemkaart: reads the environment, builds the app, loads the demo on an empty database, listens. */
import { buildApp } from './app.ts';
import { configFromEnv, type ServerEnv } from './config.ts';
import { writeDemoCardSheet } from './modules/demo/demo-card-sheet.ts';
import { isEmpty, loadDemo } from './modules/demo/demo.ts';
import { tuneHeap } from './runtime.ts';

async function main() {
  tuneHeap();
  let env: ServerEnv;
  try {
    env = configFromEnv(process.env);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const app = await buildApp(env.app);
  const { domain } = app;
  const generated = domain.auth.generatedAdminToken();

  let demo: ReturnType<typeof loadDemo> | null = null;
  if (env.demo && isEmpty(domain)) demo = loadDemo(domain, { dbPath: env.app.dbPath, adminToken: generated });

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

  const address = await app.listen({ host: env.host, port: env.port });
  const url = new URL(address);
  const scheme = env.app.tls ? 'https' : 'http';
  const base = `${scheme}://${env.host === '0.0.0.0' || env.host === '::' ? '127.0.0.1' : env.host}:${url.port}`;
  // The one line scripts wait for.
  console.log(`listening on ${base}`);

  // Rendered after listening: a full sheet takes a few seconds.
  const demoSheet = demo
    ? await writeDemoCardSheet(domain, demo).catch((err: Error) => `not written (${err.message})`)
    : null;
  const out: string[] = [];
  const meetings = domain.meetings.list();
  const meetingId = demo?.meetingId ?? meetings[0]?.id;
  out.push('', 'Stemkaart is running.');
  out.push(`  Public page:     ${base}/`);
  if (meetingId) out.push(`  Projector:       ${base}/projector/?meeting=${meetingId}`);
  out.push(`  Chair console:   ${base}/chair/`);
  out.push(`  API description: ${base}/docs`);
  if (generated) out.push(`  Admin token (shown once; set STEMKAART_ADMIN_TOKEN to choose your own): ${generated}`);
  if (demo) {
    out.push('', `Demo meeting loaded (id ${demo.meetingId}): 342 municipalities, ${demo.cards.length} voting cards.`);
    for (const k of demo.kiosks) out.push(`  Kiosk ${k.name} (${k.mode}): ${k.url}`);
    out.push(`  Demo card codes: ${demo.cardsFile} (readable only by you)`);
    out.push(`  Demo card sheet (PDF, print on A4): ${demoSheet}`);
    out.push(`  Kiosk links and admin token also in: ${demo.secretsFile}`);
  } else if (env.demo && meetings.length > 0) {
    out.push('', 'Existing database: the demo was loaded on first start; its links and codes are in data/demo-secrets.txt, data/demo-cards.csv and data/demo-cards.pdf.');
  }
  console.log(out.join('\n'));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
