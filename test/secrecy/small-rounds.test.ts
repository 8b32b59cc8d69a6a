/**
 * Issue 12, point 4 ("small rounds and arithmetic"): the weighted totals of a secret round with few
 * voters tell how members chose. Shown here through the API itself, measured over the demo's
 * weights to pick the threshold, and the chair's check and the report's mark that follow from it.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealedWeights, SECRET_ROUND_MIN_MEMBERS } from '../../shared/secrecy.ts';
import { pdfText } from '../helpers/barcodes.ts';
import Database from 'better-sqlite3';
import { runCli, type CliIo } from '../../server/cli/main.ts';
import { makeApp, nonce, seedMeeting, type TestApp } from '../helpers/app.ts';
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
async function meetingOf(weights: number[], prefix: string, meeting: Record<string, unknown> = {}) {
  const members = weights.map((weight, i) => ({ code: `${prefix}${String(i + 1).padStart(4, '0')}`, name: `Lid ${prefix}${i + 1}`, population: 1000, weight }));
  expect((await t.admin({ method: 'PUT', url: '/api/members', payload: members })).statusCode).toBe(200);
  const meetingId = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: `Vergadering ${prefix}`, date: '2024-05-01', requireCheckIn: false, ...meeting } })).json().id as number;
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
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close`, payload: { confirmSmall: true } })).statusCode).toBe(200);
  return roundId;
}

/** Opens a secret round and casts these ballots (card i chooses choices[i]); the round stays open. */
async function openSecretRound(m: Awaited<ReturnType<typeof meetingOf>>, choices: Choice[]): Promise<number> {
  const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: [m.motionId], secret: true } })).json().id as number;
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` })).statusCode).toBe(200);
  for (const [i, choice] of choices.entries()) {
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.cards[i].code, roundId, choices: [{ motionId: m.motionId, choice }], nonce: nonce() } });
    expect(res.statusCode).toBe(201);
  }
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

describe('the close of a secret round with fewer ballots than secretMinBallots (issue 23, point 2)', () => {
  it('is refused with 409 small_secret_round and its figures, nothing changed, until the chair confirms', async () => {
    const m = await meetingOf([75, 3, 5, 9, 17, 33], 'SE');
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}` })).json().secretMinBallots).toBe(5);
    const roundId = await openSecretRound(m, ['against']);
    const lone = [{ memberCode: m.members[0].code, name: m.members[0].name, motionId: m.motionId }];
    const check = await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/secrecy-check` });
    expect(check.statusCode).toBe(200);
    expect(check.json()).toEqual({ ballots: 1, min: 5, revealed: lone });
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/secrecy-check` })).statusCode).toBe(401);

    const refused = await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toEqual({ error: 'small_secret_round', message: expect.stringContaining('1 stem, minder dan 5'), ballots: 1, min: 5, revealed: lone });
    expect(Object.keys(refused.json())).toEqual(['error', 'message', 'ballots', 'min', 'revealed']);
    // Nothing changed: the round is open, takes ballots, and shows no figures.
    const after = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(after.state).toBe('open');
    expect(after.tallies).toBeUndefined();
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close`, payload: { confirmSmall: false } })).statusCode).toBe(409);
    const second = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.cards[1].code, roundId, choices: [{ motionId: m.motionId, choice: 'against' }], nonce: nonce() } });
    expect(second.statusCode).toBe(201);
    // Two ballots alike: both voters' choice is known.
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/secrecy-check` })).json().revealed.map((r: { memberCode: string }) => r.memberCode).sort()).toEqual([m.members[0].code, m.members[1].code]);

    const closed = await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close`, payload: { confirmSmall: true } });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().state).toBe('closed');
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/secrecy-check` })).statusCode).toBe(409);
  });

  it('names only the voters the totals single out (voters of one weight who chose differently are not)', async () => {
    // Weights 2, 2 and 4: for = 2 ballots weighing 6, against = 1 ballot weighing 2. Which of the two
    // members of weight 2 chose against cannot be told; the member of weight 4 chose for.
    const m = await meetingOf([2, 2, 4, 8], 'SF');
    const roundId = await openSecretRound(m, ['for', 'against', 'for']);
    expect((await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/secrecy-check` })).json()).toEqual({
      ballots: 3,
      min: 5,
      revealed: [{ memberCode: m.members[2].code, name: m.members[2].name, motionId: m.motionId }],
    });
  });

  it('follows the meeting\'s secretMinBallots: a round with that many ballots closes without a question', async () => {
    expect((await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Te laag', date: '2024-05-01', secretMinBallots: 0 } })).statusCode).toBe(400);
    const m = await meetingOf([5, 6, 7], 'SG', { secretMinBallots: 2 });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${m.meetingId}` })).json().secretMinBallots).toBe(2);
    const roundId = await openSecretRound(m, ['for', 'against']);
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).statusCode).toBe(200);
  });
});

describe('stemkaart rounds close of a small secret round (issue 23, point 2)', () => {
  it('refuses with the message and the members the totals would name, and closes with --confirm-small', async () => {
    const c = await makeApp();
    try {
      const m = await seedMeeting(c, { secretMinBallots: 5 });
      const roundId = (await c.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds, secret: true } })).json().id as number;
      await c.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
      const choices = m.motionIds.map((motionId) => ({ motionId, choice: 'for' }));
      expect((await c.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: m.codes.get('GM0002')!, roundId, choices, nonce: nonce() } })).statusCode).toBe(201);
      await c.app.close();
      const cli = async (args: string[]) => {
        let out = '';
        let err = '';
        const io: CliIo = { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env: { STEMKAART_DB: c.dbPath, LANG: 'en_US.UTF-8' }, cwd: c.dir };
        return { code: await runCli(args, io), out, err };
      };
      const refused = await cli(['rounds', 'close', '--round', String(roundId)]);
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('1 ballot, fewer than 5');
      expect(refused.err).toContain(`GM0002 ${m.members[1].name}`);
      expect(refused.err).toContain('--confirm-small');
      const db = new Database(c.dbPath, { readonly: true });
      expect(db.prepare('SELECT state FROM rounds WHERE id = ?').pluck().get(roundId)).toBe('open');
      db.close();
      const closed = await cli(['rounds', 'close', '--round', String(roundId), '--confirm-small']);
      expect(closed.code, closed.err).toBe(0);
      expect(closed.out).toContain('closed');
    } finally {
      rmSync(c.dir, { recursive: true, force: true });
    }
  });
});

describe('revealedWeights (shared/secrecy.ts), against every assignment of the voters', () => {
  it('names exactly the weights whose voters every assignment with the same totals puts on one choice', () => {
    const random = seededRandom(23);
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(random() * 7);
      const ballots = Array.from({ length: n }, () => ({ weight: 1 + Math.floor(random() * 6), choice: CHOICES[Math.floor(random() * 3)] }));
      const totals = (list: { weight: number; choice: Choice }[]) => CHOICES.map((c) => `${list.filter((b) => b.choice === c).length}/${list.filter((b) => b.choice === c).reduce((s, b) => s + b.weight, 0)}`).join(' ');
      const actual = totals(ballots);
      // Every assignment of these voters (their weights) to choices that gives the same totals.
      const choicesOf = new Map<number, Set<Choice>>();
      for (let code = 0; code < 3 ** n; code++) {
        const assigned = ballots.map((b, i) => ({ weight: b.weight, choice: CHOICES[Math.floor(code / 3 ** i) % 3] }));
        if (totals(assigned) !== actual) continue;
        for (const b of assigned) choicesOf.set(b.weight, (choicesOf.get(b.weight) ?? new Set()).add(b.choice));
      }
      const expected = [...choicesOf].filter(([, set]) => set.size === 1).map(([w]) => w).sort((a, b) => a - b);
      const { weights, exact } = revealedWeights(ballots, Date.now() + 10_000);
      expect(exact).toBe(true);
      expect([...weights].sort((a, b) => a - b), JSON.stringify(ballots)).toEqual(expected);
    }
  });
});
