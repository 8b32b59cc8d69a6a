/**
 * client-kit's API client and formatters, without a browser: what every screen relies on when it
 * shows an answer, a refusal or a figure.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ApiFailure, createApi } from '../client-kit/api.ts';
import { formatDate, formatPercent, formatTime, membersText, weightText } from '../client-kit/format.ts';
import { MeetingSchema } from '../shared/schemas.ts';

const meeting = {
  id: 1,
  title: 'ALV',
  date: '2025-12-01',
  venue: null,
  requireCheckIn: true,
  allowSplit: false,
  secretMinBallots: 5,
  timeZone: 'Europe/Amsterdam',
  proxies: { allowed: false, maxPerHolder: 1 },
  weightsFrozen: false,
  createdAt: '2025-11-01T00:00:00Z',
};

/** A fetch that answers once with `status` and `body`, and records what was asked. */
function answering(status: number, body: unknown) {
  const asked: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    asked.push({ url, init });
    return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, asked };
}

async function failureOf(promise: Promise<unknown>): Promise<ApiFailure> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiFailure);
  return error as ApiFailure;
}

describe('client-kit API client', () => {
  it('gives a screen the answer as its shared schema reads it, extra fields dropped', async () => {
    const { fetch, asked } = answering(200, [{ ...meeting, secretField: 'x' }]);
    const api = createApi({ lang: () => 'en', fetch });
    expect(await api.get('/api/meetings', z.array(MeetingSchema))).toEqual([meeting]);
    expect(asked[0].init.headers).toMatchObject({ 'Accept-Language': 'en, nl;q=0.5' });
  });

  it('refuses an answer that does not match its schema (bad_response), so no screen draws it', async () => {
    const { fetch } = answering(200, [{ ...meeting, id: 'one' }]);
    const failure = await failureOf(createApi({ lang: () => 'nl', fetch }).get('/api/meetings', z.array(MeetingSchema)));
    expect(failure).toMatchObject({ reason: 'bad_response', status: 200, message: 'Onverwacht antwoord van de server.' });
  });

  it("turns a refusal into the contract's reason with the server's sentence", async () => {
    const { fetch } = answering(409, { error: 'round_already_open', message: 'Er is al een andere stemming geopend.' });
    const failure = await failureOf(createApi({ lang: () => 'nl', fetch }).post('/api/rounds/1/open', MeetingSchema));
    expect(failure).toMatchObject({ reason: 'round_already_open', status: 409, message: 'Er is al een andere stemming geopend.', retryable: false });
  });

  it('calls no answer a network failure, in the screen language, that may be retried', async () => {
    const fetch = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    const reachable: boolean[] = [];
    const failure = await failureOf(createApi({ lang: () => 'en', fetch, onReachable: (r) => reachable.push(r) }).get('/api/meetings', MeetingSchema));
    expect(failure).toMatchObject({ reason: 'network', status: null, message: 'The server cannot be reached.', retryable: true });
    expect(reachable).toEqual([false]);
  });

  it('sends a kiosk token only where it is asked for, and reports a 401', async () => {
    const { fetch, asked } = answering(401, { error: 'unauthorized', message: 'Missing or wrong credentials.' });
    const lost: string[] = [];
    const api = createApi({ lang: () => 'nl', token: 'kiosk-token', fetch, onUnauthorized: (path) => lost.push(path) });
    await failureOf(api.get('/api/kiosk/me', MeetingSchema));
    await failureOf(api.get('/api/meetings/1', MeetingSchema, { anonymous: true }));
    expect(asked.map((a) => (a.init.headers as Record<string, string>).Authorization ?? null)).toEqual(['Bearer kiosk-token', null]);
    expect(asked.every((a) => a.init.credentials === 'omit')).toBe(true);
    expect(lost).toEqual(['/api/kiosk/me', '/api/meetings/1']);
  });
});

describe('client-kit formatters', () => {
  it('never round a share to 0 or 100 when it is neither', () => {
    expect(formatPercent(1, 10_000, 'nl')).toBe('0,1%');
    expect(formatPercent(9_999, 10_000, 'nl')).toBe('99,9%');
    expect(formatPercent(1, 1_000, 'en', 0)).toBe('1%');
    expect(formatPercent(999, 1_000, 'en', 0)).toBe('99%');
    expect(formatPercent(612, 1_000, 'nl')).toBe('61,2%');
    expect(formatPercent(0, 0, 'nl')).toBe('–');
  });

  it('write weights and members with their word, never broken apart', () => {
    expect(weightText(1200, 'nl')).toBe('1.200\u00a0stemmen');
    expect(weightText(1, 'en')).toBe('1\u00a0vote');
    expect(membersText(1, 'nl')).toBe('1\u00a0lid');
  });

  it('write dates and times in Dutch and English, and leave what is no date as it is', () => {
    expect(formatDate('2025-12-01', 'nl')).toBe('1 december 2025');
    expect(formatDate('2025-12-01', 'en')).toBe('1 December 2025');
    expect(formatDate('soon', 'nl')).toBe('soon');
    expect(formatTime('not a time', 'nl')).toBe('not a time');
  });
});
