/**
 * Fault suite, storage: the database locked by another process, and a full
 * disk (SQLITE_FULL injected with PRAGMA max_page_count, which makes SQLite
 * itself answer "database or disk is full"). Coded errors, nothing already
 * stored lost, and dictation goes on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { VoskClient } from '../../support/ws-client.ts';
import { SPEECH_CHUNKS, finalsOf, streamChunks } from './fault-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const record = { form: 'majokla-pabalsts', fields: { vards: 'Jānis' } };

/** Holds a write lock until killed (the OS releases it with the process). */
function lockFromAnotherProcess(dbPath: string): Promise<ChildProcess> {
  const code = `const D = require('better-sqlite3'); const d = new D(${JSON.stringify(dbPath)});
    d.exec('BEGIN IMMEDIATE'); process.stdout.write('locked\\n'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', () => resolve(child));
    child.once('exit', (c) => reject(new Error(`lock holder exited with ${c}`)));
  });
}

describe('storage faults', () => {
  let server: TestServer;
  let dbPath: string;
  beforeAll(async () => {
    // the readiness probe's database check cached 100 ms, not 1 s
    server = await startTestServer({}, { dbProbeEveryMs: 100 });
    dbPath = server.app.storage.db.name;
  }, 120_000);
  afterAll(async () => server?.close());

  it('database locked by another process: /readyz says so at once, writes answer 503 STORE_ERR_LOCKED within ~1 s, /livez stays 200, and all is well after', async () => {
    const created = await server.inject({ method: 'POST', url: '/api/forms/records', payload: record });
    expect(created.statusCode).toBe(201);
    const holder = await lockFromAnotherProcess(dbPath);
    const released = new Promise((r) => holder.once('exit', r));
    try {
      await new Promise((r) => setTimeout(r, 150)); // past the probe's cache
      const ready = await server.app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not-ready', reasons: ['database-locked'], database: 'locked' });
      expect((await server.app.inject({ url: '/livez' })).statusCode).toBe(200);
      const t0 = Date.now();
      const refused = await server.inject({ method: 'POST', url: '/api/forms/records', payload: record });
      expect(Date.now() - t0).toBeLessThan(2500);
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('STORE_ERR_LOCKED');
      expect(refused.headers['retry-after']).toBe('2');
      // reading still works (WAL)
      expect((await server.inject({ url: `/api/forms/records/${created.json().record.id}` })).statusCode).toBe(200);
    } finally {
      holder.kill('SIGKILL');
      await released;
    }
    await new Promise((r) => setTimeout(r, 150));
    expect((await server.app.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await server.inject({ method: 'POST', url: '/api/forms/records', payload: record })).statusCode).toBe(201);
  }, 30_000);

  it('disk full (SQLITE_FULL): 507 STORE_ERR_FULL for a write, finals still reach the client marked notStored, earlier rows intact', async () => {
    const db = server.app.storage.db;
    const before = await server.inject({ method: 'POST', url: '/api/forms/records', payload: record });
    expect(before.statusCode).toBe(201);
    const client = await VoskClient.open(server.wsUrl);
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages}`);
    try {
      // Fill what the file still holds: big rows, then smaller ones, each until SQLite says full.
      let full = null;
      for (const size of [15_000, 2000, 300, 20]) {
        const filler = { form: 'majokla-pabalsts', fields: { vards: 'J'.repeat(size), uzvards: 'K'.repeat(size), adrese: 'L'.repeat(size) } };
        for (let i = 0; i < 400; i++) {
          const res = await server.inject({ method: 'POST', url: '/api/forms/records', payload: filler });
          if (res.statusCode === 201) continue;
          full = res;
          break;
        }
      }
      expect(full?.statusCode).toBe(507);
      expect(full?.json().error.code).toBe('STORE_ERR_FULL');
      // Each table grows in its own pages: fill the utterances table's free space too.
      const sessions = server.app.storage.asrSessions;
      const filler = sessions.start({ userId: 1, modelId: 'filler', client: 'test', sampleRate: 16000 });
      for (const size of [4000, 400, 10]) {
        try {
          for (let i = 0; i < 2000; i++) sessions.addUtterance(filler, { startSec: 0, endSec: 0, audioSec: 0, processingMs: 0, text: 'x'.repeat(size), words: [], endReason: 'eof' });
        } catch (err) {
          expect((err as { code?: string }).code).toBe('SQLITE_FULL');
        }
      }
      const replies = await streamChunks(client, SPEECH_CHUNKS);
      const eof = await client.request('{"eof":1}');
      const finals = [...finalsOf(replies), eof].filter((r) => (r.text ?? '') !== '');
      expect(finals.length).toBeGreaterThanOrEqual(3);
      expect(replies.filter((r) => r.error)).toEqual([]);
      const notStored = finals.flatMap((f) => f.diktats?.utterances ?? []).filter((u) => (u as { notStored?: string }).notStored === 'STORE_ERR_FULL');
      // The disk may still hold a page or two: every final reached the client, and those that did not fit say so.
      expect(notStored.length).toBeGreaterThan(0);
    } finally {
      db.pragma('max_page_count = 1073741823');
    }
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const again = await server.inject({ url: `/api/forms/records/${before.json().record.id}` });
    expect(again.json().record.fields).toMatchObject(record.fields);
    expect((await server.inject({ method: 'POST', url: '/api/forms/records', payload: record })).statusCode).toBe(201);
  }, 60_000);
});
