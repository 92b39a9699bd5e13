/**
 * The only better-sqlite3 import. Opens the database in WAL mode and applies
 * numbered migrations inside one transaction each, recorded in `schema_migrations`.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { DiktatsError } from '../errors.ts';
import { MIGRATIONS } from './migrations.ts';

export type Database = BetterSqlite3.Database;

export function openDatabase(dbPath: string): Database {
  try {
    if (dbPath !== ':memory:') {
      fs.mkdirSync(path.dirname(dbPath), { recursive: true });
      // Created owner-only (0600) before SQLite opens it; its -wal and -shm files copy these permissions.
      fs.closeSync(fs.openSync(dbPath, 'a', 0o600));
    }
    const db = new BetterSqlite3(dbPath);
    // Deleted rows (erased clients, expired transcripts) are overwritten with zeros, not left in free pages.
    db.pragma('secure_delete = ON');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    if (err instanceof DiktatsError) throw err;
    throw new DiktatsError('STORE_ERR_IO', `cannot open ${dbPath}: ${(err as Error).message}`, { cause: err });
  }
}

export function migrate(db: Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  let count = 0;
  for (const m of MIGRATIONS) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(m.version, new Date().toISOString());
    })();
    count++;
  }
  return count;
}
