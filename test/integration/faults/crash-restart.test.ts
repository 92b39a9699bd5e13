/**
 * Fault suite, kill -9: the real `diktats serve` (what `npm start` runs) as a
 * child process, killed with SIGKILL while a clerk dictates into a draft form,
 * then started again on the same database: integrity_check ok, the draft's
 * fields readable, the interrupted session closed as such.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../e2e/support/server-process.ts';
import { VoskClient, type Reply } from '../../support/ws-client.ts';
import { SPEECH_CHUNKS, finalsOf } from './fault-helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-crash-'));
const dbPath = path.join(dir, 'crash.db');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const cliEnv = { ...process.env, DIKTATS_DB: dbPath, LOG_LEVEL: 'warn' };

/** A clerk account and API token in the database, made with the CLI (as an operator would). */
function clerkToken(): string {
  execFileSync(process.execPath, ['bin/diktats.mjs', 'user', 'add', 'clerk', '--role', 'clerk', '--password-stdin'], { cwd: ROOT, env: cliEnv, input: 'clerk-password-123\n', stdio: ['pipe', 'ignore', 'ignore'] });
  return execFileSync(process.execPath, ['bin/diktats.mjs', 'token', 'create', 'clerk'], { cwd: ROOT, env: cliEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

async function serve(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['bin/diktats.mjs', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env: { ...process.env, DIKTATS_DB: dbPath, DIKTATS_WORKERS: '1', DIKTATS_LM: 'false', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`diktats serve exited with ${child.exitCode}`);
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) }).catch(() => null);
    if (res?.status === 200) return child;
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error('diktats serve did not become ready');
}

describe('kill -9 during dictation, then start again', () => {
  it('keeps the database intact, the draft readable, and closes the interrupted session', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const token = clerkToken();
    const auth = { authorization: `Bearer ${token}` };
    const get = async (url: string) => (await fetch(`${base}${url}`, { headers: auth })).json();
    const first = await serve(port);
    let sessionId: string;
    let recordId: number;
    try {
      const created = await fetch(`${base}/api/forms/records`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ form: 'majokla-pabalsts', fields: { vards: 'Jānis', uzvards: 'Bērziņš' } }),
      });
      expect(created.status).toBe(201);
      recordId = ((await created.json()) as { record: { id: number } }).record.id;
      const client = await VoskClient.open(`${base.replace('http', 'ws')}/ws/asr?token=${encodeURIComponent(token)}`);
      client.send(JSON.stringify({ diktats: { type: 'form.open', form: 'majokla-pabalsts', record: recordId } }));
      // One final stored, the next utterance under way. Form messages come besides the one reply per frame: skip them.
      const replies: Reply[] = [];
      for (const chunk of SPEECH_CHUNKS.slice(0, 40)) {
        client.send(chunk);
        let r: Reply;
        do r = await client.next();
        while (r.partial === undefined && r.text === undefined && r.error === undefined);
        replies.push(r);
      }
      expect(finalsOf(replies).length).toBeGreaterThanOrEqual(1);
      const sessions = (await get('/api/sessions')) as { sessions: { id: string; endedAt: string | null }[] };
      sessionId = sessions.sessions[0]!.id;
      expect(sessions.sessions[0]!.endedAt).toBeNull();
    } finally {
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
    }
    expect(execFileSync('sqlite3', [dbPath, 'PRAGMA integrity_check'], { encoding: 'utf8' }).trim()).toBe('ok');

    const second = await serve(port);
    try {
      const rec = (await get(`/api/forms/records/${recordId}`)) as { record: { status: string; fields: Record<string, unknown> } };
      expect(rec.record.status).toBe('draft');
      expect(rec.record.fields).toMatchObject({ vards: 'Jānis', uzvards: 'Bērziņš' });
      const session = (await get(`/api/sessions/${sessionId}`)) as { session: { endReason: string; endedAt: string | null }; utterances: unknown[] };
      expect(session.session.endReason).toBe('interrupted');
      expect(session.session.endedAt).not.toBeNull();
      expect(session.utterances.length).toBeGreaterThanOrEqual(1);
    } finally {
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    }
  }, 180_000);
});
