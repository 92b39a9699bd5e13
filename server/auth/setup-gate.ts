/**
 * The first-run set-up link: while no admin can log in, one random token,
 * valid for a limited time and for one use, lets a person on this machine
 * create the first admin. No default password exists anywhere.
 */
import { timingSafeEqual } from 'node:crypto';
import { newSecret } from './secrets.ts';

export interface SetupGate {
  /** the token, or null when set-up is closed */
  readonly token: string | null;
  /** true once: the token matches, has not expired and was not used */
  consume(candidate: string): boolean;
}

/**
 * `stillNeeded` is asked on every use: once an admin exists (made by the CLI,
 * say), the link closes even if it was never used.
 */
export function createSetupGate(open: boolean, ttlMs: number, now: () => number = Date.now, stillNeeded: () => boolean = () => true): SetupGate {
  let token: string | null = open ? newSecret() : null;
  const expiresAt = now() + ttlMs;
  const usable = () => token !== null && now() < expiresAt && stillNeeded();
  return {
    get token() {
      return usable() ? token : null;
    },
    consume(candidate) {
      if (!usable() || token === null) return false;
      const a = Buffer.from(candidate);
      const b = Buffer.from(token);
      if (a.length !== b.length || !timingSafeEqual(a, b)) return false;
      token = null;
      return true;
    },
  };
}

/** Is this socket address the machine itself? (the raw peer, never X-Forwarded-For) */
export const isLoopback = (address: string | undefined): boolean =>
  address !== undefined && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));
