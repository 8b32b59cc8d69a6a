import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { CARD_LAYOUT, cardOrigin } from '../server/modules/pdf/card-sheet.ts';
import { prefersPdf } from '../server/modules/cards/card-sheet-pdf.ts';
import { makeApp, nonce, seedMeeting, type SeededMeeting, type TestApp } from './helpers/app.ts';
import { decodeCode128, pageCount, pdfText, rasterisePdfPage } from './helpers/barcodes.ts';

let t: TestApp;
let seed: SeededMeeting;
let openRoundId: number;
let secretRoundId: number;

async function vote(roundId: number, code: string, choice: 'for' | 'against' | 'abstain', motionIds: number[]) {
  const res = await t.kiosk(seed.votingToken, {
    method: 'POST',
    url: '/api/ballots',
    payload: { code, roundId, choices: motionIds.map((motionId) => ({ motionId, choice })), nonce: nonce() },
  });
  expect(res.statusCode, res.body).toBe(201);
}

async function round(body: Record<string, unknown>): Promise<number> {
  const res = await t.admin({ method: 'POST', url: `/api/meetings/${seed.meetingId}/rounds`, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as number;
  expect((await t.admin({ method: 'POST', url: `/api/rounds/${id}/open` })).statusCode).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await makeApp();
  seed = await seedMeeting(t, { populations: [120_000, 80_000, 30_000, 4_000], motions: 2 });
  const codes = [...seed.codes.values()];
  openRoundId = await round({ motionIds: seed.motionIds, quorumPercent: 50 });
  await vote(openRoundId, codes[0], 'for', seed.motionIds);
  await vote(openRoundId, codes[1], 'against', seed.motionIds);
  await vote(openRoundId, codes[2], 'abstain', seed.motionIds);
});

afterAll(async () => {
  await t.close();
});

describe('Accept negotiation of the cards routes', () => {
  it('prefers the PDF only when application/pdf is asked for at least as much as JSON', () => {
    expect(prefersPdf('application/pdf')).toBe(true);
    expect(prefersPdf('application/pdf, application/json;q=0.5')).toBe(true);
    expect(prefersPdf('application/json, application/pdf;q=0.5')).toBe(false);
    expect(prefersPdf('*/*')).toBe(false);
    expect(prefersPdf(undefined)).toBe(false);
    expect(prefersPdf('application/pdf;q=0')).toBe(false);
  });
});

describe('POST /api/meetings/:id/cards with Accept: application/pdf', () => {
  it('answers the printable card sheet whose barcodes check the member in', async () => {
    const members = [
      { code: 'GM1900', name: 'Súdwest-Fryslân', province: 'Fryslân', population: 90_883 },
      { code: 'GM0518', name: "'s-Gravenhage", province: 'Zuid-Holland', population: 562_839 },
    ];
    expect((await t.admin({ method: 'PUT', url: '/api/members', payload: members })).statusCode).toBe(200);
    const res = await t.admin({
      method: 'POST',
      url: `/api/meetings/${seed.meetingId}/cards`,
      headers: { accept: 'application/pdf' },
      payload: { members: ['GM1900', 'GM0518'] },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="stemkaarten-\d+\.pdf"/);
    const pdf = res.rawPayload;
    expect(pageCount(pdf)).toBe(1);
    const text = pdfText(pdf);
    expect(text).toContain('Súdwest-Fryslân');
    expect(text).toContain("'s-Gravenhage");
    expect(text).toContain('Test ALV');

    // Scan the first printed card (cards are printed in the order they were asked for) at the check-in desk.
    const page = rasterisePdfPage(pdf, 1, 300);
    const px = (v: number) => (v * 300) / 25.4;
    const o = cardOrigin(0);
    const b = CARD_LAYOUT.barcode;
    const code = decodeCode128(page.crop(px(o.x + b.x), px(o.y + b.y), px(b.width), px(b.height)));
    const checkin = await t.kiosk(seed.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code } });
    expect(checkin.statusCode, checkin.body).toBe(200);
    expect(checkin.json().member).toMatchObject({ code: 'GM1900', name: 'Súdwest-Fryslân' });
  });

  it('answers the JSON codes of the contract without the Accept header', async () => {
    await t.admin({ method: 'PUT', url: '/api/members', payload: [{ code: 'GM0088', name: 'Schiermonnikoog', population: 982 }] });
    const res = await t.admin({ method: 'POST', url: `/api/meetings/${seed.meetingId}/cards`, payload: { members: ['GM0088'] } });
    expect(res.statusCode).toBe(201);
    expect(res.json().cards[0]).toMatchObject({ memberCode: 'GM0088' });
  });

  it('answers a JSON error for an unknown meeting, also when a PDF was asked for', async () => {
    const res = await t.admin({ method: 'POST', url: '/api/meetings/999/cards', headers: { accept: 'application/pdf' }, payload: {} });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });

  it('reissues one card as a one-card sheet and revokes the old code', async () => {
    const old = seed.codes.get('GM0004')!;
    const res = await t.admin({ method: 'POST', url: `/api/meetings/${seed.meetingId}/cards/GM0004/reissue`, headers: { accept: 'application/pdf' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pageCount(res.rawPayload)).toBe(1);
    const again = await t.kiosk(seed.checkinToken, { method: 'POST', url: '/api/checkins', payload: { code: old } });
    expect(again.json().error).toBe('revoked_card');
  });

  it('answers 404 when reissuing for a member that does not exist', async () => {
    const res = await t.admin({ method: 'POST', url: `/api/meetings/${seed.meetingId}/cards/GM9999/reissue`, headers: { accept: 'application/pdf' } });
    expect(res.statusCode).toBe(404);
  });

  it('asks for the admin', async () => {
    const res = await t.app.inject({ method: 'POST', url: `/api/meetings/${seed.meetingId}/cards`, headers: { accept: 'application/pdf' }, payload: {} });
    expect(res.statusCode).toBe(401);
  });
});

describe('GET /api/rounds/:id/results.csv', () => {
  it('is for the admin only while the round is open', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/results.csv` })).statusCode).toBe(401);
    const res = await t.admin({ method: 'GET', url: `/api/rounds/${openRoundId}/results.csv?lang=en` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const rows = parse(res.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.filter((r) => r.row === 'vote')).toHaveLength(3 * 2);
    expect(rows.find((r) => r.row === 'total' && r.choice === 'for')?.outcome).toBe('');
  });

  it('is public after an open round closed, with one row per member and motion and the totals', async () => {
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${openRoundId}/close` })).statusCode).toBe(200);
    const res = await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/results.csv?lang=en` });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    const votes = rows.filter((r) => r.row === 'vote');
    expect(votes).toHaveLength(6);
    expect(votes.find((r) => r.memberCode === 'GM0001' && r.motionId === String(seed.motionIds[0]))).toMatchObject({ choice: 'for', weight: '75', count: '1', motionRef: '7.1' });
    const forTotal = rows.find((r) => r.row === 'total' && r.motionRef === '7.1' && r.choice === 'for');
    expect(forTotal).toMatchObject({ weight: '75', count: '1', outcome: 'rejected' });
  });

  it('is Dutch with semicolons by default, English with commas on ?lang=en, and refuses an unknown language', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/results.csv` });
    expect(res.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('soort;stemronde;voorstel-id;voorstel;titel;code;lid;keuze;stemmen;aantal;uitslag');
    const en = await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/results.csv?lang=en` });
    expect(en.body.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('row,round,motionId,motionRef,motionTitle,memberCode,memberName,choice,weight,count,outcome');
    const bad = await t.app.inject({ method: 'GET', url: `/api/rounds/${openRoundId}/results.csv?lang=de` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toBe('validation');
  });

  it('never has per-member rows for a secret round, and is the admin’s only', async () => {
    secretRoundId = await round({ motionIds: [seed.motionIds[1]], secret: true });
    await vote(secretRoundId, seed.codes.get('GM0001')!, 'for', [seed.motionIds[1]]);
    expect((await t.admin({ method: 'POST', url: `/api/rounds/${secretRoundId}/close` })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/rounds/${secretRoundId}/results.csv` })).statusCode).toBe(401);
    const res = await t.admin({ method: 'GET', url: `/api/rounds/${secretRoundId}/results.csv?lang=en` });
    expect(res.statusCode).toBe(200);
    const rows = parse(res.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(rows.every((r) => r.row === 'total' && r.memberCode === '')).toBe(true);
    expect(res.body).not.toContain('GM0001');
  });

  it('answers 404 for an unknown round', async () => {
    const res = await t.admin({ method: 'GET', url: '/api/rounds/9999/results.csv' });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toBe('not_found');
  });
});

describe('GET /api/meetings/:id/report.pdf', () => {
  it('answers the results report with the rounds, the roll call and the audit head', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/meetings/${seed.meetingId}/report.pdf` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res.rawPayload).replace(/\s+/g, ' ');
    expect(text).toContain('Test ALV');
    expect(text).toContain('Stemronde 1');
    expect(text).toContain('Hoofdelijke stemming');
    expect(text).toContain('Geheime stemming: er is niet vastgelegd welk lid wat koos.');
    const verify = (await t.admin({ method: 'GET', url: `/api/meetings/${seed.meetingId}/audit/verify` })).json();
    expect(verify.ok).toBe(true);
    expect(text).toContain(verify.head);
    expect(text).toMatch(/Pagina 1 van \d+/);
  });

  it('answers 404 for an unknown meeting and 400 for a malformed id', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/424242/report.pdf' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/meetings/abc/report.pdf' })).statusCode).toBe(400);
  });
});
