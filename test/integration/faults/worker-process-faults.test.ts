/**
 * Fault suite, worker processes (DIKTATS_WORKER_ISOLATION=process): the inference
 * workers SIGKILLed from outside while a stream is decoded, and while onnxruntime
 * is inside run(). A worker thread cannot be torn down inside run() without aborting
 * the whole server; a worker process can: the server stays up, every frame is
 * answered, no final is lost, and the pool respawns the workers. The final-pass
 * model's worker process, killed during a decode, fails that decode at once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../../server/audio/wav.ts';
import { DEFAULT_MODEL_DIR } from '../../../server/config.ts';
import { isDiktatsError } from '../../../server/errors.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { VoskClient, type Reply } from '../../support/ws-client.ts';
import { SPEECH_CHUNKS, finalsOf, until } from './fault-helpers.ts';

/** whether process `pid` exists (a killed and reaped child no longer does) */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** CPU time (user + system, clock ticks) process `pid` has used so far, from /proc (Linux) */
function cpuTicks(pid: number): number {
  // the fields after the command name, which is in parentheses and may hold spaces
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/** Streams the speech fixture one reply per chunk; `kill(i)` runs after chunk i is sent, before its reply. */
async function streamWithKills(client: VoskClient, kill: (i: number) => Promise<void>): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (let i = 0; i < SPEECH_CHUNKS.length; i++) {
    client.send(SPEECH_CHUNKS[i]!);
    await kill(i);
    replies.push(await client.next());
  }
  replies.push(await client.request('{"eof":1}'));
  return replies;
}

/** Like until(), checked on every turn of the event loop: a short job is sent and answered within one 20 ms poll. */
async function untilTurn(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setImmediate(r));
  }
}

const finalTexts = (replies: readonly Reply[]): string[] => finalsOf(replies).map((r) => r.text ?? '').filter((t) => t !== '');

describe('inference worker processes SIGKILLed', () => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_WORKERS: '2', DIKTATS_WORKER_ISOLATION: 'process' });
  }, 120_000);
  afterAll(async () => server?.close());

  it('while a stream is decoded: every frame is answered, no final is lost, the workers respawn and /readyz is 200 again', async () => {
    const recogniser = server!.app.asr.recogniser!;
    const pids = recogniser.workers.pids as number[];
    expect(pids).toHaveLength(2);
    expect(pids.every((p) => typeof p === 'number' && p !== process.pid && alive(p))).toBe(true);

    // the same stream undisturbed, for the finals it must give
    const calm = await VoskClient.open(server!.wsUrl);
    const expected = finalTexts(await streamWithKills(calm, async () => undefined));
    expect((await calm.closed).code).toBe(1000);
    expect(expected.length).toBeGreaterThanOrEqual(3);

    const killed: number[] = [];
    const killInFlight = async (slots: number[]): Promise<void> => {
      // a job of this stream on a worker, then the kill
      await untilTurn(() => recogniser.workers.inFlight > 0, 5000, 'a job in flight');
      for (const s of slots) {
        const pid = recogniser.workers.pids[s];
        if (pid) {
          process.kill(pid, 'SIGKILL');
          killed.push(pid);
        }
      }
    };
    const client = await VoskClient.open(server!.wsUrl);
    const replies = await streamWithKills(client, async (i) => {
      if (i === 10) await killInFlight([0]); // mid-utterance in the first utterance: one worker
      if (i === 40) await killInFlight([0, 1]); // in the second: both at once
    });
    expect((await client.closed).code).toBe(1000);
    expect(killed).toHaveLength(3);
    expect(replies).toHaveLength(SPEECH_CHUNKS.length + 1);
    expect(replies.filter((r) => r.error)).toEqual([]);
    expect(finalTexts(replies)).toEqual(expected);
    expect(recogniser.workers.restarts).toBeGreaterThanOrEqual(3);
    expect(recogniser.workers.lastExit).toMatch(/killed by SIGKILL/);
    await until(() => recogniser.workers.live === 2, 20_000, 'both workers live again');
    expect(killed.every((p) => !alive(p))).toBe(true);
    expect(recogniser.workers.pids.every((p) => p !== null && !killed.includes(p))).toBe(true);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);
    const stored = server!.app.storage.asrSessions.list(1, 0)[0]!;
    expect(stored.endReason).toBe('eof');
    expect(stored.utterances).toBe(expected.length);
  }, 90_000);

  it('while onnxruntime is inside run(): the job runs again on the next worker with the same result, and the server stays up', async () => {
    const recogniser = server!.app.asr.recogniser!;
    await until(() => recogniser.workers.live === 2, 20_000, 'both workers live');
    // 76 s of speech in one job: a run() long enough (hundreds of ms) to kill inside it
    const one = decodeWav(new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/audio/stream-lv.wav')))).samples;
    const samples = new Float32Array(one.length * 4);
    for (let k = 0; k < 4; k++) samples.set(one, k * one.length);
    const expected = await recogniser.transcribe(samples, 'greedy', { chunkSec: 90 });
    expect(expected.text.length).toBeGreaterThan(0);

    const restarts = recogniser.workers.restarts;
    const before = recogniser.workers.pids.map((p) => (p ? cpuTicks(p) : 0));
    let settled = false;
    const pending = recogniser.transcribe(samples, 'greedy', { chunkSec: 90 }).finally(() => (settled = true));
    await until(() => recogniser.workers.inFlight === 1, 5000, 'the job sent');
    // The worker holding it is the one burning CPU: past 30 ms of it, onnxruntime is running the model.
    let victim = -1;
    await until(() => {
      victim = recogniser.workers.pids.findIndex((p, i) => p !== null && cpuTicks(p) - before[i]! >= 3);
      return victim >= 0;
    }, 10_000, 'a worker computing');
    const pid = recogniser.workers.pids[victim]!;
    expect(settled).toBe(false);
    process.kill(pid, 'SIGKILL');

    const got = await pending;
    expect(got.text).toBe(expected.text);
    expect(recogniser.workers.restarts).toBe(restarts + 1);
    expect(recogniser.workers.lastExit).toMatch(/killed by SIGKILL/);
    await until(() => !alive(pid), 5000, 'the killed worker gone');
    await until(() => recogniser.workers.live === 2, 20_000, 'the worker respawned');
    expect((await fetch(`${server!.url}/livez`)).status).toBe(200);
    expect((await fetch(`${server!.url}/readyz`)).status).toBe(200);
  }, 60_000);

  it('close() leaves no worker process behind', async () => {
    const recogniser = server!.app.asr.recogniser!;
    await until(() => recogniser.workers.live === 2, 20_000, 'both workers live');
    const pids = recogniser.workers.pids as number[];
    expect(pids.every((p) => typeof p === 'number' && alive(p))).toBe(true);
    await server!.close();
    server = undefined;
    await until(() => pids.every((p) => !alive(p)), 5000, 'worker processes gone');
  }, 30_000);
});

describe('a final-pass worker process SIGKILLed during a decode', () => {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer({ DIKTATS_FINAL_MODEL: DEFAULT_MODEL_DIR, DIKTATS_WORKER_ISOLATION: 'process' });
  }, 120_000);
  afterAll(async () => server?.close());

  it('fails that decode at once with WORKER_ERR_EXITED, and the respawned process decodes', async () => {
    const final = server!.app.asr.recogniser!.finalPass!;
    const pid = final.stats.pids[0]!;
    expect(typeof pid === 'number' && pid !== process.pid && alive(pid)).toBe(true);
    const one = decodeWav(new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/audio/stream-lv.wav')))).samples;
    const pending = final.decode(one);
    expect(final.stats.inFlight).toBe(1);
    process.kill(pid, 'SIGKILL');
    const t0 = Date.now();
    const err = await pending.then(() => null, (e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(isDiktatsError(err) && err.code).toBe('WORKER_ERR_EXITED');
    await until(() => final.stats.live === 1, 20_000, 'final-pass worker respawned');
    expect(final.stats.pids[0]).not.toBe(pid);
    expect((await final.decode(one)).tokens.length).toBeGreaterThan(0);
  }, 60_000);
});
