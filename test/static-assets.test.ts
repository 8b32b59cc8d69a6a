/**
 * Issue 17, point 6: `favicon.ico` answered 404 on every page, and the clients' assets (12–135 KiB)
 * went out uncompressed. The build writes a brotli and a gzip copy of each text asset and the favicon;
 * the server sends the copy the browser accepts, with Content-Encoding and Vary: Accept-Encoding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/live.ts';

const DIST = join(process.cwd(), 'dist');
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ clientsDir: DIST });
});
afterAll(async () => {
  await server?.close();
});

/** GET with exactly these headers (fetch would decompress and hide what was sent). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  const url = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The largest built script of a client, as served under its prefix. */
function largestScript(client: string): { url: string; bytes: Buffer } {
  const dir = join(DIST, client, 'assets');
  const js = readdirSync(dir).filter((f) => f.endsWith('.js'));
  const file = js.map((f) => ({ f, bytes: readFileSync(join(dir, f)) })).sort((a, b) => b.bytes.length - a.bytes.length)[0];
  const prefix = { 'projector-view': '/projector', 'kiosk-client': '/kiosk', 'chair-console': '/chair' }[client];
  return { url: `${prefix}/assets/${file.f}`, bytes: file.bytes };
}

describe('favicon', () => {
  it('is served at /favicon.ico as an icon, not 404', async () => {
    const res = await get('/favicon.ico');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
    expect([...res.body.subarray(0, 6)]).toEqual([0, 0, 1, 0, 1, 0]); // ICO header, one image
  });
});

describe('pre-compressed assets', () => {
  for (const client of ['projector-view', 'kiosk-client', 'chair-console']) {
    it(`${client}: brotli to a browser that accepts it, gzip to one that accepts only gzip, plain to the rest`, async () => {
      const { url, bytes } = largestScript(client);
      const br = await get(url, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers.vary).toMatch(/accept-encoding/i);
      expect(br.headers['content-type']).toMatch(/javascript/);
      expect(br.body.length).toBeLessThan(bytes.length / 2);
      expect(brotliDecompressSync(br.body).equals(bytes)).toBe(true);

      const gz = await get(url, { 'accept-encoding': 'gzip' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.vary).toMatch(/accept-encoding/i);
      expect(gunzipSync(gz.body).equals(bytes)).toBe(true);

      const plain = await get(url);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(bytes)).toBe(true);
    });
  }

  it('compresses the stylesheets and the pages too', async () => {
    const html = await get('/chair/', { 'accept-encoding': 'br' });
    expect(html.status).toBe(200);
    expect(html.headers['content-type']).toMatch(/text\/html/);
    const css = readdirSync(join(DIST, 'projector-view', 'assets')).find((f) => f.startsWith('index-') && f.endsWith('.css'))!;
    const res = await get(`/projector/assets/${css}`, { 'accept-encoding': 'br' });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toMatch(/text\/css/);
    expect(brotliDecompressSync(res.body).toString()).toBe(readFileSync(join(DIST, 'projector-view', 'assets', css), 'utf8'));
  });
});

describe('caching of the clients’ files', () => {
  it('a hashed asset is kept for good; the pages, the kiosk’s watchdog (boot.js) and a missing asset are not', async () => {
    for (const client of ['projector-view', 'kiosk-client', 'chair-console']) {
      const { url } = largestScript(client);
      const res = await get(url, { 'accept-encoding': 'br' });
      expect(res.status).toBe(200);
      expect(res.headers['cache-control'], url).toBe('public, max-age=31536000, immutable');
    }
    for (const page of ['/kiosk/', '/kiosk/boot.js', '/chair/', '/projector/']) {
      const res = await get(page);
      expect(res.status).toBe(200);
      expect(res.headers['cache-control'], page).not.toMatch(/immutable/);
    }
    const missing = await get('/kiosk/assets/ballot-00000000.js');
    expect(missing.status).toBe(404);
    expect(String(missing.headers['cache-control'] ?? '')).not.toMatch(/immutable/);
  });
});
