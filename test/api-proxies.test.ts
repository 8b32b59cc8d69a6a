/**
 * Proxy votes (volmacht), docs/api.md "Proxy votes (volmacht)": the meeting's rule, registering and
 * ending proxies, when a proxy is active, presence, and ballots cast on behalf of a principal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../shared/errors.ts';
import { pdfText } from './helpers/barcodes.ts';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

// GM0001 100,000 · GM0002 50,000 · GM0003 20,000 · GM0004 5,000 · GM0005 1,000
const POPULATIONS = [100_000, 50_000, 20_000, 5_000, 1_000];

/** A meeting allowing proxies (cap 2 unless said), nobody checked in yet. */
async function setup(opts: { allowed?: boolean; maxPerHolder?: number; requireCheckIn?: boolean; allowSplit?: boolean } = {}): Promise<{ t: TestApp; s: SeededMeeting }> {
  t = await makeApp();
  const s = await seedMeeting(t, { populations: POPULATIONS, checkInAll: false, requireCheckIn: opts.requireCheckIn, allowSplit: opts.allowSplit });
  if (opts.allowed ?? true) {
    const res = await t.admin({ method: 'PATCH', url: `/api/meetings/${s.meetingId}`, payload: { proxies: { allowed: true, maxPerHolder: opts.maxPerHolder ?? 2 } } });
    expect(res.statusCode).toBe(200);
  }
  return { t, s };
}

const weightOf = (s: SeededMeeting, code: string) => s.members.find((m) => m.code === code)!.weight;

async function addProxy(app: TestApp, s: SeededMeeting, principal: string, holder: string, reference?: string) {
  return app.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/proxies`, payload: { principal, holder, ...(reference ? { reference } : {}) } });
}
async function checkIn(app: TestApp, s: SeededMeeting, code: string, direction: 'in' | 'out' = 'in') {
  const res = await app.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get(code), direction } });
  expect(res.statusCode).toBe(200);
}
async function presence(app: TestApp, s: SeededMeeting) {
  return (await app.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().presence;
}
async function openRound(app: TestApp, s: SeededMeeting, extra: Record<string, unknown> = {}, motionIds = s.motionIds): Promise<number> {
  const res = await app.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds, ...extra } });
  expect(res.statusCode).toBe(201);
  const id = res.json().id as number;
  expect((await app.admin({ method: 'POST', url: `/api/rounds/${id}/open` })).statusCode).toBe(200);
  return id;
}
function ballot(app: TestApp, s: SeededMeeting, card: string, roundId: number, choice: string, onBehalfOf?: string, motionIds = s.motionIds) {
  return app.kiosk(s.votingToken, {
    method: 'POST',
    url: '/api/ballots',
    payload: { code: s.codes.get(card), roundId, nonce: nonce(), choices: motionIds.map((motionId) => ({ motionId, choice })), ...(onBehalfOf ? { onBehalfOf } : {}) },
  });
}
const scan = (app: TestApp, s: SeededMeeting, card: string) => app.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get(card) } });
async function auditOf(app: TestApp, s: SeededMeeting) {
  return (await app.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit` })).body.trim().split('\n').map((l) => JSON.parse(l) as { action: string; data: Record<string, unknown> });
}

describe('the meeting rule', () => {
  it('a meeting without proxies behaves as before: not allowed, 409 proxies_not_allowed, no proxies at the scan, onBehalfOf refused', async () => {
    const { t, s } = await setup({ allowed: false });
    const meeting = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json();
    expect(meeting.proxies).toEqual({ allowed: false, maxPerHolder: 1 });
    expect(meeting.presence).toEqual({ count: 0, weight: 0 });
    const res = await addProxy(t, s, 'GM0002', 'GM0001');
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toBe('proxies_not_allowed');
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/proxies` })).json()).toEqual([]);
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s);
    const scanned = (await scan(t, s, 'GM0001')).json();
    expect(scanned).not.toHaveProperty('proxies');
    expect(scanned).not.toHaveProperty('suspendedProxies');
    const proxied = await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002');
    expect(proxied.statusCode).toBe(409);
    expect(proxied.json().error).toBe('proxy_inactive');
    expect((await ballot(t, s, 'GM0001', roundId, 'for')).statusCode).toBe(201);
    expect((await presence(t, s))).toEqual({ count: 1, weight: weightOf(s, 'GM0001') });
  });

  it('is set at creation or by PATCH while no round was ever opened, then fixed (409 invalid_state); audited', async () => {
    t = await makeApp();
    const created = await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'AVA', date: '2026-05-01', proxies: { allowed: true, maxPerHolder: 2 } } });
    expect(created.statusCode).toBe(201);
    expect(created.json().proxies).toEqual({ allowed: true, maxPerHolder: 2 });
    const s = await seedMeeting(t, { populations: POPULATIONS, checkInAll: false });
    const bad = await t.admin({ method: 'PATCH', url: `/api/meetings/${s.meetingId}`, payload: { proxies: { allowed: true, maxPerHolder: 0 } } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('validation');
    const ok = await t.admin({ method: 'PATCH', url: `/api/meetings/${s.meetingId}`, payload: { proxies: { allowed: true, maxPerHolder: 3 } } });
    expect(ok.json().proxies).toEqual({ allowed: true, maxPerHolder: 3 });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().proxies).toEqual({ allowed: true, maxPerHolder: 3 });
    expect((await t.app.inject({ method: 'PATCH', url: `/api/meetings/${s.meetingId}`, payload: { proxies: { allowed: false } } })).statusCode).toBe(401);
    const roundId = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds } })).json().id;
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` });
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/cancel`, payload: {} });
    const late = await t.admin({ method: 'PATCH', url: `/api/meetings/${s.meetingId}`, payload: { proxies: { allowed: false } } });
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toBe('invalid_state');
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().proxies).toEqual({ allowed: true, maxPerHolder: 3 });
    expect((await auditOf(t, s)).filter((e) => e.action === 'meeting.proxies_changed').map((e) => e.data)).toEqual([{ proxies: { allowed: true, maxPerHolder: 3 } }]);
  });

  it('cannot be switched off or lowered below the proxies registered', async () => {
    const { t, s } = await setup({ maxPerHolder: 2 });
    expect((await addProxy(t, s, 'GM0002', 'GM0001')).statusCode).toBe(201);
    expect((await addProxy(t, s, 'GM0003', 'GM0001')).statusCode).toBe(201);
    for (const proxies of [{ allowed: false }, { allowed: true, maxPerHolder: 1 }]) {
      const res = await t.admin({ method: 'PATCH', url: `/api/meetings/${s.meetingId}`, payload: { proxies } });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toBe('invalid_state');
    }
  });
});

describe('registering and ending proxies', () => {
  it('registers with member codes in any case, lists them, ends them; each audited', async () => {
    const { t, s } = await setup();
    const res = await addProxy(t, s, 'gm0002', 'Gm0001', 'Volmacht 2026-17');
    expect(res.statusCode).toBe(201);
    const proxy = res.json();
    expect(proxy).toMatchObject({ principal: 'GM0002', holder: 'GM0001', reference: 'Volmacht 2026-17', state: 'suspended', endedAt: null });
    expect(typeof proxy.createdAt).toBe('string');
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/proxies` })).json()).toEqual([proxy]);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/proxies` })).statusCode).toBe(401);
    const ended = await t.admin({ method: 'DELETE', url: `/api/proxies/${proxy.id}` });
    expect(ended.statusCode).toBe(200);
    expect(ended.json()).toMatchObject({ id: proxy.id, state: 'ended' });
    expect((await t.admin({ method: 'DELETE', url: `/api/proxies/999` })).statusCode).toBe(404);
    // Ended, the principal may give a new proxy.
    expect((await addProxy(t, s, 'GM0002', 'GM0003')).statusCode).toBe(201);
    const audit = await auditOf(t, s);
    expect(audit.filter((e) => e.action.startsWith('proxy.')).map((e) => [e.action, e.data])).toEqual([
      ['proxy.registered', { proxyId: proxy.id, principal: 'GM0002', holder: 'GM0001', reference: 'Volmacht 2026-17' }],
      ['proxy.ended', { proxyId: proxy.id, principal: 'GM0002', holder: 'GM0001' }],
      ['proxy.registered', { proxyId: proxy.id + 1, principal: 'GM0002', holder: 'GM0003', reference: null }],
    ]);
  });

  it('refuses chains, a second proxy of a principal, more than the cap, and bad members, changing nothing', async () => {
    const { t, s } = await setup({ maxPerHolder: 2 });
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/GM0005/revoke` });
    expect((await addProxy(t, s, 'GM0002', 'GM0001')).statusCode).toBe(201);
    const cases: [string, string, string][] = [
      ['GM0002', 'GM0003', 'proxy_exists'],
      ['GM0003', 'GM0002', 'proxy_chain'], // the holder is itself a principal
      ['GM0001', 'GM0003', 'proxy_chain'], // the principal already holds a proxy
      ['GM0003', 'GM0003', 'validation'],
      ['GM9999', 'GM0001', 'validation'],
      ['GM0005', 'GM0001', 'validation'], // no card in this meeting
      ['GM0003', 'GM0005', 'validation'],
    ];
    for (const [principal, holder, error] of cases) {
      const res = await addProxy(t, s, principal, holder);
      expect(res.json().error, `${principal} → ${holder}`).toBe(error);
      expect(res.statusCode).toBe(error === 'validation' ? 400 : 409);
    }
    expect((await addProxy(t, s, 'GM0003', 'GM0001')).statusCode).toBe(201);
    const full = await addProxy(t, s, 'GM0004', 'GM0001');
    expect(full.statusCode).toBe(409);
    expect(full.json().error).toBe('proxy_limit');
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/proxies`, payload: { principal: 'GM0004' } })).statusCode).toBe(400);
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/proxies` })).json()).toHaveLength(2);
  });
});

describe('active and suspended; presence', () => {
  it('counts a represented member as present only while the holder is present and the principal is not', async () => {
    const { t, s } = await setup();
    const id = (await addProxy(t, s, 'GM0002', 'GM0001')).json().id;
    const state = async () => (await t!.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/proxies` })).json()[0].state;
    const w1 = weightOf(s, 'GM0001');
    const w2 = weightOf(s, 'GM0002');
    expect(await presence(t, s)).toEqual({ count: 0, weight: 0, represented: { count: 0, weight: 0 } });
    expect(await state()).toBe('suspended');
    await checkIn(t, s, 'GM0001');
    expect(await state()).toBe('active');
    expect(await presence(t, s)).toEqual({ count: 2, weight: w1 + w2, represented: { count: 1, weight: w2 } });
    await checkIn(t, s, 'GM0002'); // the principal's own card wins
    expect(await state()).toBe('suspended');
    expect(await presence(t, s)).toEqual({ count: 2, weight: w1 + w2, represented: { count: 0, weight: 0 } });
    await checkIn(t, s, 'GM0002', 'out');
    expect(await state()).toBe('active');
    await checkIn(t, s, 'GM0001', 'out');
    expect(await state()).toBe('suspended');
    expect(await presence(t, s)).toEqual({ count: 0, weight: 0, represented: { count: 0, weight: 0 } });
    await checkIn(t, s, 'GM0001');
    await t.admin({ method: 'DELETE', url: `/api/proxies/${id}` });
    expect(await presence(t, s)).toEqual({ count: 1, weight: w1, represented: { count: 0, weight: 0 } });
  });

  it('a revoked card of the holder ends its use of the proxy', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s);
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/GM0001/revoke` })).statusCode).toBeLessThan(300);
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/proxies` })).json()[0].state).toBe('suspended');
    expect((await presence(t, s)).represented).toEqual({ count: 0, weight: 0 });
    const res = await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002');
    expect(res.statusCode).toBe(403);
    // A new card for the holder: present again once checked in, and the proxy applies again.
    s.codes.set('GM0001', t.app.domain.cards.reissue(s.meetingId, 'GM0001', 'admin').code);
    await checkIn(t, s, 'GM0001');
    expect((await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002')).statusCode).toBe(201);
  });

  it('the quorum at close counts represented members', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s, { quorumPercent: 50 });
    await ballot(t, s, 'GM0001', roundId, 'for');
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(closed.tallies[0].present).toEqual({ count: 2, weight: weightOf(s, 'GM0001') + weightOf(s, 'GM0002') });
  });
});

describe('voting by proxy', () => {
  it('the scan lists active proxies; a ballot onBehalfOf is the principal’s own, with its own receipt; one per member per round', async () => {
    const { t, s } = await setup({ maxPerHolder: 2 });
    await addProxy(t, s, 'GM0002', 'GM0001');
    await addProxy(t, s, 'GM0003', 'GM0001');
    await checkIn(t, s, 'GM0001');
    await checkIn(t, s, 'GM0003'); // GM0003 came in: its proxy is suspended
    const roundId = await openRound(t, s);
    const scanned = (await scan(t, s, 'GM0001')).json();
    expect(scanned.member.code).toBe('GM0001');
    expect(scanned.proxies).toEqual([{ member: { code: 'GM0002', name: s.members[1].name, weight: weightOf(s, 'GM0002') }, ballot: null }]);
    expect(scanned.suspendedProxies).toEqual([{ code: 'GM0003', name: s.members[2].name, weight: weightOf(s, 'GM0003') }]);

    const own = await ballot(t, s, 'GM0001', roundId, 'for');
    const proxied = await ballot(t, s, 'GM0001', roundId, 'against', 'gm0002');
    expect(own.statusCode).toBe(201);
    expect(proxied.statusCode).toBe(201);
    expect(proxied.json().receipt).not.toBe(own.json().receipt);
    const suspended = await ballot(t, s, 'GM0001', roundId, 'against', 'GM0003');
    expect(suspended.statusCode).toBe(409);
    expect(suspended.json().error).toBe('proxy_inactive');
    expect((await ballot(t, s, 'GM0003', roundId, 'against', 'GM0002')).json().error).toBe('proxy_inactive'); // not its proxy
    const again = await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002');
    expect(again.json().error).toBe('already_voted');

    // The principal comes in later: its ballot was cast, it cannot vote again.
    await checkIn(t, s, 'GM0002');
    expect((await ballot(t, s, 'GM0002', roundId, 'for')).json().error).toBe('already_voted');
    const round = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(round.tallies[0].for).toEqual({ count: 1, weight: weightOf(s, 'GM0001') });
    expect(round.tallies[0].against).toEqual({ count: 1, weight: weightOf(s, 'GM0002') });
    const audit = await auditOf(t, s);
    expect(audit.find((e) => e.action === 'ballot.cast' && e.data.memberCode === 'GM0002')!.data).toMatchObject({ by: 'GM0001', weight: weightOf(s, 'GM0002') });
    expect(audit.find((e) => e.action === 'ballot.cast' && e.data.memberCode === 'GM0001')!.data).not.toHaveProperty('by');
    // The receipt check finds the principal's ballot under its own receipt.
    const ballots = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json();
    expect(JSON.stringify(ballots)).toContain(proxied.json().receipt);
  });

  it('a principal who checks in while a ballot by proxy is on its way: the first committed wins, the ballot gets 409 proxy_inactive', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s);
    const domain = t.app.domain;
    const kiosk = domain.kiosks.authenticate(s.votingToken)!;
    // Validated and queued, not yet committed: the group commit runs on the next turn of the event loop.
    const onItsWay = domain.ballots.cast(kiosk, { code: s.codes.get('GM0001')!, roundId, nonce: nonce(), choices: s.motionIds.map((motionId) => ({ motionId, choice: 'for' })), onBehalfOf: 'GM0002' });
    domain.presence.record(s.meetingId, domain.members.byCode('GM0002')!, 'in', 'test');
    const err = await onItsWay.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('proxy_inactive');
    const view = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(view.voted).toEqual({ count: 0, weight: 0 });
    // The principal's own ballot goes through.
    expect((await ballot(t, s, 'GM0002', roundId, 'for')).statusCode).toBe(201);
    // And the other way round: a ballot by proxy committed first stands; the principal then is too late.
    await checkIn(t, s, 'GM0003');
    await addProxy(t, s, 'GM0004', 'GM0003');
    expect((await ballot(t, s, 'GM0003', roundId, 'against', 'GM0004')).statusCode).toBe(201);
    await checkIn(t, s, 'GM0004');
    expect((await ballot(t, s, 'GM0004', roundId, 'for')).json().error).toBe('already_voted');
  });

  it('allow-change: the holder may change the principal’s ballot; the principal’s own card wins once present', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s, { allowChange: true });
    expect((await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002')).statusCode).toBe(201);
    expect((await ballot(t, s, 'GM0001', roundId, 'against', 'GM0002')).statusCode).toBe(201);
    const scanned = (await scan(t, s, 'GM0001')).json();
    expect(scanned.proxies[0].ballot.choices[0].choice).toBe('against');
    await checkIn(t, s, 'GM0002');
    expect((await ballot(t, s, 'GM0002', roundId, 'abstain')).statusCode).toBe(201);
    expect((await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002')).json().error).toBe('proxy_inactive');
    const round = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(round.tallies[0].abstain).toEqual({ count: 1, weight: weightOf(s, 'GM0002') });
    expect(round.voted.count).toBe(1);
  });

  it('split votes use the principal’s weight', async () => {
    const { t, s } = await setup({ allowSplit: true });
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s, {}, [s.motionIds[0]]);
    const w2 = weightOf(s, 'GM0002');
    const split = (parts: Record<string, number>) =>
      t!.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get('GM0001'), roundId, nonce: nonce(), onBehalfOf: 'GM0002', choices: [{ motionId: s.motionIds[0], split: parts }] } });
    expect((await split({ for: w2, against: 1 })).json().error).toBe('invalid_choices');
    expect((await split({ for: w2 - 1, against: 1 })).statusCode).toBe(201);
  });

  it('herstemming and practice rounds work with proxies', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const first = await openRound(t, s);
    expect((await ballot(t, s, 'GM0001', first, 'for', 'GM0002')).statusCode).toBe(201);
    const revote = await t.admin({ method: 'POST', url: `/api/rounds/${first}/revote` });
    expect(revote.statusCode).toBeLessThan(300);
    const second = revote.json().id as number;
    expect((await scan(t, s, 'GM0001')).json().proxies[0].ballot).toBeNull();
    expect((await ballot(t, s, 'GM0001', second, 'against', 'GM0002')).statusCode).toBe(201);
    await t.admin({ method: 'POST', url: `/api/rounds/${second}/close` });

    const practice = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/agenda`, payload: { items: [{ number: '1', title: 'Opening', motions: [{ ref: 'PROEF', kind: 'practice', title: 'Proef' }] }] } });
    const practiceId = practice.json().items[0].motions[0].id as number;
    const roundId = await openRound(t, s, {}, [practiceId]);
    expect((await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002', [practiceId])).statusCode).toBe(201);
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(closed.tallies[0].for).toEqual({ count: 1, weight: weightOf(s, 'GM0002') });
  });

  it('a secret round seals a ballot by proxy like any other, with no link to either member', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s, { secret: true });
    const res = await ballot(t, s, 'GM0001', roundId, 'against', 'GM0002');
    expect(res.statusCode).toBe(201);
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    const db = t.app.domain.db;
    expect(db.prepare('SELECT COUNT(*) FROM ballots WHERE round_id = ?').pluck().get(roundId)).toBe(0);
    const sealed = db.prepare('SELECT * FROM secret_ballots WHERE round_id = ?').all(roundId) as Record<string, unknown>[];
    expect(sealed).toHaveLength(1);
    expect(Object.keys(sealed[0]).sort()).toEqual(['choices', 'receipt', 'round_id']);
    const ids = (db.prepare('SELECT member_id FROM participations WHERE round_id = ?').pluck().all(roundId) as number[]).map((id) => t!.app.domain.members.byId(id)!.code);
    expect(ids).toEqual(['GM0002']);
  });

  it('a meeting without check-in: the holder’s ballot checks the holder in, never the principal', async () => {
    const { t, s } = await setup({ requireCheckIn: false });
    await addProxy(t, s, 'GM0002', 'GM0001');
    const roundId = await openRound(t, s);
    expect((await scan(t, s, 'GM0001')).json().proxies).toHaveLength(1);
    expect((await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002')).statusCode).toBe(201);
    const present = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/presence` })).json().map((m: { code: string }) => m.code);
    expect(present).toEqual(['GM0001']);
    expect((await presence(t, s)).represented).toEqual({ count: 1, weight: weightOf(s, 'GM0002') });
  });

  it('the roll call and results.csv name the holder of a ballot cast by proxy', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s);
    await ballot(t, s, 'GM0001', roundId, 'for');
    await ballot(t, s, 'GM0001', roundId, 'against', 'GM0002');
    const open = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    const entry = (code: string, r: { rollCall: { memberCode: string }[] }) => r.rollCall.find((e) => e.memberCode === code);
    expect(entry('GM0002', open)).toMatchObject({ by: 'GM0001', byName: s.members[0].name });
    expect(entry('GM0001', open)).not.toHaveProperty('by');
    // The roll call's own answer (GET /api/rounds/:id/roll-call) says the same, open and closed.
    const rollCall = async () => ({ rollCall: (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/roll-call` })).json().entries });
    expect(entry('GM0002', await rollCall())).toMatchObject({ by: 'GM0001', byName: s.members[0].name });
    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(entry('GM0002', closed)).toMatchObject({ by: 'GM0001' });
    expect(entry('GM0002', await rollCall())).toMatchObject({ by: 'GM0001' });
    const csv = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/results.csv` })).body;
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/;volmacht$/); // Dutch by default; `by` with ?lang=en
    const en = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}/results.csv?lang=en` })).body;
    expect(en.replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/,by$/);
    expect(lines.find((l) => l.includes('GM0002'))).toContain(`via volmacht GM0001 ${s.members[0].name}`);
    expect(lines.find((l) => l.includes('GM0001') && !l.includes('via volmacht'))).toBeDefined();
  });

  it('the voting record and the report say "via volmacht" with the holder; the report lists the proxies', async () => {
    const { t, s } = await setup();
    await addProxy(t, s, 'GM0002', 'GM0001', 'Formulier 17');
    await checkIn(t, s, 'GM0001');
    const roundId = await openRound(t, s);
    await ballot(t, s, 'GM0001', roundId, 'for', 'GM0002');
    await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` });
    const record = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.csv` })).body;
    expect(record.split(/\r?\n/).find((l) => l.startsWith('GM0002'))).toContain(`voor (via volmacht GM0001 ${s.members[0].name})`);
    const pdf = await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/report.pdf` });
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('via volmacht GM0001');
    expect(text).toContain('Volmachten');
    expect(text).toContain('Formulier 17');
  });
});
