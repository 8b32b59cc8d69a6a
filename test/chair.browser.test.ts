/**
 * The chair console in headless Chromium against a real server: log in, open a round, watch
 * ballots cast through the API arrive live, close, herstemming, the other screens, log out.
 * Screenshots at laptop (1366×768) and tablet (1024×768) size go to test-results/screenshots/.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshotPath } from './helpers/browser.ts';
import { ensureChairBuilt, openChairPage, setUpKiosks } from './helpers/chair.ts';
import { call, ok, startServer, type RunningServer } from './helpers/live.ts';

const ROOT = resolve(import.meta.dirname, '..');

const MEMBERS = [
  { code: 'GM0344', name: 'Utrecht', population: 361_966 },
  { code: 'GM0307', name: 'Amersfoort', population: 158_531 },
  { code: 'GM0355', name: 'Zeist', population: 65_397 },
  { code: 'GM0321', name: 'Houten', population: 50_811 },
  { code: 'GM0353', name: 'IJsselstein', population: 34_859 },
  { code: 'GM0310', name: 'De Bilt', population: 43_530 },
  { code: 'GM0339', name: 'Renswoude', population: 5_570 },
  { code: 'GM0340', name: 'Rhenen', population: 20_290 },
].map((m) => ({ ...m, province: 'Utrecht' }));

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let meetingId: number;
let votingToken: string;
const cards = new Map<string, string>();
const motionByRef = new Map<string, number>();
let nonceCounter = 0;

/** Polls for up to 10 s: two cores running Chromium, the server and other test files can be slow. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

const api = <T = unknown>(method: string, path: string, body?: unknown) => ok<T>(server.baseUrl, method, path, body, server.adminToken);

async function castBallot(memberCode: string, roundId: number, motionIds: number[], choice: 'for' | 'against' | 'abstain') {
  nonceCounter += 1;
  await ok(server.baseUrl, 'POST', '/api/ballots', { code: cards.get(memberCode), roundId, choices: motionIds.map((motionId) => ({ motionId, choice })), nonce: `chair-browser-${nonceCounter}-${Date.now()}` }, votingToken);
}

async function notVotedNames(): Promise<string[]> {
  const items = page.locator('[data-testid="not-voted"] li > span:first-child');
  return items.allTextContents();
}

async function openRoundId(): Promise<number> {
  return Number(await page.locator('.live-panel').getAttribute('data-round-id'));
}

beforeAll(async () => {
  await ensureChairBuilt();
  server = await startServer({ clientsDir: join(ROOT, 'dist') });
  await api('PUT', '/api/members', MEMBERS);
  meetingId = (await api<{ id: number }>('POST', '/api/meetings', { title: 'Najaars-ALV 2023', date: '2023-12-01', venue: 'Beatrixtheater, Utrecht' })).id;
  const agenda = await api<{ items: { motions: { id: number; ref: string }[] }[] }>('POST', `/api/meetings/${meetingId}/agenda`, {
    items: [
      {
        number: '7',
        title: 'Kaders VNG-inzet kabinetsformatie',
        motions: [
          { ref: '7.1', kind: 'motion', title: 'Goed beleid = integraal beleid', submitters: ['GM0355'], supporters: ['GM0321', 'GM0310'], boardAdvice: 'adopt', boardAdviceText: 'In lijn met de verenigingsstrategie VNG 2030.' },
          { ref: '7.2', kind: 'motion', title: 'Herstel financiële verhouding met nieuwe regering', submitters: ['GM0307'], boardAdvice: 'neutral' },
        ],
      },
      {
        number: '8a',
        title: 'Actualisatie randvoorwaarden Klimaatakkoord',
        motions: [
          { ref: '8a.P', kind: 'proposal', title: 'Voorstel actualisering randvoorwaarden Klimaatakkoord', submitters: [] },
          { ref: '8a.A1', kind: 'amendment', title: 'Passende normering en regulering', submitters: ['GM0353'], amends: '8a.P', boardAdvice: 'adopt', boardAdviceText: 'Het element ontbrak inderdaad.' },
        ],
      },
    ],
  });
  for (const item of agenda.items) for (const m of item.motions) motionByRef.set(m.ref, m.id);
  const issued = await api<{ cards: { memberCode: string; code: string }[] }>('POST', `/api/meetings/${meetingId}/cards`, {});
  for (const c of issued.cards) cards.set(c.memberCode, c.code);
  // Everyone present except Rhenen (checked in by hand in the test).
  votingToken = await setUpKiosks(server, meetingId, { checkin: 'Ingang', voting: 'Stembalie 1' }, MEMBERS.filter((m) => m.code !== 'GM0340').map((m) => cards.get(m.code)!));

  browser = await launchBrowser();
  ({ context, page } = await openChairPage(browser, { acceptDownloads: true }));
}, 120_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

// Each test drives several screens; on a loaded two-core machine that takes longer than the default.
describe('chair console (browser)', { timeout: 90_000 }, () => {
  it('refuses a wrong token with the server message and logs in with the admin token', async () => {
    await page.goto(`${server.baseUrl}/chair/`);
    await poll(() => page.locator('h1').textContent()).toBe('Inloggen als voorzitter');
    await page.getByLabel('Beheersleutel').fill('not-the-admin-token');
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await poll(() => page.locator('#login-error').textContent()).toContain('sleutel is onjuist');
    await page.screenshot({ path: screenshotPath('chair-login') });

    await page.getByLabel('Beheersleutel').fill(server.adminToken);
    await page.getByRole('button', { name: 'Inloggen' }).click();
    await page.getByRole('link', { name: /Najaars-ALV 2023/ }).click();
    await poll(() => page.locator('#new-round-title').textContent()).toBe('Nieuwe stemronde');
    // The usual order: the amendment 8a.A1 comes before the proposal 8a.P; first is 7.1.
    await poll(() => page.locator('.suggestion p').textContent()).toContain('7.1');
  });

  it('shows the server message when a round is refused (amendment with its proposal)', async () => {
    await page.getByRole('checkbox', { name: /8a\.P/ }).check();
    await page.getByRole('checkbox', { name: /8a\.A1/ }).check();
    await poll(() => page.locator('.warning').first().textContent()).toContain('kunnen niet in één stemronde');
    await page.locator('#create-round').click();
    await poll(() => page.locator('.flash-error [data-testid="flash"]').textContent()).toContain('amendement 8a.A1');
    await page.getByRole('checkbox', { name: /8a\.P/ }).uncheck();
    await page.getByRole('checkbox', { name: /8a\.A1/ }).uncheck();
  });

  it('opens a round and shows ballots cast through the API live, the not-voted list shrinking', async () => {
    await page.locator('#use-suggestion').click();
    await page.getByLabel('Tussenstand tonen op het scherm in de zaal').uncheck();
    await page.locator('#create-open-round').click();
    await poll(() => page.locator('.live-panel h2').textContent()).toMatch(/Lopende stemronde \d+/);
    const roundId = await openRoundId();
    // The /chair feed is connected (with the session cookie), so updates come live, not by polling.
    await poll(() => page.locator('[data-testid="live-indicator"]').getAttribute('class')).toContain(' on');
    await poll(() => page.locator('.live-panel .badges').textContent()).toContain('Tussenstand verborgen voor publiek');
    await poll(notVotedNames).toEqual(['Amersfoort', 'De Bilt', 'Houten', 'IJsselstein', 'Renswoude', 'Utrecht', 'Zeist']);

    const motionId = motionByRef.get('7.1')!;
    await castBallot('GM0344', roundId, [motionId], 'for');
    await poll(notVotedNames).toEqual(['Amersfoort', 'De Bilt', 'Houten', 'IJsselstein', 'Renswoude', 'Zeist']);
    await castBallot('GM0307', roundId, [motionId], 'against');
    await castBallot('GM0355', roundId, [motionId], 'for');
    await poll(notVotedNames).toEqual(['De Bilt', 'Houten', 'IJsselstein', 'Renswoude']);
    await poll(() => page.locator('[data-testid="voted-weight"]').textContent()).toBe('215 stemmen');
    expect(await page.locator('[data-testid="voted-count"]').textContent()).toBe('3 leden');
    expect(await page.locator('[data-testid="present-weight"]').textContent()).toBe('347 stemmen');
    // The live tally is shown to the chair although hidden from the public: 75 + 65 for, 75 against.
    await poll(() => page.locator('table.tally tbody tr').first().textContent()).toContain('140 (2)');
    await poll(() => page.locator('.timer').textContent()).toMatch(/^\d+:\d\d$/);
    await page.screenshot({ path: screenshotPath('chair-live-1366') });
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.screenshot({ path: screenshotPath('chair-live-tablet-1024') });
    await page.screenshot({ path: screenshotPath('chair-live-tablet-1024-full'), fullPage: true });
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('closes the round after confirmation and shows the outcome', async () => {
    const roundId = await openRoundId();
    await page.locator('#close-round').click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.locator('h2').textContent()).toBe(`Stemronde ${roundId} sluiten?`);
    await page.screenshot({ path: screenshotPath('chair-close-confirm') });
    await dialog.getByRole('button', { name: 'Ja, sluiten' }).click();
    await poll(() => page.locator('.flash-ok [data-testid="flash"]').textContent()).toBe(`Stemronde ${roundId} is gesloten.`);
    const card = page.locator(`.round-card[data-round-id="${roundId}"]`);
    await poll(() => card.locator('.state-badge').textContent()).toBe('Gesloten');
    await poll(() => card.locator('.outcome').textContent()).toBe('Aangenomen');
    await poll(() => page.locator('.empty-live h2').textContent()).toBe('Er is geen stemronde geopend.');
    await page.screenshot({ path: screenshotPath('chair-closed-1366'), fullPage: true });
  });

  it('herstemming opens a new round on the same motion', async () => {
    const closedId = Number(await page.locator('.round-card.state-closed').first().getAttribute('data-round-id'));
    await page.locator(`.round-card[data-round-id="${closedId}"]`).getByRole('button', { name: 'Herstemming' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Herstemming openen' }).click();
    await poll(openRoundId).toBeGreaterThan(closedId);
    const newId = await openRoundId();
    await poll(() => page.locator('.flash-ok [data-testid="flash"]').textContent()).toBe(`Herstemming geopend: stemronde ${newId}.`);
    await poll(notVotedNames).toHaveLength(7);
    const round = await api<{ motionIds: number[]; showLive: boolean }>('GET', `/api/rounds/${newId}`);
    expect(round).toMatchObject({ motionIds: [motionByRef.get('7.1')], showLive: false });

    // Herstemming of the open round: cancelled with reason "herstemming", and again a new round.
    await castBallot('GM0321', newId, round.motionIds, 'for');
    await poll(notVotedNames).toHaveLength(6);
    await page.locator('#revote-open').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Herstemming openen' }).click();
    await poll(openRoundId).toBeGreaterThan(newId);
    await poll(notVotedNames).toHaveLength(7);
    expect(await api('GET', `/api/rounds/${newId}`)).toMatchObject({ state: 'cancelled', cancelReason: 'herstemming' });

    // Cancel with a reason.
    await page.locator('#cancel-round').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Stemronde annuleren' }).click();
    await poll(() => dialog.locator('.form-error').textContent()).toBe('Vul een reden in.');
    await dialog.getByLabel('Reden').fill('Verkeerde motie gekozen');
    await dialog.getByRole('button', { name: 'Stemronde annuleren' }).click();
    await poll(() => page.locator('.empty-live h2').textContent()).toBe('Er is geen stemronde geopend.');
    await poll(() => page.locator('.round-card.state-cancelled').first().textContent()).toContain('Verkeerde motie gekozen');
  });

  it('shows the agenda with names, advice and amendments under their proposal, and records a manual result', async () => {
    await page.locator('#tab-agenda').click();
    await poll(() => page.locator('#agenda-title').textContent()).toBe('Agenda');
    const motion71 = page.locator(`article[data-motion-id="${motionByRef.get('7.1')}"]`);
    await poll(() => motion71.textContent()).toContain('Zeist');
    expect(await motion71.textContent()).toContain('Houten, De Bilt');
    expect(await motion71.textContent()).toContain('Preadvies: overnemen');
    const amendment = page.locator('.amendments').locator(`article[data-motion-id="${motionByRef.get('8a.A1')}"]`);
    expect(await amendment.textContent()).toContain('Wijzigt 8a.P');

    const motion72 = page.locator(`article[data-motion-id="${motionByRef.get('7.2')}"]`);
    await motion72.getByRole('button', { name: 'Handmatige uitslag' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Verworpen').check();
    await dialog.getByLabel('Voor').fill('40');
    await dialog.getByLabel('Tegen').fill('300');
    await page.screenshot({ path: screenshotPath('chair-manual-result') });
    await dialog.getByRole('button', { name: 'Uitslag vastleggen' }).click();
    await poll(() => motion72.locator('.manual-result').textContent()).toContain('Handmatig vastgesteld: Verworpen — voor 40, tegen 300, onthouding —');
    await page.screenshot({ path: screenshotPath('chair-agenda-1366'), fullPage: true });
  });

  it('checks a member in by hand and lists it in the presence register', async () => {
    await page.locator('#tab-presence').click();
    await poll(() => page.locator('[data-testid="presence-summary"]').textContent()).toContain('7 leden aanwezig');
    await page.getByLabel('Lid', { exact: true }).fill('Rhenen (GM0340)');
    await page.locator('#manual-check-in').click();
    await poll(() => page.locator('.flash-ok [data-testid="flash"]').textContent()).toBe('Rhenen is aangemeld.');
    await poll(() => page.locator('[data-testid="presence-summary"]').textContent()).toContain('8 leden aanwezig');
    await poll(() => page.locator('table.list tbody').textContent()).toContain('Rhenen');
    await page.screenshot({ path: screenshotPath('chair-presence-1366'), fullPage: true });
  });

  it('pairs a kiosk and shows its link with a QR code', async () => {
    await page.locator('#tab-kiosks').click();
    await page.getByLabel('Naam', { exact: true }).fill('Stembalie 2');
    await page.locator('#pair-kiosk').click();
    await poll(() => page.locator('#kiosk-url').textContent()).toContain('/kiosk');
    await poll(() => page.locator('.qr svg').count()).toBe(1);
    await poll(() => page.locator('table.list tbody tr').count()).toBe(3);
    await page.screenshot({ path: screenshotPath('chair-kiosks-1366'), fullPage: true });

    await page.getByRole('button', { name: 'Kiosk Stembalie 1 intrekken' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Intrekken' }).click();
    await poll(() => page.locator('table.list tbody tr', { hasText: 'Stembalie 1' }).textContent()).toContain('Ingetrokken');
    expect((await call(server.baseUrl, 'GET', '/api/kiosk/me', undefined, votingToken)).status).toBe(401);
  });

  it('shows cards, results with the audit chain verified, in English on a tablet', async () => {
    await page.locator('#tab-cards').click();
    await poll(() => page.locator('table.list tbody tr').count()).toBe(MEMBERS.length);
    await page.getByRole('button', { name: 'Nieuwe kaart voor Zeist' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Nieuwe kaart' }).click();
    await poll(() => page.locator('#print-card').getAttribute('href')).toMatch(/^blob:/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#print-card').click()]);
    expect(download.suggestedFilename()).toMatch(/GM0355\.pdf$/);
    const pdf = await readFile((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByRole('button', { name: 'Kaart van Renswoude intrekken' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Intrekken' }).click();
    await poll(() => page.locator('table.list tbody tr', { hasText: 'Renswoude' }).textContent()).toContain('Ingetrokken');
    await page.screenshot({ path: screenshotPath('chair-cards-1366'), fullPage: true });

    await page.locator('#tab-results').click();
    await poll(() => page.locator('[data-testid="audit-state"]').textContent()).toMatch(/De auditketen klopt: \d+ regels\.Laatste hash: [0-9a-f]{64}/);
    expect(await page.locator('.manual-list').textContent()).toContain('7.2 Herstel financiële verhouding met nieuwe regering: Verworpen — voor 40, tegen 300');
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.locator('#lang-switch').click();
    await poll(() => page.locator('#tab-results').textContent()).toBe('Results');
    await poll(() => page.locator('[data-testid="audit-state"]').textContent()).toContain('The audit chain verifies');
    await page.screenshot({ path: screenshotPath('chair-results-tablet-en'), fullPage: true });
    await page.locator('#tab-vote').click();
    await page.screenshot({ path: screenshotPath('chair-vote-tablet-en'), fullPage: true });
    await page.locator('#lang-switch').click();
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('logs out: the session cookie no longer opens admin routes', async () => {
    await page.locator('#logout').click();
    await poll(() => page.locator('h1').textContent()).toBe('Inloggen als voorzitter');
    await poll(() => page.locator('[role="status"]').first().textContent()).toBe('U bent uitgelogd.');
    const status = await page.evaluate(async () => (await fetch('/api/session')).status);
    expect(status).toBe(401);
  });
});
