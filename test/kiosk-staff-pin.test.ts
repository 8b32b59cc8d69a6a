/**
 * Issue 23, point 8: a kiosk's Beheer settings opened with a 3 s press and no secret. The chair sets
 * a staff PIN per meeting (stored hashed); a kiosk asks for it after the press. Without a PIN set a
 * kiosk opens Beheer as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

let t: TestApp;
let m: SeededMeeting;
beforeAll(async () => {
  t = await makeApp();
  m = await seedMeeting(t);
});
afterAll(async () => {
  await t.close();
});

const pinState = (token: string) => t.kiosk(token, { method: 'GET', url: '/api/kiosk/staff-pin' });
const tryPin = (token: string, pin: string) => t.kiosk(token, { method: 'POST', url: '/api/kiosk/staff-pin', payload: { pin } });

describe('the staff PIN of a meeting\'s kiosks', () => {
  it('is asked only once the chair set one; right opens, wrong is refused; stored hashed; removable', async () => {
    expect((await pinState(m.votingToken)).json()).toEqual({ pinSet: false });
    expect((await tryPin(m.votingToken, '')).statusCode).toBe(200);

    expect((await t.app.inject({ method: 'PUT', url: `/api/meetings/${m.meetingId}/kiosk-pin`, payload: { pin: '2468' } })).statusCode).toBe(401);
    expect((await t.admin({ method: 'PUT', url: `/api/meetings/${m.meetingId}/kiosk-pin`, payload: { pin: '12' } })).statusCode).toBe(400);
    const set = await t.admin({ method: 'PUT', url: `/api/meetings/${m.meetingId}/kiosk-pin`, payload: { pin: '246813' } });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toEqual({ pinSet: true });
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/kiosk-pin` })).json()).toEqual({ pinSet: true });

    for (const token of [m.votingToken, m.checkinToken]) {
      expect((await pinState(token)).json()).toEqual({ pinSet: true });
      expect((await tryPin(token, '246813')).statusCode).toBe(200);
      const wrong = await tryPin(token, '111111');
      expect(wrong.statusCode).toBe(403);
    }
    // Hashed: the PIN itself is nowhere in the database or the audit log.
    const stored = t.app.domain.db.prepare('SELECT kiosk_pin_hash FROM meetings WHERE id = ?').pluck().get(m.meetingId) as string;
    expect(stored).not.toContain('246813');
    expect(stored).toMatch(/^[0-9a-f]{32}:[0-9a-f]{64}$/);
    const audit = await t.admin({ method: 'GET', url: `/api/meetings/${m.meetingId}/audit` });
    expect(audit.body).toContain('meeting.kiosk_pin');
    expect(audit.body).not.toContain('246813');
    // Without a kiosk token: refused.
    expect((await t.app.inject({ method: 'POST', url: '/api/kiosk/staff-pin', payload: { pin: '246813' } })).statusCode).toBe(401);

    expect((await t.admin({ method: 'PUT', url: `/api/meetings/${m.meetingId}/kiosk-pin`, payload: { pin: null } })).json()).toEqual({ pinSet: false });
    expect((await pinState(m.votingToken)).json()).toEqual({ pinSet: false });
  });

  it('refuses further tries at a kiosk after 10 wrong PINs a minute, the right one too', async () => {
    await t.admin({ method: 'PUT', url: `/api/meetings/${m.meetingId}/kiosk-pin`, payload: { pin: '97531' } });
    // One wrong PIN was tried at this kiosk in the test above: nine more make ten.
    for (let i = 0; i < 9; i++) expect((await tryPin(m.votingToken, String(10000 + i))).statusCode).toBe(403);
    expect((await tryPin(m.votingToken, '10010')).statusCode).toBe(429);
    expect((await tryPin(m.votingToken, '97531')).statusCode).toBe(429);
    // Another kiosk of the meeting is not held back (it tried one wrong PIN above).
    expect((await tryPin(m.checkinToken, '97531')).statusCode).toBe(200);
  });
});
