/**
 * Fault suite, shutdown: five clients mid-utterance when the service closes.
 * Each open stream's last final is stored before the sockets close, within
 * DIKTATS_SHUTDOWN_MS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../server/storage/database.ts';
import { createAsrSessionRepository } from '../../../server/storage/asr-session-repository.ts';
import { startTestServer } from '../../support/test-server.ts';
import { VoskClient } from '../../support/ws-client.ts';
import { SPEECH_CHUNKS, streamChunks } from './fault-helpers.ts';

describe('graceful shutdown with 5 open streams', () => {
  it('stores every open stream’s final, then closes the sockets (1001) within the limit', async () => {
    const server = await startTestServer({ DIKTATS_WORKERS: '2', DIKTATS_SHUTDOWN_MS: '8000', DIKTATS_MAX_SOCKETS_PER_USER: '8', DIKTATS_MAX_STREAMS_PER_USER: '8' });
    const dbPath = server.app.storage.db.name;
    const clients = await Promise.all(Array.from({ length: 5 }, () => VoskClient.open(server.wsUrl)));
    // 2.4 s each: inside the first utterance, so nothing is final yet
    await Promise.all(clients.map((c) => streamChunks(c, SPEECH_CHUNKS.slice(0, 12))));
    const t0 = Date.now();
    await server.app.close();
    const tookMs = Date.now() - t0;
    const closes = await Promise.all(clients.map((c) => c.closed));
    expect(tookMs).toBeLessThan(8000 + 3000);
    expect(closes.map((c) => c.code)).toEqual([1001, 1001, 1001, 1001, 1001]);
    const db = openDatabase(dbPath);
    const sessions = createAsrSessionRepository(db).list(10, 0);
    expect(sessions).toHaveLength(5);
    for (const s of sessions) {
      expect(s.endReason).toBe('disconnect');
      expect(s.utterances).toBe(1);
    }
    const texts = db.prepare('SELECT text FROM utterances').pluck().all() as string[];
    expect(texts.filter((t) => t.length > 0)).toHaveLength(5);
    db.close();
    fs.rmSync(path.dirname(dbPath), { recursive: true, force: true });
  }, 90_000);
});
