/**
 * docs/deploy/stemkaart.service (issue 16, "Running it as a service"): a unit that systemd accepts as
 * written, that runs what `npm run build` makes, with settings the server accepts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../server/config.ts';

const ROOT = resolve(import.meta.dirname, '..');
const UNIT = join(ROOT, 'docs', 'deploy', 'stemkaart.service');
const dir = mkdtempSync(join(tmpdir(), 'stemkaart-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `systemd-analyze verify`: exit code 0 and not a word of warning (unknown keys only warn). */
function verify(path: string): { status: number | null; output: string } {
  const run = spawnSync('systemd-analyze', ['verify', path], { encoding: 'utf8' });
  if (run.error) throw new Error(`systemd-analyze is missing (apt-get install systemd): ${run.error.message}`);
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

describe('docs/deploy/stemkaart.service', () => {
  it('passes systemd-analyze verify without a warning', () => {
    expect(verify(UNIT)).toEqual({ status: 0, output: '' });
  });

  it('would be caught by the check if it had a mistake', () => {
    const broken = join(dir, 'stemkaart.service');
    writeFileSync(broken, readFileSync(UNIT, 'utf8').replace('TimeoutStopSec=', 'TimeoutStopSecs='));
    expect(verify(broken).output).toContain("Unknown key 'TimeoutStopSecs'");
  });

  it('starts the built server bundle with settings the server accepts, stopping within its timeout', () => {
    const unit = readFileSync(UNIT, 'utf8');
    const exec = /^ExecStart=(\S+) .*\/opt\/stemkaart\/(\S+)$/m.exec(unit)!;
    expect(exec[2]).toBe('dist/server/main.js');
    expect(existsSync(join(ROOT, exec[2]))).toBe(true);
    const env = Object.fromEntries([...unit.matchAll(/^Environment=(\w+)=(.*)$/gm)].map((m) => [m[1], m[2]]));
    expect(env).toMatchObject({ STEMKAART_HOST: '0.0.0.0', STEMKAART_DEMO: '0', STEMKAART_LOG_FORMAT: 'json' });
    const config = configFromEnv({ ...env, STEMKAART_ADMIN_TOKEN: 'a-token-of-at-least-16-chars', STEMKAART_PUBLIC_URL: 'https://192.168.1.10' });
    expect(config).toMatchObject({ host: '0.0.0.0', port: 443, demo: false, app: { dbPath: '/var/lib/stemkaart/stemkaart.db', logFormat: 'json' } });
    // The server gives itself 10 s to stop after SIGTERM (server/main.ts); systemd waits longer.
    expect(Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1])).toBeGreaterThan(10);
    expect(unit).toMatch(/^UMask=0077$/m);
  });
});
