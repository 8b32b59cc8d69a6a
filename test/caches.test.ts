/**
 * The in-memory caches kept for speed (issue 18, "Caches with an owner"; docs/architecture.md lists
 * them all): each follows its invalidation rule, so what it answers equals what the database or a
 * fresh computation would. The choice sets are tested in tally-property.test.ts, large bodies in
 * api-setup.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../server/db/database.ts';
import { inTransaction } from '../server/db/transaction.ts';
import { createDomain, type Domain } from '../server/domain.ts';
import { contentSecurityPolicy, helmetHeaders } from '../server/plugins/security.ts';

function domainWithMeeting(populations: number[]) {
  const db = openDatabase(':memory:');
  const domain = createDomain({ db, cardKey: Buffer.alloc(32, 3) });
  domain.members.import(populations.map((population, i) => ({ code: `GM${i}`, name: `G${i}`, population })), 'test');
  const meeting = domain.meetings.create({ title: 'T', date: '2030-01-01', requireCheckIn: false }, 'test');
  const [item] = domain.meetings.addAgenda(meeting.id, { items: [{ number: '1', title: 'x', motions: [{ ref: 'M1', kind: 'motion', title: 'a' }] }] }, 'test');
  return { db, domain, meetingId: meeting.id, motionIds: item.motions.map((m) => m.id) };
}

/** Entitled count and weight counted from the database, as the cache must answer. */
function storedEntitled(domain: Domain, meetingId: number) {
  return domain.db
    .prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(mm.weight), 0) AS weight FROM cards c
      JOIN meeting_members mm ON mm.meeting_id = c.meeting_id AND mm.member_id = c.member_id
      WHERE c.meeting_id = ? AND c.revoked_at IS NULL`)
    .get(meetingId);
}

afterEach(() => vi.useRealTimers());

describe('entitled count and weight (cards.service)', () => {
  it('follow every committed change of the cards, and no rolled-back one', () => {
    const { domain, meetingId } = domainWithMeeting([10_000, 20_000, 30_000, 40_000]);
    expect(domain.cards.entitledTotal(meetingId)).toEqual({ count: 0, weight: 0 });
    domain.cards.issue(meetingId, ['GM0', 'GM1', 'GM2'], 'test');
    expect(domain.cards.entitledTotal(meetingId)).toEqual(storedEntitled(domain, meetingId));
    domain.cards.issue(meetingId, ['GM3'], 'test');
    domain.cards.revoke(meetingId, 'GM1', 'test');
    domain.cards.reissue(meetingId, 'GM2', 'test');
    expect(domain.cards.entitledTotal(meetingId)).toEqual({ count: 3, weight: 10 + 30 + 40 });
    expect(domain.cards.entitledTotal(meetingId)).toEqual(storedEntitled(domain, meetingId));
    // A revocation whose transaction rolls back changes nothing, in memory either.
    expect(() =>
      inTransaction(domain.db, () => {
        domain.cards.revoke(meetingId, 'GM0', 'test');
        // Memory holds committed state only: inside the transaction it still says 3.
        expect(domain.cards.entitledTotal(meetingId).count).toBe(3);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(domain.cards.entitledTotal(meetingId)).toEqual({ count: 3, weight: 80 });
    // A caller cannot change the cached figures.
    domain.cards.entitledTotal(meetingId).weight = 0;
    expect(domain.cards.entitledTotal(meetingId).weight).toBe(80);
  });
});

describe('the view of the round closed last (rounds/round-views.ts)', () => {
  it('is served for 10 s after close and equals the view built afresh, for every audience; replaced when another round closes', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { domain, meetingId, motionIds } = domainWithMeeting([10_000, 20_000, 30_000]);
    const cards = domain.cards.issue(meetingId, undefined, 'test');
    const kiosk = domain.kiosks.pair(meetingId, { name: 'v', mode: 'voting' }, 'test');
    const vote = async () => {
      const round = domain.rounds.create(meetingId, { motionIds }, 'test');
      domain.rounds.open(round.id, 'test');
      for (const [i, c] of cards.entries()) await domain.ballots.cast(kiosk, { code: c.code, roundId: round.id, nonce: `nonce-${round.id}-${i}`, choices: [{ motionId: motionIds[0], choice: i ? 'for' : 'against' }] });
      return domain.rounds.close(round.id, 'test');
    };
    const first = await vote();
    const cached = domain.rounds.view(first.id, 'admin');
    expect(cached.rollCall).toBe(domain.rounds.view(first.id, 'admin').rollCall); // one roll call, shared
    expect(domain.rounds.view(first.id, 'public', true).rollCall).toBe(cached.rollCall); // and with the public exports
    const { rollCall: _rollCall, ...withoutRollCall } = cached;
    expect(domain.rounds.view(first.id, 'public')).toEqual(withoutRollCall); // the public view has none
    vi.advanceTimersByTime(10_001);
    const fresh = domain.rounds.view(first.id, 'admin');
    expect(fresh.rollCall).not.toBe(cached.rollCall);
    expect(fresh).toEqual(cached);
    expect(first).toEqual(cached);
    // Another round closes: it takes the place; the first one is built afresh, still the same.
    const second = await vote();
    expect(domain.rounds.view(second.id, 'public', true).rollCall).toBe(domain.rounds.view(second.id, 'admin').rollCall);
    expect(domain.rounds.view(first.id, 'admin')).toEqual(fresh);
    expect(domain.rounds.view(first.id, 'public')).toEqual(withoutRollCall);
    // A revote keeps a closed round as it was.
    domain.rounds.revote(second.id, 'test');
    vi.advanceTimersByTime(10_001);
    expect(domain.rounds.view(second.id, 'admin')).toEqual(second);
  });
});

describe('the security headers (plugins/security.ts)', () => {
  it('computed once at start are the ones helmet itself sets on a response', () => {
    const options = { contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(true) }, referrerPolicy: { policy: 'no-referrer' as const }, crossOriginEmbedderPolicy: false };
    const once = helmetHeaders(options);
    const perResponse: Record<string, string> = {};
    const res = { setHeader: (name: string, value: unknown) => (perResponse[name.toLowerCase()] = String(value)), removeHeader: () => undefined };
    helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, () => undefined);
    expect(once).toEqual(perResponse);
    expect(once['content-security-policy']).toContain("script-src 'self'");
  });
});
