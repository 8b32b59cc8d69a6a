/**
 * Accessibility: axe-core's WCAG 2.1 A and AA rules and HTML_CodeSniffer's WCAG2AA (pa11y's other
 * runner; its errors, not the warnings and notices that ask a person to look) on every screen a
 * person meets, against the demo meeting in headless Chromium. The pages' CSP forbids injected
 * scripts, so the test context bypasses CSP only to load the checkers. One `it` per screen, so that
 * the screens' owners can add theirs side by side.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../server/modules/demo/demo.ts';
import { launchBrowser, screenshotPath } from './helpers/browser.ts';
import { startServer, type RunningServer } from './helpers/live.ts';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const HTMLCS_SOURCE = readFileSync(createRequire(import.meta.url).resolve('html_codesniffer/build/HTMLCS.js'), 'utf8');

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

/** HTML_CodeSniffer's WCAG2AA errors (type 1) on the page as it is now, as "code — message — element". */
async function htmlcsErrors(page: Page): Promise<string[]> {
  if (!(await page.evaluate('typeof HTMLCS !== "undefined"'))) await page.addScriptTag({ content: HTMLCS_SOURCE });
  // Every page gets notices (things for a person to check): none at all means it did not run.
  return (await page.evaluate(`new Promise((resolve) => HTMLCS.process('WCAG2AA', document, () => resolve(
    HTMLCS.getMessages().length === 0 ? ['HTML_CodeSniffer said nothing at all: did it run?'] : HTMLCS.getMessages()
      .filter((m) => m.type === 1)
      // The chair console's links to its own routes ("#/m/1/vote") are hash routes, not named
      // anchors; HTML_CodeSniffer reads every "#…" link as an anchor that must exist.
      .filter((m) => !(m.code.endsWith('.NoSuchID') && m.element && m.element.getAttribute && (m.element.getAttribute('href') || '').startsWith('#/')))
      .map((m) => m.code + ' — ' + m.msg + ' — ' + (m.element && m.element.outerHTML ? m.element.outerHTML.slice(0, 120) : String(m.element))),
  ), () => resolve(['HTML_CodeSniffer did not run'])))`)) as string[];
}

/** Both checkers on the page as it is now. */
async function allViolations(page: Page): Promise<string[]> {
  return [...(await violations(page)), ...(await htmlcsErrors(page))];
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

describe('WCAG 2.1 AA (axe-core and HTML_CodeSniffer)', () => {
  it('the public meeting list and the projector (both checkers)', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('link').first().waitFor();
    expect(await allViolations(page)).toEqual([]);
    await page.goto(`${server.baseUrl}/projector/?meeting=${demo.meetingId}`);
    await page.getByText('7.1').first().waitFor();
    expect(await allViolations(page)).toEqual([]);
    await page.close();
  });

  it('the public pages: voting record and receipt check (both checkers)', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/projector/record.html?meeting=${demo.meetingId}`);
    await page.locator('#app[data-loaded="true"]').waitFor();
    expect(await allViolations(page)).toEqual([]);
    await page.goto(`${server.baseUrl}/projector/receipt.html?meeting=${demo.meetingId}&lang=en`);
    await page.locator('#receipt').waitFor();
    await page.locator('#receipt').fill('0000-0000-0000');
    await page.locator('#receipt').press('Enter');
    await page.locator('.check-bad').waitFor();
    expect(await allViolations(page)).toEqual([]);
    await page.close();
  });

  it('the projector at a hall size, also showing one motion whole and in English (both checkers)', async () => {
    const page = await browser.newPage({ bypassCSP: true, viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.baseUrl}/projector/?meeting=${demo.meetingId}&lang=en`);
    await page.getByText('7.1').first().waitFor();
    expect(await allViolations(page)).toEqual([]);
    const motion = server.app.domain.meetings.motions(demo.meetingId).find((m) => m.ref === '7.2')!;
    await server.app.inject({ method: 'PUT', url: `/api/meetings/${demo.meetingId}/projector`, headers: { authorization: `Bearer ${server.adminToken}` }, payload: { show: 'motion', motionId: motion.id } });
    await page.locator('.motion-view').waitFor();
    expect(await allViolations(page)).toEqual([]);
    await server.app.inject({ method: 'PUT', url: `/api/meetings/${demo.meetingId}/projector`, headers: { authorization: `Bearer ${server.adminToken}` }, payload: { show: 'auto' } });
    await page.close();
  });

  it('the kiosk: check-in, idle, choosing (both checkers)', async () => {
    // Each kiosk keeps its pairing in its own browser storage: one context per kiosk.
    for (const kiosk of [demo.kiosks[0], demo.kiosks[1]]) {
      const own = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 } });
      const page = await own.newPage();
      await page.goto(`${server.baseUrl}/kiosk/#token=${tokenOf(kiosk.url)}`);
      await page.locator('main h1').waitFor();
      expect(await allViolations(page)).toEqual([]);
      if (kiosk.mode === 'voting') {
        await page.keyboard.type(demo.cards[0].code, { delay: 3 });
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: /^(✓ )?Voor$/ }).first().waitFor({ timeout: 20_000 });
        expect(await allViolations(page)).toEqual([]);
      }
      await own.close();
    }
  }, 90_000);

  it('the chair console: login, the meeting picker and the live panel (both checkers)', async () => {
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/chair/`);
    await page.locator('input[type="password"]').waitFor({ timeout: 20_000 });
    expect(await allViolations(page)).toEqual([]);
    const login = await server.app.inject({ method: 'POST', url: '/api/session', payload: { token: server.adminToken } });
    const [name, value] = String(login.headers['set-cookie']).split(';')[0].split('=');
    await context.addCookies([{ name, value, url: server.baseUrl }]);
    await page.goto(`${server.baseUrl}/chair/`);
    await page.getByText('Kies een vergadering').waitFor({ timeout: 20_000 });
    expect(await allViolations(page)).toEqual([]);
    await page.getByText('Najaars-ALV 2023').first().click();
    await page.getByText('Goed beleid = integraal beleid').first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('a11y-chair') });
    expect(await allViolations(page)).toEqual([]);
    await page.close();
  }, 90_000);
});
