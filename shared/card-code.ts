/**
 * Card codes: 24 random digits and a Damm check digit. Pure functions shared by the server (lookup)
 * and the kiosk (to reject a misread before it is sent). Generation lives on the server (it needs a
 * cryptographic random source).
 */

// The Damm quasigroup of order 10 (weakly totally anti-symmetric): one check digit that catches
// every single-digit error and every transposition of adjacent digits.
const DAMM: readonly (readonly number[])[] = [
  [0, 3, 1, 7, 5, 9, 8, 6, 4, 2],
  [7, 0, 9, 2, 1, 5, 4, 8, 6, 3],
  [4, 2, 0, 6, 8, 7, 1, 3, 5, 9],
  [1, 7, 5, 0, 9, 8, 3, 4, 2, 6],
  [6, 1, 2, 3, 0, 4, 5, 9, 7, 8],
  [3, 6, 7, 4, 2, 0, 9, 5, 8, 1],
  [5, 8, 6, 9, 7, 2, 0, 1, 3, 4],
  [8, 9, 4, 5, 3, 6, 2, 0, 1, 7],
  [9, 4, 3, 8, 6, 1, 7, 2, 0, 5],
  [2, 5, 8, 1, 4, 3, 6, 7, 9, 0],
];

export const CARD_RANDOM_DIGITS = 24;
export const CARD_CODE_LENGTH = CARD_RANDOM_DIGITS + 1;

export function dammDigit(digits: string): number {
  let interim = 0;
  for (const ch of digits) interim = DAMM[interim][ch.charCodeAt(0) - 48];
  return interim;
}

/** True when the string is all digits and its last digit is the Damm check digit of the rest. */
export function isValidCardCode(code: string): boolean {
  return code.length === CARD_CODE_LENGTH && /^\d+$/.test(code) && dammDigit(code) === 0;
}

/**
 * What a scanner or a person typed, as it is looked up: trimmed, upper-cased, and without the
 * spaces or hyphens of the printed groups.
 */
export function normalizeCardCode(input: string): string {
  return input.trim().toUpperCase().replace(/[\s-]+/g, '');
}

/** The code in groups of five for print and for typing: `12345 67890 ...`. */
export function formatCardCode(code: string): string {
  return code.replace(/(.{5})(?=.)/g, '$1 ');
}
