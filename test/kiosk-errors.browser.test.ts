/**
 * The kiosk page's error screens in headless Chromium against a real server (setup:
 * test/helpers/kiosk.ts): one meeting and one page for the whole sequence (no round, misread, unknown,
 * not checked in, revoked, another meeting's card, already voted), and a round that closes or is
 * cancelled while a member chooses, with and without the live feed: nothing cast, and said so.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Round } from '../shared/schemas.ts';
import { newContext } from './helpers/browser.ts';
import { browser, eventually, feed, heading, makeMeeting, motion, ok, openKiosk, openRound, scan, shot, unknownCode, useKioskServer, type Meeting } from './helpers/kiosk.ts';

useKioskServer();

describe('kiosk page: error screens', { timeout: 60_000 }, () => {
  let meeting: Meeting;
  let page: Page;

  async function expectError(title: string, name: string): Promise<void> {
    await eventually(() => heading(page).textContent()).toBe(title);
    expect(await page.locator('.screen--error .lead').textContent()).toBeTruthy();
    await shot(page, `error-${name}`);
    await page.getByRole('button', { name: 'OK' }).click();
    await eventually(() => heading(page).textContent()).toMatch(/^(Scan uw stemkaart|Er is nu geen stemming)$/);
  }

  beforeAll(async () => {
    meeting = await makeMeeting({ checkIn: ['GM0363', 'GM0344', 'GM0321', 'GM0096'] });
    page = await openKiosk(meeting.voting.url);
  });
  afterAll(async () => {
    await page.context().close();
  });

  it('no open round: "Er is op dit moment geen stemming geopend"', async () => {
    await scan(page, meeting.codes.GM0363);
    await expectError('Er is op dit moment geen stemming geopend', 'no-open-round');
  });

  it('a misread (wrong check digit) is an unknown card and never sent', async () => {
    await openRound(meeting);
    const code = meeting.codes.GM0363;
    const misread = `${code.slice(0, 24)}${(Number(code[24]) + 1) % 10}`;
    let requests = 0;
    page.on('request', (r) => {
      if (r.url().endsWith('/api/scan')) requests += 1;
    });
    await scan(page, misread);
    await expectError('Deze stemkaart is onbekend', 'misread');
    expect(requests).toBe(0);
  });

  it('unknown card (a valid code that was never issued)', async () => {
    await scan(page, unknownCode());
    await expectError('Deze stemkaart is onbekend', 'unknown-card');
  });

  it('not checked in', async () => {
    await scan(page, meeting.codes.GM0312);
    await expectError('U bent niet aangemeld als aanwezig', 'not-checked-in');
  });

  it('revoked card (reissued)', async () => {
    const old = meeting.codes.GM0096;
    await ok('POST', `/api/meetings/${meeting.id}/cards/GM0096/reissue`, {});
    await scan(page, old);
    await expectError('Deze stemkaart is ingetrokken', 'revoked-card');
  });

  it('card of another meeting', async () => {
    const other = await makeMeeting({ checkIn: [] });
    await scan(page, other.codes.GM0363);
    await expectError('Deze stemkaart hoort bij een andere vergadering', 'wrong-meeting');
  });

  it('already voted (the round does not allow changes)', async () => {
    await scan(page, meeting.codes.GM0344);
    await eventually(() => heading(page).textContent()).toContain('Utrecht');
    for (const ref of ['7.R', '7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Voor', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => heading(page).textContent()).toBe('Uw stem is uitgebracht');
    await scan(page, meeting.codes.GM0344);
    await expectError('U hebt in deze stemming al gestemd', 'already-voted');
  });

  it('the round closes while someone is choosing: said at once, nothing cast', async () => {
    const detail = await ok<{ rounds: { id: number; state: string }[] }>('GET', `/api/meetings/${meeting.id}`);
    const roundId = detail.rounds.find((r) => r.state === 'open')!.id;
    await scan(page, meeting.codes.GM0321);
    await eventually(() => heading(page).textContent()).toContain('Houten');
    await motion(page, '7.R').getByRole('button', { name: 'Voor', exact: true }).click();
    await ok('POST', `/api/rounds/${roundId}/close`);
    // The live feed tells the kiosk at once (the test below does without it).
    expect(feed).toBe(true);
    await eventually(() => page.locator('.notice').textContent()).toContain('De stemming is zojuist gesloten');
    await shot(page, 'round-closed-while-choosing');
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    expect(round.voted.count).toBe(1);
  });

  it('without the live feed: a round closed while choosing is found out at "Bevestig", nothing cast', async () => {
    const context = await newContext(browser);
    // No Socket.IO at all (a proxy that blocks websockets and polling).
    await context.route('**/socket.io/**', (route) => route.abort('connectionrefused'));
    await context.routeWebSocket('**/socket.io/**', (ws) => ws.close());
    const lonely = await openKiosk(meeting.voting.url, context);
    await eventually(() => lonely.locator('.conn').textContent()).toBe('Verbonden (geen live-updates)');
    const roundId = await openRound(meeting, { motionIds: meeting.motionIds.slice(0, 1) });
    await scan(lonely, meeting.codes.GM0363);
    await eventually(() => heading(lonely).textContent()).toContain('Amsterdam');
    await ok('POST', `/api/rounds/${roundId}/close`);
    await motion(lonely, '7.R').getByRole('button', { name: 'Tegen', exact: true }).click();
    await lonely.getByRole('button', { name: 'Controleer uw stem' }).click();
    await lonely.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => lonely.locator('.notice').textContent()).toContain('De stemming is zojuist gesloten. Er is niets uitgebracht.');
    await shot(lonely, 'no-feed-round-closed');
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    expect(round.voted.count).toBe(0);
    await context.close();
  });

  it('the round is cancelled while the ballot is on its way: refused, looked up again, nothing cast, said so', async () => {
    const roundId = await openRound(meeting, { motionIds: meeting.motionIds.slice(1) });
    await scan(page, meeting.codes.GM0321);
    await eventually(() => heading(page).textContent()).toContain('Houten');
    for (const ref of ['7.1', '7.2']) await motion(page, ref).getByRole('button', { name: 'Onthouding', exact: true }).click();
    await page.getByRole('button', { name: 'Controleer uw stem' }).click();
    await eventually(() => heading(page).textContent()).toBe('Controleer uw stem');
    // The chair cancels the round while the ballot is on its way: the server refuses it.
    await page.route('**/api/ballots', async (route) => {
      await ok('POST', `/api/rounds/${roundId}/cancel`, {});
      await route.continue();
    });
    await page.getByRole('button', { name: 'Bevestig', exact: true }).click();
    await eventually(() => page.locator('.notice').textContent()).toMatch(/De stemming is zojuist (gesloten|geannuleerd)/);
    await shot(page, 'round-closed-on-confirm');
    await page.unroute('**/api/ballots');
    const round = await ok<Round>('GET', `/api/rounds/${roundId}`);
    expect(round.voted.count).toBe(0);
  });
});
