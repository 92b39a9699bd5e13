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

/**
 * `busyTimeoutMs`: how long a write waits for another process's lock. better-sqlite3
 * is synchronous, so the service keeps it short (the wait stalls its event loop).
 */
export function openDatabase(dbPath: string, options: { busyTimeoutMs?: number } = {}): Database {
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
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    migrate(db);
    return db;
  } catch (err) {
    if (err instanceof DiktatsError) throw err;
    throw new DiktatsError('STORE_ERR_IO', `cannot open ${dbPath}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * A read-only connection for a worker thread that reads while the service
 * writes (WAL: readers never block the writer). No migrations: the service's
 * own connection applied them.
 */
export function openReadOnly(dbPath: string, options: { busyTimeoutMs?: number } = {}): Database {
  try {
    const db = new BetterSqlite3(dbPath, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    return db;
  } catch (err) {
    throw new DiktatsError('STORE_ERR_IO', `cannot open ${dbPath} to read: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * An online, consistent copy of the database at `destPath` (SQLite's backup
 * API through better-sqlite3: pages are copied in steps while the service keeps
 * writing; the copy is of one moment). Checks the copy with integrity_check.
 */
export async function backupDatabase(dbPath: string, destPath: string): Promise<{ pages: number; integrity: string }> {
  if (!fs.existsSync(dbPath)) throw new DiktatsError('STORE_ERR_IO', `no database at ${dbPath}`);
  const db = new BetterSqlite3(dbPath, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(destPath);
    const copy = new BetterSqlite3(destPath, { readonly: true, fileMustExist: true });
    try {
      return { pages: totalPages, integrity: String(copy.pragma('integrity_check', { simple: true })) };
    } finally {
      copy.close();
    }
  } catch (err) {
    if (err instanceof DiktatsError) throw err;
    throw new DiktatsError('STORE_ERR_IO', `backup of ${dbPath} to ${destPath} failed: ${(err as Error).message}`, { cause: err });
  } finally {
    db.close();
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
