/**
 * Issue 23, points 2 and 8, in the browsers: the chair console shows an open secret round's ballots
 * and whom its totals would give away, and asks before closing it with fewer ballots than the
 * meeting's minimum (then sends confirmSmall); a kiosk asks the staff PIN after the 3 s press before
 * its Beheer settings open. Screenshots go to /tmp.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './helpers/browser.ts';
import { ensureChairBuilt, openChairPage, setUpKiosks } from './helpers/chair.ts';
import { ok, startServer, type RunningServer } from './helpers/live.ts';

let server: RunningServer;
let browser: Browser;
let meetingId: number;
let motionId: number;
let votingToken: string;
const cards = new Map<string, string>();
const MEMBERS = [
  { code: 'GM0363', name: 'Amsterdam', population: 918_000, weight: 75 },
  { code: 'GM0599', name: 'Rotterdam', population: 664_000, weight: 60 },
  { code: 'GM0344', name: 'Utrecht', population: 367_000, weight: 40 },
];

const api = <T>(method: string, path: string, body?: unknown, token = server.adminToken) => ok<T>(server.baseUrl, method, path, body, token);
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

beforeAll(async () => {
  await ensureChairBuilt();
  server = await startServer();
  await api('PUT', '/api/members', MEMBERS);
  meetingId = (await api<{ id: number }>('POST', '/api/meetings', { title: 'Geheime ALV', date: '2024-06-01', venue: 'Utrecht' })).id;
  const agenda = await api<{ items: { motions: { id: number }[] }[] }>('POST', `/api/meetings/${meetingId}/agenda`, {
    items: [{ number: '5', title: 'Benoeming', motions: [{ ref: '5.1', kind: 'proposal', title: 'Benoeming voorzitter', submitters: [] }] }],
  });
  motionId = agenda.items[0].motions[0].id;
  const issued = await api<{ cards: { memberCode: string; code: string }[] }>('POST', `/api/meetings/${meetingId}/cards`, {});
  for (const c of issued.cards) cards.set(c.memberCode, c.code);
  votingToken = await setUpKiosks(server, meetingId, { checkin: 'Ingang', voting: 'Stembalie' }, [...cards.values()]);
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(page: Page): Promise<void> {
  await page.goto(`${server.baseUrl}/chair/`);
  await page.getByLabel('Beheersleutel').fill(server.adminToken);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await page.getByRole('link', { name: /Geheime ALV/ }).click();
}

describe('screens of issue 23 (browser)', { timeout: 120_000 }, () => {
  it('the console shows who the totals would give away, and asks before closing a small secret round', async () => {
    const round = await api<{ id: number }>('POST', `/api/meetings/${meetingId}/rounds`, { motionIds: [motionId], secret: true });
    await api('POST', `/api/rounds/${round.id}/open`);
    await api('POST', '/api/ballots', { code: cards.get('GM0363'), roundId: round.id, choices: [{ motionId, choice: 'against' }], nonce: 'screens-nonce-0001' }, votingToken);
    const { context, page } = await openChairPage(browser);
    try {
      await logIn(page);
      await poll(() => page.locator('[data-testid="secrecy-revealed"]').textContent()).toContain('Amsterdam (GM0363)');
      await poll(() => page.locator('[data-testid="secrecy"]').textContent()).toContain('Uitgebrachte stemmen: 1; minimum voor sluiten zonder vraag: 5.');
      for (const [name, viewport] of [
        ['1920', { width: 1920, height: 1080 }],
        ['1280', { width: 1280, height: 800 }],
        ['1024', { width: 1024, height: 768 }],
      ] as const) {
        await page.setViewportSize(viewport);
        await page.screenshot({ path: `/tmp/secrecy-console-${name}.png`, fullPage: true });
      }
      // 200% zoom: 960×540 CSS pixels at a device scale factor of 2.
      const zoomed = await openChairPage(browser, { viewport: { width: 960, height: 540 }, deviceScaleFactor: 2 });
      try {
        await logIn(zoomed.page);
        await poll(() => zoomed.page.locator('[data-testid="secrecy-revealed"]').textContent()).toContain('Amsterdam (GM0363)');
        await zoomed.page.screenshot({ path: '/tmp/secrecy-console-zoom200.png', fullPage: true });
      } finally {
        await zoomed.context.close();
      }
      await page.locator('#close-round').click();
      await poll(() => page.locator('dialog h2').textContent()).toBe('Kleine geheime stemming sluiten?');
      await page.screenshot({ path: '/tmp/secrecy-console-close-dialog.png' });
      await page.getByRole('button', { name: 'Toch sluiten' }).click();
      await poll(async () => (await api<{ state: string }>('GET', `/api/rounds/${round.id}`)).state).toBe('closed');
    } finally {
      await context.close();
    }
  });

  it('a kiosk asks the staff PIN before Beheer when the chair set one', async () => {
    await api('PUT', `/api/meetings/${meetingId}/kiosk-pin`, { pin: '246813' });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'nl-NL' });
    const page = await context.newPage();
    try {
      await page.goto(`${server.baseUrl}/kiosk/#token=${votingToken}`);
      const gate = page.getByRole('button', { name: /^Beheer/ });
      await gate.waitFor({ timeout: 30_000 });
      await gate.hover();
      await page.mouse.down();
      await page.getByRole('heading', { name: 'Pincode voor Beheer' }).waitFor({ timeout: 15_000 });
      await page.mouse.up();
      await page.getByLabel('Pincode', { exact: true }).fill('111111');
      await page.getByRole('button', { name: 'Openen' }).click();
      await poll(() => page.locator('.staff-pin__error').textContent()).toBe('De pincode is onjuist.');
      await page.screenshot({ path: '/tmp/secrecy-kiosk-pin-1280.png' });
      await page.getByLabel('Pincode', { exact: true }).fill('246813');
      await page.getByRole('button', { name: 'Openen' }).click();
      await page.getByRole('heading', { name: 'Beheer van deze kiosk' }).waitFor({ timeout: 15_000 });
    } finally {
      await context.close();
    }
  });
});
