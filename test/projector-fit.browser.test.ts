/**
 * Issue 17, point 1 and issue 15, point 2: the projector is a fixed canvas. In every state (1 to 6
 * motions, open, closed, secret, cancelled, practice, one motion's text) the page is exactly as high
 * as the window at 1920×1080, 1280×720 and 1024×768, nothing inside it is cut off unseen, and the key
 * figures stay large. Screenshots of each land in test-results/screenshots/fit-*.png.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, saveScreenshot, screenshotPath, tempDir } from './helpers/browser.ts';
import { castBallot, checkIn, createRound, ok, seedMeeting, startServer, type RunningServer, type SeededMeeting } from './helpers/live.ts';

const DIST = join(process.cwd(), 'dist');
const SIZES = [
  [1920, 1080],
  [1280, 720],
  [1024, 768],
] as const;

let server: RunningServer;
let seeded: SeededMeeting;
let browser: Browser;
let dir: string;
const pages: Page[] = [];
let practiceId: number;
let longTextId: number;
let shortTextId: number;
let next = 0;

/** A long motion as the VNG's members write them: considerations, then what the meeting decides. */
const LONG_TEXT = Array.from(
  { length: 14 },
  (_, i) =>
    `${i < 7 ? 'Overwegende dat' : 'Verzoekt het bestuur'} de gemeenten in ${2026 + i} met het Rijk afspraken willen maken over een structurele, ` +
    'toereikende en voorspelbare financiering van de taken in het sociaal domein, waarbij de uitvoeringskosten, de ' +
    'loon- en prijsbijstelling en de gevolgen van nieuwe wetgeving vooraf worden doorgerekend en gecompenseerd;',
).join('\n\n');

beforeAll(async () => {
  if (!existsSync(join(DIST, 'projector-view', 'index.html'))) throw new Error('The projector is not built: run `npm run build` first (npm test does).');
  dir = await tempDir('stemkaart-fit-');
  server = await startServer({ dir, clientsDir: DIST });
  seeded = await seedMeeting(server.baseUrl, server.adminToken, { members: 14, motions: 26, title: 'Najaars-ALV 2030' });
  const added = await ok<{ items: { motions: { id: number }[] }[] }>(
    server.baseUrl,
    'POST',
    `/api/meetings/${seeded.meetingId}/agenda`,
    {
      items: [
        { number: '1', title: 'Opening', motions: [{ ref: 'PROEF', kind: 'practice', title: 'Proefstemming: werkt uw stemkaart?' }] },
        {
          number: '8',
          title: 'Financiën',
          motions: [
            {
              ref: '8.1',
              kind: 'motion',
              title: 'Motie over de structurele financiering van het sociaal domein en de opschalingskorting',
              submitters: seeded.cards.slice(0, 6).map((c) => c.memberCode),
              boardAdvice: 'neutral',
              boardAdviceText: 'Het bestuur deelt de zorg, maar laat het oordeel over de termijn aan de vergadering: de onderhandelingen met het Rijk lopen nog.',
              text: LONG_TEXT,
            },
            { ref: '8.2', kind: 'resolution', title: 'Resolutie Samen sterker', boardAdvice: 'adopt', text: 'De vergadering besluit het voorstel over te nemen.' },
          ],
        },
      ],
    },
    server.adminToken,
  );
  practiceId = added.items[0].motions[0].id;
  [longTextId, shortTextId] = added.items[1].motions.map((m) => m.id);
  for (const card of seeded.cards.slice(0, 12)) await checkIn(server.baseUrl, seeded, card.code);
  browser = await launchBrowser();
  for (const [width, height] of SIZES) {
    const page = await browser.newPage({ viewport: { width, height } });
    await page.goto(`${server.baseUrl}/projector?meeting=${seeded.meetingId}`);
    await page.locator('#app[data-connection="live"]').waitFor();
    pages.push(page);
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Measure {
  pageHeight: number;
  viewport: number;
  pageWidth: number;
  viewportWidth: number;
  /** Elements in the round area whose content goes past their box. */
  clipped: string[];
  fit: string | undefined;
  /** Font size in px of the largest percentage or outcome on the screen. */
  keyFigure: number;
}

function measure(page: Page): Promise<Measure> {
  return page.evaluate(() => {
    const area = document.querySelector('.round-area')!;
    const clipped: string[] = [];
    for (const el of [area, ...area.querySelectorAll('*')]) {
      if (!(el instanceof HTMLElement) || el.closest('.mv-text')) continue;
      const style = getComputedStyle(el);
      if (style.overflow === 'visible' && el !== area) continue;
      if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) clipped.push(el.className);
    }
    const text = document.querySelector('.mv-text');
    if (text && (text.scrollHeight > text.clientHeight + 1 || text.scrollWidth > text.clientWidth + 1)) clipped.push('mv-text');
    const sizes = [...document.querySelectorAll('.bar-pct, .outcome-words, .hidden-result, .practice-closed, .mv-title, .no-round')].map((e) => parseFloat(getComputedStyle(e).fontSize));
    return {
      pageHeight: document.documentElement.scrollHeight,
      viewport: innerHeight,
      pageWidth: document.documentElement.scrollWidth,
      viewportWidth: innerWidth,
      clipped,
      fit: document.getElementById('app')!.dataset.fit,
      keyFigure: Math.max(0, ...sizes),
    };
  });
}

/** Waits until every page shows `ready`, then checks the canvas at all three sizes and saves a screenshot. */
async function expectFits(name: string, ready: string): Promise<Measure[]> {
  const results: Measure[] = [];
  for (const page of pages) {
    await page.locator(ready).first().waitFor();
    // Renders are throttled (30 ms) and fitted after each: wait until the figures have settled.
    await expect.poll(async () => (await measure(page)).clipped).toEqual([]);
    const m = await measure(page);
    const size = `${m.viewportWidth}x${m.viewport}`;
    await saveScreenshot(page, `fit-${name}-${size}`);
    expect({ size, height: m.pageHeight, width: m.pageWidth }).toEqual({ size, height: m.viewport, width: m.viewportWidth });
    expect(m.fit, `${name} at ${size} is cut`).not.toBe('cut');
    results.push(m);
  }
  return results;
}

function motions(n: number): number[] {
  const ids = seeded.motionIds.slice(next, next + n);
  next += n;
  return ids;
}

async function vote(roundId: number, ids: number[]): Promise<void> {
  const choices = ['for', 'against', 'for', 'abstain', 'for', 'against', 'for', 'for'] as const;
  for (const [i, card] of seeded.cards.slice(0, 8).entries()) await castBallot(server.baseUrl, seeded, card.code, roundId, ids, choices[i]);
}

const close = (roundId: number) => ok(server.baseUrl, 'POST', `/api/rounds/${roundId}/close`, undefined, server.adminToken);

describe('the projector fits 1920×1080, 1280×720 and 1024×768 in every state', { timeout: 120_000 }, () => {
  it('no round yet', async () => {
    await expectFits('none', '.no-round');
  });

  for (const count of [1, 2, 3, 4, 5, 6]) {
    it(`${count} motion${count > 1 ? 's' : ''}: open with a live tally, then closed with the outcome`, async () => {
      const ids = motions(count);
      const roundId = await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: ids, quorumPercent: 50, majority: count === 2 ? 'two_thirds' : 'simple' });
      await vote(roundId, ids);
      const open = await expectFits(`open-${count}`, `[data-motion="${ids[count - 1]}"] .bar-for .bar-pct:text("%")`);
      await close(roundId);
      const closed = await expectFits(`closed-${count}`, `[data-motion="${ids[count - 1]}"] .outcome-words`);
      // Key figures readable from the back of the hall: at least 1/25 of the screen height for one or two motions.
      if (count <= 2) for (const m of [...open, ...closed]) expect(m.keyFigure).toBeGreaterThanOrEqual(m.viewport / 25);
    });
  }

  it('a secret round with the tally hidden until close', async () => {
    const ids = motions(2);
    const roundId = await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: ids, secret: true, showLive: false, quorumPercent: 50 });
    await vote(roundId, ids);
    await expectFits('secret-open', '.hidden-result');
    await close(roundId);
    await expectFits('secret-closed', `[data-motion="${ids[1]}"] .outcome-words`);
  });

  it('a cancelled round with its reason', async () => {
    const ids = motions(3);
    const roundId = await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: ids });
    await ok(server.baseUrl, 'POST', `/api/rounds/${roundId}/cancel`, { reason: 'De verkeerde moties waren gekozen; de voorzitter opent een nieuwe stemming.' }, server.adminToken);
    await expectFits('cancelled', '.cancel-reason');
    expect(await pages[0].locator('.cancel-reason-label').textContent()).toBe('Reden van annulering: ');
  });

  it('a practice round: PROEFSTEMMING with its tally, then closed without a decision', async () => {
    const roundId = await createRound(server.baseUrl, server.adminToken, seeded.meetingId, { motionIds: [practiceId] });
    await vote(roundId, [practiceId]);
    await expectFits('practice-open', '.practice-flag');
    expect(await pages[0].locator('.practice-flag').textContent()).toBe('PROEFSTEMMING · telt niet mee voor een besluit');
    await close(roundId);
    await expectFits('practice-closed', '.practice-closed');
    expect(await pages[0].locator('.outcome-words').count()).toBe(0);
  });

  it("one motion's text: a long one in smaller type and columns, a short one large", async () => {
    await ok(server.baseUrl, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, { show: 'motion', motionId: longTextId }, server.adminToken);
    const long = await expectFits('motion-long', '.mv-text p');
    for (const page of pages) {
      expect(await page.locator('.mv-title').textContent()).toBe('Motie over de structurele financiering van het sociaal domein en de opschalingskorting');
      expect(await page.locator('.mv-advice-text').textContent()).toMatch(/^Het bestuur deelt de zorg/);
      // Every paragraph is on the screen, the last one whole.
      expect(await page.locator('.mv-text p').count()).toBe(14);
      expect(await page.locator('.mv-cut').isVisible()).toBe(false);
    }
    expect(long.every((m) => Number(m.fit) < 1)).toBe(true);
    await ok(server.baseUrl, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, { show: 'motion', motionId: shortTextId }, server.adminToken);
    const short = await expectFits('motion-short', '.mv-title:text("Resolutie Samen sterker")');
    expect(short.map((m) => m.fit)).toEqual(['1', '1', '1']);
    await ok(server.baseUrl, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, { show: 'auto' }, server.adminToken);
    await expectFits('back-to-auto', '.practice-closed');
  });

  it('at 1280×800 too; at 200% zoom the page flows instead (larger text, no sideways scrolling)', async () => {
    const laptop = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await laptop.goto(`${server.baseUrl}/projector?meeting=${seeded.meetingId}`);
    await laptop.locator('.practice-closed').waitFor();
    await expect.poll(() => laptop.evaluate(() => document.documentElement.scrollHeight)).toBe(800);
    await laptop.screenshot({ path: screenshotPath('fit-practice-closed-1280x800') });
    await laptop.close();
    // 1280×800 at 200% is a window of 640×400 CSS px: the phone layout, which scrolls down, never sideways.
    const zoomed = await browser.newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    await zoomed.goto(`${server.baseUrl}/projector?meeting=${seeded.meetingId}`);
    await zoomed.locator('.practice-closed').waitFor();
    const size = await zoomed.evaluate(() => ({ wide: document.documentElement.scrollWidth - innerWidth, tall: document.documentElement.scrollHeight > innerHeight, rem: parseFloat(getComputedStyle(document.documentElement).fontSize) }));
    expect(size).toMatchObject({ wide: 0, tall: true });
    expect(size.rem).toBeGreaterThanOrEqual(16);
    await zoomed.screenshot({ path: screenshotPath('fit-practice-closed-1280x800-zoom200'), fullPage: true });
    await zoomed.close();
  });

  it('a text too long for any screen is cut with a visible sign, never silently', async () => {
    const huge = Array.from({ length: 12 }, () => LONG_TEXT).join('\n\n');
    await ok(server.baseUrl, 'PATCH', `/api/motions/${shortTextId}`, { text: huge }, server.adminToken);
    await ok(server.baseUrl, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, { show: 'motion', motionId: shortTextId }, server.adminToken);
    for (const page of pages) {
      await expect.poll(() => page.locator('#app').getAttribute('data-fit')).toBe('cut');
      await expect.poll(() => page.locator('.mv-cut').isVisible()).toBe(true);
      expect(await page.evaluate(() => [document.documentElement.scrollHeight, innerHeight])).toEqual(await page.evaluate(() => [innerHeight, innerHeight]));
      const sign = await page.locator('.mv-cut').boundingBox();
      expect(sign!.y + sign!.height).toBeLessThanOrEqual(page.viewportSize()!.height);
    }
    await pages[2].screenshot({ path: screenshotPath('fit-motion-cut-1024x768') });
    await ok(server.baseUrl, 'PUT', `/api/meetings/${seeded.meetingId}/projector`, { show: 'auto' }, server.adminToken);
  });
});
