import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * The HMAC key for card codes lives outside the database file, so a copy of the database alone
 * cannot be used to test guessed codes. From the config (environment) or a key file beside the
 * database, created with mode 0600 on first start.
 */
export function loadCardKey(opts: { cardKey?: string; cardKeyFile?: string; dbPath: string }): Buffer {
  if (opts.cardKey) return Buffer.from(opts.cardKey, 'utf8');
  if (opts.dbPath === ':memory:' && !opts.cardKeyFile) return randomBytes(32);
  const file = opts.cardKeyFile ?? `${opts.dbPath}.key`;
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  chmodSync(file, 0o600);
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error(`The card key file ${file} is not 64 hex characters.`);
  return Buffer.from(hex, 'hex');
}
