import { describe, expect, it } from 'vitest';
import { normalReceipt } from '../projector-view/src/receipt-code.ts';

describe('a receipt as a voter types it', () => {
  it('reads any case, spaces and dashes, and O, I and L as Crockford base32 does', () => {
    expect(normalReceipt('K7Q2-M9XD-3HFA')).toBe('K7Q2-M9XD-3HFA');
    expect(normalReceipt(' k7q2 m9xd 3hfa ')).toBe('K7Q2-M9XD-3HFA');
    expect(normalReceipt('k7q2m9xd3hfa')).toBe('K7Q2-M9XD-3HFA');
    expect(normalReceipt('O1IL-0000-AAAA')).toBe('0111-0000-AAAA');
  });

  it('refuses what cannot be a receipt: too short, too long, or a letter the alphabet has not (U)', () => {
    expect(normalReceipt('12345')).toBeNull();
    expect(normalReceipt('K7Q2-M9XD-3HFA-1')).toBeNull();
    expect(normalReceipt('UUUU-M9XD-3HFA')).toBeNull();
    expect(normalReceipt('')).toBeNull();
  });
});
