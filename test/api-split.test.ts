/**
 * Split votes (docs/api.md, "Split votes"): in a meeting that allows them a member divides its
 * weight over for, against and abstain; the tally, roll call, results CSV, voting record and report
 * show the parts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';
import { pdfText } from './helpers/barcodes.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

// Populations 100,000 / 50,000 / 20,000 / 5,000 under the VNG rule: weights 75, 50, 20 and 5.
async function setup(options: { allowSplit?: boolean; round?: Record<string, unknown> } = {}) {
  t = await makeApp();
  const s = await seedMeeting(t, { motions: 2, allowSplit: options.allowSplit ?? true });
  const created = await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/rounds`, payload: { motionIds: s.motionIds, ...options.round } });
  expect(created.statusCode, created.body).toBe(201);
  const roundId = created.json().id as number;
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/open` })).statusCode).toBe(200);
  return { t, s, roundId };
}

function ballot(app: TestApp, s: SeededMeeting, memberCode: string, roundId: number, choices: unknown[], nonceValue = nonce()) {
  return app.kiosk(s.votingToken, { method: 'POST', url: '/api/ballots', payload: { code: s.codes.get(memberCode), roundId, nonce: nonceValue, choices } });
}

describe('POST /api/meetings with allowSplit', () => {
  it('is off by default and says so on the meeting', async () => {
    t = await makeApp();
    const off = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'VNG', date: '2023-12-01' } })).json();
    expect(off.allowSplit).toBe(false);
    const on = (await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'AVA', date: '2024-05-01', allowSplit: true } })).json();
    expect(on.allowSplit).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/meetings/${on.id}` })).json().allowSplit).toBe(true);
    expect((await t.admin({ method: 'POST', url: '/api/meetings', payload: { title: 'x', date: '2024-05-01', allowSplit: 'yes' } })).json().error).toBe('validation');
  });
});

describe('POST /api/ballots with a split', () => {
  it('counts each part for its choice, 1 in the count of each choice with a part, and one ballot cast', async () => {
    const { t, s, roundId } = await setup();
    const [m1, m2] = s.motionIds;
    const scan = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get('GM0001') } });
    expect(scan.json()).toMatchObject({ member: { code: 'GM0001', weight: 75 }, round: { allowSplit: true } });
    // GM0001 (75): 50 for, 20 against, 5 abstain on 7.1; GM0002 (50): 30 for, 20 not cast on 7.1.
    expect((await ballot(t, s, 'GM0001', roundId, [{ motionId: m1, split: { for: 50, against: 20, abstain: 5 } }, { motionId: m2, choice: 'for' }])).statusCode).toBe(201);
    expect((await ballot(t, s, 'GM0002', roundId, [{ motionId: m2, choice: 'against' }, { motionId: m1, split: { for: 30 } }])).statusCode).toBe(201);
    expect((await ballot(t, s, 'GM0003', roundId, [{ motionId: m1, choice: 'against' }, { motionId: m2, choice: 'abstain' }])).statusCode).toBe(201);
    const live = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(live.tallies[0]).toMatchObject({ for: { weight: 80, count: 2 }, against: { weight: 40, count: 2 }, abstain: { weight: 5, count: 1 }, cast: { weight: 125, count: 3 } });
    expect(live.tallies[1]).toMatchObject({ for: { weight: 75, count: 1 }, against: { weight: 50, count: 1 }, abstain: { weight: 20, count: 1 }, cast: { weight: 145, count: 3 } });
    // Turnout counts the members with their whole weight.
    expect(live.voted).toEqual({ weight: 145, count: 3 });

    const closed = (await t.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).json();
    expect(closed.tallies[0]).toMatchObject({ for: { weight: 80, count: 2 }, against: { weight: 40, count: 2 }, cast: { weight: 125, count: 3 }, outcome: 'adopted' });
    const roll = new Map(closed.rollCall.map((e: { memberCode: string; choices: unknown[] }) => [e.memberCode, e.choices]));
    expect(roll.get('GM0001')).toEqual([{ motionId: m1, split: { for: 50, against: 20, abstain: 5 } }, { motionId: m2, choice: 'for' }]);
    expect(roll.get('GM0002')).toEqual([{ motionId: m1, split: { for: 30, against: 0, abstain: 0 } }, { motionId: m2, choice: 'against' }]);
    expect((await t.admin({ method: 'GET', url: `/api/meetings/${s.meetingId}/audit/verify` })).json().ok).toBe(true);
    const published = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/ballots` })).json();
    expect(published.map((b: { choices: unknown[] }) => b.choices[0])).toContainEqual({ motionId: m1, split: { for: 50, against: 20, abstain: 5 } });

    // The results CSV (in English, with commas: ?lang=en): a line per part, its weight the part.
    const csv = (await t.app.inject({ method: 'GET', url: `/api/rounds/${roundId}/results.csv?lang=en` })).body;
    const votes = csv.split('\r\n').filter((l) => l.startsWith(`vote,${roundId},${m1},`) && l.includes('GM0001'));
    expect(votes.map((l) => l.split(',').slice(7, 10).join(','))).toEqual(['for,50,1', 'against,20,1', 'abstain,5,1']);
    expect(csv).toContain(`total,${roundId},${m1},7.1,Motie 1,,,cast,125,3,adopted`);

    // The voting record and the report's roll call show the parts.
    const record = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.json` })).json();
    expect(record.rows.find((r: { memberCode: string }) => r.memberCode === 'GM0001').cells).toEqual(['voor 50 / tegen 20 / onthouding 5', 'voor']);
    expect(record.rows.find((r: { memberCode: string }) => r.memberCode === 'GM0002').cells).toEqual(['voor 30', 'tegen']);
    // In the report's narrow columns a split's parts stand one under the other.
    const text = pdfText((await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/report.pdf` })).rawPayload);
    const rollCall = text.slice(text.indexOf('Hoofdelijke stemming'), text.indexOf('Bijlage: stemgedrag'));
    expect(rollCall).toMatch(/Gemeente A0\s+GM0001\s+75\s+Voor 50\s+Voor\s+Tegen 20\s+Onthouding 5\s+Gemeente B1\s+GM0002\s+50\s+Voor 30\s+Tegen/);
    const appendix = text.slice(text.indexOf('Bijlage: stemgedrag'));
    expect(appendix).toMatch(/Gemeente A0\s+GM0001\s+75\s+voor 50\s+voor\s+tegen 20\s+onthouding 5\s+Gemeente B1/);
  });

  it('stores a split of the whole weight on one choice as that choice, and replaces a split when changes are allowed', async () => {
    const { t, s, roundId } = await setup({ round: { allowChange: true } });
    const [m1, m2] = s.motionIds;
    expect((await ballot(t, s, 'GM0004', roundId, [{ motionId: m1, split: { for: 0, against: 5, abstain: 0 } }, { motionId: m2, choice: 'for' }])).statusCode).toBe(201);
    let view = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(view.rollCall[0].choices[0]).toEqual({ motionId: m1, choice: 'against' });
    expect((await ballot(t, s, 'GM0004', roundId, [{ motionId: m1, split: { for: 2, against: 3 } }, { motionId: m2, choice: 'for' }])).statusCode).toBe(201);
    view = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(view.tallies[0]).toMatchObject({ for: { weight: 2, count: 1 }, against: { weight: 3, count: 1 }, cast: { weight: 5, count: 1 } });
    const scan = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get('GM0004') } });
    expect(scan.json().ballot.choices[0]).toEqual({ motionId: m1, split: { for: 2, against: 3, abstain: 0 } });
  });

  it('refuses a bad split with 400 invalid_choices, and counts nothing', async () => {
    const { t, s, roundId } = await setup();
    const [m1, m2] = s.motionIds;
    const bad: unknown[] = [
      { for: 0, against: 0, abstain: 0 },
      { for: 76 },
      { for: 50, against: 26 },
      { for: -1, against: 10 },
      { for: 1.5 },
      { for: '10' },
      { voor: 10 },
      [10, 0, 0],
      null,
    ];
    for (const split of bad) {
      const res = await ballot(t, s, 'GM0001', roundId, [{ motionId: m1, split }, { motionId: m2, choice: 'for' }]);
      expect(res.statusCode, JSON.stringify(split)).toBe(400);
      expect(res.json().error).toBe('invalid_choices');
    }
    const both = await ballot(t, s, 'GM0001', roundId, [{ motionId: m1, choice: 'for', split: { for: 10 } }, { motionId: m2, choice: 'for' }]);
    expect(both.json().error).toBe('invalid_choices');
    const view = (await t.admin({ method: 'GET', url: `/api/rounds/${roundId}` })).json();
    expect(view.voted).toEqual({ weight: 0, count: 0 });
  });

  it('refuses any split in a meeting that does not allow it, and in a secret round', async () => {
    let { t, s, roundId } = await setup({ allowSplit: false });
    const scan = await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get('GM0001') } });
    expect(scan.json().round.allowSplit).toBe(false);
    let res = await ballot(t, s, 'GM0001', roundId, [{ motionId: s.motionIds[0], split: { for: 10 } }, { motionId: s.motionIds[1], choice: 'for' }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('invalid_choices');
    await t.close();

    ({ t, s, roundId } = await setup({ round: { secret: true } }));
    expect((await t.kiosk(s.votingToken, { method: 'POST', url: '/api/scan', payload: { code: s.codes.get('GM0001') } })).json().round.allowSplit).toBe(false);
    res = await ballot(t, s, 'GM0001', roundId, [{ motionId: s.motionIds[0], split: { for: 10 } }, { motionId: s.motionIds[1], choice: 'for' }]);
    expect(res.json().error).toBe('invalid_choices');
  });
});
