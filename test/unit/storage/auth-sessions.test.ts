/** Server-side sessions: idle and absolute expiry, revocation, and the per-name lockout, on a clock of our own. */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/storage/database.ts';
import { createAccountRepository } from '../../../server/storage/account-repository.ts';
import { createAuthSessionRepository } from '../../../server/storage/auth-session-repository.ts';

const MIN = 60_000;

function setup() {
  const db = openDatabase(':memory:');
  const user = createAccountRepository(db).create({ name: 'anna', role: 'clerk', passwordHash: 'x' });
  const sessions = createAuthSessionRepository(db, { idleMs: 30 * MIN, absoluteMs: 12 * 60 * MIN }, { maxFailures: 5, lockMs: 15 * MIN });
  return { db, user, sessions, accounts: createAccountRepository(db) };
}

describe('auth sessions', () => {
  it('end after the idle time without use, and are kept alive by use', () => {
    const { user, sessions } = setup();
    sessions.create({ idHash: 'a', userId: user.id, ip: '127.0.0.1', now: 0 });
    expect(sessions.touch('a', 29 * MIN)).toBe(user.id);
    expect(sessions.touch('a', 58 * MIN)).toBe(user.id); // 29 min after the last use
    expect(sessions.touch('a', 89 * MIN)).toBeUndefined(); // 31 min idle
  });

  it('end at the absolute limit however busy', () => {
    const { user, sessions } = setup();
    sessions.create({ idHash: 'b', userId: user.id, ip: '127.0.0.1', now: 0 });
    for (let t = 10 * MIN; t < 12 * 60 * MIN; t += 10 * MIN) expect(sessions.touch('b', t)).toBe(user.id);
    expect(sessions.touch('b', 12 * 60 * MIN + 1)).toBeUndefined();
  });

  it('end when revoked, one or all of a user, or when the user is disabled', () => {
    const { user, sessions, accounts } = setup();
    sessions.create({ idHash: 'c', userId: user.id, ip: '', now: 0 });
    sessions.create({ idHash: 'd', userId: user.id, ip: '', now: 0 });
    sessions.create({ idHash: 'e', userId: user.id, ip: '', now: 0 });
    sessions.revoke('c', 1);
    expect(sessions.touch('c', 2)).toBeUndefined();
    expect(sessions.touch('d', 2)).toBe(user.id);
    accounts.setDisabled('anna', true);
    expect(sessions.touch('d', 3)).toBeUndefined();
    accounts.setDisabled('anna', false);
    expect(sessions.revokeUser(user.id, 4)).toBe(2);
    expect(sessions.touch('e', 5)).toBeUndefined();
  });

  it('locks a name after 5 failures for 15 minutes, then counts afresh', () => {
    const { sessions } = setup();
    for (let i = 0; i < 4; i++) expect(sessions.fail('anna', 0)).toBe(false);
    expect(sessions.lockedFor('anna', 0)).toBe(0);
    expect(sessions.fail('anna', 0)).toBe(true);
    expect(sessions.lockedFor('anna', 1)).toBe(15 * MIN - 1);
    expect(sessions.lockedFor('anna', 15 * MIN)).toBe(0);
    expect(sessions.fail('anna', 15 * MIN)).toBe(false);
    sessions.clearFailures('anna');
    expect(sessions.lockedFor('anna', 15 * MIN)).toBe(0);
  });

  it('record a token\'s last use at most once a minute, so authenticated reads do not each write', () => {
    const { db, user, accounts } = setup();
    accounts.createToken({ userId: user.id, tokenHash: 'th', expiresAt: null });
    const lastUsed = () => (db.prepare('SELECT last_used_at AS t FROM api_tokens').get() as { t: string | null }).t;
    const t0 = Date.parse('2026-12-05T10:00:00Z');
    expect(accounts.userByToken('th', new Date(t0))?.id).toBe(user.id);
    expect(lastUsed()).toBe(new Date(t0).toISOString());
    expect(accounts.userByToken('th', new Date(t0 + 30_000))?.id).toBe(user.id);
    expect(lastUsed()).toBe(new Date(t0).toISOString()); // within the minute: no write
    expect(accounts.userByToken('th', new Date(t0 + 61_000))?.id).toBe(user.id);
    expect(lastUsed()).toBe(new Date(t0 + 61_000).toISOString());
  });
});
