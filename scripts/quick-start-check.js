#!/usr/bin/env node
/**
 * The README's quick start, checked on this machine's Node (CI runs it after `npm ci`): `npm start`
 * builds and reaches "listening", loads the demo, serves its pages, and a demo card checks in and
 * casts a ballot that is acknowledged (201 with a receipt). The database and the demo's files go to
 * a temporary folder (STEMKAART_DB), the port is the kernel's choice; nothing is left behind.
 * Exit code 0 when all of it worked, 1 with what was seen otherwise.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const TIMEOUT_MS = 10 * 60_000; // `npm start` builds first: minutes on a busy two-core machine
const dir = mkdtempSync(join(tmpdir(), 'stemkaart-quick-start-'));
const adminToken = randomBytes(16).toString('hex');

const child = spawn('npm', ['start'], {
  cwd: ROOT,
  env: { ...process.env, STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_PORT: '0', STEMKAART_ADMIN_TOKEN: adminToken },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true, // its own process group: npm and the server stop together
});
let output = '';
child.stdout.on('data', (c) => (output += c));
child.stderr.on('data', (c) => (output += c));
const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));

function waitFor(pattern) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
    const check = () => {
      const m = pattern.exec(output);
      if (m) {
        clearTimeout(timer);
        child.stdout.off('data', check);
        resolve(m);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`npm start exited (${code}) before ${pattern}`)));
    check();
  });
}

async function call(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
}

async function main() {
  const base = (await waitFor(/^listening on (https?:\/\/\S+)$/m))[1];
  console.log(`quick start: listening on ${base}`);
  await waitFor(/Kiosk links and admin token also in: /);
  const secrets = readFileSync(join(dir, 'demo-secrets.txt'), 'utf8');
  const token = (mode) => new RegExp(`\\(${mode}\\): \\S+#token=(\\S+)`).exec(secrets)?.[1];
  const [checkin, voting] = [token('checkin'), token('voting')];
  if (!checkin || !voting) throw new Error(`no kiosk links in demo-secrets.txt:\n${secrets.replace(/token=\S+/g, 'token=…')}`);
  // The codes list is written for a Dutch spreadsheet (docs/api.md): `;`, CRLF, the code last and
  // kept as text as `="…"`.
  const code = readFileSync(join(dir, 'demo-cards.csv'), 'utf8').split(/\r?\n/)[1].split(';').at(-1).replace(/["=]/g, '');

  for (const page of ['/', '/kiosk/', '/chair/', '/projector/?meeting=1']) await call(base, 'GET', page);
  const meeting = await call(base, 'GET', '/api/meetings/1');
  const motion = meeting.agenda.flatMap((item) => item.motions).find((m) => m.kind !== 'practice');
  console.log(`quick start: the demo loaded (${meeting.title}, ${meeting.agenda.length} agenda items)`);

  await call(base, 'POST', '/api/checkins', checkin, { code });
  const round = await call(base, 'POST', '/api/meetings/1/rounds', adminToken, { motionIds: [motion.id] });
  await call(base, 'POST', `/api/rounds/${round.id}/open`, adminToken);
  const ballot = await call(base, 'POST', '/api/ballots', voting, { code, roundId: round.id, choices: [{ motionId: motion.id, choice: 'for' }], nonce: `quick-start-${Date.now()}` });
  if (typeof ballot.receipt !== 'string') throw new Error(`the ballot was not acknowledged: ${JSON.stringify(ballot)}`);
  console.log(`quick start: a ballot on ${motion.ref} was acknowledged`);
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`quick start failed: ${error.message}\n--- npm start said:\n${output.replace(/token=\S+/g, 'token=…')}`);
}
if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
const code = await Promise.race([exited, new Promise((resolve) => setTimeout(() => resolve('still running'), 20_000))]);
if (code === 'still running') process.kill(-child.pid, 'SIGKILL');
rmSync(dir, { recursive: true, force: true });
console.log(failed ? 'quick start: FAILED' : `quick start: passed (npm start stopped: ${code})`);
process.exit(failed ? 1 : 0);
