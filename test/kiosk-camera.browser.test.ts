/**
 * The kiosk's camera scanning (@zxing/browser) end to end: Chromium's fake camera plays a frame
 * with a card's QR code, the kiosk reads it, shows the member, and stops the camera while the
 * person chooses. Screenshot: test-results/screenshots/kiosk-camera-*.png.
 */
import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import bwipjs from 'bwip-js/node';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { assertChromium, CHROMIUM_PATH, screenshotPath } from './helpers/browser.ts';

const ADMIN = 'kiosk-camera-admin-token-0123456789';
const W = 640;
const H = 480;

let app: FastifyInstance;
let baseUrl: string;
let dir: string;
let browser: Browser;

async function ok<T = unknown>(method: string, path: string, body?: unknown, token = ADMIN): Promise<T> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** One Y4M frame (the format Chromium's fake camera plays in a loop) showing the code as a QR symbol. */
function qrVideo(code: string, path: string): void {
  const [raw] = bwipjs.raw('qrcode', code, 'eclevel=M') as { pixs: number[]; pixx: number; pixy: number }[];
  const luma = new Uint8Array(W * H).fill(235);
  const module = Math.floor(300 / raw.pixx);
  const size = module * raw.pixx;
  const x0 = Math.floor((W - size) / 2);
  const y0 = Math.floor((H - size) / 2);
  for (let r = 0; r < raw.pixy; r++) {
    for (let c = 0; c < raw.pixx; c++) {
      if (raw.pixs[r * raw.pixx + c] !== 1) continue;
      for (let dy = 0; dy < module; dy++) luma.fill(16, (y0 + r * module + dy) * W + x0 + c * module, (y0 + r * module + dy) * W + x0 + (c + 1) * module);
    }
  }
  const chroma = new Uint8Array((W / 2) * (H / 2)).fill(128);
  const header = Buffer.from(`YUV4MPEG2 W${W} H${H} F5:1 Ip A1:1 C420jpeg\nFRAME\n`);
  writeFileSync(path, Buffer.concat([header, luma, chroma, chroma]));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stemkaart-kiosk-camera-'));
  const root = resolve(import.meta.dirname, '..', 'kiosk-client');
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir: join(dir, 'dist', 'kiosk-client'), emptyOutDir: true } });
  app = await buildApp({ dbPath: join(dir, 'stemkaart.db'), adminToken: ADMIN, logLevel: 'silent', clientsDir: join(dir, 'dist') });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kiosk page: camera scanning', { timeout: 150_000 }, () => {
  it('loads no camera code until the camera is turned on', async () => {
    // The kiosk without the camera: only its own entry script (the scanner library is 480 kB).
    assertChromium();
    const plain = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await plain.newPage();
      const scripts: string[] = [];
      page.on('request', (request) => {
        if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
      });
      await page.goto(`${baseUrl}/kiosk/`);
      await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Deze kiosk is niet gekoppeld');
      // Its entry script and the watchdog (boot.js, issue 22), nothing else.
      expect(scripts.filter((s) => s !== '/kiosk/boot.js')).toHaveLength(1);
      expect(scripts.filter((s) => s !== '/kiosk/boot.js')[0]).toMatch(/^\/kiosk\/assets\/index-[\w-]+\.js$/);
    } finally {
      await plain.close();
    }
  });

  it('reads the QR code of a card held up to the camera, and stops the camera while the person chooses', async () => {
    await ok('PUT', '/api/members', [{ code: 'GM0344', name: 'Utrecht', province: 'Utrecht', population: 367_984 }]);
    const { id } = await ok<{ id: number }>('POST', '/api/meetings', { title: 'Najaars ALV 2023', date: '2023-12-01' });
    await ok('POST', `/api/meetings/${id}/agenda`, { items: [{ number: '7', title: 'Moties', motions: [{ ref: '7.1', kind: 'motion', title: 'Goed beleid = integraal beleid', submitters: [] }] }] });
    const detail = await ok<{ agenda: { motions: { id: number }[] }[] }>('GET', `/api/meetings/${id}`);
    const { cards } = await ok<{ cards: { code: string }[] }>('POST', `/api/meetings/${id}/cards`, {});
    const kiosk = await ok<{ token: string; url: string }>('POST', `/api/meetings/${id}/kiosks`, { name: 'Stembalie 2', mode: 'voting' });
    const checkin = await ok<{ token: string }>('POST', `/api/meetings/${id}/kiosks`, { name: 'Ingang', mode: 'checkin' });
    await ok('POST', '/api/checkins', { code: cards[0].code }, checkin.token);
    const round = await ok<{ id: number }>('POST', `/api/meetings/${id}/rounds`, { motionIds: [detail.agenda[0].motions[0].id] });
    await ok('POST', `/api/rounds/${round.id}/open`);

    const video = join(dir, 'card.y4m');
    qrVideo(cards[0].code, video);
    // Debian's Chromium, as in test/helpers/browser.ts, with a fake camera that shows the card.
    assertChromium();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.grantPermissions(['camera'], { origin: baseUrl });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/kiosk/${new URL(kiosk.url).hash}`);
    await expect.poll(() => page.locator('main h1').textContent(), { timeout: 15_000 }).toBe('Scan uw stemkaart');
    // The camera is a staff setting, behind "Beheer" held for 3 s.
    await page.getByRole('button', { name: /^Beheer/ }).hover();
    await page.mouse.down();
    await page.getByRole('heading', { name: 'Beheer van deze kiosk' }).waitFor({ timeout: 15_000 });
    await page.mouse.up();
    // @zxing is loaded only now, when the camera is turned on (issue 17, point 6).
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(request.url());
    });
    await page.getByRole('button', { name: 'Camera gebruiken' }).click();
    // The card in front of the camera closes the settings and opens the ballot.
    // Loading the decoder (450 kB) and reading frames takes seconds of CPU; more on a busy machine.
    await expect.poll(() => page.locator('main h1').textContent(), { timeout: 60_000 }).toBe('Utrecht — 75\u00a0stemmen');
    expect(scripts.length).toBeGreaterThan(0);
    // No card is expected while choosing: the camera is off.
    await expect.poll(() => page.locator('.camera').isHidden(), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath('kiosk-camera-read') });
    // Back to idle: the camera runs again for the next person.
    await page.getByRole('button', { name: 'Annuleren', exact: true }).click();
    await expect.poll(() => page.locator('.camera').isVisible(), { timeout: 15_000 }).toBe(true);
    await page.screenshot({ path: screenshotPath('kiosk-camera-idle') });
    await context.close();
  });
});
