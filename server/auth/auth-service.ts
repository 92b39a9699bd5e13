/**
 * Accounts, logins, sessions and tokens over the repositories, with every
 * change written to the audit log. Transport-free: routes and the CLI call it.
 */
import { DiktatsError } from '../errors.ts';
import { createAccountRepository, type AccountRepository, type TokenRow, type UserRow } from '../storage/account-repository.ts';
import { createAuditRepository, type AuditRepository } from '../storage/audit-repository.ts';
import { createAuthSessionRepository, type AuthSessionRepository } from '../storage/auth-session-repository.ts';
import type { Database } from '../storage/database.ts';
import { hashPassword, verifyPassword } from './password.ts';
import type { AuthUser, Role } from './roles.ts';
import { newSecret, secretHash, TOKEN_PREFIX } from './secrets.ts';

/** Who asks for a change and from where, for the audit log. */
export interface Actor {
  readonly user: Pick<AuthUser, 'id' | 'name'> | null;
  readonly ip: string | null;
}

export const CLI_ACTOR: Actor = { user: null, ip: 'cli' };

export interface AuthService {
  readonly accounts: AccountRepository;
  readonly audit: AuditRepository;
  login(username: string, password: string, ip: string): Promise<{ user: UserRow; sessionId: string }>;
  logout(sessionId: string, actor: Actor): void;
  userBySession(sessionId: string): AuthUser | null;
  userByToken(token: string): AuthUser | null;
  addUser(input: { name: string; role: Role; password: string }, actor: Actor): Promise<UserRow>;
  setPassword(name: string, password: string, actor: Actor): Promise<UserRow>;
  setDisabled(name: string, disabled: boolean, actor: Actor): UserRow;
  createToken(name: string, expiresDays: number | null, actor: Actor): { token: string; row: TokenRow };
  revokeToken(id: number, actor: Actor): TokenRow;
  record(actor: Actor, action: string, target?: string | null, detail?: Record<string, unknown>): void;
}

/**
 * The service over one database's repositories, with the configured session
 * lifetimes and the fixed lock-out (5 failures, 15 minutes): the server and the CLI share it.
 */
export function createAuthServiceForDatabase(db: Database, limits: { sessionIdleMin: number; sessionMaxHours: number }): AuthService {
  return createAuthService({
    accounts: createAccountRepository(db),
    audit: createAuditRepository(db),
    sessions: createAuthSessionRepository(
      db,
      { idleMs: limits.sessionIdleMin * 60_000, absoluteMs: limits.sessionMaxHours * 3_600_000 },
      { maxFailures: 5, lockMs: 15 * 60_000 },
    ),
  });
}

export function createAuthService(deps: {
  accounts: AccountRepository;
  sessions: AuthSessionRepository;
  audit: AuditRepository;
  now?: () => number;
}): AuthService {
  const { accounts, sessions, audit } = deps;
  const now = deps.now ?? Date.now;
  const record: AuthService['record'] = (actor, action, target = null, detail) =>
    audit.append({ userId: actor.user?.id ?? null, username: actor.user?.name ?? null, action, target, ip: actor.ip, detail: detail ?? null });
  const toAuth = (u: UserRow, via: AuthUser['via']): AuthUser => ({ id: u.id, name: u.name, role: u.role, via });

  return {
    accounts,
    audit,
    async login(username, password, ip) {
      const key = username.normalize('NFC').toLowerCase();
      if (sessions.lockedFor(key, now()) > 0) {
        record({ user: null, ip }, 'login.locked', username);
        throw new DiktatsError('AUTH_ERR_LOCKED');
      }
      const user = accounts.byName(username);
      // The hash is checked even for an unknown or disabled user: same time, same answer.
      const ok = (await verifyPassword(password, user?.passwordHash ?? null)) && user !== undefined && !user.disabled;
      if (!ok || !user) {
        const locked = sessions.fail(key, now());
        record({ user: user ? { id: user.id, name: user.name } : null, ip }, 'login.failed', username, locked ? { locked: true } : undefined);
        throw new DiktatsError('AUTH_ERR_BAD_LOGIN');
      }
      sessions.clearFailures(key);
      const sessionId = newSecret();
      sessions.create({ idHash: secretHash(sessionId), userId: user.id, ip, now: now() });
      record({ user, ip }, 'login.ok', user.name);
      const { passwordHash: _h, ...publicUser } = user;
      return { user: publicUser, sessionId };
    },
    logout(sessionId, actor) {
      sessions.revoke(secretHash(sessionId), now());
      if (actor.user) record(actor, 'logout', actor.user.name);
    },
    userBySession(sessionId) {
      const id = sessions.touch(secretHash(sessionId), now());
      const user = id === undefined ? undefined : accounts.byId(id);
      return user && !user.disabled ? toAuth(user, 'session') : null;
    },
    userByToken(token) {
      if (!token.startsWith(TOKEN_PREFIX)) return null;
      const user = accounts.userByToken(secretHash(token), new Date(now()));
      return user ? toAuth(user, 'token') : null;
    },
    async addUser({ name, role, password }, actor) {
      const user = accounts.create({ name, role, passwordHash: await hashPassword(password) });
      record(actor, 'user.add', name, { role });
      return user;
    },
    async setPassword(name, password, actor) {
      const user = accounts.setPassword(name, await hashPassword(password));
      // A new password ends the old logins and any lockout.
      sessions.revokeUser(user.id, now());
      sessions.clearFailures(name.normalize('NFC').toLowerCase());
      record(actor, 'user.passwd', name);
      return user;
    },
    setDisabled(name, disabled, actor) {
      const user = accounts.setDisabled(name, disabled);
      if (disabled) sessions.revokeUser(user.id, now());
      record(actor, disabled ? 'user.disable' : 'user.enable', name);
      return user;
    },
    createToken(name, expiresDays, actor) {
      const user = accounts.byName(name);
      if (!user) throw new DiktatsError('AUTH_ERR_USER_NOT_FOUND', name);
      const token = newSecret(TOKEN_PREFIX);
      const expiresAt = expiresDays === null ? null : new Date(now() + expiresDays * 86_400_000).toISOString();
      const row = accounts.createToken({ userId: user.id, tokenHash: secretHash(token), expiresAt });
      record(actor, 'token.create', name, { tokenId: row.id, expiresAt });
      return { token, row };
    },
    revokeToken(id, actor) {
      const row = accounts.revokeToken(id);
      record(actor, 'token.revoke', row.userName, { tokenId: id });
      return row;
    },
    record,
  };
}
