/**
 * Every flow in README.md and docs/ works as written on a fresh machine (issue 16: the curl section
 * posted an agenda.json it never defined, the PDF card sheet was out of reach, `export A=…
 * $STEMKAART_ADMIN_TOKEN` assumed a token the reader did not have, the CLI could not make the kiosks
 * and rounds its own sequence needed).
 *
 * Each document runs in a fresh copy of the repository (its tracked and new files, with this
 * checkout's node_modules: `npm ci` is CI's own step) and a fresh HOME, inside a network namespace of
 * its own that has only loopback: port 3000 is free for the flows that use it, and nothing leaves the
 * machine. Blocks and their annotations: test/helpers/doc-blocks.ts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksOf, documentedFiles, extractBlocks, scriptFor } from './helpers/doc-blocks.ts';

const ROOT = resolve(import.meta.dirname, '..');
const blocks = blocksOf(ROOT);
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The newest (or oldest) modification time of the files under `path`. */
function mtimes(path: string, pick: (a: number, b: number) => number): number {
  if (!existsSync(path)) return Number.NaN;
  if (!statSync(path).isDirectory()) return statSync(path).mtimeMs;
  return readdirSync(path).reduce((acc, name) => {
    const t = mtimes(join(path, name), pick);
    return Number.isNaN(acc) ? t : Number.isNaN(t) ? acc : pick(acc, t);
  }, Number.NaN);
}

/**
 * One build for every copy: `npm test` builds before the tests; a bare `vitest run` of this file
 * builds here when dist/ is missing or older than a source. Each copy gets it (after its sources,
 * so newer than they are), and an `npm start` in a copy need not build the clients again when
 * nothing changed: the documents start the server six times.
 */
beforeAll(() => {
  const SOURCES = ['kiosk-client', 'chair-console', 'projector-view', 'client-kit', 'shared', 'server', 'scripts', 'package-lock.json'];
  const built = mtimes(join(ROOT, 'dist'), Math.min);
  if (built >= Math.max(...SOURCES.map((s) => mtimes(join(ROOT, s), Math.max)))) return;
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
}, 300_000);

/** A fresh machine's checkout: the repository's files (not ignored ones), node_modules linked, dist/ built. */
function freshCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'stemkaart-docs-'));
  temps.push(dir);
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const work = join(dir, 'stemkaart');
  for (const file of listed.stdout.split('\0').filter(Boolean)) {
    const from = join(ROOT, file);
    let mode: number;
    try {
      mode = statSync(from).mode;
    } catch {
      continue; // deleted in the working tree, not yet committed
    }
    mkdirSync(dirname(join(work, file)), { recursive: true });
    copyFileSync(from, join(work, file));
    chmodSync(join(work, file), mode & 0o777);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'));
  cpSync(join(ROOT, 'dist'), join(work, 'dist'), { recursive: true });
  mkdirSync(join(dir, 'home'));
  return work;
}

/** `unshare` with a new network namespace: as root directly, otherwise inside a user namespace. */
function isolated(command: string): [string, string[]] {
  const root = process.getuid?.() === 0;
  return ['unshare', [...(root ? [] : ['--map-root-user']), '--net', '--', 'bash', '-c', `ip link set lo up && ${command}`]];
}

function runDocument(file: string): Promise<{ code: number | null; output: string }> {
  const work = freshCopy();
  const own = blocks.filter((b) => b.file === file);
  mkdirSync(join(work, '.docs-test'));
  own.forEach((b, i) => writeFileSync(join(work, '.docs-test', `block-${i}.sh`), `${b.code}\n`));
  writeFileSync(join(work, '.docs-test', 'run.sh'), scriptFor(own, (i) => `.docs-test/block-${i}.sh`));
  const [cmd, args] = isolated('exec bash .docs-test/run.sh');
  return new Promise((res) => {
    const child = spawn(cmd, args, {
      cwd: work,
      env: {
        PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
        HOME: join(dirname(work), 'home'),
        LANG: 'C.UTF-8',
        TERM: 'dumb',
        npm_config_update_notifier: 'false',
        npm_config_fund: 'false',
        npm_config_audit: 'false',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Before the test's own timeout: SIGTERM lets the script's EXIT trap stop its servers.
      timeout: 540_000,
      killSignal: 'SIGTERM',
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
    child.on('close', (code) => res({ code, output }));
  });
}

describe('the shell blocks of README.md and docs/', () => {
  it('are each run, run in the background, or skipped with a written reason that is printed', () => {
    expect(documentedFiles(ROOT)).toContain('docs/venue.md');
    expect(blocks.length).toBeGreaterThan(10);
    const skipped = blocks.filter((b) => b.mode === 'skip');
    for (const b of skipped) expect(b.reason!.length, `${b.file}:${b.line} needs a reason`).toBeGreaterThanOrEqual(30);
    console.log(
      [`${blocks.length} sh blocks: ${blocks.filter((b) => b.mode === 'run' || b.mode === 'stop-server').length} run, ${blocks.filter((b) => b.mode === 'background').length} in the background, ${skipped.length} skipped:`, ...skipped.map((b) => `  ${b.file}:${b.line}: ${b.reason}`)].join('\n'),
    );
    // Exemptions stay rare: each one is a flow nobody checks.
    expect(skipped.length).toBeLessThanOrEqual(Math.max(4, Math.floor(blocks.length / 5)));
  });

  it('reads annotations and fences as the runner needs them', () => {
    const text = ['<!-- docs-test: background -->', '```sh', 'npm start', '```', '', '```nginx', 'server {}', '```', '<!-- docs-test: skip: needs root and systemd on the server -->', '', '```bash', '  sudo systemctl start stemkaart', '```', '1. step', '   ```sh', '   echo indented', '   ```', '<!-- docs-test: stop-server -->', '```shell', 'ls', '```'].join('\n');
    expect(extractBlocks('x.md', text)).toEqual([
      { file: 'x.md', line: 2, code: 'npm start', mode: 'background', reason: undefined },
      { file: 'x.md', line: 11, code: '  sudo systemctl start stemkaart', mode: 'skip', reason: 'needs root and systemd on the server' },
      { file: 'x.md', line: 15, code: 'echo indented', mode: 'run', reason: undefined },
      { file: 'x.md', line: 19, code: 'ls', mode: 'stop-server', reason: undefined },
    ]);
    expect(() => extractBlocks('y.md', '<!-- docs-test: later -->\n```sh\nls\n```')).toThrow('y.md:1: unknown docs-test annotation "later"');
  });

  const files = [...new Set(blocks.filter((b) => b.mode !== 'skip').map((b) => b.file))];
  for (const file of files) {
    it(`${file}: every block works as written on a fresh machine`, { timeout: 600_000 }, async () => {
      const { code, output } = await runDocument(file);
      // Where the time goes: each block's start, in seconds since the document's script began.
      console.log(`${file}:\n${output.split('\n').filter((l) => l.startsWith('-- ')).join('\n')}`);
      expect(code, output.slice(-6000)).toBe(0);
      expect(output).toContain('-- all blocks ran');
    });
  }
});
