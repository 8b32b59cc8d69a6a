/**
 * Headless Chromium for browser tests: Debian's package driven by playwright-core, never a
 * downloaded browser. `npm test` stops with a clear message when it is not installed.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.STEMKAART_CHROMIUM ?? '/usr/bin/chromium';

export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: sudo apt-get install -y chromium ` +
        '(or set STEMKAART_CHROMIUM to its path).',
    );
  }
}

export async function launchBrowser(): Promise<Browser> {
  assertChromium();
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export async function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
}

/** Where browser tests save screenshots for a person to look at (not committed). */
export function screenshotPath(name: string): string {
  const dir = join(process.cwd(), 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

/**
 * Screenshots are for a person to look at, and no assertion reads them: taken on a developer's
 * machine, skipped in CI (where `CI` is set and nobody looks) unless STEMKAART_SCREENSHOTS=1. The
 * kiosk's sizes test takes about seventy: with them it ran 164 s, without 73 s (a loaded machine).
 */
export const SCREENSHOTS = !process.env.CI || process.env.STEMKAART_SCREENSHOTS === '1';

/** Saves a screenshot as test-results/screenshots/<name>.png, when screenshots are taken (above). */
export async function saveScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (SCREENSHOTS) await page.screenshot({ path: screenshotPath(name), ...options });
}

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
