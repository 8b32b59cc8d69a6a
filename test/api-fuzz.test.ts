/**
 * Rule 8 of the product, property-based: random and hostile bodies, ids, headers and card codes
 * never produce a 500, always get the contract's error shape `{error, message}` with a reason of
 * docs/api.md and its status, and a refused request changes nothing (database and live tallies).
 */
import { createHash } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_STATUS, type ErrorReason } from '../shared/errors.ts';
import { ADMIN_TOKEN, makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

// Deterministic in `npm test`; set STEMKAART_FUZZ_SEED to explore other inputs.
const seed = Number(process.env.STEMKAART_FUZZ_SEED ?? 20231201);

let t: TestApp;
let m: SeededMeeting;
let openRoundId: number;
let draftRoundId: number;

// Each test its own database (STYLE.md 11).
beforeEach(async () => {
  // A high general limit: this test is one client making thousands of requests.
  // No hold on unknown codes (test/kiosk-guessing.test.ts has them): 300 unknown codes in a row here.
  t = await makeApp({ rateLimitMax: 1_000_000, unknownScanDelayMs: 0 });
  m = await seedMeeting(t, { populations: [100_000, 40_000, 9_000], motions: 3 });
  openRoundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: m.motionIds.slice(0, 2) } })).json().id;
  await t.admin({ method: 'POST', url: `/api/rounds/${openRoundId}/open` });
  const code = m.codes.values().next().value!;
  await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', payload: { code, roundId: openRoundId, choices: m.motionIds.slice(0, 2).map((motionId) => ({ motionId, choice: 'for' })), nonce: 'fuzz-setup-nonce-1' } });
  draftRoundId = (await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/rounds`, payload: { motionIds: [m.motionIds[2]] } })).json().id;
});

afterEach(async () => {
  await t.close();
});

/** Every row of every table, and the live tally of the open round: what a request could change. */
function stateDigest(): string {
  const db = t.app.domain.db;
  const hash = createHash('sha256');
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  for (const table of tables) {
    const rows = db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[];
    const lines = rows.map((r) => JSON.stringify(r, (_k, v) => (v && typeof v === 'object' && v.type === 'Buffer' ? Buffer.from(v.data).toString('hex') : v))).sort();
    hash.update(`${table}\n${lines.join('\n')}\n`);
  }
  hash.update(JSON.stringify(t.app.domain.rounds.view(openRoundId, 'admin')));
  return hash.digest('hex');
}

const ROUTES: { method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string }[] = [
  { method: 'GET', path: '/api/members' },
  { method: 'PUT', path: '/api/members' },
  { method: 'GET', path: '/api/weight-scheme' },
  { method: 'PUT', path: '/api/weight-scheme' },
  { method: 'POST', path: '/api/meetings' },
  { method: 'GET', path: '/api/meetings/:id' },
  { method: 'POST', path: '/api/meetings/:id/agenda' },
  { method: 'POST', path: '/api/motions/:id/withdraw' },
  { method: 'PATCH', path: '/api/motions/:id' },
  { method: 'DELETE', path: '/api/motions/:id' },
  { method: 'PATCH', path: '/api/agenda-items/:id' },
  { method: 'DELETE', path: '/api/agenda-items/:id' },
  { method: 'GET', path: '/api/meetings/:id/projector' },
  { method: 'PUT', path: '/api/meetings/:id/projector' },
  { method: 'GET', path: '/api/meetings/:id/voting-record.json' },
  { method: 'GET', path: '/api/meetings/:id/voting-record.csv' },
  { method: 'GET', path: '/api/meetings/:id/voting-order' },
  { method: 'POST', path: '/api/motions/:id/manual-result' },
  { method: 'POST', path: '/api/meetings/:id/cards' },
  { method: 'GET', path: '/api/meetings/:id/cards' },
  { method: 'POST', path: '/api/meetings/:id/cards/:code/reissue' },
  { method: 'POST', path: '/api/meetings/:id/cards/:code/revoke' },
  { method: 'POST', path: '/api/meetings/:id/kiosks' },
  { method: 'GET', path: '/api/meetings/:id/kiosks' },
  { method: 'DELETE', path: '/api/kiosks/:id' },
  { method: 'POST', path: '/api/checkins' },
  { method: 'GET', path: '/api/meetings/:id/presence' },
  { method: 'POST', path: '/api/meetings/:id/presence' },
  { method: 'POST', path: '/api/scan' },
  { method: 'POST', path: '/api/ballots' },
  { method: 'POST', path: '/api/meetings/:id/rounds' },
  { method: 'GET', path: '/api/meetings/:id/rounds' },
  { method: 'POST', path: '/api/rounds/:id/open' },
  { method: 'POST', path: '/api/rounds/:id/close' },
  { method: 'POST', path: '/api/rounds/:id/cancel' },
  { method: 'POST', path: '/api/rounds/:id/revote' },
  { method: 'GET', path: '/api/rounds/:id' },
  { method: 'GET', path: '/api/rounds/:id/ballots' },
  { method: 'GET', path: '/api/meetings/:id/audit' },
  { method: 'GET', path: '/api/meetings/:id/audit/verify' },
  { method: 'POST', path: '/api/session' },
  { method: 'GET', path: '/api/session' },
  { method: 'DELETE', path: '/api/session' },
];

const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('', ' ', '0', '-1', '1e309', 'NaN', 'null', 'undefined', '__proto__', 'constructor', '../../etc/passwd', '%00', '\u0000', "'; DROP TABLE ballots; --", '<script>alert(1)</script>', '9'.repeat(400), 'A'.repeat(5000)),
);

/** Things a kiosk might read from a card: real-looking digits, mistyped, garbled, foreign. */
const cardCode = fc.oneof(
  fc.stringMatching(/^\d{25}$/),
  fc.stringMatching(/^\d{1,40}$/),
  fc.stringMatching(/^[0-9A-Z-]{1,32}$/),
  fc.constantFrom('0000000000000000000000000', ' 12345 67890 12345 67890 12345 ', 'gm0001'),
  hostileString,
);
/** A real card of the meeting now and then, so that the checks behind the card lookup are reached. */
const anyCode = fc.oneof(cardCode, fc.nat().map((i) => [...m.codes.values()][i % m.codes.size]));

const id = fc.oneof(
  fc.integer({ min: -5, max: 20 }).map(String),
  fc.constantFrom('0', '-1', '1.5', '1e3', '0x10', '99999999999999999999999', ' 1', '1 ', 'abc', '%20', '..', ''),
  fc.string({ maxLength: 10 }).map(encodeURIComponent),
);

const jsonValue = fc.oneof(
  { maxDepth: 3 },
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 3, withNullPrototype: false }).map((v) => {
    try {
      return JSON.parse(JSON.stringify(v) ?? 'null') as unknown;
    } catch {
      return null;
    }
  }),
);

function choicesArb() {
  return fc.oneof(
    fc.array(fc.record({ motionId: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.integer(), fc.string()), choice: fc.oneof(fc.constantFrom('for', 'against', 'abstain', 'FOR', 'yes', ''), fc.string()) }, { requiredKeys: [] }), { maxLength: 5 }),
    jsonValue,
  );
}

/** Bodies shaped like the real ones, with every field possibly wrong, plus anything at all. */
const body = fc.oneof(
  jsonValue,
  fc.record({ code: anyCode, roundId: fc.oneof(fc.integer(), id), choices: choicesArb(), nonce: fc.oneof(fc.string({ minLength: 0, maxLength: 80 }), jsonValue) }, { requiredKeys: [] }),
  fc.record({ code: anyCode, direction: fc.oneof(fc.constantFrom('in', 'out', 'sideways'), jsonValue) }, { requiredKeys: [] }),
  fc.record({ motionIds: fc.oneof(fc.array(fc.integer({ min: -2, max: 10 }), { maxLength: 4 }), jsonValue), secret: jsonValue, allowChange: jsonValue, majority: fc.oneof(fc.constantFrom('simple', 'two_thirds', 'unanimous'), jsonValue), quorumPercent: fc.oneof(fc.integer({ min: -10, max: 200 }), jsonValue) }, { requiredKeys: [] }),
  fc.record({ title: hostileString, date: fc.oneof(fc.constantFrom('2023-02-30', '2023-12-01', '1-1-1', ''), hostileString), requireCheckIn: jsonValue }, { requiredKeys: [] }),
  fc.record({ token: hostileString, name: hostileString, mode: fc.oneof(fc.constantFrom('checkin', 'voting', 'admin'), jsonValue) }, { requiredKeys: [] }),
  fc.array(fc.record({ code: hostileString, name: hostileString, population: fc.oneof(fc.integer({ min: -10, max: 10 }), fc.double(), jsonValue), weight: jsonValue }, { requiredKeys: [] }), { maxLength: 3 }),
  fc.record({ kind: fc.constantFrom('proportional', 'brackets', 'other'), perInhabitants: jsonValue, min: jsonValue, max: jsonValue, rounding: jsonValue, brackets: jsonValue }, { requiredKeys: ['kind'] }),
  fc.record({ items: fc.array(fc.record({ number: hostileString, title: hostileString, motions: jsonValue }, { requiredKeys: [] }), { maxLength: 2 }) }, { requiredKeys: [] }),
  fc.record({ ref: hostileString, kind: fc.oneof(fc.constantFrom('motion', 'practice', 'amendment', 'besluit'), jsonValue), title: hostileString, text: fc.oneof(hostileString, jsonValue), amends: fc.oneof(fc.constantFrom('7.1', '7.2', null), hostileString), number: hostileString }, { requiredKeys: [] }),
  fc.record({ show: fc.oneof(fc.constantFrom('auto', 'motion', 'round'), jsonValue), motionId: fc.oneof(fc.integer({ min: -1, max: 5 }), jsonValue) }, { requiredKeys: [] }),
  fc.record({ outcome: fc.oneof(fc.constantFrom('adopted', 'rejected', 'maybe'), jsonValue), reason: hostileString, memberCode: hostileString }, { requiredKeys: [] }),
);

type Role = 'none' | 'admin' | 'voting' | 'checkin' | 'garbage';
const role = fc.constantFrom<Role>('none', 'admin', 'voting', 'checkin', 'garbage', 'garbage');

function authHeader(r: Role, garbage: string): Record<string, string> {
  switch (r) {
    case 'admin':
      return { authorization: `Bearer ${ADMIN_TOKEN}` };
    case 'voting':
      return { authorization: `Bearer ${m.votingToken}` };
    case 'checkin':
      return { authorization: `Bearer ${m.checkinToken}` };
    case 'garbage':
      return { authorization: garbage };
    default:
      return {};
  }
}

const request = fc.record({
  route: fc.constantFrom(...ROUTES),
  ids: fc.array(fc.oneof(id, fc.constantFrom('1', '2', '3')), { minLength: 2, maxLength: 2 }),
  memberCode: fc.oneof(fc.constantFrom('GM0001', 'GM0002', 'GM9999'), hostileString.map(encodeURIComponent)),
  role,
  garbageAuth: fc.oneof(fc.string({ maxLength: 60 }).filter((s) => !/[\r\n]/.test(s) && /^[\x20-\x7e]*$/.test(s)), fc.constantFrom('Bearer', 'Bearer ', 'Basic YWRtaW46YWRtaW4=', `bearer ${'x'.repeat(300)}`)),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/csv', 'text/plain', 'application/xml', 'multipart/form-data', 'application/x-www-form-urlencoded', 'garbage/type', undefined),
  acceptLanguage: fc.oneof(fc.constantFrom('en', 'nl', 'en;q=0.1, nl', 'fr', '*', ';;;q=abc', ''), fc.string({ maxLength: 20 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
  body: fc.oneof(body.map((b) => ({ kind: 'json' as const, value: b })), fc.string({ maxLength: 200 }).map((s) => ({ kind: 'raw' as const, value: s }))),
});

type Request = typeof request extends fc.Arbitrary<infer T> ? T : never;

function toInject(r: Request): InjectOptions {
  let [first, second] = r.ids;
  // Keep the ids in the seeded range often enough to reach the handlers' own checks.
  if (first === '1' && r.route.path.startsWith('/api/rounds')) first = String(openRoundId);
  if (second === '2' && r.route.path.startsWith('/api/rounds')) second = String(draftRoundId);
  const path = r.route.path.replace(':id', first || second).replace(':code', r.memberCode);
  const headers: Record<string, string> = { ...authHeader(r.role, r.garbageAuth) };
  if (r.acceptLanguage) headers['accept-language'] = r.acceptLanguage;
  const opts: InjectOptions = { method: r.route.method, url: path, headers };
  if (r.route.method !== 'GET') {
    if (r.contentType) headers['content-type'] = r.contentType;
    opts.payload = r.body.kind === 'json' ? JSON.stringify(r.body.value) : r.body.value;
  }
  return opts;
}

/** The contract's error shape with a reason from docs/api.md and its status. */
function expectContractError(status: number, text: string, what: string) {
  expect(status, what).toBeLessThan(500);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`${what}: not JSON: ${text.slice(0, 200)}`);
  }
  expect(Object.keys(parsed).sort(), what).toEqual(['error', 'message']);
  expect(typeof parsed.message, what).toBe('string');
  expect((parsed.message as string).length, what).toBeGreaterThan(0);
  const reason = parsed.error as ErrorReason;
  expect(Object.keys(ERROR_STATUS), what).toContain(reason);
  expect(ERROR_STATUS[reason], `${what}: ${text}`).toBe(status);
}

describe('every route under random and hostile input', () => {
  it('never answers 500, always answers errors in the contract shape, and a refused request changes nothing', async () => {
    let before = stateDigest();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const opts = toInject(r);
        const res = await t.app.inject(opts);
        const what = `${opts.method} ${opts.url} (${r.role}) → ${res.statusCode}`;
        if (res.statusCode >= 400) {
          expectContractError(res.statusCode, res.body, what);
          expect(stateDigest(), `${what} changed the state`).toBe(before);
        } else {
          expect(res.statusCode, what).toBeLessThan(300);
          // By chance a valid request: it may have changed something legitimately.
          before = stateDigest();
        }
      }),
      { numRuns: 600, seed },
    );
  }, 120_000);

  it('card codes of every shape, scanned at both kiosks, never count, never 500, never change state', async () => {
    const { checkinToken, votingToken } = m;
    // 429 rate_limited (too many unknown codes at one kiosk) is a contract answer too.
    const before = stateDigest();
    await fc.assert(
      fc.asyncProperty(cardCode, fc.constantFrom('/api/scan', '/api/checkins', '/api/ballots'), async (code, url) => {
        const token = url === '/api/checkins' ? checkinToken : votingToken;
        const payload = url === '/api/ballots' ? { code, roundId: openRoundId, choices: m.motionIds.slice(0, 2).map((motionId) => ({ motionId, choice: 'against' })), nonce: 'fuzz-code-nonce-1' } : { code };
        const res = await t.kiosk(token, { method: 'POST', url, payload });
        expectContractError(res.statusCode, res.body, `${url} ${JSON.stringify(code)}`);
        expect(['validation', 'unknown_card', 'rate_limited']).toContain(res.json().error);
      }),
      { numRuns: 300, seed },
    );
    expect(stateDigest()).toBe(before);
  }, 120_000);

  it('a body over 1 MiB is refused with 413 payload_too_large', async () => {
    const before = stateDigest();
    const res = await t.kiosk(m.votingToken, { method: 'POST', url: '/api/ballots', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ code: '1'.repeat(1_100_000) }) });
    expectContractError(res.statusCode, res.body, 'big body');
    expect(res.json().error).toBe('payload_too_large');
    expect(stateDigest()).toBe(before);
  });

  it('prototype pollution attempts change nothing', async () => {
    const before = stateDigest();
    for (const payload of ['{"__proto__":{"admin":true},"code":"1"}', '{"constructor":{"prototype":{"x":1}}}', '[{"__proto__":{"weight":75}}]']) {
      const res = await t.admin({ method: 'PUT', url: '/api/members', headers: { 'content-type': 'application/json' }, payload });
      expectContractError(res.statusCode, res.body, payload);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(stateDigest()).toBe(before);
  });
});
