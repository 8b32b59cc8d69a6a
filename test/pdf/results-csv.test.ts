import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { RESULTS_CSV_COLUMNS, renderResultsCsv } from '../../server/modules/pdf/results-csv.ts';
import { meeting, MEMBERS, openRound, secretRound } from './fixtures.ts';

const motions = meeting.agenda.flatMap((i) => i.motions);

function rows(csv: string, delimiter = ','): Record<string, string>[] {
  return parse(csv.replace(/^\uFEFF/, ''), { columns: true, delimiter }) as Record<string, string>[];
}

describe('renderResultsCsv', () => {
  it('starts with a UTF-8 byte order mark and the documented header, with CRLF line ends', () => {
    const csv = renderResultsCsv({ round: openRound, motions });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1).split('\r\n')[0]).toBe(RESULTS_CSV_COLUMNS.join(','));
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('has one row per member and motion of an open round, then the totals per motion', () => {
    const all = rows(renderResultsCsv({ round: openRound, motions }));
    const votes = all.filter((r) => r.row === 'vote');
    expect(votes).toHaveLength(MEMBERS.length * 2);
    const sudwest = votes.find((r) => r.memberCode === 'GM1900' && r.motionRef === '7.1');
    expect(sudwest).toMatchObject({ memberName: 'Súdwest-Fryslân', choice: 'for', weight: '75', count: '1', roundId: '10', motionId: '1' });
    const totals = all.filter((r) => r.row === 'total' && r.motionRef === '7.1');
    expect(totals.map((r) => r.choice)).toEqual(['for', 'against', 'abstain', 'cast', 'present', 'entitled']);
    expect(totals[0]).toMatchObject({ weight: '175', count: '3', outcome: 'adopted', memberCode: '' });
  });

  it('never has per-member rows for a secret round, even when given a roll call', () => {
    const leaked = { ...secretRound, rollCall: openRound.rollCall };
    const all = rows(renderResultsCsv({ round: leaked, motions }));
    expect(all.every((r) => r.row === 'total')).toBe(true);
    expect(all).toHaveLength(6);
    expect(renderResultsCsv({ round: leaked, motions })).not.toContain('GM1900');
  });

  it('separates with semicolons on request and quotes fields that need it', () => {
    const round = { ...openRound, motionIds: [4], tallies: [{ ...openRound.tallies![0], motionId: 4, ref: '8.A1' }], rollCall: [] };
    const csv = renderResultsCsv({ round, motions }, ';');
    expect(csv.slice(1).split('\r\n')[0]).toBe(RESULTS_CSV_COLUMNS.join(';'));
    const all = rows(csv, ';');
    // A title that starts like a formula is defused with an apostrophe; quotes and the separator survive.
    expect(all[0].motionTitle).toBe(`'=Amendement "lagere contributie"; met puntkomma`);
    expect(rows(renderResultsCsv({ round, motions }))[0].motionTitle).toBe(all[0].motionTitle);
  });

  it('quotes names that contain the comma separator', () => {
    const all = rows(renderResultsCsv({ round: openRound, motions }));
    expect(all.some((r) => r.memberName === 'Nuenen, Gerwen en Nederwetten')).toBe(true);
  });
});
