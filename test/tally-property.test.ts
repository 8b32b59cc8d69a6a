import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../server/db/database.ts';
import { createDomain } from '../server/domain.ts';
import { ChoiceSets, recount } from '../server/modules/rounds/tally.ts';
import type { Kiosk } from '../shared/schemas.ts';

/** A domain on an in-memory database with `n` members, their cards, everyone present, one voting kiosk. */
function setup(populations: number[], roundOptions: Record<string, unknown>) {
  const db = openDatabase(':memory:');
  const domain = createDomain({ db, cardKey: Buffer.alloc(32, 7) });
  domain.members.import(populations.map((population, i) => ({ code: `GM${i}`, name: `G${i}`, population })), 'test');
  const meeting = domain.meetings.create({ title: 'T', date: '2024-01-01' }, 'test');
  const [item] = domain.meetings.addAgenda(meeting.id, { items: [{ number: '1', title: 'x', motions: [{ ref: 'M1', kind: 'motion', title: 'a' }, { ref: 'M2', kind: 'motion', title: 'b' }] }] }, 'test');
  const motionIds = item.motions.map((m) => m.id);
  const cards = domain.cards.issue(meeting.id, undefined, 'test');
  const checkin = domain.kiosks.pair(meeting.id, { name: 'in', mode: 'checkin' }, 'test') as Kiosk;
  const voting = domain.kiosks.pair(meeting.id, { name: 'v', mode: 'voting' }, 'test') as Kiosk;
  for (const c of cards) domain.checkIn(checkin, c.code, 'in');
  const round = domain.rounds.create(meeting.id, { motionIds, ...roundOptions }, 'test');
  domain.rounds.open(round.id, 'test');
  return { db, domain, cards, voting, checkin, motionIds, roundId: round.id };
}

const choiceArb = fc.constantFrom('for' as const, 'against' as const, 'abstain' as const);
const opArb = fc.record({ member: fc.nat(19), c1: choiceArb, c2: choiceArb, resend: fc.boolean(), checkout: fc.boolean(), back: fc.boolean() });

describe('live tally', () => {
  for (const options of [{ allowChange: true }, { secret: true }, {}]) {
    it(`always equals a recount of the stored ballots after random operations (${JSON.stringify(options)})`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 20, maxLength: 20 }), fc.array(opArb, { maxLength: 40 }), async (populations, ops) => {
          const { db, domain, cards, voting, checkin, motionIds, roundId } = setup(populations, options);
          const meetingId = domain.rounds.row(roundId).meeting_id;
          // Asked once before: from then on the summary is kept up to date change by change.
          expect(domain.presenceSummary(meetingId).count).toBe(cards.length);
          const sent: { code: string; nonce: string; choices: { motionId: number; choice: string }[] }[] = [];
          let n = 0;
          // Some operations run concurrently, as at a busy hall.
          await Promise.all(
            ops.map(async (op) => {
              const card = cards[op.member];
              if (op.checkout) domain.checkIn(checkin, card.code, 'out');
              const ballot =
                op.resend && sent.length > 0
                  ? sent[op.member % sent.length]
                  : { code: card.code, nonce: `nonce-${++n}-xxxx`, choices: [{ motionId: motionIds[0], choice: op.c1 }, { motionId: motionIds[1], choice: op.c2 }] };
              sent.push(ballot);
              await domain.ballots.cast(voting, { code: ballot.code, roundId, choices: ballot.choices, nonce: ballot.nonce }).catch(() => undefined);
              if (op.checkout && op.back) domain.checkIn(checkin, card.code, 'in');
            }),
          );
          // The live tally in memory (what open rounds serve) against a recount of the stored ballots.
          const live = domain.rounds.live(roundId)!;
          const counted = recount(motionIds, domain.rounds.storedBallots(domain.rounds.row(roundId)));
          for (const motionId of motionIds) expect(live.totals.get(motionId)).toEqual(counted.get(motionId));
          // One ballot per member: the voted count equals the members with a stored ballot.
          const first = counted.get(motionIds[0])!;
          expect(domain.rounds.view(roundId, 'admin').voted.count).toBe(first.for.count + first.against.count + first.abstain.count);
          // Presence kept up to date in memory against a recount of the stored check-ins and check-outs.
          const stored = db
            .prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(mm.weight), 0) AS weight FROM presence_events e
              JOIN cards c ON c.meeting_id = e.meeting_id AND c.member_id = e.member_id AND c.revoked_at IS NULL
              JOIN meeting_members mm ON mm.meeting_id = e.meeting_id AND mm.member_id = e.member_id
              WHERE e.direction = 'in' AND e.id IN (SELECT MAX(id) FROM presence_events WHERE meeting_id = ? GROUP BY member_id)`)
            .get(meetingId);
          expect(domain.presenceSummary(meetingId)).toEqual(stored);
          const closed = domain.rounds.close(roundId, 'test');
          for (const t of closed.tallies!) expect({ for: t.for, against: t.against, abstain: t.abstain }).toEqual(counted.get(t.motionId));
          expect(domain.verify(closed.meetingId).ok).toBe(true);
          db.close();
        }),
        { numRuns: 25 },
      );
    });
  }
});

describe('ChoiceSets', () => {
  it('hands out one frozen list per distinct set of choices, parsed once', () => {
    const sets = new ChoiceSets(2);
    const json = '[{"motionId":1,"choice":"for"},{"motionId":2,"choice":"abstain"}]';
    const a = sets.get(json);
    expect(a).toEqual([{ motionId: 1, choice: 'for' }, { motionId: 2, choice: 'abstain' }]);
    expect(sets.get(json)).toBe(a);
    expect(sets.get('[{"motionId":1,"choice":"against"}]')).not.toBe(a);
    // Shared, so nobody may change it.
    expect(() => a.push({ motionId: 3, choice: 'for' })).toThrow(TypeError);
    expect(() => {
      a[0].choice = 'against';
    }).toThrow(TypeError);
    // Past its size limit it still answers, without remembering.
    const third = '[{"motionId":9,"choice":"for"}]';
    expect(sets.get(third)).toEqual([{ motionId: 9, choice: 'for' }]);
    expect(sets.get(third)).not.toBe(sets.get(third));
  });
});
