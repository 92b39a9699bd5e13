import path from 'node:path';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backupDatabase, openDatabase } from '../../../server/storage/database.ts';
import { createAsrSessionRepository } from '../../../server/storage/asr-session-repository.ts';
import { bestEffortWrite, probeDatabase } from '../../../server/storage/health-probe.ts';
import { backupCommand } from '../../../server/cli/backup-command.ts';
import { tempDirs } from '../../support/temp-dirs.ts';
import { captureIo } from '../cli/capture-io.ts';

const tempDir = tempDirs('diktats-durability-');
const utterance = { startSec: 0, endSec: 1, audioSec: 1, processingMs: 5, text: 'viens', words: [], endReason: 'silence' };

describe('sessions left open by a crash', () => {
  it('are closed as interrupted, ended at their last utterance, and only those', () => {
    const db = openDatabase(path.join(tempDir(), 'd.db'));
    const repo = createAsrSessionRepository(db);
    const open = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    repo.addUtterance(open, utterance);
    const ended = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    repo.end(ended, 'eof', 2);
    expect(repo.closeInterrupted()).toBe(1);
    const row = repo.get(open)!;
    expect(row.endReason).toBe('interrupted');
    expect(row.endedAt).toBe(repo.utterances(open)[0]!.createdAt);
    expect(row.audioSec).toBe(1);
    expect(repo.get(ended)!.endReason).toBe('eof');
    expect(repo.closeInterrupted()).toBe(0);
    db.close();
  });
});

describe('probeDatabase', () => {
  it('is ok on a writable database and says locked, at once, while another connection holds the write lock', () => {
    const file = path.join(tempDir(), 'p.db');
    const db = openDatabase(file);
    expect(probeDatabase(db)).toBe('ok');
    const other = openDatabase(file);
    other.exec('BEGIN IMMEDIATE');
    const t0 = Date.now();
    expect(probeDatabase(db)).toBe('locked');
    expect(Date.now() - t0).toBeLessThan(500);
    other.exec('ROLLBACK');
    expect(probeDatabase(db)).toBe('ok');
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    other.close();
    db.close();
  });
});

describe('diktats backup', () => {
  it('copies a database in use, consistently, and refuses to overwrite without --force', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'live.db');
    const db = openDatabase(file);
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    for (let i = 0; i < 50; i++) repo.addUtterance(id, utterance);
    const dest = path.join(dir, 'copy.db');
    const io = captureIo();
    expect(await backupCommand([dest, '--db', file], io)).toBe(0);
    expect(io.out()).toMatch(/integrity ok/);
    const copy = openDatabase(dest);
    expect(copy.prepare('SELECT COUNT(*) FROM utterances').pluck().get()).toBe(50);
    copy.close();
    const again = captureIo();
    expect(await backupCommand([dest, '--db', file], again)).toBe(1);
    expect(again.err()).toMatch(/--force/);
    expect(await backupCommand([dest, '--db', file, '--force'], captureIo())).toBe(0);
    db.close();
  });

  it('reports a missing database with STORE_ERR_IO', async () => {
    const dir = tempDir();
    await expect(backupDatabase(path.join(dir, 'none.db'), path.join(dir, 'b.db'))).rejects.toMatchObject({ code: 'STORE_ERR_IO' });
    expect(fs.existsSync(path.join(dir, 'b.db'))).toBe(false);
  });
});

describe('bestEffortWrite (a token or session timestamp while the database is locked or full)', () => {
  it('skips a write that fails with an SQLite busy/full error, and throws anything else', () => {
    const sqlite = (code: string) => () => {
      throw Object.assign(new Error(code), { code });
    };
    expect(() => bestEffortWrite(sqlite('SQLITE_BUSY'))).not.toThrow();
    expect(() => bestEffortWrite(sqlite('SQLITE_FULL'))).not.toThrow();
    expect(() => bestEffortWrite(() => {
      throw new TypeError('a bug');
    })).toThrow(TypeError);
    let ran = 0;
    bestEffortWrite(() => ran++);
    expect(ran).toBe(1);
  });
});
