/**
 * Accessibility: axe-core's WCAG 2.1 A and AA rules on every screen a person meets, against the
 * demo meeting in headless Chromium. The pages' CSP forbids injected scripts, so the test context
 * bypasses CSP only to load axe itself.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../server/modules/demo/demo.ts';
import { launchBrowser, screenshotPath } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/live.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let demo: ReturnType<typeof loadDemo>;
let roundId: number;

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
  )) as { violations: AxeViolation[] };
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

const tokenOf = (url: string) => new URL(url).hash.replace('#token=', '');

beforeAll(async () => {
  server = await startServer();
  demo = loadDemo(server.app.domain, { dbPath: `${server.dir}/stemkaart.db` });
  const { domain } = server.app;
  const motions = domain.meetings.motions(demo.meetingId);
  const ids = motions.filter((m) => m.ref === '7.1' || m.ref === '7.2').map((m) => m.id);
  roundId = domain.rounds.create(demo.meetingId, { motionIds: ids }, 'admin').id;
  domain.rounds.open(roundId, 'admin');
  const checkin = domain.kiosks.authenticate(tokenOf(demo.kiosks[0].url))!;
  for (const card of demo.cards.slice(0, 5)) domain.presence.checkIn(checkin, card.code, 'in');
  browser = await launchBrowser();
  context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('WCAG 2.1 AA (axe-core)', () => {
  it('the public meeting list and the projector', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.goto(`${server.baseUrl}/projector/?meeting=${demo.meetingId}`);
    await page.getByText('7.1').first().waitFor();
    expect(await violations(page)).toEqual([]);
    await page.close();
  });

  it('the kiosk: check-in, idle, choosing', async () => {
    // Each kiosk keeps its pairing in its own browser storage: one context per kiosk.
    for (const kiosk of [demo.kiosks[0], demo.kiosks[1]]) {
      const own = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
      const page = await own.newPage();
      await page.goto(`${server.baseUrl}/kiosk/#token=${tokenOf(kiosk.url)}`);
      await page.locator('main h1').waitFor();
      expect(await violations(page)).toEqual([]);
      if (kiosk.mode === 'voting') {
        await page.keyboard.type(demo.cards[0].code, { delay: 3 });
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: /^(✓ )?Voor$/ }).first().waitFor({ timeout: 20_000 });
        expect(await violations(page)).toEqual([]);
      }
      await own.close();
    }
  }, 90_000);

  it('the chair console: login and the live panel', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/chair/`);
    await page.locator('input[type="password"]').waitFor({ timeout: 20_000 });
    expect(await violations(page)).toEqual([]);
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.adminToken } });
    const [name, value] = String(login.headers['set-cookie']).split(';')[0].split('=');
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    await page.goto(`${server.baseUrl}/chair/`);
    await page.getByText('Kies een vergadering').waitFor({ timeout: 20_000 });
    expect(await violations(page)).toEqual([]);
    await page.getByText('Najaars-ALV 2023').first().click();
    await page.getByText('Goed beleid = integraal beleid').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('a11y-chair') });
    expect(await violations(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
