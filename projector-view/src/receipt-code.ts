/** Receipt codes as people type them (pure: unit tested). */

/**
 * A receipt as typed, in the form the server writes it (`K7Q2-M9XD-3HFA`): Crockford's base32 reads
 * O as 0 and I and L as 1; spaces, dashes and case do not matter. Null when it cannot be one.
 */
export function normalReceipt(typed: string): string | null {
  const plain = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(plain)) return null;
  return `${plain.slice(0, 4)}-${plain.slice(4, 8)}-${plain.slice(8)}`;
}
