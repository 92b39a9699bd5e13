/**
 * Login sessions (server-side, revocable) and the per-name failed-login
 * counter behind the temporary lockout. Times are epoch milliseconds.
 */
import type { Database } from './database.ts';

export interface SessionPolicy {
  /** a session unused this long ends */
  readonly idleMs: number;
  /** a session ends this long after login, used or not */
  readonly absoluteMs: number;
}

export interface LockoutPolicy {
  readonly maxFailures: number;
  readonly lockMs: number;
}

export interface AuthSessionRepository {
  create(input: { idHash: string; userId: number; ip: string; now: number }): void;
  /** the user id of a live session (and refreshes its idle clock), or undefined */
  touch(idHash: string, now: number): number | undefined;
  revoke(idHash: string, now: number): void;
  revokeUser(userId: number, now: number): number;
  /** ms left of a lockout for this name, 0 when not locked */
  lockedFor(username: string, now: number): number;
  /** counts a failure; returns true when it started a lockout */
  fail(username: string, now: number): boolean;
  clearFailures(username: string): void;
}

export function createAuthSessionRepository(db: Database, policy: SessionPolicy, lockout: LockoutPolicy): AuthSessionRepository {
  const insert = db.prepare('INSERT INTO auth_sessions (id_hash, user_id, created_at, last_seen_at, expires_at, ip) VALUES (?, ?, ?, ?, ?, ?)');
  const live = db.prepare(
    `SELECT s.user_id AS userId, s.last_seen_at AS lastSeen FROM auth_sessions s JOIN users u ON u.id = s.user_id
     WHERE s.id_hash = ? AND s.revoked_at IS NULL AND s.expires_at > ? AND s.last_seen_at > ? AND u.disabled = 0`,
  );
  const seen = db.prepare('UPDATE auth_sessions SET last_seen_at = ? WHERE id_hash = ?');
  const getFail = db.prepare('SELECT failures, locked_until AS lockedUntil FROM login_failures WHERE username = ?');
  const upsertFail = db.prepare(
    `INSERT INTO login_failures (username, failures, locked_until) VALUES (?, ?, ?)
     ON CONFLICT(username) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until`,
  );
  const clear = db.prepare('DELETE FROM login_failures WHERE username = ?');
  // Old sessions are kept out of the way, not for evidence: the audit log holds the logins.
  const purge = db.prepare('DELETE FROM auth_sessions WHERE expires_at < ? OR revoked_at < ?');
  let lastPurge = 0;

  return {
    create({ idHash, userId, ip, now }) {
      if (now - lastPurge > 3_600_000) {
        purge.run(now - 86_400_000, now - 86_400_000);
        lastPurge = now;
      }
      insert.run(idHash, userId, now, now, now + policy.absoluteMs, ip);
    },
    touch(idHash, now) {
      const row = live.get(idHash, now, now - policy.idleMs) as { userId: number; lastSeen: number } | undefined;
      if (!row) return undefined;
      // One write a minute at most: the idle clock need not be finer.
      if (now - row.lastSeen > 60_000) seen.run(now, idHash);
      return row.userId;
    },
    revoke: (idHash, now) => void db.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL').run(now, idHash),
    revokeUser: (userId, now) => db.prepare('UPDATE auth_sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL').run(now, userId).changes,
    lockedFor(username, now) {
      const row = getFail.get(username) as { failures: number; lockedUntil: number | null } | undefined;
      return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil - now : 0;
    },
    fail(username, now) {
      const row = getFail.get(username) as { failures: number; lockedUntil: number | null } | undefined;
      const failures = (row?.lockedUntil && row.lockedUntil <= now ? 0 : row?.failures ?? 0) + 1;
      const lock = failures >= lockout.maxFailures;
      upsertFail.run(username, lock ? 0 : failures, lock ? now + lockout.lockMs : null);
      return lock;
    },
    clearFailures: (username) => void clear.run(username),
  };
}
