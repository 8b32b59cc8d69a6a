import { describe, expect, it } from 'vitest';
import { randomReceipt } from '../server/lib/crypto.ts';

describe('ballot receipts', () => {
  it('are three groups of four Crockford base32 symbols, all different across several random blocks', () => {
    // 3,000 receipts draw six blocks of 512 from the random source.
    const receipts = Array.from({ length: 3000 }, randomReceipt);
    for (const r of receipts) expect(r).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(new Set(receipts).size).toBe(receipts.length);
    // Every one of the 32 symbols turns up in every position: no position is stuck.
    for (const pos of [0, 5, 10, 13]) expect(new Set(receipts.map((r) => r[pos])).size).toBe(32);
  });
});
