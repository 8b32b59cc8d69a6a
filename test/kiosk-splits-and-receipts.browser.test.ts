/**
 * The kiosk page's practice rounds, split votes and receipts in headless Chromium against a real
 * server (setup: test/helpers/kiosk.ts): a practice vote says it decides nothing, a weight divided
 * by touch and keyboard, axe (WCAG 2.2 A and AA) on the split entry, summary, receipt, idle warning and
 * staff settings, the secret and open receipts with their QR codes, and the desk's welcome timing out.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Round } from '../shared/schemas.ts';
import { newContext } from './helpers/browser.ts';
import { browser, eventually, heading, makeMeeting, motion, ok, openKiosk, openRound, openStaff, scan, shot, useKioskServer } from './helpers/kiosk.ts';

useKioskServer();

describe('kiosk page: practice rounds and split votes (issue 15)', { timeout: 60_000 }, () => {
  it('says plainly that a practice vote decides nothing, from the idle screen to the receipt', async () => {
    const meeting = await makeMeeting({ practice: true });
    const page = await openKiosk(meeting.voting.url);
    await openRound(meeting, { motionIds: [meeting.practiceId!] });
    const sentence = 'Dit is een proefstemming: uw stem telt niet mee voor een besluit.';
    await eventually(() => page.locator('.round-status').textContent()).toContain(sentence);
    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toContain('Amsterdam');
    expect(await page.getByTestId('practice').textContent()).toContain(sentence);
    await shot(page, 'practice-choosing');
    await motion(page, '1.P').getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    expect(await page.getByTestId('practice').textContent()).toContain(sentence);
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    expect(await page.getByTestId('practice').textContent()).toContain(sentence);
    await page.getByRole('button', { name: 'Switch to English' }).click();
    expect(await page.getByTestId('practice').textContent()).toContain('This is a practice vote: your vote does not count towards any decision.');
    await page.context().close();
  });

  it('divides a weight in whole votes by touch and keyboard, shows the rest, refuses a bad split and counts a good one', async () => {
    const meeting = await makeMeeting({ allowSplit: true });
    const page = await openKiosk(meeting.voting.url);
    const roundId = await openRound(meeting);
    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toBe('Amsterdam — 75\u00a0stemmen');
    const m1 = motion(page, '7.1');
    await m1.getByRole('button', { name: 'Stemmen verdelen' }).click();
    await eventually(() => m1.getByRole('status').textContent()).toBe('Nog te verdelen: 75 van 75');
    // Keyboard: type into the field for "Voor".
    const forField = m1.getByLabel('Voor', { exact: true });
    await forField.fill('80');
    await eventually(() => m1.getByRole('status').textContent()).toBe('5 te veel verdeeld: u hebt 75 stemmen');
    for (const ref of ['7.R', '7.2']) await motion(page, ref).getByRole('button', { name: 'Onthouding', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toBe('Verdeel ten minste 1 en ten hoogste 75 stemmen bij: 7.1.');
    expect(await heading(page).textContent()).toContain('Amsterdam');
    await shot(page, 'split-too-many');
    await forField.fill('50');
    // Touch: "+" twenty times would do; "Rest hierbij" and "−" are quicker.
    await m1.getByRole('button', { name: 'Rest hierbij: alle nog te verdelen stemmen naar Tegen' }).click();
    for (let i = 0; i < 5; i++) await m1.getByRole('button', { name: 'Eén stem minder Tegen' }).click();
    await eventually(() => m1.getByRole('status').textContent()).toBe('Nog te verdelen: 5 van 75');
    expect(await m1.getByRole('button', { name: 'Eén stem minder Onthouding' }).isDisabled()).toBe(true);
    await m1.getByRole('button', { name: 'Eén stem meer Onthouding' }).click();
    await m1.getByRole('button', { name: 'Eén stem meer Onthouding' }).click();
    await eventually(() => m1.getByRole('status').textContent()).toBe('Nog te verdelen: 3 van 75');
    await shot(page, 'split-choosing');
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    expect(await page.locator('.summary').textContent()).toContain('Voor 50 · Tegen 20 · Onthouding 2 (3 niet uitgebracht)');
    await shot(page, 'split-confirm');
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    const tally = round.tallies!.find((t) => t.motionId === meeting.motionIds[1])!;
    expect(tally.for).toEqual({ weight: 50, count: 1 });
    expect(tally.against).toEqual({ weight: 20, count: 1 });
    expect(tally.abstain).toEqual({ weight: 2, count: 1 });
    await page.context().close();
  });
});

describe('kiosk page: the new screens pass axe (WCAG 2.2 A and AA)', { timeout: 90_000 }, () => {
  const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  async function violations(page: Page): Promise<string[]> {
    await page.addScriptTag({ content: AXE_SOURCE });
    const result = (await page.evaluate(
      `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })`,
    )) as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] };
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }

  it('split entry, summary, receipt, idle warning and the staff settings', async () => {
    const meeting = await makeMeeting({ allowSplit: true });
    // The pages' CSP forbids injected scripts; the test context bypasses it only to load axe.
    const context = await newContext(browser, { bypassCSP: true });
    const page = await context.newPage();
    await page.clock.install();
    await page.goto(meeting.voting.url);
    await page.locator('.topbar').waitFor();
    await eventually(() => heading(page).textContent()).toBe('Er is nu geen stemming');
    expect(await violations(page)).toEqual([]);
    await openRound(meeting);
    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toContain('Amsterdam');
    await motion(page, '7.1').getByRole('button', { name: 'Stemmen verdelen' }).click();
    await motion(page, '7.1').getByLabel('Voor', { exact: true }).fill('90');
    expect(await violations(page)).toEqual([]);
    await page.clock.fastForward(61_000);
    await eventually(() => page.locator('.idle-warning').count()).toBe(1);
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Ik heb meer tijd nodig' }).click();
    await motion(page, '7.1').getByLabel('Voor', { exact: true }).fill('60');
    for (const ref of ['7.R', '7.2']) await motion(page, ref).getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    expect(await violations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    expect(await violations(page)).toEqual([]);
    await openStaff(page);
    expect(await violations(page)).toEqual([]);
    await context.close();
    const desk = await (await newContext(browser, { bypassCSP: true })).newPage();
    await desk.goto(meeting.checkin.url);
    await eventually(() => heading(desk).textContent()).toBe('Scan uw stemkaart om u aan te melden');
    await openStaff(desk);
    expect(await violations(desk)).toEqual([]);
    await desk.context().close();
  });
});

describe('kiosk page: the receipt, the split and the desk (issues 22.3 and 23.1)', { timeout: 90_000 }, () => {
  it('a secret round’s receipt: the receipt and its QR code, no name or weight, back to idle by itself', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    await openRound(meeting, { secret: true });
    await eventually(() => page.locator('.round-status').textContent()).toContain('7.1');
    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toBe('Amsterdam — 75\u00a0stemmen');
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    const receipt = await page.getByTestId('receipt').textContent();
    expect(receipt).toBeTruthy();
    expect(await page.getByTestId('receipt-qr').getAttribute('aria-label')).toBe(`QR-code van ontvangstbewijs ${receipt}`);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).not.toContain('Amsterdam');
    expect(main).not.toMatch(/75\s*stemmen/);
    expect(main).toContain('Dit scherm sluit over 10 seconden');
    await shot(page, 'receipt-secret');
    // Nobody touches the kiosk: it goes back to idle (10 s by design; waited for generously).
    await expect.poll(() => heading(page).textContent(), { timeout: 30_000, interval: 200 }).toBe('Scan uw stemkaart');
    await page.context().close();
  });

  it('an open round’s receipt shows its QR code beside the text; a member with one vote is offered no split', async () => {
    const meeting = await makeMeeting({ allowSplit: true });
    const page = await openKiosk(meeting.voting.url);
    await openRound(meeting);
    await eventually(() => page.locator('.round-status').textContent()).toContain('7.1');
    await scan(page, meeting.codes.GM0096);
    await eventually(() => heading(page).textContent()).toBe('Vlieland — 1\u00a0stem');
    expect(await page.getByRole('button', { name: 'Stemmen verdelen' }).count()).toBe(0);
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    const qr = await page.getByTestId('receipt-qr').boundingBox();
    const code = await page.locator('.receipt').boundingBox();
    // Beside the text, on one line at 1280×800.
    expect(qr!.x).toBeGreaterThan(code!.x + code!.width - 1);
    await page.getByRole('button', { name: 'Klaar' }).click();
    await scan(page, meeting.codes.GM0344);
    await eventually(() => heading(page).textContent()).toContain('Utrecht');
    expect(await page.getByRole('button', { name: 'Stemmen verdelen' }).count()).toBe(3);
    // What is left to divide stays in sight above the footer, at 1280×800 (issue 22.3).
    await page.getByRole('button', { name: 'Stemmen verdelen' }).last().click();
    const rest = await page.locator('.split-rests').boundingBox();
    expect(await page.locator('.split-rests').textContent()).toMatch(/^7\.2: Nog te verdelen: (\d+) van \1$/);
    expect(rest!.y + rest!.height).toBeLessThanOrEqual(800);
    await page.context().close();
  });

  it('the check-in desk’s welcome goes back to "Scan uw stemkaart" by itself', async () => {
    const meeting = await makeMeeting({ checkIn: [] });
    const page = await openKiosk(meeting.checkin.url);
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart om u aan te melden');
    await scan(page, meeting.codes.GM0312);
    await eventually(() => heading(page).textContent()).toBe('Welkom, Bunnik');
    await expect.poll(() => heading(page).textContent(), { timeout: 30_000, interval: 200 }).toBe('Scan uw stemkaart om u aan te melden');
    await page.context().close();
  });
});
