import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RESULTS_CSV_COLUMNS, renderResultsCsv } from '../../server/modules/pdf/results-csv.ts';
import { codesCsv } from '../../server/modules/cards/codes-csv.ts';
import { meeting, MEMBERS, openRound, practiceRound, secretRound } from './fixtures.ts';

const motions = meeting.agenda.flatMap((i) => i.motions);

function rows(csv: string, delimiter = ','): Record<string, string>[] {
  return parse(csv.replace(/^\uFEFF/, ''), { columns: true, delimiter }) as Record<string, string>[];
}
// The `by` column is there only in a round with ballots cast by proxy (test/api-proxies.test.ts).
const header = (lang: 'nl' | 'en') => Object.entries(RESULTS_CSV_COLUMNS).filter(([k]) => k !== 'by').map(([, c]) => c[lang]);

describe('renderResultsCsv', () => {
  it('is Dutch by default: a UTF-8 byte order mark, semicolons, Dutch headers and words, CRLF line ends (issue 24, point 2)', () => {
    const csv = renderResultsCsv({ round: openRound, motions });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe('soort;stemronde;voorstel-id;voorstel;titel;code;lid;keuze;stemmen;aantal;uitslag');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
    const all = rows(csv, ';');
    expect(all.find((r) => r.code === 'GM1900' && r.voorstel === '7.1')).toMatchObject({ soort: 'stem', stemronde: '2', keuze: 'voor', lid: 'Súdwest-Fryslân' });
    const totals = all.filter((r) => r.soort === 'totaal' && r.voorstel === '7.1');
    expect(totals.map((r) => r.keuze)).toEqual(['voor', 'tegen', 'onthouding', 'uitgebracht', 'aanwezig', 'stemgerechtigd']);
    expect(totals[0].uitslag).toBe('aangenomen');
    expect(all.find((r) => r.soort === 'totaal' && r.voorstel === '7.2')!.uitslag).toBe('verworpen');
    expect(csv).not.toMatch(/\b(for|against|abstain|adopted|rejected)\b/);
  });

  it("says 'geen besluit' / 'no decision' for a practice round's outcome, whatever its tally says (issue 24, point 3)", () => {
    const practice = { ...practiceRound, tallies: [{ ...openRound.tallies![0], motionId: 6, ref: '1.P', outcome: 'rejected' as const }], rollCall: [] };
    const nl = rows(renderResultsCsv({ round: practice, motions }), ';');
    expect(nl.length).toBe(6);
    expect(nl.every((r) => r.uitslag === 'geen besluit' && r.stemronde === '1')).toBe(true);
    expect(rows(renderResultsCsv({ round: practice, motions }, 'en')).every((r) => r.outcome === 'no decision')).toBe(true);
  });

  it('gives English headers and words with commas on request', () => {
    const csv = renderResultsCsv({ round: openRound, motions }, 'en');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe(header('en').join(','));
  });

  it('has one row per member and motion of an open round, then the totals per motion', () => {
    const all = rows(renderResultsCsv({ round: openRound, motions }, 'en'));
    const votes = all.filter((r) => r.row === 'vote');
    expect(votes).toHaveLength(MEMBERS.length * 2);
    const sudwest = votes.find((r) => r.memberCode === 'GM1900' && r.motionRef === '7.1');
    expect(sudwest).toMatchObject({ memberName: 'Súdwest-Fryslân', choice: 'for', weight: '75', count: '1', round: '2', motionId: '1' });
    const totals = all.filter((r) => r.row === 'total' && r.motionRef === '7.1');
    expect(totals.map((r) => r.choice)).toEqual(['for', 'against', 'abstain', 'cast', 'present', 'entitled']);
    expect(totals[0]).toMatchObject({ weight: '175', count: '3', outcome: 'adopted', memberCode: '' });
  });

  it('never has per-member rows for a secret round, even when given a roll call', () => {
    const leaked = { ...secretRound, rollCall: openRound.rollCall };
    const all = rows(renderResultsCsv({ round: leaked, motions }, 'en'));
    expect(all.every((r) => r.row === 'total')).toBe(true);
    expect(all).toHaveLength(6);
    expect(renderResultsCsv({ round: leaked, motions })).not.toContain('GM1900');
  });

  it('quotes fields that need it in either language', () => {
    const round = { ...openRound, motionIds: [4], tallies: [{ ...openRound.tallies![0], motionId: 4, ref: '8.A1' }], rollCall: [] };
    const csv = renderResultsCsv({ round, motions });
    expect(csv.slice(1).split('\r\n')[0]).toBe(header('nl').join(';'));
    const all = rows(csv, ';');
    // A title that starts like a formula is defused with an apostrophe; quotes and the separator survive.
    expect(all[0].titel).toBe(`'=Amendement "lagere contributie"; met puntkomma`);
    expect(rows(renderResultsCsv({ round, motions }, 'en'))[0].motionTitle).toBe(all[0].titel);
    expect(rows(renderResultsCsv({ round: openRound, motions }, 'en')).some((r) => r.memberName === 'Nuenen, Gerwen en Nederwetten')).toBe(true);
  });
});

describe('codesCsv', () => {
  it('keeps codes a spreadsheet would turn into numbers as text (="…"), and others as they are (issue 24, point 2)', () => {
    const cards = [
      { memberCode: 'GM0363', name: 'Amsterdam', weight: 75, code: '0123456789012345678901234' },
      { memberCode: '0042', name: 'Nul', weight: 1, code: '1E5' },
    ];
    const lines = codesCsv(cards, 'nl').slice(1).split('\r\n');
    expect(lines[0]).toBe('code lid;lid;stemmen;kaartcode');
    expect(lines[1]).toBe('GM0363;Amsterdam;75;"=""0123456789012345678901234"""');
    expect(lines[2]).toBe('"=""0042""";Nul;1;"=""1E5"""');
    // A CSV reader gets the formula text; a spreadsheet shows the code as typed.
    expect(rows(codesCsv(cards, 'en'))[0]).toEqual({ memberCode: 'GM0363', name: 'Amsterdam', weight: '75', code: '="0123456789012345678901234"' });
  });
});
