/**
 * The chair console's presence tab with proxies (volmacht), on the demo's shareholder variant: the
 * registration desk sees who holds whose proxy and whether it counts, registers a written one on the
 * spot and ends one; the presence line says how many are there by proxy.
 */
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../server/modules/demo/demo.ts';
import { launchBrowser } from './helpers/browser.ts';
import { ensureChairBuilt, openChairPage, setUpKiosks } from './helpers/chair.ts';
import { ok, startServer, type RunningServer } from './helpers/live.ts';

const ROOT = resolve(import.meta.dirname, '..');
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let meetingId: number;
let holders: string[];
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const api = <T = unknown>(method: string, path: string, body?: unknown) => ok<T>(server.baseUrl, method, path, body, server.adminToken);

/** Screenshots for a person to look at (not in the repo), with STEMKAART_PROXY_SHOTS set. */
async function shots(name: string): Promise<void> {
  if (!process.env.STEMKAART_PROXY_SHOTS) return;
  for (const [w, h] of [
    [1920, 1080],
    [1280, 800],
    [1024, 768],
    [960, 540],
  ] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: `/tmp/proxies-chair-${name}-${w}x${h}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

beforeAll(async () => {
  await ensureChairBuilt();
  server = await startServer({ clientsDir: join(ROOT, 'dist') });
  const demo = loadDemo(server.app.domain, { dbPath: join(server.dir, 'stemkaart.db'), proxies: true });
  meetingId = demo.meetingId;
  const proxies = await api<{ holder: string }[]>('GET', `/api/meetings/${meetingId}/proxies`);
  holders = [...new Set(proxies.map((p) => p.holder))].slice(0, 3);
  const codes = new Map(demo.cards.map((c) => [c.memberCode, c.code]));
  await setUpKiosks(server, meetingId, { checkin: 'Ingang', voting: 'Stemzuil' }, holders.map((h) => codes.get(h)!));
  browser = await launchBrowser();
  ({ context, page } = await openChairPage(browser));
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('chair console: proxies at the registration desk', { timeout: 120_000 }, () => {
  it('shows who holds whose proxy and whether it counts, registers a written one and ends one', async () => {
    await page.goto(`${server.baseUrl}/chair/`);
    await page.getByLabel('Beheersleutel').fill(server.adminToken);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('link', { name: /Najaars-ALV 2023/ }).click();
    await page.locator('#tab-presence').click();
    // Three holders present with two proxies each: 3 + 6 members.
    await poll(() => page.getByTestId('presence-summary').textContent()).toMatch(/^Aanwezig: 9 leden, waarvan 6 bij volmacht/);
    await poll(() => page.locator('[data-testid="proxies"] tbody tr').count()).toBe(40);
    await poll(() => page.locator('[data-testid="proxies"] tbody').textContent()).toContain('telt mee');
    await shots('presence');

    // A written proxy from the desk: one of the first holders' neighbours authorises a member present.
    const members = await api<{ code: string; name: string }[]>('GET', '/api/members');
    const taken = new Set((await api<{ principal: string; holder: string }[]>('GET', `/api/meetings/${meetingId}/proxies`)).flatMap((p) => [p.principal, p.holder]));
    const [principal, holder] = members.filter((m) => !taken.has(m.code)).slice(0, 2);
    await ok(server.baseUrl, 'POST', `/api/meetings/${meetingId}/presence`, { memberCode: holder.code, direction: 'in' }, server.adminToken);
    await page.locator('#proxy-principal').fill(principal.code);
    await page.locator('#proxy-holder').fill(holder.code);
    await page.locator('#proxy-reference').fill('Formulier 41');
    await page.locator('#proxy-add').click();
    await poll(() => page.locator('[data-testid="flash"]').textContent()).toContain(`Volmacht geregistreerd: ${holder.name} stemt voor ${principal.name}.`);
    await poll(() => page.getByTestId('presence-summary').textContent()).toMatch(/^Aanwezig: 11 leden, waarvan 7 bij volmacht/);
    expect(await page.locator('[data-testid="proxies"] tbody').textContent()).toContain('Formulier 41');

    await page.getByRole('button', { name: `Volmacht van ${principal.name} aan ${holder.name} beëindigen` }).click();
    await poll(() => page.locator('[data-testid="flash"]').textContent()).toContain('Volmacht beëindigd');
    await poll(() => page.getByTestId('presence-summary').textContent()).toMatch(/^Aanwezig: 10 leden, waarvan 6 bij volmacht/);
    await shots('presence-after');
  });
});
