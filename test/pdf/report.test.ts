import { mkdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../server/modules/pdf/report.ts';
import { buildVotingRecord } from '../../server/modules/reports/voting-record.ts';
import type { Round } from '../../shared/schemas.ts';
import { pageCount, pdfText, savePdfPagePng } from '../helpers/barcodes.ts';
import { auditHead, meeting, meetingWithPractice, MEMBERS, practiceRound, rounds } from './fixtures.ts';

describe('renderReport', () => {
  let pdf: Buffer;
  let text: string;
  let flat: string;
  beforeAll(async () => {
    pdf = await renderReport({
      meeting,
      rounds,
      audit: { ok: true, entries: 123, head: auditHead },
      generatedAt: '2023-12-01T16:00:00.000Z',
    });
    text = pdfText(pdf).replace(/[ \t]*\n[ \t]*/g, '\n');
    flat = text.replace(/\s+/g, ' ');
    mkdirSync('test-results/screenshots', { recursive: true });
    for (let page = 1; page <= pageCount(pdf); page++) savePdfPagePng(pdf, page, 70, `test-results/screenshots/report-page-${page}`);
  });

  it('heads the report with the meeting title, date and venue and the time it was made', () => {
    expect(text).toContain('Najaars ALV 2023');
    expect(text).toContain('1 december 2023 · Beatrixtheater, Utrecht');
    expect(text).toContain('1 december 2023 om 17:00:00'); // Amsterdam time
  });

  it('gives per motion the outcome, weighted figures and percentages, present and entitled weight', () => {
    expect(text).toMatch(/7\.1\s+Goed beleid = integraal beleid/);
    expect(text).toMatch(/Voor\s+175\s+3\s+70,0 %/);
    expect(text).toMatch(/Tegen\s+75\s+2\s+30,0 %/);
    expect(text).toMatch(/Aanwezig\s+250\s+5\s+100,0 %/);
    expect(text).toMatch(/Stemgerechtigd\s+250\s+5/);
    expect(text).toContain('Uitslag: Aangenomen. Quorum (50 %): gehaald.');
    expect(text).toContain('Uitslag: Verworpen.');
  });

  it('states the majority rule and quorum of each round', () => {
    expect(flat).toContain('gewone meerderheid');
    expect(flat).toContain('twee derde meerderheid');
    expect(flat).toContain('quorum 50 % van het stemgerechtigde gewicht aanwezig');
  });

  it('marks manual results, withdrawn motions and cancelled rounds', () => {
    expect(text).toContain('Handmatig vastgestelde uitslagen');
    expect(flat).toContain('Met handopsteken, storing scanners');
    expect(text).toContain('Ingetrokken');
    expect(text).toContain('geannuleerd, telt niet');
    expect(flat).toContain('Verkeerde kiosk-instelling');
  });

  it('lists the roll call per member for an open round, with diacritics, and none for a secret round', () => {
    for (const m of MEMBERS) expect(text).toContain(m.name);
    expect(text).toMatch(/Súdwest-Fryslân\s+GM1900\s+75\s+Voor\s+Voor/);
    const secretOnly = text.slice(text.indexOf('Stemronde 3'));
    expect(secretOnly).toContain('Geheime stemming');
    expect(secretOnly).not.toContain('Amsterdam');
  });

  it('shows the audit head hash, page numbers and room for the signatures', () => {
    expect(text).toContain(auditHead);
    const pages = pageCount(pdf);
    expect(text).toContain(`Pagina 1 van ${pages}`);
    expect(text).toContain(`Pagina ${pages} van ${pages}`);
    expect(text).toContain('De voorzitter');
    expect(text).toContain('De secretaris');
    expect(text).toContain('Handtekening');
  });

  it('warns loudly when the audit chain is broken', async () => {
    const broken = pdfText(await renderReport({ meeting, rounds, audit: { ok: false, brokenAt: 7 }, generatedAt: new Date() }));
    // The sentence names the date of the check, so where it wraps depends on the day: compare as one line.
    expect(broken.replace(/\s+/g, ' ')).toContain('verbroken bij regel 7');
  });

  it('spreads a long roll call over pages with the header repeated', async () => {
    const many: Round = {
      ...rounds[0],
      rollCall: Array.from({ length: 342 }, (_, i) => ({
        memberCode: `GM${String(i).padStart(4, '0')}`,
        name: `Gemeente ${String(i).padStart(3, '0')}`,
        weight: 10,
        choices: [
          { motionId: 1, choice: 'for' as const },
          { motionId: 2, choice: 'abstain' as const },
        ],
      })),
    };
    const big = await renderReport({ meeting, rounds: [many], audit: { ok: null, head: null }, generatedAt: new Date() });
    const bigText = pdfText(big);
    expect(pageCount(big)).toBeGreaterThan(5);
    expect(bigText).toContain('Gemeente 341');
    expect((bigText.match(/Lid\s+Code\s+Stemmen\s+7\.1\s+7\.2/g) ?? []).length).toBeGreaterThan(4);
  });

  it('lists a practice round only as "Proefstemming" with its turnout and its round number: no decision, no figures', async () => {
    const withPractice = pdfText(await renderReport({ meeting: meetingWithPractice, rounds: [practiceRound, ...rounds], audit: { ok: true, entries: 130, head: auditHead }, generatedAt: '2023-12-01T16:00:00.000Z' }));
    const flatPractice = withPractice.replace(/\s+/g, ' ');
    const decisions = flatPractice.slice(flatPractice.indexOf('Besluiten'), flatPractice.indexOf('Stemrondes'));
    expect(decisions).not.toContain('1.P');
    expect(decisions).not.toContain('Proefstemming');
    expect(flatPractice).toContain('Stemronde 1: proefstemming');
    expect(flatPractice).toContain('Opkomst: 4 leden met 226 stemmen hebben gestemd van 5 aanwezige leden met 250 stemmen (90,4 % van het aanwezige gewicht).');
    expect(flatPractice).toContain('Een proefstemming telt niet mee voor een besluit.');
    const practiceSection = flatPractice.slice(flatPractice.indexOf('Stemronde 1: proefstemming'), flatPractice.indexOf('Stemronde 2'));
    expect(practiceSection).not.toMatch(/Voor \d/);
    expect(practiceSection).not.toContain('Hoofdelijke stemming');
    // One number per round, the one the console, the CSV and the CLI say (issue 24, point 1).
    expect(flatPractice).toContain('Stemronde 2 Geopend');
    expect(flatPractice).not.toMatch(/\(nr\. \d+\)/);
    expect(flatPractice).toContain('Aangenomen (stemronde 2)');
  });

  it("prints every time in the meeting's time zone (issue 24, point 4)", async () => {
    const utc = pdfText(await renderReport({ meeting: { ...meeting, timeZone: 'UTC' }, rounds, audit: { ok: true, entries: 1, head: auditHead }, generatedAt: '2023-12-01T16:00:00.000Z' })).replace(/\s+/g, ' ');
    expect(utc).toContain('opgemaakt op 1 december 2023 om 16:00:00');
    expect(utc).toContain('Geopend 1 december 2023 om 13:05:00');
    const amsterdam = pdfText(await renderReport({ meeting, rounds, audit: { ok: true, entries: 1, head: auditHead }, generatedAt: '2023-12-01T16:00:00.000Z' })).replace(/\s+/g, ' ');
    expect(amsterdam).toContain('opgemaakt op 1 december 2023 om 17:00:00');
  });

  it('carries the voting record as an appendix: a row per member, a column per motion of a closed open round', async () => {
    const members = [...MEMBERS.map((m) => ({ code: m.memberCode, name: m.name, weight: m.weight })), { code: 'GM0014', name: 'Groningen', weight: 75 }, { code: 'GM0034', name: 'Almere', weight: 75 }];
    const votingRecord = buildVotingRecord({
      meetingId: 1,
      agenda: meeting.agenda,
      rounds,
      members,
      presentAtClose: new Map([[10, new Set([...MEMBERS.map((m) => m.memberCode), 'GM0014'])]]),
    });
    const appendix = pdfText(await renderReport({ meeting, rounds, votingRecord, audit: { ok: true, entries: 123, head: auditHead }, generatedAt: '2023-12-01T16:00:00.000Z' }));
    const part = appendix.slice(appendix.indexOf('Bijlage: stemgedrag'));
    expect(part).toContain('Bijlage: stemgedrag');
    expect(part.replace(/\s+/g, ' ')).toContain('7.1 Goed beleid = integraal beleid (stemronde 2: aangenomen)');
    expect(part).toMatch(/Lid\s+Code\s+Stemmen\s+7\.1\s+7\.2/);
    // Only the open round's motions: 8.P was decided in a secret round.
    expect(part).not.toMatch(/Stemmen\s+7\.1\s+7\.2\s+8\.P/);
    expect(part).toMatch(/Súdwest-Fryslân\s+GM1900\s+75\s+voor\s+voor/);
    expect(part).toMatch(/Amsterdam\s+GM0363\s+75\s+tegen\s+tegen/);
    expect(part).toMatch(/Groningen\s+GM0014\s+75\s+niet gestemd\s+niet gestemd/);
    expect(part).toMatch(/Almere\s+GM0034\s+75\s+afwezig\s+afwezig/);
  });

  it('reports a meeting without rounds or agenda', async () => {
    const empty = pdfText(
      await renderReport({ meeting: { ...meeting, agenda: [], rounds: [] }, rounds: [], audit: { ok: true, entries: 1, head: auditHead }, generatedAt: new Date() }),
    );
    expect(empty).toContain('Er is niet gestemd.');
    expect(empty).toContain('Pagina 1 van 1');
  });
});
