/** Secrets the server makes for itself on first start and keeps (e.g. the pseudonym key). */
import { randomBytes } from 'node:crypto';
import type { Database } from './database.ts';

export function serverSecret(db: Database, name: string): string {
  db.prepare('INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?, ?, ?)').run(name, randomBytes(32).toString('base64url'), new Date().toISOString());
  return db.prepare('SELECT value FROM server_secrets WHERE name = ?').pluck().get(name) as string;
}
