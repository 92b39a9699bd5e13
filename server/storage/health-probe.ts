/**
 * Is the database writable right now? One small committed write (the heartbeat
 * row), tried without waiting on another process's lock, so a readiness probe
 * answers at once: 'locked' (another process holds the write lock), 'full' (the
 * disk is full), 'readonly', or 'error'.
 */
import { DiktatsError } from '../errors.ts';
import type { Database } from './database.ts';

export type DatabaseHealth = 'ok' | 'locked' | 'full' | 'readonly' | 'error';

export function sqliteHealth(err: unknown): DatabaseHealth {
  const code = (err as { code?: string } | null)?.code ?? '';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'locked';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY')) return 'readonly';
  return 'error';
}

/** An SQLite failure as the coded error a client sees (disk full, locked, other I/O); null for anything else. */
export function storeErrorOf(err: unknown): DiktatsError | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return null;
  const health = sqliteHealth(err);
  const coded = health === 'full' ? 'STORE_ERR_FULL' : health === 'locked' ? 'STORE_ERR_LOCKED' : 'STORE_ERR_IO';
  return new DiktatsError(coded, code, { cause: err });
}

/**
 * Runs a bookkeeping write (a token's last use, a session's last activity) that must not
 * refuse the request it belongs to when the database is locked or the disk is full: the
 * request is answered, only the timestamp is not updated. Other errors are thrown.
 */
export function bestEffortWrite(write: () => unknown): void {
  try {
    write();
  } catch (err) {
    if (!storeErrorOf(err)) throw err;
  }
}

export function probeDatabase(db: Database): DatabaseHealth {
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    // better-sqlite3 is synchronous: a busy wait here would stall the event loop.
    db.pragma('busy_timeout = 0');
    db.prepare('INSERT INTO service_heartbeat (id, beat_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET beat_at = excluded.beat_at').run(new Date().toISOString());
    return 'ok';
  } catch (err) {
    return sqliteHealth(err);
  } finally {
    db.pragma(`busy_timeout = ${Number(timeout) || 0}`);
  }
}
