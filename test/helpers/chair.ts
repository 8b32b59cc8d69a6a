/** What the chair console's browser tests share: a fresh build, the meeting's kiosks, the page. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { ok, type RunningServer } from './live.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const CONSOLE_DIR = join(ROOT, 'chair-console');
const BUILT = join(ROOT, 'dist', 'chair-console', 'index.html');

function newest(dir: string): number {
  return Math.max(...readdirSync(dir, { withFileTypes: true }).map((e) => (e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs)));
}

/** Builds the console when the build is missing or older than its sources (`npm test` builds first). */
export async function ensureChairBuilt(): Promise<void> {
  const sources = [join(CONSOLE_DIR, 'src'), join(ROOT, 'client-kit'), join(ROOT, 'shared')].map(newest);
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= Math.max(...sources, statSync(join(CONSOLE_DIR, 'index.html')).mtimeMs)) return;
  await build({ root: CONSOLE_DIR, configFile: join(CONSOLE_DIR, 'vite.config.ts'), logLevel: 'warn' });
}

/**
 * A check-in desk and a voting kiosk for the meeting, named as given; the members whose card codes
 * are given are checked in at the desk. Returns the voting kiosk's token.
 */
export async function setUpKiosks(server: RunningServer, meetingId: number, names: { checkin: string; voting: string }, present: string[]): Promise<string> {
  const admin = <T>(body: unknown) => ok<T>(server.baseUrl, 'POST', `/api/meetings/${meetingId}/kiosks`, body, server.adminToken);
  const checkin = await admin<{ token: string }>({ name: names.checkin, mode: 'checkin' });
  const voting = await admin<{ token: string }>({ name: names.voting, mode: 'voting' });
  for (const code of present) await ok(server.baseUrl, 'POST', '/api/checkins', { code }, checkin.token);
  return voting.token;
}

/** The chair's browser: 1366×768 (a common laptop), Dutch; a missing element fails within 8 s, not Playwright's 30. */
export async function openChairPage(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'nl-NL', ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  page.setDefaultNavigationTimeout(30_000);
  return { context, page };
}
