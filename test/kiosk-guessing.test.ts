/**
 * Issue 23, point 8: one person in the queue typing made-up codes must not shut the desk. Before,
 * eleven made-up codes with valid check digits locked a kiosk for 60 s, and the real card then got
 * 429 too. Now unknown codes are answered later and later (a growing hold per unknown code, reset
 * by a real card), one after another, while a real card is answered at once.
 */
import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import { CARD_RANDOM_DIGITS, dammDigit } from '../shared/card-code.ts';
import { UnknownScanDelay } from '../server/modules/cards/scan-limiter.ts';
import { makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

/** A made-up card code with a valid check digit (what a guesser would type). */
function madeUpCode(): string {
  const digits = Array.from({ length: CARD_RANDOM_DIGITS }, () => String(randomInt(10))).join('');
  return `${digits}${dammDigit(digits)}`;
}

describe('UnknownScanDelay', () => {
  const options = { free: 3, windowMs: 60_000, baseMs: 500, maxMs: 5000, backlogMs: 10_000 };

  it('answers the first unknown codes at once, then holds each longer, doubling up to the maximum; a real card resets it', () => {
    const d = new UnknownScanDelay(options);
    let at = 0;
    const holds: number[] = [];
    for (let i = 0; i < 9; i++) {
      const hold = d.unknown(1, at);
      holds.push(hold);
      at += hold; // a person waits for each answer before the next code
    }
    expect(holds).toEqual([0, 0, 0, 500, 1000, 2000, 4000, 5000, 5000]);
    // Another kiosk is not affected.
    expect(d.unknown(2, at)).toBe(0);
    d.known(1);
    expect(d.unknown(1, at)).toBe(0);
  });

  it('gives the answers of codes sent together one after another, and refuses past the backlog', () => {
    const d = new UnknownScanDelay(options);
    expect([0, 0, 0, 0, 0, 0, 0].map(() => d.unknown(1, 0))).toEqual([0, 0, 0, 500, 1500, 3500, 7500]);
    expect(() => d.unknown(1, 0)).toThrow(ApiError);
    // A minute without an unknown code forgets the streak.
    expect(d.unknown(1, 60_000 + 7500)).toBe(0);
  });
});

describe('a kiosk after eleven made-up codes', () => {
  let t: TestApp;
  let m: SeededMeeting;
  beforeAll(async () => {
    t = await makeApp({ unknownScanDelayMs: 100, unknownScanMaxDelayMs: 200 });
    m = await seedMeeting(t);
    await t.admin({ method: 'POST', url: `/api/rounds/${(await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds } })).json().id}/open` });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers each unknown_card (later and later), and the real card after them at once with 200', async () => {
    const answers: { status: number; error: string; ms: number }[] = [];
    for (let i = 0; i < 11; i++) {
      const started = performance.now();
      const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/scan', payload: { code: madeUpCode() } });
      answers.push({ status: res.statusCode, error: res.json().error, ms: performance.now() - started });
    }
    expect(answers.map((a) => `${a.status} ${a.error}`)).toEqual(Array(11).fill('404 unknown_card'));
    // Held: from the fourth on, no answer came sooner than its hold (a lower bound: a slow machine only adds).
    expect(answers[3].ms).toBeGreaterThanOrEqual(95);
    expect(answers[4].ms).toBeGreaterThanOrEqual(195);
    const real = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/scan', payload: { code: m.codes.get('GM0001')! } });
    expect(real.statusCode).toBe(200);
    // The real card ended the streak: a misread after it is answered without a hold again.
    const after = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/scan', payload: { code: madeUpCode() } });
    expect(after.statusCode).toBe(404);
  });
});
