/**
 * The Content-Security-Policy in a real browser: the three clients and Swagger UI at /docs load
 * and work without a single CSP violation.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath, tempDir } from './helpers/browser.ts';
import { seedMeeting, startServer, type RunningServer, type SeededMeeting } from './helpers/live.ts';

const DIST = join(process.cwd(), 'dist');
let server: RunningServer;
let seeded: SeededMeeting;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  if (!existsSync(join(DIST, 'kiosk-client', 'index.html'))) throw new Error('The clients are not built: run `npm run build` first (npm test does).');
  dir = await tempDir('stemkaart-csp-');
  server = await startServer({ dir, clientsDir: DIST });
  seeded = await seedMeeting(server.baseUrl, server.adminToken, { members: 4, motions: 2, title: 'CSP ALV' });
  browser = await launchBrowser();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a page and records every CSP violation it reports (console and the DOM event). */
async function open(url: string): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __cspViolation: (t: string) => void }).__cspViolation(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await page.goto(server.baseUrl + url);
  return { page, violations };
}

// Generous: Swagger UI's bundle is large and the test machine is often loaded.
describe('Content-Security-Policy in Chromium', { timeout: 90_000 }, () => {
  it('the public meeting list loads without violations', async () => {
    const { page, violations } = await open('/');
    await page.getByText('CSP ALV').first().waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('the projector connects to the live feed without violations', async () => {
    const { page, violations } = await open(`/projector/?meeting=${seeded.meetingId}`);
    await page.locator('#app[data-connection="live"]').waitFor();
    expect(violations).toEqual([]);
    await page.close();
  });

  it('the kiosk page pairs and loads without violations', async () => {
    const { page, violations } = await open(`/kiosk/#token=${seeded.votingToken}`);
    await expect.poll(() => page.locator('#app').innerText(), { timeout: 30_000 }).not.toContain('wordt geladen');
    await page.screenshot({ path: screenshotPath('csp-kiosk') });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('the chair console logs in and shows the meeting without violations', async () => {
    const { page, violations } = await open('/chair/');
    await page.locator('input[type="password"]').fill(server.adminToken);
    await page.keyboard.press('Enter');
    await page.getByText('CSP ALV').first().waitFor();
    await page.screenshot({ path: screenshotPath('csp-chair') });
    expect(violations).toEqual([]);
    await page.close();
  });

  it('Swagger UI at /docs renders the operations without violations', async () => {
    const { page, violations } = await open('/docs');
    await page.locator('.opblock').first().waitFor();
    await page.screenshot({ path: screenshotPath('csp-docs') });
    expect(violations).toEqual([]);
    await page.close();
  });
});
