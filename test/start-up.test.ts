/**
 * Pairing links and start-up errors (issue 13, problem 5; docs/api.md, "Operations"): links name
 * the address and port really listened on, a LAN address (never 127.0.0.1) for 0.0.0.0; a port
 * that is taken or not allowed is one line naming the variable, exit code 1, no stack trace.
 * Real server processes (`node dist/server/main.js`); traffic only to 127.0.0.1: the LAN link is
 * checked as text.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lanAddress, publicUrlFor } from '../server/lib/addresses.ts';
import { StartupError, startupErrorLine } from '../server/startup.ts';
import { client, ROOT, startServer, type ServerProcess } from './helpers/server-process.ts';

const ADMIN = 'start-up-admin-token-0123456789';
// Each of these starts one or two real server processes: up to ~20 s on the busy shared machine.
const PROCESS_TIMEOUT = 60_000;
let dir: string;
const servers: ServerProcess[] = [];
const blockers: Server[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) {
    if (s.child.exitCode === null) {
      s.child.kill('SIGTERM');
      await s.exited;
    }
  }
  for (const b of blockers.splice(0)) await new Promise((r) => b.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<ServerProcess> {
  dir = mkdtempSync(join(tmpdir(), 'stemkaart-start-up-'));
  const s = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: ADMIN, ...env });
  servers.push(s);
  await vi.waitFor(() => expect(s.output()).toContain('Stemkaart is running.'), { timeout: 20_000 });
  return s;
}

/** Runs the server to its end: exit code and everything it wrote. */
function run(env: Record<string, string>, entry = 'dist/server/main.js', wrapper: string[] = []): Promise<{ code: number | string; output: string }> {
  const [command, ...args] = [...wrapper, process.execPath, entry];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), STEMKAART_DEMO: '0', STEMKAART_LOG_LEVEL: 'warn', STEMKAART_ADMIN_TOKEN: ADMIN, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  return new Promise((resolve) => {
    // A program that cannot be started at all ends here, not in a wait for an exit that never comes.
    child.on('error', (error) => resolve({ code: -1, output: `${output}${String(error)}\n` }));
    child.on('exit', (code, signal) => resolve({ code: code ?? signal ?? -1, output }));
  });
}

async function pairKiosk(s: ServerProcess): Promise<string> {
  const api = client(s.base);
  const meeting = await api('POST', '/api/meetings', { token: ADMIN, body: { title: 'ALV', date: '2030-01-01' } });
  const kiosk = await api('POST', `/api/meetings/${meeting.body.id}/kiosks`, { token: ADMIN, body: { name: 'Ingang', mode: 'checkin' } });
  expect(kiosk.status).toBe(201);
  return kiosk.body.url;
}

describe('links name the address and port really listened on', () => {
  it('STEMKAART_PORT=0: the chosen port, in the printed links and the kiosk pairing URL', async () => {
    const s = await start({ STEMKAART_PORT: '0' });
    const port = new URL(s.base).port;
    expect(port).not.toBe('0');
    expect(s.output()).toContain(`Public page:     http://127.0.0.1:${port}/`);
    expect(s.output()).toContain(`Chair console:   http://127.0.0.1:${port}/chair/`);
    expect(await pairKiosk(s)).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/kiosk/#token=\\S+$`));
  }, PROCESS_TIMEOUT);

  it('STEMKAART_HOST=0.0.0.0 without STEMKAART_PUBLIC_URL: a LAN address of the machine, and a line saying so', async () => {
    const s = await start({ STEMKAART_HOST: '0.0.0.0', STEMKAART_PORT: '0' });
    // Reached here on loopback only; the LAN link is checked as text.
    const port = new URL(s.base).port;
    const lan = lanAddress() ?? hostname();
    expect(lan).not.toMatch(/^127\./);
    expect(s.output()).toContain(`Public page:     http://${lan}:${port}/`);
    expect(s.output()).toMatch(/a LAN address of this machine|has no LAN address/);
    expect(s.output()).not.toMatch(/Public page: +http:\/\/127\./);
    expect(await pairKiosk(s)).toMatch(new RegExp(`^http://${lan.replace(/\./g, '\\.')}:${port}/kiosk/#token=`));
  }, PROCESS_TIMEOUT);

  it('STEMKAART_PUBLIC_URL wins', async () => {
    const s = await start({ STEMKAART_HOST: '0.0.0.0', STEMKAART_PORT: '0', STEMKAART_PUBLIC_URL: 'https://stemmen.example.nl' });
    expect(s.output()).toContain('Public page:     https://stemmen.example.nl/');
    expect(s.output()).not.toContain('LAN address');
    expect(await pairKiosk(s)).toMatch(/^https:\/\/stemmen\.example\.nl\/kiosk\/#token=/);
  }, PROCESS_TIMEOUT);

  it('chooses the link base from the address listened on (unit)', () => {
    const at = (address: string, port = 4000): AddressInfo => ({ address, port, family: address.includes(':') ? 'IPv6' : 'IPv4' });
    expect(publicUrlFor(at('127.0.0.1'), false, '192.168.1.10')).toEqual({ url: 'http://127.0.0.1:4000', note: null });
    expect(publicUrlFor(at('0.0.0.0'), true, '192.168.1.10').url).toBe('https://192.168.1.10:4000');
    expect(publicUrlFor(at('::'), false, '10.0.0.7').url).toBe('http://10.0.0.7:4000');
    expect(publicUrlFor(at('0.0.0.0'), false, null, 'zaal-laptop')).toMatchObject({ url: 'http://zaal-laptop:4000', note: expect.stringContaining('no LAN address') });
    expect(publicUrlFor(at('::1'), false, '10.0.0.7').url).toBe('http://[::1]:4000');
  });
});

describe('a port that is taken or not allowed: one line naming the variable, exit code 1, no stack trace', () => {
  it('a taken port', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    dir = mkdtempSync(join(tmpdir(), 'stemkaart-start-up-'));
    const { code, output } = await run({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_PORT: String(port) });
    expect(code).toBe(1);
    expect(output).toBe(`STEMKAART_PORT=${port}: the port is taken (another program listens on it on 127.0.0.1); choose another port, or 0 for a free one\n`);
    // It let go of its database: another server may use it.
    expect(existsSync(join(dir, 'stemkaart.db.server'))).toBe(false);
  }, PROCESS_TIMEOUT);

  it('a taken port, for a feed relay too', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    // Nothing listens on port 1: the relay starts without its Redis and keeps trying meanwhile.
    const env = { STEMKAART_PORT: String(port), STEMKAART_REDIS_URL: 'redis://127.0.0.1:1', STEMKAART_PRIMARY_URL: 'http://127.0.0.1:3000' };
    const { code, output } = await run(env, 'dist/relay/main.js');
    expect(code).toBe(1);
    expect(output).toBe(`STEMKAART_PORT=${port}: the port is taken (another program listens on it on 127.0.0.1); choose another port, or 0 for a free one\n`);
  }, PROCESS_TIMEOUT);

  const unprivileged = Number(readFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', 'utf8'));
  // Where every port is allowed to everyone (ip_unprivileged_port_start = 0) no port can be refused.
  it.skipIf(unprivileged === 0)('a port this user may not listen on', async () => {
    const port = unprivileged - 1;
    dir = mkdtempSync(join(tmpdir(), 'stemkaart-start-up-'));
    // As root every port is allowed: the server then runs as root without the one capability that
    // allows it (util-linux's setpriv). Not as another user: that user may not be able to enter the
    // folder the checkout lives in (issue 22: under /root the server never started, and this waited
    // out its 60 s).
    const wrapper = process.getuid?.() === 0 ? ['setpriv', '--inh-caps=-net_bind_service', '--bounding-set=-net_bind_service'] : [];
    const { code, output } = await run({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_PORT: String(port) }, 'dist/server/main.js', wrapper);
    expect(code).toBe(1);
    expect(output).toBe(`STEMKAART_PORT=${port}: this user may not listen on port ${port} (ports below 1024 need privileges); choose a port from 1024, or 0 for a free one\n`);
  }, PROCESS_TIMEOUT);

  it('a database another server is using: one line naming STEMKAART_DB', async () => {
    const s = await start({});
    const { code, output } = await run({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_PORT: '0' });
    expect(code).toBe(1);
    expect(output).toMatch(new RegExp(`^STEMKAART_DB: another Stemkaart server \\(pid ${s.child.pid}, http://127\\.0\\.0\\.1:\\d+\\) is using .*stemkaart\\.db; stop it first, or give this one another database\\n$`));
  }, PROCESS_TIMEOUT);

  it('words the other failures a person can fix, and leaves bugs alone (unit)', () => {
    const where = { host: '10.9.8.7', port: 3000 };
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(startupErrorLine(err('EADDRNOTAVAIL'), where)).toMatch(/^STEMKAART_HOST=10\.9\.8\.7: this machine has no such address/);
    expect(startupErrorLine(new StartupError('STEMKAART_DB: busy'), where)).toBe('STEMKAART_DB: busy');
    expect(startupErrorLine(new TypeError('x is undefined'), where)).toBeNull();
  });
});
