import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { openDatabase } from '../server/db/database.ts';
import { createDomain, type Domain } from '../server/domain.ts';
import { ChoiceSets } from '../server/modules/rounds/tally.ts';
import { ApiError } from '../shared/errors.ts';
import type { Kiosk } from '../shared/schemas.ts';

/** A domain on an in-memory database with `n` members, their cards, everyone present, one voting kiosk. */
function setup(populations: number[], roundOptions: Record<string, unknown>, requireCheckIn: boolean, allowSplit = false) {
  const db = openDatabase(':memory:');
  const domain = createDomain({ db, cardKey: Buffer.alloc(32, 7) });
  domain.members.import(populations.map((population, i) => ({ code: `GM${i}`, name: `G${i}`, population })), 'test');
  const meeting = domain.meetings.create({ title: 'T', date: '2024-01-01', requireCheckIn, allowSplit }, 'test');
  const [item] = domain.meetings.addAgenda(meeting.id, { items: [{ number: '1', title: 'x', motions: [{ ref: 'M1', kind: 'motion', title: 'a' }, { ref: 'M2', kind: 'motion', title: 'b' }] }] }, 'test');
  const motionIds = item.motions.map((m) => m.id);
  const cards = domain.cards.issue(meeting.id, undefined, 'test');
  const checkin = domain.kiosks.pair(meeting.id, { name: 'in', mode: 'checkin' }, 'test') as Kiosk;
  const voting = domain.kiosks.pair(meeting.id, { name: 'v', mode: 'voting' }, 'test') as Kiosk;
  if (requireCheckIn) for (const c of cards) domain.presence.checkIn(checkin, c.code, 'in');
  const round = domain.rounds.create(meeting.id, { motionIds, ...roundOptions }, 'test');
  domain.rounds.open(round.id, 'test');
  return { db, domain, cards, voting, checkin, motionIds, roundId: round.id, meetingId: meeting.id };
}

type Choice = 'for' | 'against' | 'abstain';
type Split = Record<Choice, number>;
type SentChoice = { motionId: number; choice: Choice } | { motionId: number; split: Split };
interface Accepted {
  member: number;
  weight: number;
  choices: SentChoice[];
}
const CHOICE_KEYS: Choice[] = ['for', 'against', 'abstain'];
/** A split the server must take: whole parts, at least 1 and at most the member's weight. */
const validSplit = (split: Split, weight: number) => {
  const sum = split.for + split.against + split.abstain;
  return sum >= 1 && sum <= weight;
};

/**
 * What the tallies must say, counted here from the ballots the server acknowledged as new (in the
 * order it acknowledged them: a later ballot of a member replaces its earlier one), with the weights
 * the cards were issued with. Deliberately not the server's counting code.
 */
function expectedTallies(accepted: Accepted[], motionIds: number[]) {
  const latest = new Map<number, Accepted>();
  for (const a of accepted) latest.set(a.member, a);
  const zero = () => ({ weight: 0, count: 0 });
  const tallies = motionIds.map((motionId) => ({ motionId, for: zero(), against: zero(), abstain: zero(), cast: zero() }));
  for (const ballot of latest.values()) {
    for (const c of ballot.choices) {
      const t = tallies.find((x) => x.motionId === c.motionId)!;
      // A split: each part to its choice (1 in the count of each choice with a part), one ballot cast.
      const parts: Partial<Split> = 'split' in c ? c.split : { [c.choice]: ballot.weight };
      let cast = 0;
      for (const k of CHOICE_KEYS) {
        const part = parts[k] ?? 0;
        if (part === 0) continue;
        t[k] = { weight: t[k].weight + part, count: t[k].count + 1 };
        cast += part;
      }
      t.cast = { weight: t.cast.weight + cast, count: t.cast.count + 1 };
    }
  }
  const voted = { weight: [...latest.values()].reduce((sum, b) => sum + b.weight, 0), count: latest.size };
  return { tallies, voted };
}
const figures = (tallies: { motionId: number; for: unknown; against: unknown; abstain: unknown; cast: unknown }[]) =>
  tallies.map((t) => ({ motionId: t.motionId, for: t.for, against: t.against, abstain: t.abstain, cast: t.cast }));

const choiceArb = fc.constantFrom<Choice>('for', 'against', 'abstain');
const splitArb = fc.record({ for: fc.nat(60), against: fc.nat(40), abstain: fc.nat(20) });
const opArb = fc.record({ member: fc.nat(19), c1: choiceArb, c2: choiceArb, split: fc.option(splitArb, { freq: 2 }), resend: fc.boolean(), checkout: fc.boolean(), back: fc.boolean() });
/** The refusals a random hall may meet; anything else fails the property. */
const EXPECTED_REFUSALS = new Set(['already_voted', 'not_checked_in']);

describe('the open round (rounds/open-round.ts) against a model counted from the acknowledged ballots', () => {
  const cases: [Record<string, unknown>, boolean, boolean][] = [
    [{ allowChange: true }, true, false],
    [{ secret: true }, true, false],
    [{}, true, false],
    [{ allowChange: true }, false, false],
    // Split votes: whole parts of the member's weight; a bad split is refused with invalid_choices.
    [{ allowChange: true }, true, true],
    [{}, false, true],
  ];
  for (const [options, requireCheckIn, allowSplit] of cases) {
    it(`live, after a restart and at close, equals the model; presence equals the stored events (${JSON.stringify(options)}, check-in ${requireCheckIn ? 'required' : 'implied by the ballot'}${allowSplit ? ', split votes' : ''})`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.integer({ min: 0, max: 200_000 }), { minLength: 20, maxLength: 20 }),
          fc.array(opArb, { minLength: 1, maxLength: 40 }),
          fc.array(opArb, { maxLength: 20 }),
          async (populations, before, after) => {
            const { db, domain: first, cards, voting, checkin, motionIds, roundId, meetingId } = setup(populations, options, requireCheckIn, allowSplit);
            // Asked once before: from then on the summary is kept up to date change by change.
            first.presence.summary(meetingId);
            const accepted: Accepted[] = [];
            const sent: { member: number; code: string; nonce: string; choices: Accepted['choices'] }[] = [];
            let n = 0;
            // Operations run concurrently, as at a busy hall; then the server restarts (a new domain
            // on the same database) and the hall goes on.
            const hall = (domain: Domain, ops: typeof before) =>
              Promise.all(
                ops.map(async (op) => {
                  const card = cards[op.member];
                  if (op.checkout && requireCheckIn) domain.presence.checkIn(checkin, card.code, 'out');
                  const ballot =
                    op.resend && sent.length > 0
                      ? sent[op.member % sent.length]
                      : {
                          member: op.member,
                          code: card.code,
                          nonce: `nonce-${++n}-xxxx`,
                          choices: [allowSplit && op.split ? { motionId: motionIds[0], split: op.split } : { motionId: motionIds[0], choice: op.c1 }, { motionId: motionIds[1], choice: op.c2 }] as SentChoice[],
                        };
                  sent.push(ballot);
                  const badSplit = ballot.choices.some((c) => 'split' in c && !validSplit(c.split, cards[ballot.member].weight));
                  try {
                    const result = await domain.ballots.cast(voting, { code: ballot.code, roundId, choices: ballot.choices, nonce: ballot.nonce });
                    expect(badSplit).toBe(false);
                    if (result.created) accepted.push({ member: ballot.member, weight: cards[ballot.member].weight, choices: ballot.choices });
                  } catch (err) {
                    if (!(err instanceof ApiError)) throw err;
                    if (err.reason === 'invalid_choices') expect(badSplit).toBe(true);
                    else if (!EXPECTED_REFUSALS.has(err.reason)) throw err;
                  }
                  if (op.checkout && op.back && requireCheckIn) domain.presence.checkIn(checkin, card.code, 'in');
                }),
              );
            await hall(first, before);
            // A member whose first operation is a new ballot while present is never refused.
            const firstOps = new Map<number, (typeof before)[number]>();
            for (const op of before) if (!firstOps.has(op.member)) firstOps.set(op.member, op);
            const mustVote = [...firstOps.values()]
              .filter((op) => !op.resend && !(op.checkout && requireCheckIn) && !(allowSplit && op.split && !validSplit(op.split, cards[op.member].weight)))
              .map((op) => op.member);
            for (const member of mustVote) expect(accepted.some((a) => a.member === member)).toBe(true);
            const live = first.rounds.view(roundId, 'admin');
            const expected = expectedTallies(accepted, motionIds);
            if (!options.secret) expect(figures(live.tallies!)).toEqual(expected.tallies);
            expect(live.voted).toEqual(expected.voted);

            const second = createDomain({ db, cardKey: Buffer.alloc(32, 7) });
            expect(second.rounds.view(roundId, 'admin')).toEqual(first.rounds.view(roundId, 'admin'));
            await hall(second, after);
            const again = expectedTallies(accepted, motionIds);
            const view = second.rounds.view(roundId, 'admin');
            if (!options.secret) expect(figures(view.tallies!)).toEqual(again.tallies);
            expect(view.voted).toEqual(again.voted);

            // Presence kept up to date in memory against a recount of the stored check-ins and check-outs.
            const stored = db
              .prepare(`SELECT COUNT(*) AS count, COALESCE(SUM(mm.weight), 0) AS weight FROM presence_events e
                JOIN cards c ON c.meeting_id = e.meeting_id AND c.member_id = e.member_id AND c.revoked_at IS NULL
                JOIN meeting_members mm ON mm.meeting_id = e.meeting_id AND mm.member_id = e.member_id
                WHERE e.direction = 'in' AND e.id IN (SELECT MAX(id) FROM presence_events WHERE meeting_id = ? GROUP BY member_id)`)
              .get(meetingId);
            expect(second.presence.summary(meetingId)).toEqual(stored);
            // Close: the recorded tallies (a recount from the disk) are the model's, with presence frozen.
            const closed = second.rounds.close(roundId, 'test', { confirmSmall: true });
            expect(figures(closed.tallies!)).toEqual(again.tallies);
            for (const t of closed.tallies!) expect(t.present).toEqual(stored);
            expect(closed.voted).toEqual(again.voted);
            expect(second.verify(meetingId).ok).toBe(true);
            db.close();
          },
        ),
        { numRuns: 25 },
      );
    });
  }
});

describe('ChoiceSets', () => {
  it('hands out one frozen list per distinct set of choices, parsed once', () => {
    const sets = new ChoiceSets(3);
    const json = '[{"motionId":1,"choice":"for"},{"motionId":2,"choice":"abstain"}]';
    const a = sets.get(json);
    expect(a).toEqual([{ motionId: 1, choice: 'for' }, { motionId: 2, choice: 'abstain' }]);
    expect(sets.get(json)).toBe(a);
    expect(sets.get('[{"motionId":1,"choice":"against"}]')).not.toBe(a);
    // Shared, so nobody may change it.
    expect(() => a.push({ motionId: 3, choice: 'for' })).toThrow(TypeError);
    expect(() => {
      (a[0] as { choice: string }).choice = 'against';
    }).toThrow(TypeError);
    // A split's parts are frozen too.
    const split = sets.get('[{"motionId":1,"split":{"for":5,"against":2,"abstain":0}}]');
    expect(split).toEqual([{ motionId: 1, split: { for: 5, against: 2, abstain: 0 } }]);
    expect(() => {
      (split[0] as { split: { for: number } }).split.for = 75;
    }).toThrow(TypeError);
    // Past its size limit it still answers, without remembering.
    const third = '[{"motionId":9,"choice":"for"}]';
    expect(sets.get(third)).toEqual([{ motionId: 9, choice: 'for' }]);
    expect(sets.get(third)).not.toBe(sets.get(third));
  });
});
