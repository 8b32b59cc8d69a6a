/**
 * The kiosk page's check-in desk and staff settings in headless Chromium against a real server
 * (setup: test/helpers/kiosk.ts): checking in and out (a double scan harmless, the direction kept over
 * a reload), and "Beheer" off the members' screen: held 3 s by touch or Enter, a tap only says so.
 */
import { describe, expect, it } from 'vitest';
import { eventually, heading, makeMeeting, ok, openKiosk, openStaff, scan, shot, unknownCode, useKioskServer } from './helpers/kiosk.ts';

useKioskServer();

describe('kiosk page: check-in', { timeout: 60_000 }, () => {
  it('checks in at the entrance, says a double scan is harmless, and checks out at the exit', async () => {
    const meeting = await makeMeeting({ checkIn: [] });
    const page = await openKiosk(meeting.checkin.url);
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart om u aan te melden');
    expect(await page.getByTestId('mode').textContent()).toContain('Ingang (aanmelden)');
    await shot(page, 'checkin-idle');

    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toBe('Welkom, Amsterdam');
    expect(await page.locator('main').textContent()).toContain('75\u00a0stemmen');
    expect(await page.locator('.presence').textContent()).toBe('Aanwezig: u kunt stemmen.');
    await shot(page, 'checkin-welcome');
    let presence = await ok<{ memberCode?: string; code?: string }[]>('GET', `/api/meetings/${meeting.id}/presence`);
    expect(JSON.stringify(presence)).toContain('GM0363');

    await scan(page, meeting.codes.GM0363);
    await eventually(() => page.locator('main .notice').textContent()).toBe('U was al aangemeld. Er is niets veranderd.');
    expect(await heading(page).textContent()).toBe('Welkom, Amsterdam');
    await shot(page, 'checkin-double');

    await openStaff(page);
    await page.getByRole('button', { name: 'Uitgang (afmelden)' }).click();
    await page.getByRole('button', { name: 'Sluiten' }).click();
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart om u af te melden');
    expect(await page.getByTestId('mode').textContent()).toContain('Uitgang (afmelden)');
    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toBe('Tot ziens, Amsterdam');
    expect(await page.locator('.presence').textContent()).toContain('Afgemeld');
    await shot(page, 'checkout');
    presence = await ok('GET', `/api/meetings/${meeting.id}/presence`);
    expect(JSON.stringify(presence)).not.toContain('GM0363');

    await scan(page, meeting.codes.GM0363);
    await eventually(() => page.locator('main .notice').textContent()).toBe('U was al afgemeld. Er is niets veranderd.');

    // The direction survives a reload; errors show here too.
    await page.reload();
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart om u af te melden');
    await scan(page, unknownCode());
    await eventually(() => heading(page).textContent()).toBe('Deze stemkaart is onbekend');
    await shot(page, 'checkin-error');
    await page.context().close();
  });
});

describe('kiosk page: staff settings off the members\' screen (issue 17, point 3)', { timeout: 60_000 }, () => {
  it('the check-in screen offers a member no staff control: only the language and the held "Beheer"', async () => {
    const meeting = await makeMeeting({ checkIn: [] });
    const page = await openKiosk(meeting.checkin.url);
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart om u aan te melden');
    const buttons = await page.getByRole('button').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label') ?? el.textContent?.trim()));
    expect(buttons).toEqual(['Beheer, alleen voor de organisatie: 3 seconden ingedrukt houden', 'Switch to English']);
    expect(await page.locator('input, select, textarea, summary').count()).toBe(0);
    expect(await page.getByText(/Uitgang|Camera|Code intypen/).count()).toBe(0);
    // The mode is shown in large words (and not by colour alone).
    expect(await page.getByTestId('mode').textContent()).toBe('→Ingang (aanmelden)');
    // A tap on "Beheer" opens nothing; it says who it is for.
    await page.getByRole('button', { name: /^Beheer/ }).click();
    await eventually(() => page.locator('.staff-gate__hint').textContent()).toBe('Alleen voor de organisatie: houd 3 seconden ingedrukt.');
    expect(await page.getByRole('heading', { name: 'Beheer van deze kiosk' }).count()).toBe(0);
    // Held for 3 s (staff), the settings open; a scan would close them again.
    await openStaff(page);
    await shot(page, 'staff-checkin');
    await page.getByRole('button', { name: 'Uitgang (afmelden)' }).click();
    await page.keyboard.press('Escape');
    await eventually(() => page.getByTestId('mode').textContent()).toBe('←Uitgang (afmelden)');
    await shot(page, 'checkin-exit-idle');
    await page.context().close();
  });

  it('staff can open the settings from the keyboard by holding Enter on "Beheer"', async () => {
    const meeting = await makeMeeting({ checkIn: [] });
    const page = await openKiosk(meeting.voting.url);
    await page.getByRole('button', { name: /^Beheer/ }).focus();
    await page.keyboard.down('Enter');
    await page.getByRole('heading', { name: 'Beheer van deze kiosk' }).waitFor({ timeout: 15_000 });
    await page.keyboard.up('Enter');
    expect(await page.getByRole('button', { name: 'Camera gebruiken' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Uitgang (afmelden)' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sluiten' }).click();
    await eventually(() => heading(page).textContent()).toBe('Er is nu geen stemming');
    await page.context().close();
  });
});
