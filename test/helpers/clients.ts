/** The three clients as `npm run build` builds them, for tests that run the real server process. */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './server-process.ts';

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds the clients (`node scripts/build-clients.js`) when a build is missing or older than its sources (`npm test` builds first). */
export async function ensureClientsBuilt(): Promise<void> {
  const clients = ['kiosk-client', 'projector-view', 'chair-console'];
  const built = clients.map((c) => join(ROOT, 'dist', c, 'index.html'));
  const sources = Math.max(...[...clients, 'client-kit', 'shared'].map((dir) => newest(join(ROOT, dir))));
  if (built.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources)) return;
  await promisify(execFile)(process.execPath, ['scripts/build-clients.js'], { cwd: ROOT });
}
