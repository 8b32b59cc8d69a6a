/** Starts Stemkaart: reads the environment, builds the app, listens, loads the demo on an empty database. */
import type { AddressInfo } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { buildApp } from './app.ts';
import { configFromEnv, type ServerEnv } from './config.ts';
import { writeDemoCardSheet } from './modules/demo/demo-card-sheet.ts';
import { isEmpty, loadDemo } from './modules/demo/demo.ts';
import { localUrl } from './lib/addresses.ts';
import { tuneHeap } from './runtime.ts';
import { closeOnSignals, failStart } from './startup.ts';

async function main() {
  tuneHeap();
  let env: ServerEnv;
  try {
    env = configFromEnv(process.env, process.stdout.isTTY === true);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const where = { host: env.host, port: env.port };
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp(env.app);
  } catch (err) {
    return failStart(err, where);
  }
  const { domain } = app;
  const generated = domain.auth.generatedAdminToken();

  closeOnSignals(app);

  try {
    await app.listen(where);
  } catch (err) {
    await app.close().catch(() => undefined);
    return failStart(err, where);
  }
  const address = app.server.address() as AddressInfo;
  // The one line scripts wait for: how this machine reaches the server.
  console.log(`listening on ${localUrl(address, env.app.tls !== undefined)}`);
  // Links name the address the devices use (STEMKAART_PUBLIC_URL, or what was really listened on).
  const base = app.publicUrl().replace(/\/$/, '');

  // Loaded once listening, so that its kiosk pairing URLs name the real address and port.
  let demo: ReturnType<typeof loadDemo> | null = null;
  if (env.demo && isEmpty(domain)) demo = loadDemo(domain, { dbPath: env.app.dbPath, adminToken: generated, proxies: env.demoProxies });
  // Rendered after listening: a full sheet takes a few seconds.
  const demoSheet = demo
    ? await writeDemoCardSheet(domain, demo).catch((err: Error) => `not written (${err.message})`)
    : null;
  const out: string[] = [];
  const meetings = domain.meetings.list();
  const meetingId = demo?.meetingId ?? meetings[0]?.id;
  out.push('', 'Stemkaart is running.');
  const note = app.publicUrlNote();
  if (note) out.push(`  ${note}`);
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
  } else {
    // Only for a database the demo was loaded into: a real meeting's database gets no such line.
    const demoMeeting = domain.meetings.demoMeetingId();
    const dir = env.app.dbPath === ':memory:' ? 'data' : relative(process.cwd(), dirname(resolve(env.app.dbPath))) || '.';
    if (demoMeeting !== undefined) {
      out.push('', `Existing database: the demo was loaded into it on first start (meeting ${demoMeeting}); its links and codes are in ${join(dir, 'demo-secrets.txt')}, ${join(dir, 'demo-cards.csv')} and ${join(dir, 'demo-cards.pdf')}.`);
    }
  }
  console.log(out.join('\n'));
}

/** A start-up failure a person can fix: one line, exit code 1; anything else with its stack. */
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
