/**
 * The voting record (docs/api.md, "The voting record (stemgedrag)"): per member its choice on every
 * motion decided in a closed open round, as JSON and as a CSV for a Dutch spreadsheet.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { renderVotingRecordCsv } from '../server/modules/reports/voting-record.ts';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';
import { pdfText } from './helpers/barcodes.ts';

let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function vote(app: TestApp, s: SeededMeeting, memberCode: string, roundId: number, choices: [number, string][]) {
  const res = await app.kiosk(s.votingToken, {
    method: 'POST',
    url: '/api/ballots',
    payload: { code: s.codes.get(memberCode), roundId, nonce: nonce(), choices: choices.map(([motionId, choice]) => ({ motionId, choice })) },
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function round(app: TestApp, meetingId: number, body: Record<string, unknown>): Promise<number> {
  const created = await app.admin({ method: 'POST', url: `/api/meetings/${meetingId}/rounds`, payload: body });
  expect(created.statusCode, created.body).toBe(201);
  expect((await app.admin({ method: 'POST', url: `/api/rounds/${created.json().id}/open` })).statusCode).toBe(200);
  return created.json().id;
}

const close = async (app: TestApp, roundId: number) => expect((await app.admin({ method: 'POST', url: `/api/rounds/${roundId}/close` })).statusCode).toBe(200);

async function presence(app: TestApp, s: SeededMeeting, memberCode: string, direction: 'in' | 'out') {
  expect((await app.kiosk(s.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: s.codes.get(memberCode), direction } })).statusCode).toBe(200);
}

describe('GET /api/meetings/:id/voting-record.json', () => {
  it('has a column per motion decided in a closed open round, in agenda order, and a row per member by name', async () => {
    t = await makeApp();
    // Members A0 (GM0001) .. D3 (GM0004), all checked in; motions 7.1, 7.2, 7.3 and practice 1.P.
    const s = await seedMeeting(t, { motions: 3 });
    const practice = (await t.admin({ method: 'POST', url: `/api/meetings/${s.meetingId}/agenda`, payload: { items: [{ number: '1', title: 'Opening', motions: [{ ref: '1.P', kind: 'practice', title: 'Proef' }] }] } })).json().items[0].motions[0].id;
    const [m1, m2, m3] = s.motionIds;

    const proef = await round(t, s.meetingId, { motionIds: [practice] });
    await vote(t, s, 'GM0001', proef, [[practice, 'for']]);
    await close(t, proef);

    // GM0004 leaves before the vote; GM0003 stays but does not vote.
    await presence(t, s, 'GM0004', 'out');
    const open = await round(t, s.meetingId, { motionIds: [m2, m1] });
    await vote(t, s, 'GM0001', open, [[m1, 'for'], [m2, 'against']]);
    await vote(t, s, 'GM0002', open, [[m1, 'abstain'], [m2, 'for']]);
    await close(t, open);
    // Coming back after the close changes nothing of that round.
    await presence(t, s, 'GM0004', 'in');

    const secret = await round(t, s.meetingId, { motionIds: [m3], secret: true });
    await vote(t, s, 'GM0001', secret, [[m3, 'for']]);
    await close(t, secret);

    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.json` });
    expect(res.statusCode).toBe(200);
    const record = res.json();
    expect(record.meetingId).toBe(s.meetingId);
    // Agenda order (7.1 before 7.2, whatever the round's order); not the practice motion, not the secret 7.3.
    expect(record.motions).toEqual([
      { id: m1, ref: '7.1', title: 'Motie 1', kind: 'motion', roundId: open, outcome: expect.any(String) },
      { id: m2, ref: '7.2', title: 'Motie 2', kind: 'motion', roundId: open, outcome: expect.any(String) },
    ]);
    const weight = new Map(s.members.map((m) => [m.code, m.weight]));
    expect(record.rows).toEqual([
      { memberCode: 'GM0001', name: 'Gemeente A0', weight: weight.get('GM0001'), cells: ['voor', 'tegen'] },
      { memberCode: 'GM0002', name: 'Gemeente B1', weight: weight.get('GM0002'), cells: ['onthouding', 'voor'] },
      { memberCode: 'GM0003', name: 'Gemeente C2', weight: weight.get('GM0003'), cells: ['niet gestemd', 'niet gestemd'] },
      { memberCode: 'GM0004', name: 'Gemeente D3', weight: weight.get('GM0004'), cells: ['afwezig', 'afwezig'] },
    ]);

    // The report carries the same table as an appendix; the practice round only as "Proefstemming".
    const pdf = await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/report.pdf` });
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    const appendix = text.slice(text.indexOf('Bijlage: stemgedrag'));
    expect(appendix).toMatch(/Lid\s+Code\s+Stemmen\s+7\.1\s+7\.2\n/);
    expect(appendix).toMatch(new RegExp(`Gemeente A0\\s+GM0001\\s+${weight.get('GM0001')}\\s+voor\\s+tegen`));
    expect(appendix).toMatch(new RegExp(`Gemeente B1\\s+GM0002\\s+${weight.get('GM0002')}\\s+onthouding\\s+voor`));
    expect(appendix).toMatch(new RegExp(`Gemeente C2\\s+GM0003\\s+${weight.get('GM0003')}\\s+niet gestemd\\s+niet gestemd`));
    expect(appendix).toMatch(new RegExp(`Gemeente D3\\s+GM0004\\s+${weight.get('GM0004')}\\s+afwezig\\s+afwezig`));
    const flat = text.replace(/\s+/g, ' ');
    // The practice round is the meeting's first round: one number everywhere (issue 24.1).
    expect(flat).toContain('Stemronde 1: proefstemming');
    expect(flat).toContain(`Opkomst: 1 lid met ${weight.get('GM0001')} ${weight.get('GM0001') === 1 ? 'stem' : 'stemmen'} heeft gestemd van 4 aanwezige leden`);
    expect(flat.slice(flat.indexOf('Besluiten'), flat.indexOf('Stemrondes'))).not.toContain('1.P');
  });

  it('takes the last closed round on a motion (a revote), and leaves out rounds still open or cancelled', async () => {
    t = await makeApp();
    const s = await seedMeeting(t, { motions: 2 });
    const [m1, m2] = s.motionIds;
    const first = await round(t, s.meetingId, { motionIds: [m1] });
    await vote(t, s, 'GM0001', first, [[m1, 'for']]);
    await close(t, first);
    const again = (await t.admin({ method: 'POST', url: `/api/rounds/${first}/revote` })).json().id;
    await vote(t, s, 'GM0001', again, [[m1, 'against']]);
    await close(t, again);
    const cancelled = await round(t, s.meetingId, { motionIds: [m2] });
    await vote(t, s, 'GM0002', cancelled, [[m2, 'for']]);
    await t.admin({ method: 'POST', url: `/api/rounds/${cancelled}/cancel` });
    const stillOpen = await round(t, s.meetingId, { motionIds: [m2] });
    await vote(t, s, 'GM0002', stillOpen, [[m2, 'for']]);

    const record = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.json` })).json();
    expect(record.motions.map((m: { ref: string; roundId: number }) => [m.ref, m.roundId])).toEqual([['7.1', again]]);
    expect(record.rows[0]).toMatchObject({ memberCode: 'GM0001', cells: ['tegen'] });
  });

  it('answers an empty record before any vote, and 404 not_found for an unknown meeting', async () => {
    t = await makeApp();
    const s = await seedMeeting(t, { motions: 1 });
    const record = (await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.json` })).json();
    expect(record.motions).toEqual([]);
    expect(record.rows.map((r: { cells: string[] }) => r.cells)).toEqual([[], [], [], []]);
    for (const url of ['/api/meetings/999/voting-record.json', '/api/meetings/999/voting-record.csv']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(res.json().error).toBe('not_found');
    }
  });
});

describe('GET /api/meetings/:id/voting-record.csv', () => {
  it('is public, UTF-8 with a byte order mark, semicolon-separated with CRLF line ends, for a Dutch spreadsheet', async () => {
    t = await makeApp();
    const s = await seedMeeting(t, { motions: 1 });
    const r = await round(t, s.meetingId, { motionIds: [s.motionIds[0]] });
    await vote(t, s, 'GM0002', r, [[s.motionIds[0], 'against']]);
    await close(t, r);
    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${s.meetingId}/voting-record.csv` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename="stemgedrag-test-alv-2023-12-01.csv"');
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const weight = new Map(s.members.map((m) => [m.code, m.weight]));
    expect(res.body).toBe(
      '\uFEFFCode;Lid;Stemmen;7.1\r\n' +
        `GM0001;Gemeente A0;${weight.get('GM0001')};niet gestemd\r\n` +
        `GM0002;Gemeente B1;${weight.get('GM0002')};tegen\r\n` +
        `GM0003;Gemeente C2;${weight.get('GM0003')};niet gestemd\r\n` +
        `GM0004;Gemeente D3;${weight.get('GM0004')};niet gestemd\r\n`,
    );
  });

  it('quotes fields with a semicolon or a quote and defuses text a spreadsheet would run as a formula', () => {
    const csv = renderVotingRecordCsv({
      meetingId: 1,
      motions: [{ id: 1, ref: '=1+1', title: 'x', kind: 'motion', roundId: 1, outcome: 'adopted' }],
      rows: [{ memberCode: 'GM0820', name: 'Nuenen; Gerwen en "Nederwetten"', weight: 24, cells: ['voor'] }],
    });
    expect(csv).toBe("\uFEFFCode;Lid;Stemmen;'=1+1\r\nGM0820;\"Nuenen; Gerwen en \"\"Nederwetten\"\"\";24;voor\r\n");
  });
});
