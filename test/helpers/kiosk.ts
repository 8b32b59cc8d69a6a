/**
 * What the kiosk page's browser tests share (kiosk-voting, kiosk-errors, kiosk-desk-and-staff,
 * kiosk-splits-and-receipts and kiosk-sizes-and-zoom .browser.test.ts): per test file, the kiosk
 * built from source into the file's own temp folder, one server with its own database and the five
 * members, and one headless Chromium (useKioskServer() registers them in beforeAll/afterAll); a
 * meeting like the demo's item 7 per test; the scanner, the held "Beheer" and the waits the tests
 * use. `baseUrl`, `browser` and `feed` are live bindings: read them in a test or hook, not at import.
 * Screenshots go to test-results/screenshots/kiosk-*.png (not in CI: test/helpers/browser.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, expect } from 'vitest';
import { dammDigit } from '../../shared/card-code.ts';
import { buildApp } from '../../server/app.ts';
import { launchBrowser, newContext, saveScreenshot } from './browser.ts';

const ADMIN = 'kiosk-browser-admin-token-0123456789';
const MEMBERS = [
  { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland', population: 931_298 },
  { code: 'GM0344', name: 'Utrecht', province: 'Utrecht', population: 367_984 },
  { code: 'GM0321', name: 'Houten', province: 'Utrecht', population: 50_778 },
  { code: 'GM0312', name: 'Bunnik', province: 'Utrecht', population: 15_525 },
  { code: 'GM0096', name: 'Vlieland', province: 'Friesland', population: 1_191 },
];

let app: FastifyInstance;
export let baseUrl: string;
let dir: string;
export let browser: Browser;
/** Whether the server runs the live feed (Socket.IO). */
export let feed = false;

async function call<T = unknown>(method: string, path: string, body?: unknown, token = ADMIN): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function ok<T = unknown>(method: string, path: string, body?: unknown, token = ADMIN): Promise<T> {
  const answer = await call<T>(method, path, body, token);
  if (answer.status >= 300) throw new Error(`${method} ${path} → ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export interface Meeting {
  id: number;
  motionIds: number[];
  practiceId: number | null;
  codes: Record<string, string>;
  voting: { id: number; token: string; url: string };
  checkin: { id: number; token: string; url: string };
}

let meetingCount = 0;
/** A meeting like the demo's item 7 (a resolution and two motions), cards for all, two kiosks. */
export async function makeMeeting(options: { checkIn?: string[]; allowSplit?: boolean; practice?: boolean } = {}): Promise<Meeting> {
  meetingCount += 1;
  const { id } = await ok<{ id: number }>('POST', '/api/meetings', {
    title: `Najaars-ALV 2023${meetingCount > 1 ? ` (${meetingCount})` : ''}`,
    date: '2023-12-01',
    venue: 'Beatrixtheater, Utrecht',
    allowSplit: options.allowSplit ?? false,
  });
  if (options.practice) {
    await ok('POST', `/api/meetings/${id}/agenda`, {
      items: [{ number: '1', title: 'Opening', motions: [{ ref: '1.P', kind: 'practice', title: 'Proefstemming: werkt uw stemkaart?', submitters: [] }] }],
    });
  }
  await ok('POST', `/api/meetings/${id}/agenda`, {
    items: [
      {
        number: '7',
        title: 'Kaders VNG-inzet kabinetsformatie',
        motions: [
          { ref: '7.R', kind: 'resolution', title: 'VNG-inzet richting nieuw kabinet: gebruik de kracht van lokaal bestuur', submitters: [], boardAdvice: 'none' },
          { ref: '7.1', kind: 'motion', title: 'Goed beleid = integraal beleid', submitters: ['GM0312'], boardAdvice: 'adopt' },
          { ref: '7.2', kind: 'motion', title: 'Herstel financiële verhouding met nieuwe regering', submitters: ['GM0321'], boardAdvice: 'reject' },
        ],
      },
    ],
  });
  const detail = await ok<{ agenda: { number: string; motions: { id: number }[] }[] }>('GET', `/api/meetings/${id}`);
  const { cards } = await ok<{ cards: { memberCode: string; code: string }[] }>('POST', `/api/meetings/${id}/cards`, {});
  const pair = async (name: string, mode: 'voting' | 'checkin') => {
    const kiosk = await ok<{ id: number; token: string; url: string }>('POST', `/api/meetings/${id}/kiosks`, { name, mode });
    // The server's publicUrl is not this test's port: keep path and fragment, use our origin.
    const url = new URL(kiosk.url);
    return { ...kiosk, url: `${baseUrl}${url.pathname}${url.hash}` };
  };
  const meeting: Meeting = {
    id,
    // The practice motion (if any) is not among these: it cannot share a round with them.
    motionIds: detail.agenda.filter((item) => item.number !== '1').flatMap((item) => item.motions.map((m) => m.id)),
    practiceId: detail.agenda.find((item) => item.number === '1')?.motions[0]?.id ?? null,
    codes: Object.fromEntries(cards.map((c) => [c.memberCode, c.code])),
    voting: await pair('Stembalie 1', 'voting'),
    checkin: await pair('Ingang', 'checkin'),
  };
  for (const member of options.checkIn ?? MEMBERS.map((m) => m.code)) {
    await ok('POST', '/api/checkins', { code: meeting.codes[member], direction: 'in' }, meeting.checkin.token);
  }
  return meeting;
}

export async function openRound(meeting: Meeting, options: { allowChange?: boolean; secret?: boolean; motionIds?: number[] } = {}): Promise<number> {
  const round = await ok<{ id: number }>('POST', `/api/meetings/${meeting.id}/rounds`, { motionIds: options.motionIds ?? meeting.motionIds, allowChange: options.allowChange ?? false, secret: options.secret ?? false });
  await ok('POST', `/api/rounds/${round.id}/open`);
  return round.id;
}

export async function openKiosk(url: string, context?: BrowserContext): Promise<Page> {
  const ctx = context ?? (await newContext(browser));
  const page = await ctx.newPage();
  await page.goto(url);
  await page.locator('.topbar').waitFor();
  return page;
}

/** A keyboard-mode scanner: the code's keys 3 ms apart, then Enter, with no field focused. */
export async function scan(page: Page, code: string): Promise<void> {
  await page.keyboard.type(code, { delay: 3 });
  await page.keyboard.press('Enter');
}

/** Staff hold "Beheer" for 3 s (a long press); a tap does nothing but say so. */
export async function openStaff(page: Page): Promise<void> {
  const gate = page.getByRole('button', { name: /^Beheer/ });
  await gate.hover();
  await page.mouse.down();
  await page.getByRole('heading', { name: 'Beheer van deze kiosk' }).waitFor({ timeout: 15_000 });
  await page.mouse.up();
}

/** Waits for a value on a busy machine (2 cores, other browser tests): generous, never a fixed sleep. */
export const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });
export const shot = (page: Page, name: string) => saveScreenshot(page, `kiosk-${name}`);
export const heading = (page: Page) => page.locator('main h1');
export const motion = (page: Page, ref: string) => page.getByRole('group', { name: new RegExp(`^${ref.replace('.', '\\.')} `) });
export const unknownCode = () => {
  const digits = Array.from({ length: 24 }, () => Math.floor(Math.random() * 10)).join('');
  return `${digits}${dammDigit(digits)}`;
};

/** One kiosk build, server, seeded member list and browser for the test file that calls this (at its top level). */
export function useKioskServer(): void {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stemkaart-kiosk-'));
    // Build the kiosk from source into this test's own folder, so the test sees the current code.
    const root = resolve(import.meta.dirname, '..', '..', 'kiosk-client');
    await build({ root, configFile: join(root, 'vite.config.ts'), logLevel: 'error', build: { outDir: join(dir, 'dist', 'kiosk-client'), emptyOutDir: true } });
    app = await buildApp({ dbPath: join(dir, 'stemkaart.db'), adminToken: ADMIN, logLevel: 'silent', clientsDir: join(dir, 'dist'), publicUrl: 'http://kiosk.test' });
    feed = app.hasDecorator('io');
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    await ok('PUT', '/api/members', MEMBERS);
    browser = await launchBrowser();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
}
