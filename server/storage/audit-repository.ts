/**
 * The append-only audit log: SQLite triggers refuse UPDATE and DELETE on it
 * (migration 5). Entries name users, actions and ids, never clients' data.
 */
import type { Database } from './database.ts';

export interface AuditEntry {
  readonly userId: number | null;
  readonly username: string | null;
  readonly action: string;
  readonly target?: string | null;
  readonly ip?: string | null;
  readonly detail?: Record<string, unknown> | null;
}

export interface AuditRow {
  readonly id: number;
  readonly at: string;
  readonly userId: number | null;
  readonly username: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly ip: string | null;
  readonly detail: Record<string, unknown> | null;
}

export interface AuditRepository {
  append(entry: AuditEntry): void;
  list(opts: { limit: number; offset: number; action?: string }): { entries: AuditRow[]; total: number };
}

export function createAuditRepository(db: Database): AuditRepository {
  const insert = db.prepare('INSERT INTO audit_log (at, user_id, username, action, target, ip, detail_json) VALUES (?, ?, ?, ?, ?, ?, ?)');
  return {
    append(e) {
      insert.run(new Date().toISOString(), e.userId, e.username, e.action, e.target ?? null, e.ip ?? null, e.detail ? JSON.stringify(e.detail) : null);
    },
    list({ limit, offset, action }) {
      const where = action ? 'WHERE action = ?' : '';
      const args = action ? [action] : [];
      const rows = db
        .prepare(`SELECT id, at, user_id AS userId, username, action, target, ip, detail_json AS detailJson FROM audit_log ${where} ORDER BY id DESC LIMIT ? OFFSET ?`)
        .all(...args, limit, offset) as (Omit<AuditRow, 'detail'> & { detailJson: string | null })[];
      const total = db.prepare(`SELECT COUNT(*) FROM audit_log ${where}`).pluck().get(...args) as number;
      return { entries: rows.map(({ detailJson, ...r }) => ({ ...r, detail: detailJson ? (JSON.parse(detailJson) as Record<string, unknown>) : null })), total };
    },
  };
}
