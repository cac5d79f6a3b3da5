// scrypt password hashes for provider users: `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`.
// The configuration holds only these hashes, never a password.
import { scrypt as scryptCb, randomBytes, timingSafeEqual } from 'node:crypto';

/** Production cost (about 40 ms of one core per check here). The parameters travel in each hash. */
export const DEFAULT_SCRYPT_COST = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

function scrypt(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, KEY_LEN, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key));
  });
}

export interface HashOptions {
  /**
   * scrypt N (a power of two). Only benchmarks lower it, to measure the protocol rather than
   * one shared machine's password checks; everything else keeps the default.
   */
  cost?: number;
}

export async function hashPassword(password: string, options: HashOptions = {}): Promise<string> {
  const n = options.cost ?? DEFAULT_SCRYPT_COST;
  if (!Number.isSafeInteger(n) || n < 2 || n > 1 << 20 || (n & (n - 1)) !== 0) throw new RangeError(`scrypt cost ${n} is not a power of two from 2 to 2^20`);
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, n, R, P);
  return `scrypt$${n}$${R}$${P}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export const PASSWORD_HASH_PATTERN = /^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((x) => Number.isSafeInteger(x) && x > 0) || n > 1 << 20) return false;
  const salt = Buffer.from(parts[4]!, 'base64');
  const expected = Buffer.from(parts[5]!, 'base64');
  const key = await scrypt(password, salt, n, r, p);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to verify against when the user does not exist, so timing does not reveal user names. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
