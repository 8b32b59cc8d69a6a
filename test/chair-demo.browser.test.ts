/**
 * Acceptance of issue 15 for the chair: the demo meeting held from the console alone, from the
 * practice vote to the published voting record. Ballots come from the kiosks' API (the members);
 * everything the chair does is a click in the console. Along the way every screen is photographed
 * at 1920×1080, 1366×768, 1280×800, 1024×768 and at 200% zoom (test-results/screenshots/chair-demo-*),
 * and checked for horizontal overflow.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../server/modules/demo/demo.ts';
import type { MeetingDetail, Projector, VotingRecord } from '../shared/schemas.ts';
import { launchBrowser, saveScreenshot, screenshotPath } from './helpers/browser.ts';
import { ensureChairBuilt, openChairPage, setUpKiosks } from './helpers/chair.ts';
import { call, ok, startServer, type RunningServer } from './helpers/live.ts';

const ROOT = resolve(import.meta.dirname, '..');

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core's WCAG 2.1 A and AA rules on the page as it is (scroll boxes reachable by keyboard among them). */
async function axeViolations(): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`)) as {
    violations: { id: string; help: string; nodes: { target: string[] }[] }[];
  };
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
}

/** The sizes every screen is looked at: hall, laptop, small laptop, tablet, and 1920×1080 at 200% zoom. */
const SIZES = [
  { name: '1920', width: 1920, height: 1080, scale: 1 },
  { name: '1366', width: 1366, height: 768, scale: 1 },
  { name: '1280', width: 1280, height: 800, scale: 1 },
  { name: '1024', width: 1024, height: 768, scale: 1 },
  { name: 'zoom200', width: 960, height: 540, scale: 2 },
] as const;

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let meetingId: number;
let votingToken: string;
const cards = new Map<string, string>();
const motionByRef = new Map<string, number>();
let nonce = 0;

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });
const api = <T = unknown>(method: string, path: string, body?: unknown) => ok<T>(server.baseUrl, method, path, body, server.adminToken);
const flash = () => page.locator('[data-testid="flash"]').textContent();

/** Members present (card codes from the demo): Amsterdam, Rotterdam, 's-Gravenhage, Utrecht, Groningen, Zwolle. */
const PRESENT = ['GM0363', 'GM0599', 'GM0518', 'GM0344', 'GM0014', 'GM0193'];

async function vote(memberCode: string, roundId: number, choices: { motionId: number; choice: 'for' | 'against' | 'abstain' }[]) {
  nonce += 1;
  await ok(server.baseUrl, 'POST', '/api/ballots', { code: cards.get(memberCode), roundId, choices, nonce: `chair-demo-${nonce}-${Date.now()}` }, votingToken);
}

async function openRoundId(): Promise<number> {
  await poll(() => page.locator('.live-panel').count()).toBe(1);
  return Number(await page.locator('.live-panel').getAttribute('data-round-id'));
}

async function closeOpenRound(): Promise<number> {
  const id = await openRoundId();
  await page.locator('#close-round').click();
  await page.getByRole('dialog').getByRole('button', { name: 'Ja, sluiten' }).click();
  await poll(flash).toBe(`Stemronde ${id} is gesloten.`);
  await poll(() => page.locator('.empty-live').count()).toBe(1);
  return id;
}

/** Photographs the current tab at every size, and checks that nothing is wider than the window. */
async function photograph(name: string): Promise<void> {
  for (const size of SIZES) {
    await page.setViewportSize({ width: size.width, height: size.height });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${name} at ${size.name} is wider than the window`).toBeLessThanOrEqual(0);
    await saveScreenshot(page, `chair-demo-${name}-${size.name}`, { fullPage: size.name !== '1920' });
    if (size.name === '1366') expect(await axeViolations(), `${name}: axe`).toEqual([]);
  }
  await page.setViewportSize({ width: 1366, height: 768 });
}

beforeAll(async () => {
  await ensureChairBuilt();
  server = await startServer({ clientsDir: join(ROOT, 'dist') });
  const demo = loadDemo(server.app.domain, { dbPath: join(server.dir, 'stemkaart.db') });
  meetingId = demo.meetingId;
  for (const c of demo.cards) cards.set(c.memberCode, c.code);
  const meeting = await api<MeetingDetail>('GET', `/api/meetings/${meetingId}`);
  for (const item of meeting.agenda) for (const m of item.motions) motionByRef.set(m.ref, m.id);
  votingToken = await setUpKiosks(server, meetingId, { checkin: 'Ingang test', voting: 'Stemzuil test' }, PRESENT.map((code) => cards.get(code)!));

  browser = await launchBrowser();
  // bypassCSP only to inject axe-core; test/csp.browser.test.ts checks the console under its CSP.
  ({ context, page } = await openChairPage(browser, { bypassCSP: true }));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('the demo meeting held from the chair console alone (issue 15)', { timeout: 120_000 }, () => {
  it('logs in, picks the Najaars-ALV and skips to the main content without leaving the meeting', async () => {
    await page.goto(`${server.baseUrl}/chair/`);
    await page.getByLabel('Beheersleutel').fill(server.adminToken);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('link', { name: /Najaars-ALV 2023/ }).click();
    await poll(() => page.locator('#practice-title').textContent()).toBe('Proefstemming');
    const hash = await page.evaluate(() => location.hash);
    // From the top of the page, as a keyboard user arrives.
    await page.reload();
    await poll(() => page.locator('#practice-title').textContent()).toBe('Proefstemming');
    await page.keyboard.press('Tab');
    await poll(() => page.evaluate(() => document.activeElement?.className)).toBe('skip-link');
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');
    expect(await page.evaluate(() => location.hash)).toBe(hash);
    expect(await page.locator('#practice-title').count()).toBe(1);
  });

  it('holds the practice vote: "Proefstemming houden" opens a practice round on 1.P, marked as such', async () => {
    expect(await page.locator('.suggestion').textContent()).toContain('Volgens de gebruikelijke volgorde is nu aan de beurt: 1.P');
    await page.locator('#hold-practice').click();
    const roundId = await openRoundId();
    await poll(flash).toContain(`Proefstemming geopend: stemronde ${roundId}`);
    expect(await page.locator('.live-panel [data-testid="practice-badge"]').textContent()).toBe('Proefstemming — telt niet mee');
    const round = await api<{ practice: boolean; motionIds: number[] }>('GET', `/api/rounds/${roundId}`);
    expect(round).toMatchObject({ practice: true, motionIds: [motionByRef.get('1.P')] });
    const practice = motionByRef.get('1.P')!;
    await vote('GM0363', roundId, [{ motionId: practice, choice: 'for' }]);
    await vote('GM0599', roundId, [{ motionId: practice, choice: 'abstain' }]);
    await poll(() => page.locator('[data-testid="voted-count"]').textContent()).toBe('2 leden');
    await photograph('vote-practice-open');
    await closeOpenRound();
    const card = page.locator(`.round-card[data-round-id="${roundId}"]`);
    await poll(() => card.locator('[data-testid="practice-badge"]').count()).toBe(1);
    // It decides nothing: no "Aangenomen" for it.
    expect(await card.locator('[data-testid="practice-outcome"]').textContent()).toBe('Proefstemming: geen besluit');
    expect(await card.locator('.outcome').count()).toBe(0);
    await poll(() => page.locator('#hold-practice').textContent()).toBe('Proefstemming nog eens houden');
    // Held: no longer the next in the usual order.
    await poll(() => page.locator('.suggestion').textContent()).toContain('aan de beurt: 7.R');
  });

  it('shows a motion on the hall screen and goes back to automatic', async () => {
    // A list that shows whole titles, not a select that cuts them (issue 24, point 10).
    await page.locator(`#projector-motion-${motionByRef.get('8a.A1')}`).check();
    await page.locator('#projector-show').click();
    await poll(() => page.locator('[data-testid="projector-state"]').textContent()).toContain('8a.A1');
    expect(await api<Projector>('GET', `/api/meetings/${meetingId}/projector`)).toEqual({ show: 'motion', motionId: motionByRef.get('8a.A1') });
    await photograph('vote-projector-motion');
    await page.locator('#projector-auto').click();
    await poll(() => page.locator('[data-testid="projector-state"]').textContent()).toContain('Automatisch');
    expect(await api<Projector>('GET', `/api/meetings/${meetingId}/projector`)).toEqual({ show: 'auto' });

    // From the agenda too, for any motion.
    await page.locator('#tab-agenda').click();
    await page.getByRole('button', { name: 'Toon op scherm: 9.1' }).click();
    await poll(() => page.locator(`article[data-motion-id="${motionByRef.get('9.1')}"] [data-testid="on-screen"]`).count()).toBe(1);
    expect(await api<Projector>('GET', `/api/meetings/${meetingId}/projector`)).toEqual({ show: 'motion', motionId: motionByRef.get('9.1') });
  });

  it('edits and removes what was never voted on; what was voted on offers neither', async () => {
    const m92 = page.locator(`article[data-motion-id="${motionByRef.get('9.2')}"]`);
    await m92.getByRole('button', { name: '9.2 wijzigen' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Titel').fill('Gewijzigde titel van 9.2');
    await dialog.getByRole('button', { name: 'Opslaan' }).click();
    await poll(flash).toBe('9.2 is gewijzigd.');
    await poll(() => m92.locator('h4').textContent()).toBe('9.2 Gewijzigde titel van 9.2');
    await m92.getByRole('button', { name: '9.2 verwijderen' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Verwijderen' }).click();
    await poll(flash).toBe('9.2 is verwijderd.');
    await poll(() => m92.count()).toBe(0);
    // The practice motion was put to the vote: it stays as it was.
    const practice = page.locator(`article[data-motion-id="${motionByRef.get('1.P')}"]`);
    expect(await practice.getByRole('button', { name: /wijzigen|verwijderen/ }).count()).toBe(0);
    expect(await practice.textContent()).toContain('In stemming geweest');
    await photograph('agenda');
  });

  it('warns before a secret round with few members present', async () => {
    await page.locator('#tab-vote').click();
    await page.getByLabel(/^7\.R /).check();
    await page.getByLabel('Geheim', { exact: true }).check();
    await page.locator('#create-open-round').click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.locator('h2').textContent()).toBe('Geheime stemming met weinig aanwezigen');
    expect(await dialog.textContent()).toContain('Er zijn 6 leden aanwezig, minder dan 50.');
    await page.screenshot({ path: screenshotPath('chair-demo-secret-warning-1366') });
    await dialog.getByRole('button', { name: 'Terug' }).click();
    expect(await page.locator('.live-panel').count()).toBe(0);
    await page.getByLabel(/^Open /).check();
    await page.getByLabel(/^7\.R /).uncheck();
  });

  it('proposes the order "eerst amendement 8a.A1, dan voorstel 8a.P" and warns before the proposal goes first', async () => {
    await page.locator('#tab-vote').click();
    await poll(() => page.locator('[data-testid="order-steps"]').textContent()).toContain('Eerst amendement 8a.A1, dan voorstel 8a.P');
    await page.getByLabel(/^8a\.P /).check();
    await poll(() => page.locator('.new-round .warning').first().textContent()).toContain('eerst amendement 8a.A1, dan voorstel 8a.P');
    await page.locator('#create-open-round').click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.locator('h2').textContent()).toBe('Eerst het amendement?');
    await page.screenshot({ path: screenshotPath('chair-demo-order-warning-1366') });
    await dialog.getByRole('button', { name: 'Terug' }).click();
    expect(await page.locator('.live-panel').count()).toBe(0);
    await page.getByLabel(/^8a\.P /).uncheck();

    // The amendment first: no warning; the provisional outcome reads as provisional.
    await page.getByLabel(/^8a\.A1 /).check();
    await page.locator('#opt-quorum').fill('2');
    await page.locator('#create-open-round').click();
    const a1Round = await openRoundId();
    const a1 = motionByRef.get('8a.A1')!;
    await vote('GM0363', a1Round, [{ motionId: a1, choice: 'for' }]);
    await vote('GM0599', a1Round, [{ motionId: a1, choice: 'against' }]);
    await vote('GM0518', a1Round, [{ motionId: a1, choice: 'for' }]);
    await poll(() => page.locator('[data-testid="provisional"]').textContent()).toBe('Als nu gesloten: aangenomen');
    expect(await page.locator('.live-panel table.tally thead').textContent()).toContain('Voorlopig');
    expect(await page.locator('[data-testid="quorum-line"]').textContent()).toMatch(/^Quorum 2%: aanwezig [\d.]+ van 13\.074 stemmen .* — gehaald$/);
    // The not-voted list is a named scroll box the keyboard reaches.
    expect(await page.locator('[role="region"][aria-label^="Aanwezig, nog niet gestemd"]').getAttribute('tabindex')).toBe('0');
    await page.locator('.live-panel .roll-call summary').click();
    await poll(() => page.locator('.live-panel [data-testid="roll-call"] tbody').textContent()).toContain('Amsterdam');
    // A ballot redraws the panel; the roll call stays unfolded and shows it.
    await vote('GM0344', a1Round, [{ motionId: a1, choice: 'abstain' }]);
    await poll(() => page.locator('.live-panel [data-testid="roll-call"] tbody').textContent()).toContain('Utrecht');
    await photograph('vote-open');
    await closeOpenRound();
    await poll(() => page.locator(`.round-card[data-round-id="${a1Round}"] .outcome`).textContent()).toBe('Aangenomen');
    await poll(() => page.locator(`.round-card[data-round-id="${a1Round}"] [data-testid="voting-record-link"]`).count()).toBe(1);

    // Then the proposal: no warning any more.
    await page.getByLabel(/^8a\.P /).check();
    await poll(() => page.locator('.new-round .warning').count()).toBe(0);
    await page.locator('#create-open-round').click();
    const pRound = await openRoundId();
    const p = motionByRef.get('8a.P')!;
    await vote('GM0363', pRound, [{ motionId: p, choice: 'for' }]);
    await vote('GM0344', pRound, [{ motionId: p, choice: 'for' }]);
    await closeOpenRound();
    await photograph('vote-closed');
  });

  it('publishes the voting record: a column per motion voted on in the open rounds, none for the practice vote', async () => {
    const link = page.locator('.round-card [data-testid="voting-record-link"]').first();
    const href = await link.getAttribute('href');
    expect(href).toBe(`/api/meetings/${meetingId}/voting-record.csv`);
    const csv = await page.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
    }, href!);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain('8a.A1');
    // Public: without the chair's credentials.
    const record = (await call<VotingRecord>(server.baseUrl, 'GET', `/api/meetings/${meetingId}/voting-record.json`)).body;
    expect(record.motions.map((m) => m.ref)).toEqual(['8a.P', '8a.A1']);
    const amsterdam = record.rows.find((r) => r.memberCode === 'GM0363')!;
    expect(amsterdam.cells).toEqual(['voor', 'voor']);
    await page.locator('#tab-results').click();
    await poll(() => page.locator('#voting-record-json').getAttribute('href')).toBe(`/api/meetings/${meetingId}/voting-record.json`);
    await photograph('results');
  });

  it('finds \'s-Gravenhage when staff search "Den Haag"', async () => {
    await page.locator('#tab-presence').click();
    await poll(() => page.locator('table.list tbody tr').count()).toBe(PRESENT.length);
    await page.getByLabel('Zoeken').fill('Den Haag');
    await poll(() => page.locator('table.list tbody').textContent()).toContain("'s-Gravenhage");
    expect(await page.locator('table.list tbody tr').count()).toBe(1);
    await page.getByLabel('Zoeken').fill('');
    await photograph('presence');
  });

  it('the other tabs fit every size, the Kiosken tab too', async () => {
    await page.locator('#tab-kiosks').click();
    await page.getByLabel('Naam', { exact: true }).fill('Stemzuil 3 bij de achteruitgang van de grote zaal');
    await page.locator('#pair-kiosk').click();
    await poll(() => page.locator('.qr svg').count()).toBe(1);
    await photograph('kiosks');
    await page.locator('#tab-cards').click();
    await page.getByLabel('Zoek een lid').fill('Súdwest');
    await poll(() => page.locator('table.list tbody tr').count()).toBe(1);
    await photograph('cards');
    await page.locator('#lang-switch').click();
    await page.locator('#tab-agenda').click();
    await poll(() => page.locator('#agenda-title').textContent()).toBe('Agenda');
    // Dutch titles in the English console say they are Dutch (WCAG 3.1.2).
    expect(await page.locator(`article[data-motion-id="${motionByRef.get('8a.P')}"] h4 [lang="nl"]`).textContent()).toBe('Voorstel actualisering randvoorwaarden Klimaatakkoord');
    await photograph('agenda-en');
    await page.locator('#tab-vote').click();
    await photograph('vote-en');
    await page.locator('#lang-switch').click();
  });
});
