/** The webhook's durable outbox (migration 5): deliveries and their retries survive a restart. */
import type { OutboxRow, WebhookOutbox } from '../forms/webhook.ts';
import type { Database } from './database.ts';

export function createWebhookOutbox(db: Database): WebhookOutbox {
  const pending = 'delivered_at IS NULL AND failed_at IS NULL';
  const insert = db.prepare('INSERT INTO webhook_outbox (record_id, body, next_attempt_at, created_at) VALUES (?, ?, ?, ?)');
  const due = db.prepare(`SELECT id, record_id AS recordId, body, attempts FROM webhook_outbox WHERE ${pending} AND next_attempt_at <= ? ORDER BY id LIMIT 100`);
  const next = db.prepare(`SELECT MIN(next_attempt_at) FROM webhook_outbox WHERE ${pending}`).pluck();
  const done = db.prepare('UPDATE webhook_outbox SET delivered_at = ?, attempts = ?, last_status = ? WHERE id = ?');
  const retry = db.prepare('UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_status = ? WHERE id = ?');
  const fail = db.prepare('UPDATE webhook_outbox SET failed_at = ?, attempts = ?, last_status = ? WHERE id = ?');
  const now = () => new Date().toISOString();
  return {
    add: (recordId, body, at) => void insert.run(recordId, body, at, now()),
    due: (at) => due.all(at) as OutboxRow[],
    nextAt: () => (next.get() as number | null) ?? null,
    delivered: (id, attempts, status) => void done.run(now(), attempts, String(status), id),
    retry: (id, attempts, at, status) => void retry.run(attempts, at, status, id),
    failed: (id, attempts, status) => void fail.run(now(), attempts, status, id),
  };
}
