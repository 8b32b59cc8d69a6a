import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CARD_CODE_LENGTH, dammDigit, formatCardCode, isValidCardCode, normalizeCardCode } from '../shared/card-code.ts';
import { generateCardCode } from '../server/modules/cards/cards.service.ts';

const codeArb = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 24, maxLength: 24 }).map((d) => d + String(dammDigit(d)));

describe('card codes', () => {
  it('are 24 random digits and a Damm check digit', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateCardCode();
      expect(code).toMatch(/^\d{25}$/);
      expect(code).toHaveLength(CARD_CODE_LENGTH);
      expect(isValidCardCode(code)).toBe(true);
    }
    expect(new Set(Array.from({ length: 1000 }, generateCardCode)).size).toBe(1000);
  });

  it('catch every single wrong digit, at every position, for every replacement', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let pos = 0; pos < code.length; pos++) {
          for (let d = 0; d <= 9; d++) {
            if (String(d) === code[pos]) continue;
            const wrong = code.slice(0, pos) + d + code.slice(pos + 1);
            if (isValidCardCode(wrong)) return false;
          }
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('catch every swap of two different neighbouring digits', () => {
    fc.assert(
      fc.property(codeArb, (code) => {
        for (let pos = 0; pos + 1 < code.length; pos++) {
          if (code[pos] === code[pos + 1]) continue;
          const swapped = code.slice(0, pos) + code[pos + 1] + code[pos] + code.slice(pos + 2);
          if (isValidCardCode(swapped)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('are read as scanned: trimmed, upper-cased, without the spaces of the printed groups', () => {
    const code = generateCardCode();
    expect(normalizeCardCode(`  ${formatCardCode(code)}\n`)).toBe(code);
    expect(formatCardCode('1234567890123')).toBe('12345 67890 123');
    expect(normalizeCardCode(' ab-12 ')).toBe('AB12');
  });
});
