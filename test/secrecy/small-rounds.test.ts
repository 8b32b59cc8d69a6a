/**
 * Issue 12, point 4 ("small rounds and arithmetic"): the weighted totals of a secret round with few
 * voters tell how members chose. Shown here through the API itself, measured over the demo's
 * weights to pick the threshold, and the chair's check and the report's mark that follow from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_ROUND_MIN_MEMBERS } from '../../shared/secrecy.ts';
import { pdfText } from '../helpers/barcodes.ts';
import { makeApp, nonce, type TestApp } from '../helpers/app.ts';
import { exposedShare, seededRandom, singlesOut } from './subset-sums.ts';

const CHOICES = ['for', 'against', 'abstain'] as const;
type Choice = (typeof CHOICES)[number];

let t: TestApp;
beforeAll(async () => {
  t = await makeApp();
});
afterAll(async () => {
  await t.close();
});

/** A meeting of members with these explicit weights, everyone checked in; returns its card codes by member code. */
async function meetingOf(weights: number[], prefix: string) {
  const members = weights.map((weight, i) => ({ code: `${prefix}${String(i + 1).padStart(4, '0')}`, name: `Lid ${prefix}${i + 1}`, population: 1000, weight }));
  expect((await t.admin({ method: 'PUT', url: '/api/members', payload: members })).statusCode).toBe(200);
  const meetingId = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: `Vergadering ${prefix}`, date: '2024-05-01', requireCheckIn: false } })).json().id as number;
  const agenda = await t.admin({
    method: 'POST',
    url: `/api/meetings/${meetingId}/agenda`,
    payload: { items: [{ number: '1', title: 'Besluit', motions: [{ ref: `${prefix}.1`, kind: 'proposal', title: 'Voorstel', submitters: [members[0].code] }] }] },
  });
  const motionId = agenda.json().items[0].motions[0].id as number;
  const cards = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/cards`, payload: { members: members.map((m) => m.code) } })).json().cards as { memberCode: string; code: string }[];
  const votingToken = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/kiosks`, payload: { name: 'Stembus', mode: 'voting' } })).json().token as string;
  const checkinToken = (await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/kiosks`, payload: { name: 'Ingang', mode: 'checkin' } })).json().token as string;
  return { meetingId, motionId, members, cards, votingToken, checkinToken };
}

async function secretVote(m: Awaited<ReturnType<typeof meetingOf>>, choices: Choice[]): Promise<number> {
  const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: [m.motionId], secret: true } })).json().id as number;
  await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
  for (const [i, choice] of choices.entries()) {
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.cards[i].code, roundId, choices: [{ motionId: m.motionId, choice }], nonce: nonce() } });
    expect(res.statusCode).toBe(201);
  }
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).statusCode).toBe(200);
  return roundId;
}

describe('a secret round with few voters', () => {
  it('gives away every choice through its public totals when the weights are distinct (the reason for the warning)', async () => {
    const m = await meetingOf([3, 5, 9, 17, 33], 'SA');
    const cast: Choice[] = ['for', 'against', 'for', 'abstain', 'against'];
    const roundId = await secretVote(m, cast);
    // What anyone can read: the public round and the public member list.
    const tally = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json().tallies[0];
    const weights = ((await t.app.inject({ method: 'GET', url: '/api/members' })).json() as { code: string; weight: number }[]).filter((x) => x.code.startsWith('SA')).map((x) => x.weight);
    // Every assignment of choices to the five that gives these totals.
    const fits: Choice[][] = [];
    for (let a = 0; a < 3 ** weights.length; a++) {
      const guess = weights.map((_, i) => CHOICES[Math.floor(a / 3 ** i) % 3]);
      const sum = (c: Choice) => guess.reduce((s, g, i) => s + (g === c ? weights[i] : 0), 0);
      if (CHOICES.every((c) => sum(c) === tally[c].weight && guess.filter((g) => g === c).length === tally[c].count)) fits.push(guess);
    }
    expect(fits).toEqual([cast]);
  });

  it('gives away some voters in most rounds of 10 voters, in many of 15, and in few (under 15%) at 50 (demo weights, a lopsided vote)', () => {
    const csv = readFileSync(join(import.meta.dirname, '../../data/gemeenten.csv'), 'utf8').trim().split('\n').slice(1);
    // The VNG rule: one vote per 1,000 inhabitants, at least 1, at most 75.
    const weights = csv.map((line) => Math.min(75, Math.max(1, Math.floor(Number(/,(\d+),\d{4}-\d\d-\d\d,/.exec(line)![1]) / 1000))));
    expect(weights.length).toBeGreaterThan(300);
    const lopsided = [0.8, 0.15, 0.05] as const;
    const share = (voters: number) => exposedShare(weights, voters, lopsided, 200, seededRandom(20231201 + voters));
    expect(share(10)).toBeGreaterThan(0.4);
    expect(share(15)).toBeGreaterThan(0.3);
    expect(share(SECRET_ROUND_MIN_MEMBERS)).toBeLessThan(0.15);
    // A member alone in its choice is singled out whenever nobody else who voted has its weight.
    expect(singlesOut([10, 20, 30, 40], [30])).toBe(true);
    expect(singlesOut([10, 20, 30, 30], [30])).toBe(false);
  });
});

describe('GET /api/meetings/:id/secret-round-check', () => {
  it('tells the chair how many members are present, the minimum for a secret round, and who weighs what nobody else weighs', async () => {
    const m = await meetingOf([4, 4, 7, 12, 30, 30, 30, 61], 'SB');
    for (const card of m.cards.slice(0, 6)) await t.kiosk(m.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: card.code } });
    const res = await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/secret-round-check` });
    expect(res.statusCode).toBe(200);
    // Present: 4, 4, 7, 12, 30, 30 — 7 and 12 are nobody else's.
    expect(res.json()).toEqual({ present: { count: 6, weight: 87 }, minimumPresent: SECRET_ROUND_MIN_MEMBERS, fewPresent: true, uniqueWeights: 2 });
    expect(res.headers['cache-control']).toContain('no-store');
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${m.meetingId}/secret-round-check` })).statusCode).toBe(401);
    expect((await t.admin({ method: 'GET', url: '/api/meetings/9999/secret-round-check' })).statusCode).toBe(404);
  });

  it('does not warn when enough members are present', async () => {
    const m = await meetingOf(Array.from({ length: SECRET_ROUND_MIN_MEMBERS }, (_, i) => 1 + (i % 10)), 'SC');
    for (const card of m.cards) await t.kiosk(m.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: card.code } });
    const check = (await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/secret-round-check` })).json();
    expect(check).toMatchObject({ present: { count: SECRET_ROUND_MIN_MEMBERS }, fewPresent: false, uniqueWeights: 0 });
  });
});

describe('GET /api/meetings/:id/report.pdf', () => {
  it('marks a secret round with fewer voters than the minimum, and not an open round', async () => {
    const m = await meetingOf([2, 6, 11, 23], 'SD');
    await secretVote(m, ['for', 'for', 'against', 'for']);
    const text = pdfText((await t.app.inject({ method: 'GET', url: `/api/meetings/${m.meetingId}/report.pdf` })).rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain(`Let op: kleine geheime stemming. Er stemden 4 leden, minder dan ${SECRET_ROUND_MIN_MEMBERS}.`);
    expect(text).toContain('kan uit de gewogen totalen af te leiden zijn hoe sommige leden stemden');

    const open = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: [m.motionId] } })).json().id as number;
    await t.admin({ method: 'POST', url: `/api/rounds/${open}/open` });
    await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.cards[0].code, roundId: open, choices: [{ motionId: m.motionId, choice: 'for' }], nonce: nonce() } });
    await t.admin({ method: 'POST', url: `/api/rounds/${open}/close` });
    const again = pdfText((await t.app.inject({ method: 'GET', url: `/api/meetings/${m.meetingId}/report.pdf` })).rawPayload).replace(/\s+/g, ' ');
    expect(again.match(/kleine geheime stemming/g)).toHaveLength(1);
  });
});
