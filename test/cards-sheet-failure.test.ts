/**
 * A card sheet that cannot be made changes nothing: `POST /api/meetings/:id/cards` and
 * `…/reissue` with `Accept: application/pdf` answer 500 and store no card. Before the fix the cards
 * were committed before the sheet was rendered: after a failed render the members held active cards
 * whose codes existed nowhere, and issuing again skipped them; a reissue had revoked the old card.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeApp, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';

const render = vi.hoisted(() => ({ fail: false, during: null as (() => void) | null }));
vi.mock('../server/modules/pdf/card-sheet.ts', async (importOriginal) => {
  const original = await importOriginal<typeof import('../server/modules/pdf/card-sheet.ts')>();
  return {
    ...original,
    renderCardSheet: (...args: Parameters<typeof original.renderCardSheet>) => {
      render.during?.();
      if (render.fail) return Promise.reject(new Error('the font could not be read'));
      return original.renderCardSheet(...args);
    },
  };
});

let t: TestApp;
let m: SeededMeeting;
beforeEach(async () => {
  render.fail = false;
  render.during = null;
  t = await makeApp();
  m = await seedMeeting(t);
});
afterEach(async () => {
  render.fail = false;
  render.during = null;
  await t.close();
});

const PDF = { accept: 'application/pdf' };
const count = (sql: string, ...params: unknown[]) => t.app.domain.db.prepare(sql).pluck().get(...params) as number;
const auditLines = () => count('SELECT count(*) FROM audit_log');

describe('POST /api/meetings/:id/cards with Accept: application/pdf, the sheet failing', () => {
  it('answers 500 and stores no card: issuing again gives those members their cards', async () => {
    const [first] = m.members;
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards/${first.code}/revoke` })).statusCode).toBe(200);
    const cards = count('SELECT count(*) FROM cards');
    const audit = auditLines();

    render.fail = true;
    const failed = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards`, headers: PDF, payload: {} });
    expect(failed.statusCode).toBe(500);
    expect(failed.body).not.toMatch(/\d{25}/);
    expect(count('SELECT count(*) FROM cards')).toBe(cards);
    expect(count('SELECT count(*) FROM cards WHERE revoked_at IS NULL')).toBe(m.members.length - 1);
    expect(auditLines()).toBe(audit);

    // The member is still without a card, so issuing (now with a sheet that works) includes it.
    render.fail = false;
    const again = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards`, headers: PDF, payload: {} });
    expect(again.statusCode).toBe(201);
    expect(again.headers['content-type']).toBe('application/pdf');
    expect(count('SELECT count(*) FROM cards WHERE revoked_at IS NULL')).toBe(m.members.length);
  });

  it('freezes no weights when the first cards of a meeting fail to print', async () => {
    const meetingId = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'Tweede', date: '2024-01-01' } })).json().id as number;
    render.fail = true;
    expect((await t.admin({ method: 'POST', url: `/api/meetings/${meetingId}/cards`, headers: PDF, payload: {} })).statusCode).toBe(500);
    expect(count('SELECT count(*) FROM cards WHERE meeting_id = ?', meetingId)).toBe(0);
    expect(count('SELECT count(*) FROM meeting_members WHERE meeting_id = ?', meetingId)).toBe(0);
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${meetingId}` })).json().weightsFrozen).toBe(false);
  });
});

describe('POST /api/meetings/:id/cards with Accept: application/pdf, a card issued while the sheet is made', () => {
  it('answers 409 invalid_state and stores none of the sheet\'s cards', async () => {
    const [first, second] = m.members;
    for (const member of [first, second]) await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards/${member.code}/revoke` });
    const cards = count('SELECT count(*) FROM cards');
    render.during = () => {
      render.during = null;
      t.app.domain.cards.issue(m.meetingId, [second.code], 'admin');
    };
    const res = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards`, headers: { ...PDF, 'accept-language': 'en' }, payload: {} });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: 'invalid_state' });
    expect(res.json().message).toContain('already has an active card');
    // Only the card issued in between: the sheet's two are not stored.
    expect(count('SELECT count(*) FROM cards')).toBe(cards + 1);
    expect(count('SELECT count(*) FROM cards c JOIN members mb ON mb.id = c.member_id WHERE c.revoked_at IS NULL AND mb.code = ?', first.code)).toBe(0);
  });
});

describe('POST /api/meetings/:id/cards/:memberCode/reissue with Accept: application/pdf, the sheet failing', () => {
  it('answers 500 and leaves the old card working', async () => {
    const [first] = m.members;
    const oldCode = m.codes.get(first.code)!;
    const cards = count('SELECT count(*) FROM cards');
    render.fail = true;
    const failed = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards/${first.code}/reissue`, headers: PDF });
    expect(failed.statusCode).toBe(500);
    expect(count('SELECT count(*) FROM cards')).toBe(cards);
    expect(t.app.domain.cards.lookup(oldCode, m.meetingId).member.code).toBe(first.code);

    render.fail = false;
    const again = await t.admin({ method: 'POST', url: `/api/meetings/${m.meetingId}/cards/${first.code}/reissue`, headers: PDF });
    expect(again.statusCode).toBe(201);
    expect(again.headers['content-disposition']).toBe(`attachment; filename="stemkaart-${m.meetingId}-${first.code}.pdf"`);
    expect(() => t.app.domain.cards.lookup(oldCode, m.meetingId)).toThrow(/revoked/i);
  });
});
