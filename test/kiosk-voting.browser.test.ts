/**
 * The kiosk page in headless Chromium against a real server (setup: test/helpers/kiosk.ts): pairing
 * from the URL and after a revoke, and voting with a keyboard-mode scanner on every motion: the
 * summary, the receipt and the tally, a changed ballot, a ballot whose answer is lost on the way
 * (resent once, counted once) or that waits for the server, a code typed by staff, English, the camera.
 */
import { describe, expect, it } from 'vitest';
import type { Round } from '../shared/schemas.ts';
import { newContext } from './helpers/browser.ts';
import { baseUrl, browser, eventually, heading, makeMeeting, motion, ok, openKiosk, openRound, openStaff, scan, shot, useKioskServer } from './helpers/kiosk.ts';

useKioskServer();

describe('kiosk page: pairing', { timeout: 60_000 }, () => {
  it('opens paired from the kiosk URL, drops the token from the address bar and stays paired after a reload', async () => {
    const meeting = await makeMeeting();
    expect(meeting.voting.url).toMatch(/\/kiosk\/#token=/);
    const page = await openKiosk(meeting.voting.url);
    await eventually(() => page.url()).toBe(`${baseUrl}/kiosk/`);
    expect(await page.evaluate(() => localStorage.getItem('stemkaart.kiosk.token'))).toBe(meeting.voting.token);
    // No round open: the kiosk says so, and does not ask for a card in huge type (issue 17, point 5).
    await eventually(() => heading(page).textContent()).toBe('Er is nu geen stemming');
    expect(await page.locator('.screen__title--huge').count()).toBe(0);
    expect(await page.locator('main').textContent()).toContain('Zodra de voorzitter een stemming opent');
    expect(await page.locator('.topbar').textContent()).toContain('Stembalie 1');
    await eventually(() => page.locator('.conn').textContent()).toMatch(/^Verbonden/);
    await shot(page, 'idle-no-round');
    await page.reload();
    await eventually(() => heading(page).textContent()).toBe('Er is nu geen stemming');
    await page.context().close();
  });

  it('shows "not paired" without a token, and after the kiosk was revoked', async () => {
    const meeting = await makeMeeting({ checkIn: [] });
    const context = await newContext(browser);
    const bare = await context.newPage();
    await bare.goto(`${baseUrl}/kiosk/`);
    await eventually(() => bare.locator('h1').textContent()).toBe('Deze kiosk is niet gekoppeld');
    await shot(bare, 'not-paired');
    const page = await openKiosk(meeting.voting.url, context);
    await eventually(() => heading(page).textContent()).toBe('Er is nu geen stemming');
    await ok('DELETE', `/api/kiosks/${meeting.voting.id}`);
    // The live feed drops the revoked kiosk; the page checks its pairing at once.
    await eventually(() => page.locator('h1').textContent()).toBe('Deze kiosk is niet gekoppeld');
    await page.reload();
    await eventually(() => page.locator('h1').textContent()).toBe('Deze kiosk is niet gekoppeld');
    expect(await page.evaluate(() => localStorage.getItem('stemkaart.kiosk.token'))).toBeNull();
    await context.close();
  });
});

describe('kiosk page: voting', { timeout: 60_000 }, () => {
  it('votes on every motion of the round with a scanner, confirms, shows the receipt, and the tally counts it', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    const roundId = await openRound(meeting);
    // The idle screen learns about the round at once through the live feed.
    await eventually(() => page.locator('.round-status').textContent()).toContain('7.1');
    await shot(page, 'idle-round-open');

    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toBe('Amsterdam — 75\u00a0stemmen');
    for (const ref of ['7.R', '7.1', '7.2']) expect(await motion(page, ref).count()).toBe(1);
    expect(await motion(page, '7.1').textContent()).toContain('Preadvies: overnemen');
    await motion(page, '7.R').getByRole('button', { name: 'Voor', exact: true }).click();
    await motion(page, '7.1').getByRole('button', { name: 'Tegen', exact: true }).click();
    await motion(page, '7.2').getByRole('button', { name: 'Onthouding', exact: true }).click();
    expect(await motion(page, '7.1').getByRole('button', { name: 'Tegen', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'choosing');
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    expect(await page.locator('.summary').textContent()).toMatch(/7\.R.*Voor.*7\.1.*Tegen.*7\.2.*Onthouding/s);
    await shot(page, 'confirm');
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    const receipt = await page.getByTestId('receipt').textContent();
    expect(receipt).toBeTruthy();
    expect(await page.locator('.receipt__time').textContent()).toMatch(/^\d\d:\d\d:\d\d$/);
    expect(await page.getByTestId('announce').textContent()).toContain('Uw stem is uitgebracht');
    await shot(page, 'receipt');

    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    const [r, m1, m2] = meeting.motionIds.map((id) => round.tallies!.find((t) => t.motionId === id)!);
    expect(r.for).toEqual({ weight: 75, count: 1 });
    expect(m1.against).toEqual({ weight: 75, count: 1 });
    expect(m2.abstain).toEqual({ weight: 75, count: 1 });
    expect(round.voted).toEqual({ weight: 75, count: 1 });
    // The card code is never stored by the page.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toContain(meeting.codes.GM0363);
    expect(await page.content()).not.toContain(meeting.codes.GM0363);

    // "Klaar" goes back to idle; the next person votes too.
    await page.getByRole('button', { name: 'Klaar' }).click();
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart');
    expect(await page.locator('.screen__title--huge').count()).toBe(1);
    await scan(page, meeting.codes.GM0321);
    await eventually(() => heading(page).textContent()).toContain('Houten');
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    const after = await ok<Round>('GET', `/api/rounds/${roundId}`);
    expect(after.tallies!.find((t) => t.motionId === meeting.motionIds[0])!.for).toEqual({ weight: 125, count: 2 });
    await page.context().close();
  });

  it('asks for a choice on every motion before the summary, and is operable by keyboard alone', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    await openRound(meeting);
    await scan(page, meeting.codes.GM0312);
    await eventually(() => heading(page).textContent()).toContain('Bunnik');
    await motion(page, '7.R').getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => page.getByRole('alert').textContent()).toContain('7.1, 7.2');
    await shot(page, 'choosing-missing');
    // Keyboard: focus the "Tegen" of 7.1 and the "Onthouding" of 7.2 with Tab, press them with Enter/Space.
    await motion(page, '7.1').getByRole('button', { name: 'Tegen', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // Onthouding of 7.1
    await page.keyboard.press('Tab'); // Voor of 7.2
    await page.keyboard.press('Space');
    expect(await motion(page, '7.2').getByRole('button', { name: 'Abstain' }).count()).toBe(0);
    expect(await motion(page, '7.2').getByRole('button', { name: 'Voor', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('button', { name: 'Controleer uw stem' }).focus();
    await shot(page, 'choosing-keyboard-focus');
    await page.keyboard.press('Enter');
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    // "Annuleren" casts nothing.
    await page.getByRole('button', { name: 'Annuleren', exact: true }).click();
    await eventually(() => page.locator('.notice').textContent()).toContain('Er is niets uitgebracht');
    await page.context().close();
  });

  it('shows the earlier choices on a second scan when the round allows changes, and replaces the ballot', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    const roundId = await openRound(meeting, { allowChange: true });
    await scan(page, meeting.codes.GM0344);
    await eventually(() => heading(page).textContent()).toContain('Utrecht');
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Tegen', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    await page.getByRole('button', { name: 'Klaar' }).click();

    await scan(page, meeting.codes.GM0344);
    await eventually(() => page.locator('.notice--info').textContent()).toContain('U hebt al gestemd');
    for (const ref of ['7.R', '7.1', '7.2']) {
      expect(await motion(page, ref).getByRole('button', { name: 'Tegen', exact: true }).getAttribute('aria-pressed')).toBe('true');
    }
    await shot(page, 'choosing-change');
    await motion(page, '7.1').getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    expect(await page.locator('main').textContent()).toContain('Uw eerdere stem is vervangen');
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    const m1 = round.tallies!.find((t) => t.motionId === meeting.motionIds[1])!;
    expect(m1.for).toEqual({ weight: 75, count: 1 });
    expect(m1.against).toEqual({ weight: 0, count: 0 });
    expect(round.voted).toEqual({ weight: 75, count: 1 });
    await page.context().close();
  });

  it('resends the ballot with the same nonce when the answer to "Bevestig" is lost, and counts it once', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    const roundId = await openRound(meeting);
    const sent: { nonce: string }[] = [];
    await page.route('**/api/ballots', async (route) => {
      sent.push(JSON.parse(route.request().postData() ?? '{}'));
      if (sent.length === 1) {
        // The ballot reaches the server and is stored, but the answer never reaches the kiosk.
        await route.fetch();
        await route.abort('connectionreset');
      } else {
        await route.continue();
      }
    });
    await scan(page, meeting.codes.GM0321);
    await eventually(() => heading(page).textContent()).toContain('Houten');
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    expect(sent.length).toBe(2);
    expect(sent[1].nonce).toBe(sent[0].nonce);
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    expect(round.voted).toEqual({ weight: 50, count: 1 });
    expect(round.tallies!.find((t) => t.motionId === meeting.motionIds[0])!.for).toEqual({ weight: 50, count: 1 });
    await page.context().close();
  });

  it('keeps saying "not cast yet" while the server cannot be reached, and finishes once it can', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    const roundId = await openRound(meeting);
    let blocked = true;
    let attempts = 0;
    await page.route('**/api/ballots', async (route) => {
      attempts += 1;
      if (blocked) await route.abort('internetdisconnected');
      else await route.continue();
    });
    // The badge follows the heartbeat, not the last request (issue 22): the server is out of reach
    // for both.
    await page.route('**/healthz', async (route) => (blocked ? route.abort('internetdisconnected') : route.continue()));
    await scan(page, meeting.codes.GM0096);
    await eventually(() => heading(page).textContent()).toContain('Vlieland');
    expect(await heading(page).textContent()).toContain('1\u00a0stem');
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Tegen', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => page.locator('.notice--warning').textContent()).toContain('nog NIET bevestigd');
    await eventually(() => attempts).toBeGreaterThan(2);
    expect(await heading(page).textContent()).toBe('Uw stem wordt verstuurd…');
    await eventually(() => page.locator('.conn').textContent()).toBe('Geen verbinding');
    await shot(page, 'sending-retry');
    blocked = false;
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    await eventually(() => page.locator('.conn').textContent()).toMatch(/^Verbonden/);
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    expect(round.voted).toEqual({ weight: 1, count: 1 });
    await page.context().close();
  });

  it('takes a code typed by staff into the field for a damaged card', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    await openRound(meeting);
    await openStaff(page);
    const field = page.getByLabel('Code van de stemkaart (25 cijfers)');
    // Typed slowly, as people do, in the printed groups of five.
    await field.pressSequentially(meeting.codes.GM0312.replace(/(.{5})(?=.)/g, '$1 '), { delay: 20 });
    await shot(page, 'manual-entry');
    await field.press('Enter');
    await eventually(() => heading(page).textContent()).toContain('Bunnik');
    // The settings closed for the card, and the focus is on the ballot, not where the code was typed.
    expect(await page.getByText('Beheer van deze kiosk').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.closest('main h1') !== null)).toBe(true);
    await page.context().close();
  });

  it('switches to English and back', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    await openRound(meeting);
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await eventually(() => heading(page).textContent()).toBe('Scan your voting card');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await scan(page, meeting.codes.GM0363);
    await eventually(() => heading(page).textContent()).toContain('75\u00a0votes');
    // The vote buttons keep their exact Dutch names only in Dutch; in English they say so.
    expect(await motion(page, '7.1').getByRole('button', { name: 'For', exact: true }).count()).toBe(1);
    // The Dutch titles say they are Dutch (WCAG 3.1.2).
    expect(await page.locator('#motion-' + meeting.motionIds[1] + '-title [lang="nl"]').textContent()).toBe('Goed beleid = integraal beleid');
    expect(await page.locator('.topbar__title').getAttribute('lang')).toBe('nl');
    await shot(page, 'choosing-english');
    await page.getByRole('button', { name: 'Schakel naar Nederlands' }).click();
    await eventually(() => heading(page).textContent()).toContain('75\u00a0stemmen');
    await page.getByRole('button', { name: 'Switch to English' }).click();
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Against', exact: true }).click();
    await page.getByRole('button', { name: 'Review your vote' }).click();
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Your vote has been cast');
    // The next voter starts in the kiosk's language, not in the one the last voter chose.
    await page.getByRole('button', { name: 'Done' }).click();
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nl');
    await page.reload();
    await eventually(() => heading(page).textContent()).toBe('Scan uw stemkaart');
    await page.context().close();
  });

  it('says when the camera cannot be used', async () => {
    const meeting = await makeMeeting();
    const page = await openKiosk(meeting.voting.url);
    await openStaff(page);
    await page.getByRole('button', { name: 'Camera gebruiken' }).click();
    await eventually(() => page.locator('main .camera__message').textContent()).toMatch(/Geen camera gevonden|Geen toegang tot de camera|niet beschikbaar|kon niet worden gestart/);
    expect(await page.getByRole('button', { name: 'Camera gebruiken' }).getAttribute('aria-pressed')).toBe('false');
    await shot(page, 'camera-unavailable');
    await page.context().close();
  });
});
