import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiktatsError } from '../../../server/errors.ts';
import { migrate, openDatabase, type Database } from '../../../server/storage/database.ts';
import { MIGRATIONS } from '../../../server/storage/migrations.ts';

const cleanup: (() => void)[] = [];
afterEach(() => {
  while (cleanup.length) cleanup.pop()!();
});

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'diktats-db-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function open(p: string): Database {
  const db = openDatabase(p);
  cleanup.push(() => db.open && db.close());
  return db;
}

const versions = (db: Database): number[] =>
  db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];

describe('MIGRATIONS', () => {
  it('are numbered 1, 2, 3… in order, with SQL', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    for (const m of MIGRATIONS) expect(m.sql.trim().length).toBeGreaterThan(0);
  });
});

describe('openDatabase', () => {
  it('opens a file database in WAL mode with foreign keys on, creating parent folders', () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'diktats.db');
    const db = open(file);
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('opens :memory: (SQLite keeps memory journaling there) with the schema applied', () => {
    const db = open(':memory:');
    expect(db.pragma('journal_mode', { simple: true })).toBe('memory');
    expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['users', 'asr_sessions', 'utterances', 'schema_migrations']));
  });

  it('creates the default user exactly once', () => {
    const file = path.join(tempDir(), 'd.db');
    open(file).close();
    const db = open(file);
    expect(db.prepare('SELECT id, name FROM users').all()).toEqual([{ id: 1, name: 'default' }]);
  });

  it('wraps a failure to open as STORE_ERR_IO with the cause', () => {
    const dir = tempDir();
    const notADir = path.join(dir, 'file');
    writeFileSync(notADir, 'x');
    let err: unknown;
    try {
      openDatabase(path.join(notADir, 'diktats.db'));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DiktatsError);
    expect((err as DiktatsError).code).toBe('STORE_ERR_IO');
    expect((err as DiktatsError).status).toBe(500);
    expect((err as DiktatsError).message).toContain(notADir);
    expect((err as DiktatsError).cause).toBeInstanceOf(Error);
  });
});

describe('migrate', () => {
  it('is idempotent: a second run and a reopen apply nothing', () => {
    const file = path.join(tempDir(), 'd.db');
    const db = open(file);
    const first = db.prepare('SELECT version, applied_at AS appliedAt FROM schema_migrations ORDER BY version').all();
    expect(first).toHaveLength(MIGRATIONS.length);
    expect(migrate(db)).toBe(0);
    db.close();
    const again = open(file);
    expect(migrate(again)).toBe(0);
    expect(again.prepare('SELECT version, applied_at AS appliedAt FROM schema_migrations ORDER BY version').all()).toEqual(first);
  });

  it('applies what a database lacks', () => {
    const db = open(':memory:');
    db.pragma('foreign_keys = OFF');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'schema_migrations' AND name NOT LIKE 'sqlite_%'")
      .pluck()
      .all() as string[];
    for (const t of tables) db.exec(`DROP TABLE ${t}`);
    db.exec('DELETE FROM schema_migrations');
    expect(migrate(db)).toBe(MIGRATIONS.length);
    expect(migrate(db)).toBe(0);
    expect(versions(db)).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('a migration that fails is not recorded and the error propagates', () => {
    const db = open(':memory:');
    // Forget that migration 1 ran while its tables remain: re-running it must fail cleanly.
    db.prepare('DELETE FROM schema_migrations WHERE version = 1').run();
    expect(() => migrate(db)).toThrow(/already exists/);
    expect(versions(db)).not.toContain(1);
    expect(db.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(1);
  });
});
