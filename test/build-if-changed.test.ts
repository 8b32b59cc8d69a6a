/**
 * Quick restart (issue 24, point 9): `npm start` builds only when the sources changed since the last
 * build, by a hash of the build's inputs kept in dist/.build-inputs.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, inputsHash } from '../scripts/build-if-changed.js';
import pkg from '../package.json' with { type: 'json' };

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(): string {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-build-stamp-'));
  for (const d of ['server', 'shared', 'server/node_modules', 'dist/server']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'server', 'main.ts'), 'console.log(1);\n');
  writeFileSync(join(dir, 'shared', 'schemas.ts'), 'export {};\n');
  writeFileSync(join(dir, 'package.json'), '{}\n');
  return dir;
}

describe('build only when the sources changed', () => {
  it('hashes the inputs by content, ignoring dist/ and node_modules/', () => {
    const root = tree();
    const first = inputsHash(root);
    expect(inputsHash(root)).toBe(first);
    writeFileSync(join(root, 'dist', 'server', 'main.js'), 'built\n');
    writeFileSync(join(root, 'server', 'node_modules', 'x.js'), 'dep\n');
    expect(inputsHash(root)).toBe(first);
    writeFileSync(join(root, 'shared', 'schemas.ts'), 'export const x = 1;\n');
    expect(inputsHash(root)).not.toBe(first);
    writeFileSync(join(root, 'shared', 'new.ts'), '\n');
    const withNew = inputsHash(root);
    rmSync(join(root, 'shared', 'new.ts'));
    expect(inputsHash(root)).not.toBe(withNew);
  });

  it('calls a build current only with dist/server/main.js and the stamp of the same inputs', () => {
    const root = tree();
    expect(buildIsCurrent(root)).toBe(false);
    writeFileSync(join(root, 'dist', '.build-inputs'), `${inputsHash(root)}\n`);
    // A stamp without a built server (a fresh clone never has either) is not a build.
    expect(buildIsCurrent(root)).toBe(false);
    writeFileSync(join(root, 'dist', 'server', 'main.js'), 'built\n');
    expect(buildIsCurrent(root)).toBe(true);
    writeFileSync(join(root, 'server', 'main.ts'), 'console.log(2);\n');
    expect(buildIsCurrent(root)).toBe(false);
  });

  it('is what npm start runs before the server', () => {
    expect(pkg.scripts.start).toMatch(/^node scripts\/build-if-changed\.js && node .*dist\/server\/main\.js$/);
    expect(pkg.scripts['start:relay']).toMatch(/^node scripts\/build-if-changed\.js && /);
  });
});
