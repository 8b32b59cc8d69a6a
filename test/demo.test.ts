import { afterEach, describe, expect, it, vi } from 'vitest';
import { isValidCardCode } from '../shared/card-code.ts';
import { isEmpty, loadDemo } from '../server/modules/demo/demo.ts';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeApp, type TestApp } from './helpers/app.ts';
import { startServer, type ServerProcess } from './helpers/server-process.ts';

let t: TestApp | null = null;
let server: ServerProcess | null = null;
let dir: string | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
  if (server && server.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await server.exited;
  }
  server = null;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

describe('npm start (the bundled server)', () => {
  it('loads the demo, writes its card sheet and renders the report: the lazily loaded PDF code is in the bundle', async () => {
    dir = mkdtempSync(join(tmpdir(), 'stemkaart-start-'));
    server = await startServer({ STEMKAART_DB: join(dir, 'stemkaart.db'), STEMKAART_DEMO: '1', STEMKAART_ADMIN_TOKEN: 'bundle-test-admin-token' });
    const s = server;
    await vi.waitFor(() => expect(s.output()).toMatch(/Demo card sheet \(PDF, print on A4\): (\S+\.pdf)/), { timeout: 45_000 });
    const sheet = /Demo card sheet \(PDF, print on A4\): (\S+\.pdf)/.exec(s.output())![1];
    expect(readFileSync(sheet).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(statSync(sheet).size).toBeGreaterThan(100_000);
    const res = await fetch(`${s.base}/api/meetings/1/report.pdf`, { headers: { authorization: 'Bearer bundle-test-admin-token' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Start, 342 cards with two barcodes each and the report: 14–17 s on a busy 2-core machine.
  }, 60_000);
});

describe('the demo meeting', () => {
  it('loads the 342 municipalities, the Najaars-ALV with its agenda, cards and three kiosks', async () => {
    t = await makeApp();
    expect(isEmpty(t.app.domain)).toBe(true);
    const demo = loadDemo(t.app.domain, { dbPath: t.dbPath, adminToken: 'printed-once-token' });
    expect(isEmpty(t.app.domain)).toBe(false);

    const members = (await t.app.inject({ method: 'GET', url: '/api/members' })).json() as { name: string; weight: number }[];
    expect(members).toHaveLength(342);
    expect(members.reduce((sum, m) => sum + m.weight, 0)).toBe(13_074);
    expect(members.find((m) => m.name === 'Súdwest-Fryslân')!.weight).toBe(75);

    const meeting = (await t.app.inject({ method: 'GET', url: `/api/meetings/${demo.meetingId}` })).json();
    expect(meeting).toMatchObject({ title: 'Najaars-ALV 2023', date: '2023-12-01', venue: 'Beatrixtheater, Utrecht', requireCheckIn: true, weightsFrozen: true });
    expect(meeting.agenda.map((i: { number: string }) => i.number)).toEqual(['1', '7', '8a', '9']);
    const motions = meeting.agenda.flatMap((i: { motions: unknown[] }) => i.motions);
    expect(motions).toHaveLength(11);
    // The opening item holds a practice vote (proefstemming), with the text the projector shows.
    expect(meeting.agenda[0].motions).toMatchObject([{ ref: '1.P', kind: 'practice', status: 'submitted', text: expect.stringContaining('De uitslag telt niet mee voor een besluit.') }]);
    expect(motions.find((m: { ref: string }) => m.ref === '8a.A1')).toMatchObject({ kind: 'amendment', amends: '8a.P', submitters: ['GM0772'], boardAdvice: 'adopt' });
    expect(motions.find((m: { ref: string }) => m.ref === '8a.1').supporters).toHaveLength(7);

    expect(demo.cards).toHaveLength(342);
    expect(demo.kiosks.map((k) => k.mode)).toEqual(['checkin', 'voting', 'voting']);
    const codesFile = readFileSync(demo.cardsFile, 'utf8').trim().split('\n');
    // For a Dutch spreadsheet (issue 24, point 2): BOM, semicolons, Dutch headers, codes kept as text.
    expect(readFileSync(demo.cardsFile, 'utf8').charCodeAt(0)).toBe(0xfeff);
    expect(codesFile[0]).toBe('code lid;lid;stemmen;kaartcode\r');
    expect(codesFile).toHaveLength(343);
    expect(codesFile.slice(1).every((line) => /^"=""\d{25}"""\r?$/.test(line.split(';').at(-1)!))).toBe(true);
    expect(codesFile.slice(1).every((line) => isValidCardCode(line.split(';').at(-1)!.replace(/\D/g, '')))).toBe(true);
    expect(statSync(demo.cardsFile).mode & 0o777).toBe(0o600);
    expect(statSync(demo.secretsFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(demo.secretsFile, 'utf8')).toContain('admin token: printed-once-token');

    // A demo card checks in at the demo's entrance kiosk.
    const token = new URL(demo.kiosks[0].url).hash.replace('#token=', '');
    const card = codesFile[1].split(';').at(-1)!.replace(/\D/g, '');
    const res = await t.kiosk(token, { method: 'POST', url: '/api/checkins', payload: { code: card } });
    expect(res.json()).toMatchObject({ present: true, changed: true });
  });
});
