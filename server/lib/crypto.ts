import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomFillSync, randomInt, timingSafeEqual } from 'node:crypto';

export function sha256(input: string | Buffer): Buffer {
  return createHash('sha256').update(input).digest();
}

export function sha256Hex(input: string | Buffer): string {
  return createHash('sha256').update(input).digest('hex');
}

export function hmacSha256(key: Buffer, input: string): Buffer {
  return createHmac('sha256', key).update(input).digest();
}

/** Compares two secrets in constant time (by their digests, so lengths may differ). */
export function constantTimeEqual(a: string, b: string): boolean {
  return timingSafeEqual(sha256(a), sha256(b));
}

/** A URL-safe random token with `bytes` bytes of entropy. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Uniformly random decimal digits from the cryptographic source. */
export function randomDigits(count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String(randomInt(10));
  return out;
}

// Crockford's base32 without I, L, O, U: easy to read aloud and to copy from a receipt.
const RECEIPT_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

// Receipt bytes come from the cryptographic source in blocks of 512 receipts, each byte used once
// (as Node does for randomUUID): one call into OpenSSL per block instead of one per ballot.
const RECEIPT_BYTES = 12;
const receiptPool = Buffer.alloc(RECEIPT_BYTES * 512);
let receiptPoolAt = receiptPool.length;

/** A ballot receipt such as `K7Q2-M9XD-3HFA` (60 random bits). */
export function randomReceipt(): string {
  if (receiptPoolAt === receiptPool.length) {
    randomFillSync(receiptPool);
    receiptPoolAt = 0;
  }
  let s = '';
  for (let i = 0; i < RECEIPT_BYTES; i++) {
    if (i === 4 || i === 8) s += '-';
    s += RECEIPT_ALPHABET[receiptPool[receiptPoolAt + i] & 31];
  }
  receiptPoolAt += RECEIPT_BYTES;
  return s;
}

/** Seals a short text with a key derived from a secret only the kiosk holds (its nonce). */
export function seal(secret: string, plaintext: string): Buffer {
  const key = sha256(`stemkaart-seal:${secret}`);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

export function unseal(secret: string, sealed: Buffer): string | null {
  try {
    const key = sha256(`stemkaart-seal:${secret}`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
