/**
 * The kiosk page with proxies (volmacht) in headless Chromium against a real server: one scan of a
 * holder's card shows a ballot for the holder and one per represented member with name and weight,
 * a proxy whose principal came in is shown as such and not offered, "Zelfde keuze voor allen"
 * casts the rest, and the receipt lists one receipt per member; the server counts each ballot as
 * the principal's own.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../server/app.ts';
import { launchBrowser, newContext } from './helpers/browser.ts';

const ADMIN = 'kiosk-proxies-admin-token-0123456789';
const MEMBERS = [
  { code: 'NL0001', name: 'Aandeelhouder Aalberts', population: 900_000 },
  { code: 'NL0002', name: 'Beleggingsfonds Bergh', population: 300_000 },
  { code: 'NL0003', name: 'Stichting Cornelis', population: 50_000 },
  { code: 'NL0004', name: 'De Vries Holding', population: 10_000 },
];

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

const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
const heading = (page: Page) => page.locator('main h1');
async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 3 });
  await page.keyboard.press('Enter');
}
/** Screenshots for a person to look at (not in the repo): 1920×1080, 1280×800, 1024×768 and 200% zoom. */
async function shots(page: Page, name: string): Promise<void> {
  if (!process.env.STEMKAART_PROXY_SHOTS) return;
  for (const [w, hgt, scale] of [
    [1920, 1080, 1],
    [1280, 800, 1],
    [1024, 768, 1],
    [960, 540, 2],
  ] as const) {
    const ctx = page.context();
    await page.setViewportSize({ width: w, height: hgt });
    void ctx;
    await page.screenshot({ path: `/tmp/proxies-kiosk-${name}-${w}x${hgt}${scale > 1 ? '@2x' : ''}.png`, fullPage: false, scale: 'css' });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stemkaart-kiosk-proxies-'));
  const root = resolve(import.meta.dirname, '..', 'kiosk-client');
  await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir: join(dir, 'dist', 'kiosk-client'), emptyOutDir: true } });
  app = await buildApp({ dbPath: join(dir, 'stemkaart.db'), adminToken: ADMIN, logLevel: 'silent', clientsDir: join(dir, 'dist'), publicUrl: 'http://kiosk.test' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await ok('PUT', '/api/members', MEMBERS);
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('kiosk page: proxies', { timeout: 90_000 }, () => {
  it('one scan: the holder’s ballot, then one per active proxy, "zelfde keuze voor allen", one receipt per member', async () => {
    const { id } = await ok<{ id: number }>('POST', '/api/meetings', { title: 'AVA 2026', date: '2026-05-01', proxies: { allowed: true, maxPerHolder: 3 } });
    await ok('POST', `/api/meetings/${id}/agenda`, { items: [{ number: '4', title: 'Jaarrekening', motions: [{ ref: '4.1', kind: 'resolution', title: 'Vaststelling jaarrekening 2025', submitters: [] }] }] });
    const motionId = (await ok<{ agenda: { motions: { id: number }[] }[] }>('GET', `/api/meetings/${id}`)).agenda[0].motions[0].id;
    const { cards } = await ok<{ cards: { memberCode: string; code: string }[] }>('POST', `/api/meetings/${id}/cards`, {});
    const codes = Object.fromEntries(cards.map((c) => [c.memberCode, c.code]));
    const pair = async (name: string, mode: 'voting' | 'checkin') => {
      const kiosk = await ok<{ token: string; url: string }>('POST', `/api/meetings/${id}/kiosks`, { name, mode });
      const url = new URL(kiosk.url);
      return { token: kiosk.token, url: `${baseUrl}${url.pathname}${url.hash}` };
    };
    const voting = await pair('Stembalie', 'voting');
    const checkin = await pair('Ingang', 'checkin');
    for (const principal of ['NL0002', 'NL0003', 'NL0004']) await ok('POST', `/api/meetings/${id}/proxies`, { principal, holder: 'NL0001', reference: `Formulier ${principal}` });
    for (const code of ['NL0001', 'NL0004']) await ok('POST', '/api/checkins', { code: codes[code], direction: 'in' }, checkin.token);
    const round = await ok<{ id: number }>('POST', `/api/meetings/${id}/rounds`, { motionIds: [motionId] });
    await ok('POST', `/api/rounds/${round.id}/open`);

    const page = await (await newContext(browser)).newPage();
    await page.goto(voting.url);
    await page.locator('.topbar').waitFor();
    await eventually(() => page.locator('.round-status').textContent()).toContain('4.1');
    await scan(page, codes.NL0001);
    await eventually(() => heading(page).textContent()).toMatch(/^Aandeelhouder Aalberts — /);
    const banner = page.getByTestId('proxy-banner');
    expect(await banner.textContent()).toContain('Uw eigen stem');
    expect(await banner.textContent()).toContain('Hierna nog 2 stem(men) via volmacht: Beleggingsfonds Bergh, Stichting Cornelis.');
    // NL0004 came in itself: shown, not offered.
    expect(await banner.textContent()).toContain('Volmacht van De Vries Holding geldt nu niet: deze is zelf aanwezig.');
    await shots(page, 'choosing-own');
    await page.getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    // The holder votes its own, then the first proxy one by one.
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toMatch(/^Beleggingsfonds Bergh — /);
    expect(await banner.textContent()).toContain('Stem via volmacht voor:');
    expect(await banner.textContent()).toContain('Uitgebracht door Aandeelhouder Aalberts');
    await shots(page, 'choosing-proxy');
    await page.getByRole('button', { name: 'Tegen', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    await shots(page, 'confirm-proxy');
    // The rest with the same choice.
    await page.getByRole('button', { name: 'Zelfde keuze voor allen' }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    const receipts = page.getByTestId('proxy-receipt');
    await eventually(() => receipts.count()).toBe(3);
    const texts = await receipts.allTextContents();
    expect(texts[0]).toMatch(/^Aandeelhouder Aalberts/);
    expect(texts[1]).toMatch(/^Beleggingsfonds Bergh.*via volmacht/);
    expect(texts[2]).toMatch(/^Stichting Cornelis.*via volmacht/);
    await shots(page, 'receipt');

    const closed = await ok<{ tallies: { for: { count: number }; against: { count: number } }[]; voted: { count: number } }>('POST', `/api/rounds/${round.id}/close`);
    expect(closed.voted.count).toBe(3);
    expect(closed.tallies[0].for.count).toBe(1);
    expect(closed.tallies[0].against.count).toBe(2);
    await page.context().close();
  });
});
