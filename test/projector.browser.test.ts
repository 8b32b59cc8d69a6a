import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { launchBrowser, screenshotPath, tempDir } from './helpers/browser.ts';
import { castBallot, checkIn, createRound, ok, seedMeeting, startServer, type RunningServer, type SeededMeeting } from './helpers/live.ts';

const DIST = join(process.cwd(), 'dist');

let server: RunningServer;
let seeded: SeededMeeting;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'projector-view', 'index.html'))) {
    throw new Error('The projector is not built: run `npm run build` first (npm test does).');
  }
  dir = await tempDir('stemkaart-projector-');
  server = await startServer({ dir, clientsDir: DIST });
  seeded = await seedMeeting(server.baseUrl, server.adminToken, { members: 12, motions: 4, title: 'Najaars ALV 2030' });
  for (const card of seeded.cards.slice(0, 10)) await checkIn(server.baseUrl, seeded, card.code);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function openProjector(width: number, height: number, query = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${server.baseUrl}/projector?meeting=${seeded.meetingId}${query}`);
  await page.locator('#app[data-connection="live"]').waitFor();
  return page;
}

const motionCard = (page: Page, motionId: number) => page.locator(`[data-motion="${motionId}"]`);
/** Text with the non-breaking spaces between numbers and words made plain. */
const text = async (locator: Locator): Promise<string | undefined> => (await locator.textContent())?.replaceAll('\u00a0', ' ');

describe('projector page', { timeout: 60_000 }, () => {
  it('follows a round live: bars and numbers change with each ballot, then the outcome and the head hash', async () => {
    const base = server.baseUrl;
    const hall = await openProjector(1920, 1080);
    const phone = await openProjector(390, 844);
    await expect.poll(() => hall.locator('.meeting-title').textContent()).toBe('Najaars ALV 2030');
    await expect.poll(() => hall.locator('.no-round').textContent()).toBe('Er is op dit moment geen stemming.');
    await expect.poll(() => hall.locator('.ov-row').count()).toBe(4);

    const [m1] = seeded.motionIds;
    const roundId = await createRound(base, server.adminToken, seeded.meetingId, { motionIds: [m1], quorumPercent: 50 });
    await expect.poll(() => hall.locator('.round-heading').textContent()).toBe('Stemming geopend');
    const card = motionCard(hall, m1);
    await expect.poll(() => card.locator('.ref').textContent()).toBe('7.1');
    await expect.poll(() => card.locator('.motion-title').textContent()).toBe('Goed beleid = integraal beleid');
    await expect.poll(() => card.locator('.motion-info').textContent()).toContain('Preadvies: overnemen');
    await expect.poll(() => text(card.locator('.bar-for .bar-figures'))).toBe('0 stemmen · 0 leden');

    const [a, b, c, d] = seeded.cards;
    await castBallot(base, seeded, a.code, roundId, [m1], 'for');
    await expect.poll(() => text(card.locator('.bar-for .bar-figures'))).toBe(`${a.weight} ${a.weight === 1 ? 'stem' : 'stemmen'} · 1 lid`);
    await expect.poll(() => card.locator('.bar-for .bar-pct').textContent()).toBe('100,0%');

    await castBallot(base, seeded, b.code, roundId, [m1], 'against');
    await castBallot(base, seeded, c.code, roundId, [m1], 'for');
    await castBallot(base, seeded, d.code, roundId, [m1], 'abstain');
    const forWeight = a.weight + c.weight;
    const decisive = forWeight + b.weight;
    const pct = (x: number) => `${(Math.round((1000 * x) / decisive) / 10).toFixed(1).replace('.', ',')}%`;
    await expect.poll(() => text(card.locator('.bar-for .bar-figures'))).toBe(`${forWeight} stemmen · 2 leden`);
    await expect.poll(() => card.locator('.bar-for .bar-pct').textContent()).toBe(pct(forWeight));
    await expect.poll(() => card.locator('.bar-against .bar-pct').textContent()).toBe(pct(b.weight));
    await expect.poll(() => text(card.locator('.bar-abstain .bar-figures'))).toBe(`${d.weight} ${d.weight === 1 ? 'stem' : 'stemmen'} · 1 lid · telt niet mee`);
    await expect.poll(() => text(hall.locator('.turnout-voted-value'))).toMatch(/^4 leden · /);
    await expect.poll(() => motionCard(phone, m1).locator('.bar-for .bar-pct').textContent()).toBe(pct(forWeight));
    await hall.screenshot({ path: screenshotPath('projector-during-1920') });
    await phone.screenshot({ path: screenshotPath('projector-during-phone'), fullPage: true });

    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, server.adminToken);
    await expect.poll(() => hall.locator('.round-heading').textContent()).toBe('Stemming gesloten');
    const words = forWeight > b.weight ? '✓ Aangenomen' : b.weight === forWeight ? '✗ Verworpen (staking van stemmen)' : '✗ Verworpen';
    await expect.poll(() => card.locator('.outcome-words').textContent()).toBe(words);
    await expect.poll(() => card.locator('.outcome-notes').textContent()).toContain('Quorum gehaald');
    const round = await ok<{ headHash: string }>(base, 'GET', `/api/rounds/${roundId}`);
    await expect.poll(async () => (await hall.locator('.head-hash code').textContent())?.replaceAll(' ', '')).toBe(round.headHash);
    await expect.poll(() => hall.locator('.ov-row.status-adopted, .ov-row.status-rejected').count()).toBe(1);
    await expect.poll(() => motionCard(phone, m1).locator('.outcome-words').textContent()).toBe(words);
    await hall.screenshot({ path: screenshotPath('projector-after-1920') });
    await phone.screenshot({ path: screenshotPath('projector-after-phone'), fullPage: true });
    await hall.close();
    await phone.close();
  });

  it('shows only the turnout and "Uitslag na sluiting" for a hidden round, marks a secret round, and speaks English with ?lang=en', async () => {
    const base = server.baseUrl;
    const hall = await openProjector(1920, 1080, '&lang=en');
    const motions = seeded.motionIds.slice(1, 3);
    const roundId = await createRound(base, server.adminToken, seeded.meetingId, { motionIds: motions, showLive: false, secret: true });
    await expect.poll(() => hall.locator('.round-heading').textContent()).toBe('Voting open');
    await expect.poll(() => hall.locator('.badge').allTextContents()).toEqual(['Secret ballot', 'Result after closing']);
    await castBallot(base, seeded, seeded.cards[4].code, roundId, motions, 'for');
    await expect.poll(() => text(hall.locator('.turnout-voted-value'))).toMatch(/^1 member · /);
    await expect.poll(() => hall.locator('.hidden-result').count()).toBe(2);
    expect(await hall.locator('.bar-row').count()).toBe(0);
    await hall.screenshot({ path: screenshotPath('projector-hidden-1920') });
    await ok(base, 'POST', `/api/rounds/${roundId}/close`, undefined, server.adminToken);
    await expect.poll(() => motionCard(hall, motions[0]).locator('.outcome-words').textContent()).toBe('✓ Adopted');
    await hall.close();
  });

  it('says plainly when the server is gone, keeps old figures dimmed, and resyncs after a restart', async () => {
    const hall = await openProjector(1920, 1080);
    await expect.poll(() => hall.locator('.round-heading').textContent()).toBe('Stemming gesloten');
    const port = Number(new URL(server.baseUrl).port);
    await server.close();
    await expect.poll(() => hall.locator('#app').getAttribute('data-connection')).toBe('disconnected');
    await expect.poll(() => hall.locator('.banner').textContent()).toContain('Verbinding verbroken');
    expect(await hall.locator('.chip').textContent()).toBe('⚠ Niet actueel');
    expect(await hall.locator('#app').getAttribute('class')).toContain('is-stale');
    await hall.screenshot({ path: screenshotPath('projector-disconnected-1920') });

    server = await startServer({ dir, clientsDir: DIST, port });
    await expect.poll(() => hall.locator('#app').getAttribute('data-connection'), { timeout: 15_000 }).toBe('live');
    expect(await hall.locator('.banner').isHidden()).toBe(true);
    await expect.poll(() => hall.locator('.round-heading').textContent()).toBe('Stemming gesloten');
    await hall.close();
  });
});

describe('public meeting list at /', () => {
  it('lists the meetings with a link to the live view', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${server.baseUrl}/`);
    const link = page.locator('.meeting-link', { hasText: 'Najaars ALV 2030' });
    await link.waitFor();
    await page.screenshot({ path: screenshotPath('home-phone'), fullPage: true });
    await link.click();
    await page.locator('#app[data-connection="live"]').waitFor();
    expect(new URL(page.url()).searchParams.get('meeting')).toBe(String(seeded.meetingId));
    await page.close();
  });
});
