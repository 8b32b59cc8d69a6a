// `npm start` builds only when the sources changed since the last build: a restart during a meeting
// (the likeliest fix for anything) then reaches "listening" in a few seconds instead of 12-19.
// The inputs (the clients, the shared code, the server, the build scripts and configs, the lock
// file) are hashed by content into dist/.build-inputs; a build writes it after it succeeded, so a
// failed or interrupted build is done again next time. A fresh clone has no dist/: it builds.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

/** What a build reads: folders (walked) and single files, relative to the project root. */
export const BUILD_INPUTS = [
  'kiosk-client',
  'projector-view',
  'chair-console',
  'client-kit',
  'shared',
  'server',
  'scripts',
  'package.json',
  'package-lock.json',
  'tsconfig.base.json',
  'tsconfig.dom.json',
  'tsconfig.json',
  'tsconfig.shared.json',
];
const SKIPPED = new Set(['node_modules', 'dist', '.git']);

/** One hash over every input file's path and bytes, in a fixed order; the Node version is part of it. */
export function inputsHash(root = ROOT, inputs = BUILD_INPUTS) {
  const hash = createHash('sha256');
  hash.update(`node ${process.versions.node}\n`);
  const add = (path) => {
    if (!existsSync(path)) return;
    const entries = readdirSafe(path);
    if (entries === null) {
      hash.update(`${relative(root, path)}\n`);
      hash.update(readFileSync(path));
      return;
    }
    for (const name of entries.sort()) if (!SKIPPED.has(name)) add(join(path, name));
  };
  for (const input of inputs) add(join(root, input));
  return hash.digest('hex');
}

function readdirSafe(path) {
  try {
    return readdirSync(path);
  } catch (err) {
    if (err.code === 'ENOTDIR') return null;
    throw err;
  }
}

const stampFile = (root) => join(root, 'dist', '.build-inputs');

/** True when dist/ holds a build of exactly these inputs. */
export function buildIsCurrent(root = ROOT, hash = inputsHash(root)) {
  if (!existsSync(join(root, 'dist', 'server', 'main.js'))) return false;
  try {
    return readFileSync(stampFile(root), 'utf8').trim() === hash;
  } catch {
    return false;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const hash = inputsHash();
  if (buildIsCurrent(ROOT, hash)) {
    console.log('build is up to date (sources unchanged since the last build)');
  } else {
    for (const script of ['scripts/build-clients.js', 'scripts/build-server.js']) {
      const run = spawnSync(process.execPath, [join(ROOT, script)], { cwd: ROOT, stdio: 'inherit' });
      if (run.status !== 0) process.exit(run.status ?? 1);
    }
    writeFileSync(stampFile(ROOT), `${hash}\n`);
  }
}
