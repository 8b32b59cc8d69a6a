import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { makeApp, seedMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
beforeEach(async () => {
  t = await makeApp();
});
afterEach(() => t.close());

const members = () => t.app.inject({ method: 'GET', url: '/api/members' }).then((r) => r.json() as { code: string; name: string; weight: number; population: number; province: string | null }[]);

describe('PUT /api/members', () => {
  it('imports JSON, computes missing weights by the VNG rule, keeps explicit ones, upserts by code', async () => {
    let res = await t.admin({
      method: 'PUT',
      url: '/api/members',
      payload: [
        { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland', population: 931_298 },
        { code: 'GM0088', name: 'Schiermonnikoog', province: 'Fryslân', population: 982 },
        { code: 'GM1900', name: 'Súdwest-Fryslân', province: 'Fryslân', population: 91_977, weight: 12 },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ inserted: 3, updated: 0 });
    expect((await members()).map((m) => [m.name, m.weight])).toEqual([
      ['Amsterdam', 75],
      ['Schiermonnikoog', 1],
      ['Súdwest-Fryslân', 12],
    ]);
    res = await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'GM0088', name: 'Schiermonnikoog', population: 5_100 }] });
    expect(res.json()).toEqual({ inserted: 0, updated: 1 });
    expect((await members()).find((m) => m.code === 'GM0088')!.weight).toBe(5);
  });

  it('imports CSV with quoted fields and UTF-8 names', async () => {
    const csv = 'code,name,province,population\nGM0518,"\'s-Gravenhage",Zuid-Holland,562839\nGM1900,"Súdwest-Fryslân",Fryslân,91977\nGM9999,"Dorp, aan de ""Zee""",,1500\n';
    const res = await t.admin({ method: 'PUT', url: '/api/members', payload: csv, headers: { 'content-type': 'text/csv; charset=utf-8' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ inserted: 3, updated: 0 });
    const list = await members();
    expect(list.map((m) => m.name)).toEqual(["'s-Gravenhage", 'Dorp, aan de "Zee"', 'Súdwest-Fryslân']);
    expect(list.find((m) => m.code === 'GM9999')).toMatchObject({ province: null, weight: 1 });
  });

  it('sends a large list with UTF-8 names whole and with the right length (a large body goes out as a Buffer)', async () => {
    const rows = Array.from({ length: 800 }, (_, i) => ({ code: `GM${String(i).padStart(4, '0')}`, name: `Súdwest-Fryslân ${i} — Ĳsselmeer`, province: 'Fryslân', population: 1000 + i }));
    expect((await t.admin({ method: 'PUT', url: '/api/members', payload: rows })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: '/api/members' });
    expect(res.rawPayload.length).toBeGreaterThan(64 * 1024);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const names = (res.json() as { name: string }[]).map((m) => m.name);
    expect(new Set(names)).toEqual(new Set(rows.map((r) => r.name)));
  });

  it('is all or nothing: one bad row is named and nothing is stored', async () => {
    const res = await t.admin({
      method: 'PUT',
      url: '/api/members',
      payload: [
        { code: 'GM0001', name: 'Goed', population: 1000 },
        { code: 'GM0002', name: 'Fout', population: -5 },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('validation');
    expect(res.json().message).toBe('Rij 2, kolom inwonertal: "-5" is geen geheel getal van 0 of meer.');
    expect(await members()).toEqual([]);
    const csv = await t.admin({ method: 'PUT', url: '/api/members', payload: 'code,name,province,population\nGM1,A,X,10\nGM2,B,X,veel\n', headers: { 'content-type': 'text/csv' } });
    // Rows as a spreadsheet numbers them: the header is row 1.
    expect(csv.json().message).toBe('Rij 3, kolom inwonertal: "veel" is geen geheel getal van 0 of meer.');
    const dup = await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'GM1', name: 'A', population: 1 }, { code: 'GM1', name: 'B', population: 1 }] });
    expect(dup.json().error).toBe('validation');
    expect(await members()).toEqual([]);
  });

  it('needs the admin token', async () => {
    expect((await t.app.inject({ method: 'PUT', url: '/api/members', payload: [] })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: '/api/members', payload: [], headers: { authorization: 'Bearer wrong-token' } })).json().error).toBe('unauthorized');
  });
});

describe('weight scheme', () => {
  it('starts with the VNG rule', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/weight-scheme' })).json()).toEqual({ kind: 'proportional', perInhabitants: 1000, min: 1, max: 75, rounding: 'floor' });
  });

  it('recomputes members without an explicit weight; frozen meetings keep theirs', async () => {
    const s = await seedMeeting(t, { populations: [100_000, 3_500] });
    await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'GM0003', name: 'Vast', population: 10, weight: 7 }] });
    const res = await t.admin({ method: 'PUT', url: '/api/weight-scheme', payload: { kind: 'brackets', brackets: [{ minPopulation: 0, weight: 2 }, { minPopulation: 50_000, weight: 10 }] } });
    expect(res.statusCode).toBe(200);
    expect((await members()).map((m) => m.weight)).toEqual([10, 2, 7]);
    // The meeting froze 75 and 3 when its cards were issued.
    const scan = await t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get('GM0001') } });
    expect(scan.json().member.weight).toBe(75);
  });

  it('refuses bad schemes', async () => {
    for (const bad of [
      { kind: 'brackets', brackets: [{ minPopulation: 5, weight: 1 }] },
      { kind: 'brackets', brackets: [{ minPopulation: 0, weight: 1 }, { minPopulation: 0, weight: 2 }] },
      { kind: 'proportional', perInhabitants: 0, min: 1, max: 75, rounding: 'floor' },
      { kind: 'proportional', perInhabitants: 1000, min: 10, max: 5, rounding: 'floor' },
      { kind: 'proportional', perInhabitants: 1000, min: 1, max: 75, rounding: 'half' },
      { kind: 'other' },
    ]) {
      const res = await t.admin({ method: 'PUT', url: '/api/weight-scheme', payload: bad });
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toBe('validation');
    }
    expect((await t.app.inject({ method: 'GET', url: '/api/weight-scheme' })).json().kind).toBe('proportional');
  });
});

describe('meetings and agenda', () => {
  it('creates a meeting and its agenda with refs, kinds, submitters, supporters and advice', async () => {
    const m = await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Najaars ALV 2023', date: '2023-12-01', venue: 'Beatrixtheater, Utrecht' } });
    expect(m.statusCode).toBe(201);
    expect(m.json()).toMatchObject({ id: 1, title: 'Najaars ALV 2023', date: '2023-12-01', venue: 'Beatrixtheater, Utrecht', requireCheckIn: true });
    const a = await t.admin({
      method: 'POST',
      url: '/api/meetings/1/agenda',
      payload: {
        items: [
          {
            number: '8a',
            title: 'Klimaatakkoord',
            motions: [
              { ref: '8a.P', kind: 'proposal', title: 'Voorstel', submitters: [] },
              { ref: '8a.A1', kind: 'amendment', title: 'Normering', submitters: ['GM0772'], supporters: ['GM0363'], submittedOn: '2023-11-20', amends: '8a.P', boardAdvice: 'adopt', boardAdviceText: 'Terecht.' },
            ],
          },
        ],
      },
    });
    expect(a.statusCode).toBe(201);
    const amendment = a.json().items[0].motions[1];
    expect(amendment).toMatchObject({ ref: '8a.A1', kind: 'amendment', submitters: ['GM0772'], supporters: ['GM0363'], submittedOn: '2023-11-20', amends: '8a.P', boardAdvice: 'adopt', boardAdviceText: 'Terecht.', status: 'submitted' });
    const detail = (await t.app.inject({ method: 'GET', url: '/api/meetings/1' })).json();
    expect(detail.agenda[0].number).toBe('8a');
    expect(detail.rounds).toEqual([]);
    expect(detail.presence).toEqual({ count: 0, weight: 0 });
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings' })).json()).toHaveLength(1);
  });

  it('refuses duplicate refs, amendments of nothing, bad dates, unknown meetings', async () => {
    await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2023-12-01' } });
    const post = (items: unknown) => t.admin({ method: 'POST', url: '/api/meetings/1/agenda', payload: { items } });
    expect((await post([{ number: '1', title: 'x', motions: [{ ref: 'A', kind: 'motion', title: 't', submitters: [] }, { ref: 'A', kind: 'motion', title: 't', submitters: [] }] }])).json().error).toBe('validation');
    expect((await post([{ number: '1', title: 'x', motions: [{ ref: 'B', kind: 'amendment', title: 't', submitters: [], amends: 'NOPE' }] }])).json().message).toContain('NOPE');
    expect((await post([{ number: '1', title: 'x', motions: [{ ref: 'C', kind: 'amendment', title: 't', submitters: [] }] }])).json().error).toBe('validation');
    expect((await post([{ number: '1', title: 'x', motions: [{ ref: 'D', kind: 'wish', title: 't', submitters: [] }] }])).json().error).toBe('validation');
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/1' })).json().agenda).toEqual([]);
    expect((await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'ALV', date: '2023-02-30' } })).json().error).toBe('validation');
    expect((await t.admin({ method: 'POST', url: '/api/meetings', payload: { date: '2023-02-01' } })).json().message).toContain('title');
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/77' })).json().error).toBe('not_found');
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/abc' })).json().error).toBe('validation');
    expect((await t.admin({ method: 'POST', url: '/api/meetings/77/agenda', payload: { items: [] } })).json().error).toBe('not_found');
  });
});

describe('cards', () => {
  it('issues digits-only codes to every member without one, freezing the weights; stores only hashes', async () => {
    const s = await seedMeeting(t, { populations: [10_000, 20_000] });
    expect([...s.codes.values()].every((c) => /^\d{25}$/.test(c))).toBe(true);
    const again = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards` });
    expect(again.statusCode).toBe(201);
    expect(again.json().cards).toEqual([]);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().weightsFrozen).toBe(true);
    const db = new Database(t.dbPath, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM cards').all()) + JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
    for (const code of s.codes.values()) expect(dump).not.toContain(code);
    db.close();
    expect(statSync(`${t.dbPath}.key`).mode & 0o777).toBe(0o600);
  });

  it('refuses unknown members, double issue, revoking twice, unknown meetings', async () => {
    const s = await seedMeeting(t, { populations: [10_000] });
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards`, payload: { members: ['GM9999'] } })).json().error).toBe('not_found');
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards`, payload: { members: ['GM0001'] } })).json().error).toBe('invalid_state');
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/GM0001/revoke` })).statusCode).toBe(200);
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/GM0001/revoke` })).json().error).toBe('invalid_state');
    expect((await t.admin({ method: 'POST', url: '/api/meetings/99/cards' })).json().error).toBe('not_found');
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/GM9999/reissue` })).json().error).toBe('not_found');
  });

  it('revoke withdraws the card: it reads revoked_card, the member is no longer present or entitled', async () => {
    const s = await seedMeeting(t, { populations: [10_000, 20_000] });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().presence).toEqual({ count: 2, weight: 30 });
    await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/cards/GM0002/revoke` });
    const res = await t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get('GM0002') } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error).toBe('revoked_card');
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().presence).toEqual({ count: 1, weight: 10 });
  });
});

describe('kiosks and presence', () => {
  it('pairs kiosks with a URL that opens them paired; lists them without tokens; revocation is immediate', async () => {
    const s = await seedMeeting(t, { populations: [10_000] });
    const pair = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/kiosks`, payload: { name: 'Zaal', mode: 'voting' } });
    expect(pair.statusCode).toBe(201);
    const { id, token, url } = pair.json();
    expect(url).toBe(`http://127.0.0.1:3000/kiosk/#token=${token}`);
    const me = await t.kiosk(token, { method: 'GET', url: '/api/kiosk/me' });
    expect(me.json()).toMatchObject({ id, name: 'Zaal', mode: 'voting', meetingId: s.meetingId });
    const list = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/kiosks` })).json();
    expect(list).toHaveLength(3);
    expect(JSON.stringify(list)).not.toContain(token);
    expect((await t.admin({ method: 'DELETE', url: `/api/kiosks/${id}` })).json().revokedAt).not.toBeNull();
    expect((await t.kiosk(token, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get('GM0001') } })).statusCode).toBe(401);
    expect((await t.admin({ method: 'DELETE', url: '/api/kiosks/999' })).json().error).toBe('not_found');
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/kiosks`, payload: { name: 'X', mode: 'exit' } })).json().error).toBe('validation');
  });

  it('check-in and check-out are idempotent and change presence with the member weight', async () => {
    const s = await seedMeeting(t, { populations: [75_000, 9_000], checkInAll: false });
    const scan = (code: string, direction?: string) => t.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code, ...(direction ? { direction } : {}) } });
    const a = s.codes.get('GM0001')!;
    let res = await scan(a);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ member: { code: 'GM0001', name: s.members[0].name, weight: 75 }, present: true, changed: true });
    res = await scan(a);
    expect(res.json()).toMatchObject({ present: true, changed: false });
    const presence = (await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/presence` })).json();
    expect(presence).toEqual([expect.objectContaining({ code: 'GM0001', weight: 75 })]);
    res = await scan(a, 'out');
    expect(res.json()).toMatchObject({ present: false, changed: true });
    expect((await scan(a, 'out')).json()).toMatchObject({ present: false, changed: false });
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}` })).json().presence).toEqual({ count: 0, weight: 0 });
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/checkins', payload: { code: a } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/presence` })).statusCode).toBe(401);
    expect((await scan('')).json().error).toBe('validation');
    expect((await scan(a, 'sideways')).json().error).toBe('validation');
  });
});

describe('GET /healthz and errors', () => {
  it('answers ok', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ ok: true });
  });

  it('answers unknown paths, bad JSON and bodies over 1 MiB in the contract shape', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/nothing' })).json()).toEqual({ error: 'not_found', message: 'Niet gevonden.' });
    const bad = await t.admin({ method: 'POST', url: '/api/meetings', payload: '{"title":', headers: { 'content-type': 'application/json' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('validation');
    const big = await t.admin({ method: 'POST', url: '/api/meetings', payload: JSON.stringify({ title: 'x'.repeat(1024 * 1024), date: '2024-01-01' }), headers: { 'content-type': 'application/json' } });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toEqual({ error: 'payload_too_large', message: 'De invoer is te groot (maximaal 1 MiB).' });
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings' })).json()).toEqual([]);
  });

  it('serves the OpenAPI description generated from the schemas at /docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/docs/json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/ballots', '/api/scan', '/api/rounds/{id}', '/api/meetings/{id}/cards']));
    expect(JSON.stringify(spec.paths['/api/ballots'])).toContain('nonce');
  });
});
