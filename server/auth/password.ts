/**
 * Password hashing with scrypt (memory-hard, node:crypto). Stored as
 * `scrypt$N$r$p$salt$hash` (base64url) so the cost can be raised later
 * without invalidating old hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { DiktatsError } from '../errors.ts';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
export const MIN_PASSWORD_LENGTH = 10;

function derive(password: string, salt: Buffer, opts: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // 128·N·r bytes = 32 MiB at N=2^15, r=8: allow twice that.
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...opts, maxmem: 256 * (opts.N ?? N) * (opts.r ?? R) }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export function checkPasswordStrength(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new DiktatsError('AUTH_ERR_PASSWORD', `${[...password].length} characters`);
}

export async function hashPassword(password: string): Promise<string> {
  checkPasswordStrength(password);
  const salt = randomBytes(16);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so a missing user is not told apart by timing.
    await derive(password, randomBytes(16), { N, r: R, p: P });
    return false;
  }
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}
