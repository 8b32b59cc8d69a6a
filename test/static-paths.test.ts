/**
 * Issue 12, point 7: a path that tries to leave a static folder answered 500 with a stack trace
 * logged at error level. Sent over a real socket, as curl --path-as-is does: an HTTP client does not
 * tidy the path first.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type ServerProcess } from './helpers/server-process.ts';

const dir = mkdtempSync(join(tmpdir(), 'stemkaart-static-'));
let server: ServerProcess;

beforeAll(async () => {
  server = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_ADMIN_TOKEN: 'static-test-admin-token-0123456789', STEMKAART_LOG_LEVEL: 'info' });
}, 60_000);

afterAll(async () => {
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** GET with the path exactly as given. */
function rawGet(path: string): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(server.base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers: { 'accept-language': 'en' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const ESCAPES = [
  '/kiosk/../../package.json',
  '/kiosk/../package.json',
  '/kiosk/..',
  '/kiosk/%2e%2e/%2e%2e/package.json',
  '/kiosk/%2E%2E/%2E%2E/package.json',
  '/kiosk/.%2e/.%2e/package.json',
  '/kiosk/..%2f..%2fpackage.json',
  '/kiosk/%2e%2e%2f%2e%2e%2fpackage.json',
  '/kiosk/%252e%252e/%252e%252e/package.json',
  '/kiosk/..%5c..%5cpackage.json',
  '/chair/../kiosk-client/index.html',
  '/projector/assets/../../../../etc/passwd',
  '/docs/static/../../package.json',
  '/docs/static/%2e%2e/%2e%2e/package.json',
  '/api/meetings/%2e%2e/1',
];

describe('paths that try to leave a static folder', () => {
  it('the clients are served, so the refusals below are not for want of a folder', async () => {
    expect((await rawGet('/kiosk/')).status).toBe(200);
  });

  it.each(ESCAPES)('%s → 404 not_found', async (path) => {
    const res = await rawGet(path);
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^application\/json/);
    expect(JSON.parse(res.body)).toEqual({ error: 'not_found', message: 'Not found.' });
  });

  it('leave no error-level line and no stack trace in the log', () => {
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      const entry = JSON.parse(line) as { level: number };
      expect(entry.level, line).toBeLessThan(50);
      expect(line).not.toMatch(/"stack"/);
    }
  });
});
