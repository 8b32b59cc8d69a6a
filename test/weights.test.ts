import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VNG_SCHEME, weightFor } from '../server/modules/members/weights.ts';
import { parseMemberFile } from '../server/modules/members/member-file.ts';

describe('weight schemes', () => {
  it('VNG rule: one vote per completed 1,000 inhabitants, at least 1, at most 75', () => {
    expect(weightFor(VNG_SCHEME, 0)).toBe(1);
    expect(weightFor(VNG_SCHEME, 982)).toBe(1); // Schiermonnikoog
    expect(weightFor(VNG_SCHEME, 1999)).toBe(1);
    expect(weightFor(VNG_SCHEME, 2000)).toBe(2);
    expect(weightFor(VNG_SCHEME, 74_999)).toBe(74);
    expect(weightFor(VNG_SCHEME, 75_000)).toBe(75);
    expect(weightFor(VNG_SCHEME, 931_298)).toBe(75);
  });

  it('rounds up each started thousand with rounding "ceil"', () => {
    const ceil = { ...VNG_SCHEME, rounding: 'ceil' as const };
    expect(weightFor(ceil, 1000)).toBe(1);
    expect(weightFor(ceil, 1001)).toBe(2);
    expect(weightFor(ceil, 74_001)).toBe(75);
  });

  it('brackets: the weight of the highest bracket whose minPopulation ≤ population', () => {
    const s = { kind: 'brackets' as const, brackets: [{ minPopulation: 0, weight: 1 }, { minPopulation: 10_000, weight: 3 }, { minPopulation: 100_000, weight: 9 }] };
    expect(weightFor(s, 9_999)).toBe(1);
    expect(weightFor(s, 10_000)).toBe(3);
    expect(weightFor(s, 99_999)).toBe(3);
    expect(weightFor(s, 100_000)).toBe(9);
  });

  it('gives the 342 municipalities of 1 January 2023 13,074 votes, 53 of them at the cap', () => {
    const rows = parseMemberFile({ bytes: readFileSync('data/gemeenten.csv') });
    expect(rows).toHaveLength(342);
    const weights = rows.map((r) => weightFor(VNG_SCHEME, r.population));
    expect(weights.reduce((a, b) => a + b, 0)).toBe(13_074);
    expect(weights.filter((w) => w === 75)).toHaveLength(53);
  });
});
