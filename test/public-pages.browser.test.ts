/**
 * The public site (issue 15.3 and 17.4): the voting record (stemgedrag) appears after each close with
 * its CSV and JSON, and a voter can check a receipt later by typing it: the receipt vanished from the
 * kiosk after 8 s and no screen let a voter check it. Split votes read right on every public screen.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot, screenshotPath, tempDir } from './helpers/browser.ts';
import { castBallot, checkIn, createRound, ok, seedMeeting, startServer, type RunningServer, type SeededMeeting } from './helpers/live.ts';

const DIST = join(process.cwd(), 'dist');

let server: RunningServer;
let seeded: SeededMeeting;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'projector-view', 'record.html'))) throw new Error('The public pages are not built: run `npm run build` first (npm test does).');
  dir = await tempDir('stemkaart-public-');
  server = await startServer({ dir, clientsDir: DIST });
  seeded = await seedMeeting(server.baseUrl, server.adminToken, { members: 6, motions: 3, title: 'Najaars-ALV 2030' });
  for (const card of seeded.cards.slice(0, 5)) await checkIn(server.baseUrl, seeded, card.code);
  browser = await launchBrowser();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(path: string, viewport = { width: 1280, height: 800 }, deviceScaleFactor = 1): Promise<Page> {
  const page = await browser.newPage({ viewport, deviceScaleFactor });
  await page.goto(`${server.baseUrl}${path}`);
  await page.locator('#app[data-loaded="true"]').waitFor();
  return page;
}

/** The four sizes every screen is looked at: hall, laptop, beamer, and 1280×800 at 200% zoom. */
const LOOKS = [
  { name: '1920', viewport: { width: 1920, height: 1080 }, scale: 1 },
  { name: '1280', viewport: { width: 1280, height: 800 }, scale: 1 },
  { name: '1024', viewport: { width: 1024, height: 768 }, scale: 1 },
  { name: 'zoom200', viewport: { width: 640, height: 400 }, scale: 2 },
];

async function lookAt(path: string, name: string, ready: string): Promise<void> {
  for (const look of LOOKS) {
    const page = await open(path, look.viewport, look.scale);
    await page.locator(ready).first().waitFor();
    // Reflow (1.4.10): nothing wider than the window, except inside the table's own scroll box.
    const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    expect(wide, `${name} at ${look.name} scrolls sideways`).toBeLessThanOrEqual(0);
    await saveScreenshot(page, `public-${name}-${look.name}`, { fullPage: true });
    await page.close();
  }
}

let receipts: string[] = [];

describe('the voting record (stemgedrag)', { timeout: 90_000 }, () => {
  it('is empty before any close, then shows every member after the close, live, with the CSV and JSON', async () => {
    const page = await open(`/projector/record.html?meeting=${seeded.meetingId}`);
    await expect.poll(() => page.locator('.page-message').textContent()).toBe('In deze vergadering is nog geen openbare stemming gesloten.');
    expect(await page.locator('.meeting-when').textContent()).toContain('Jaarbeurs, Utrecht');

    const [m1] = seeded.motionIds;
    const roundId = await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: [m1] });
    receipts = [];
    for (const [i, choice] of (['for', 'against', 'abstain'] as const).entries()) {
      receipts.push((await castBallot(server.baseUrl, seeded, seeded.cards[i].code, roundId, [m1], choice)).receipt);
    }
    await ok(server.baseUrl, 'POST', `/api/rounds/${roundId}/close`, undefined, server.adminToken);

    // The page follows the live feed: the column arrives without a reload.
    await expect.poll(() => page.locator('.record-table tbody tr').count()).toBe(6);
    const cells = await page.locator('.record-table tbody td.cell').allTextContents();
    expect([...cells].sort()).toEqual(['afwezig', 'niet gestemd', 'niet gestemd', 'onthouding', 'tegen', 'voor'].sort());
    expect(await page.locator('.record-table thead .col-ref').allTextContents()).toEqual(['7.1']);
    const csvHref = await page.getByRole('link', { name: 'Download als CSV (voor Excel)' }).getAttribute('href');
    const csv = await fetch(`${server.baseUrl}${csvHref}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const jsonHref = await page.getByRole('link', { name: 'Download als JSON' }).getAttribute('href');
    expect((await (await fetch(`${server.baseUrl}${jsonHref}`)).json()).rows).toHaveLength(6);
    // The table's scroll box is reachable by keyboard.
    expect(await page.locator('.table-scroll').getAttribute('tabindex')).toBe('0');
    await page.close();
    await lookAt(`/projector/record.html?meeting=${seeded.meetingId}`, 'record', '.record-table');
  });

  it('speaks English with ?lang=en and keeps the Dutch names and titles marked lang="nl"', async () => {
    const page = await open(`/projector/record.html?meeting=${seeded.meetingId}&lang=en`);
    await page.locator('.record-table').waitFor();
    expect(await page.locator('h1').textContent()).toBe('Voting record');
    expect(await page.locator('.page-meeting').getAttribute('lang')).toBe('nl');
    expect(await page.locator('.col-title').first().getAttribute('lang')).toBe('nl');
    await page.close();
  });
});

describe('checking a receipt later', { timeout: 90_000 }, () => {
  it('finds a ballot by its receipt typed in any case, with or without dashes, and shows the choice as published', async () => {
    const page = await open(`/projector/receipt.html?meeting=${seeded.meetingId}`);
    const input = page.getByLabel('Ontvangstcode');
    await input.fill(receipts[1].toLowerCase().replaceAll('-', ' '));
    await input.press('Enter');
    await expect.poll(() => page.locator('.check-ok').textContent()).toBe('✓ Gevonden: uw stem is meegeteld in de stemming over 7.1.');
    expect(await page.locator('.choices-table caption').textContent()).toBe(`Uw stem zoals gepubliceerd · ${receipts[1]}`);
    expect(await page.locator('.choices-table tbody td').allTextContents()).toEqual(['Tegen']);
    await page.screenshot({ path: screenshotPath('public-receipt-found-1280') });

    await input.fill('ZZZZ-ZZZZ-ZZZZ');
    await input.press('Enter');
    await expect.poll(() => page.locator('.check-bad').textContent()).toMatch(/^Deze code staat niet in de gepubliceerde stemmen/);
    expect(await page.locator('.choices-table').count()).toBe(0);
    await input.fill('12345');
    await page.getByRole('button', { name: 'Controleren' }).click();
    await expect.poll(() => page.locator('.check-bad').textContent()).toBe('Een ontvangstcode heeft 12 tekens (letters en cijfers), zoals K7Q2-M9XD-3HFA.');
    await page.close();
    await lookAt(`/projector/receipt.html?meeting=${seeded.meetingId}`, 'receipt', '#receipt');
  });

  it('says a practice round without a stray full stop (issue 24, point 10)', async () => {
    const base = server.baseUrl;
    const token = server.adminToken;
    const added = await ok<{ items: { motions: { id: number }[] }[] }>(base, 'POST', `/api/meetings/${seeded.meetingId}/agenda`, { items: [{ number: '1', title: 'Opening', motions: [{ ref: '1.P', kind: 'practice', title: 'Proefstemming' }] }] }, token);
    const practiceId = added.items[0].motions[0].id;
    const roundId = await createRound(base, token, seeded.meetingId, { motionIds: [practiceId] });
    const { receipt } = await castBallot(base, seeded, seeded.cards[0].code, roundId, [practiceId], 'for');
    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, token);
    const page = await open(`/projector/receipt.html?meeting=${seeded.meetingId}`);
    await page.getByLabel('Ontvangstcode').fill(receipt);
    await page.getByLabel('Ontvangstcode').press('Enter');
    await expect.poll(() => page.locator('.check-ok').textContent()).toBe('✓ Gevonden: uw stem is meegeteld in de stemming over 1.P (proefstemming).');
    await page.close();
  });

  it('is reached from the public meeting list, by keyboard alone', async () => {
    const page = await open('/');
    await page.locator('.meeting-more a').first().waitFor();
    await page.screenshot({ path: screenshotPath('public-home-1280') });
    // Tab from the top until the receipt link of the meeting has the focus, then follow it.
    for (let i = 0; i < 12; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Uw stem controleren') break;
    }
    await page.keyboard.press('Enter');
    await page.locator('#receipt').waitFor();
    expect(new URL(page.url()).pathname).toBe('/projector/receipt.html');
    await page.close();
    // The meeting's other pages sit inside its card (issue 24, point 10).
    for (const look of LOOKS) {
      const home = await open('/', look.viewport, look.scale);
      await home.locator('.meeting-more a').first().waitFor();
      const outside = await home.evaluate(() =>
        [...document.querySelectorAll('.meeting-more a')].filter((a) => {
          // The card is the item that draws the border: its links must sit within it.
          const item = a.closest('.meeting-item')!;
          if (getComputedStyle(item).borderTopStyle === 'none') return true;
          const card = item.getBoundingClientRect();
          const r = a.getBoundingClientRect();
          return r.left < card.left || r.right > card.right || r.top < card.top || r.bottom > card.bottom;
        }).length,
      );
      expect(outside, `links outside their card at ${look.name}`).toBe(0);
      await home.close();
    }
    await lookAt('/', 'home', '.meeting-more a');
  });
});

describe('split votes on the public screens', { timeout: 90_000 }, () => {
  it('shows a split as its parts on the projector, in the voting record and in the receipt check', async () => {
    const base = server.baseUrl;
    const token = server.adminToken;
    const meeting = await ok<{ id: number }>(base, 'POST', '/api/meetings', { title: 'Aandeelhoudersvergadering 2030', date: '2030-06-08', allowSplit: true, requireCheckIn: false }, token);
    const agenda = await ok<{ items: { motions: { id: number }[] }[] }>(
      base,
      'POST',
      `/api/meetings/${meeting.id}/agenda`,
      { items: [{ number: '3', title: 'Besluiten', motions: [{ ref: '3.1', kind: 'resolution', title: 'Vaststelling van de jaarrekening' }] }] },
      token,
    );
    const motionId = agenda.items[0].motions[0].id;
    const { cards } = await ok<{ cards: { memberCode: string; code: string }[] }>(base, 'POST', `/api/meetings/${meeting.id}/cards`, {}, token);
    const kiosk = await ok<{ token: string }>(base, 'POST', `/api/meetings/${meeting.id}/kiosks`, { name: 'Stembalie', mode: 'voting' }, token);
    const nominee = seeded.cards.find((c) => c.weight >= 5)!;
    const card = cards.find((c) => c.memberCode === nominee.memberCode)!;
    const projector = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await projector.goto(`${base}/projector?meeting=${meeting.id}`);
    await projector.locator('#app[data-connection="live"]').waitFor();

    const roundId = await createRound(base, token, meeting.id, { motionIds: [motionId] });
    const split = { for: nominee.weight - 2, against: 1, abstain: 1 };
    const { receipt } = await ok<{ receipt: string }>(
      base,
      'POST',
      '/api/ballots',
      { code: card.code, roundId, choices: [{ motionId, split }], nonce: `split-${Date.now()}` },
      kiosk.token,
    );
    const bar = (choice: string) => projector.locator(`[data-choice="${choice}"] .bar-figures`).textContent();
    await expect.poll(async () => (await bar('for'))?.replaceAll('\u00a0', ' ')).toBe(`${split.for} ${split.for === 1 ? 'stem' : 'stemmen'} · 1 lid`);
    expect((await bar('against'))?.replaceAll('\u00a0', ' ')).toBe('1 stem · 1 lid');
    expect(await projector.locator('.bar-for .bar-pct').textContent()).toBe(`${((100 * split.for) / (split.for + 1)).toFixed(1).replace('.', ',')}%`);
    await projector.screenshot({ path: screenshotPath('public-split-projector-1920') });
    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, token);
    await projector.close();

    const record = await open(`/projector/record.html?meeting=${meeting.id}`);
    await expect.poll(() => record.locator('td.cell', { hasText: 'voor' }).first().textContent()).toBe(`voor ${split.for} / tegen 1 / onthouding 1`);
    // Coloured as a split, not as "voor" (issue 24, point 10).
    expect(await record.locator('td.cell', { hasText: 'voor' }).first().getAttribute('class')).toBe('cell cell-split');
    await record.close();

    const check = await open(`/projector/receipt.html?meeting=${meeting.id}`);
    await check.getByLabel('Ontvangstcode').fill(receipt);
    await check.getByLabel('Ontvangstcode').press('Enter');
    await expect.poll(() => check.locator('.choices-table tbody td').allTextContents()).toEqual([`voor ${split.for} / tegen 1 / onthouding 1`]);
    await check.close();
  });
});
