/** Users and their API tokens (issue 11). Passwords and tokens arrive already hashed. */
import type { Role } from '../auth/roles.ts';
import { DiktatsError } from '../errors.ts';
import type { Database } from './database.ts';
import { bestEffortWrite } from './health-probe.ts';

export interface UserRow {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
  readonly hasPassword: boolean;
}

export interface TokenRow {
  readonly id: number;
  readonly userId: number;
  readonly userName: string;
  readonly createdAt: string;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly lastUsedAt: string | null;
}

export interface AccountRepository {
  create(input: { name: string; role: Role; passwordHash: string }): UserRow;
  byName(name: string): (UserRow & { passwordHash: string | null }) | undefined;
  byId(id: number): UserRow | undefined;
  list(): UserRow[];
  setPassword(name: string, passwordHash: string): UserRow;
  setDisabled(name: string, disabled: boolean): UserRow;
  setRole(name: string, role: Role): UserRow;
  /** enabled admins who can log in: none means the first-run set-up is open */
  activeAdmins(): number;
  createToken(input: { userId: number; tokenHash: string; expiresAt: string | null }): TokenRow;
  /** the enabled user an unexpired, unrevoked token belongs to (and marks it used) */
  userByToken(tokenHash: string, now: Date): UserRow | undefined;
  listTokens(userId?: number): TokenRow[];
  revokeToken(id: number): TokenRow;
}

const USER_COLUMNS = `id, name, role, disabled, created_at AS createdAt, password_hash IS NOT NULL AS hasPassword`;
const TOKEN_COLUMNS = `t.id, t.user_id AS userId, u.name AS userName, t.created_at AS createdAt, t.expires_at AS expiresAt,
  t.revoked_at AS revokedAt, t.last_used_at AS lastUsedAt`;

type RawUser = Omit<UserRow, 'disabled' | 'hasPassword'> & { disabled: number; hasPassword: number; passwordHash?: string | null };
const toUser = (r: RawUser): UserRow & { passwordHash: string | null } => ({
  id: r.id,
  name: r.name,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.createdAt,
  hasPassword: r.hasPassword === 1,
  passwordHash: r.passwordHash ?? null,
});
const publicUser = ({ passwordHash: _drop, ...u }: UserRow & { passwordHash: string | null }): UserRow => u;

export function createAccountRepository(db: Database): AccountRepository {
  const now = (): string => new Date().toISOString();
  const insert = db.prepare('INSERT INTO users (name, role, created_at, password_hash) VALUES (?, ?, ?, ?)');
  const getByName = db.prepare(`SELECT ${USER_COLUMNS}, password_hash AS passwordHash FROM users WHERE name = ?`);
  const getById = db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?`);
  const all = db.prepare(`SELECT ${USER_COLUMNS} FROM users ORDER BY id`);
  const admins = db.prepare(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled = 0 AND password_hash IS NOT NULL`).pluck();
  const insertToken = db.prepare('INSERT INTO api_tokens (user_id, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?)');
  const tokenById = db.prepare(`SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?`);
  const tokenUser = db.prepare(
    `SELECT t.id AS tokenId, t.last_used_at AS tokenLastUsedAt, u.id, u.name, u.role, u.disabled, u.created_at AS createdAt, u.password_hash IS NOT NULL AS hasPassword
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ? AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?) AND u.disabled = 0`,
  );
  const touchToken = db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?');

  const mustGet = (name: string) => {
    const row = getByName.get(name) as RawUser | undefined;
    if (!row) throw new DiktatsError('AUTH_ERR_USER_NOT_FOUND', name);
    return toUser(row);
  };

  return {
    create({ name, role, passwordHash }) {
      if (!/^[\p{L}\p{N}._-]{2,64}$/u.test(name)) throw new DiktatsError('AUTH_ERR_USER_NAME', JSON.stringify(name));
      if (getByName.get(name)) throw new DiktatsError('AUTH_ERR_USER_EXISTS', name);
      insert.run(name, role, now(), passwordHash);
      return publicUser(mustGet(name));
    },
    byName(name) {
      const row = getByName.get(name) as RawUser | undefined;
      return row ? toUser(row) : undefined;
    },
    byId(id) {
      const row = getById.get(id) as RawUser | undefined;
      return row ? publicUser(toUser(row)) : undefined;
    },
    list: () => (all.all() as RawUser[]).map((r) => publicUser(toUser(r))),
    setPassword(name, hash) {
      const u = mustGet(name);
      db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(hash, u.id);
      return publicUser(mustGet(name));
    },
    setDisabled(name, disabled) {
      const u = mustGet(name);
      db.prepare('UPDATE users SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, u.id);
      return publicUser(mustGet(name));
    },
    setRole(name, role) {
      const u = mustGet(name);
      db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, u.id);
      return publicUser(mustGet(name));
    },
    activeAdmins: () => admins.get() as number,
    createToken({ userId, tokenHash, expiresAt }) {
      const info = insertToken.run(userId, tokenHash, now(), expiresAt);
      return tokenById.get(info.lastInsertRowid) as TokenRow;
    },
    userByToken(tokenHash, at) {
      const row = tokenUser.get(tokenHash, at.toISOString()) as (RawUser & { tokenId: number; tokenLastUsedAt: string | null }) | undefined;
      if (!row) return undefined;
      // One write a minute at most per token, as for sessions: a vosk client or a script
      // authenticating every request must not turn each read into a database write.
      const last = row.tokenLastUsedAt === null ? 0 : Date.parse(row.tokenLastUsedAt);
      if (at.getTime() - last > 60_000) bestEffortWrite(() => touchToken.run(at.toISOString(), row.tokenId));
      return publicUser(toUser(row));
    },
    listTokens(userId) {
      const sql = `SELECT ${TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id ${userId === undefined ? '' : 'WHERE t.user_id = ?'} ORDER BY t.id`;
      return (userId === undefined ? db.prepare(sql).all() : db.prepare(sql).all(userId)) as TokenRow[];
    },
    revokeToken(id) {
      const info = db.prepare('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now(), id);
      if (info.changes === 0) throw new DiktatsError('AUTH_ERR_TOKEN_NOT_FOUND', String(id));
      return tokenById.get(id) as TokenRow;
    },
  };
}
