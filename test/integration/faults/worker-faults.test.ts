/**
 * Fault suite, workers: an inference worker killed mid-stream, the beam worker
 * killed during a final and during an LM build (and the server shut down while
 * that build waits for its retry), the final-pass worker killed during a final.
 * The stream must go on and no final may be lost.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../../server/app.ts';
import { DEFAULT_MODEL_DIR } from '../../../server/config.ts';
import { isDiktatsError } from '../../../server/errors.ts';
import { trackTimers } from '../../support/pending-timers.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';
import { VoskClient } from '../../support/ws-client.ts';
import { SPEECH_CHUNKS, finalsOf, streamChunks, until } from './fault-helpers.ts';

/** One test server for the enclosing describe block, started with `env`; read it inside the tests. */
function serverFor(env: Record<string, string>, appOptions: AppOptions = {}): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    server = await startTestServer(env, appOptions);
  }, 120_000);
  afterAll(async () => server?.close());
  return () => server!;
}

describe('an inference worker killed mid-stream', () => {
  const server = serverFor({ DIKTATS_WORKERS: '2' });

  it('answers every frame, loses no final, and the pool respawns the worker', async () => {
    const recogniser = server().app.asr.recogniser!;
    const client = await VoskClient.open(server().wsUrl);
    const replies = await streamChunks(client, SPEECH_CHUNKS, async (i) => {
      // mid-utterance in the first and in the second utterance
      if (i === 10) await recogniser.terminateWorker(0);
      if (i === 40) await recogniser.terminateWorker(1);
    });
    const eof = await client.request('{"eof":1}');
    expect(replies).toHaveLength(SPEECH_CHUNKS.length);
    expect(replies.filter((r) => r.error)).toEqual([]);
    const finals = [...finalsOf(replies), eof].filter((r) => (r.text ?? '') !== '');
    expect(finals.length).toBeGreaterThanOrEqual(3);
    expect((await client.closed).code).toBe(1000);
    expect(recogniser.workers.restarts).toBeGreaterThanOrEqual(2);
    await until(() => recogniser.workers.live === 2, 20_000, 'both workers live again');
    const ready = await fetch(`${server().url}/readyz`);
    expect(ready.status).toBe(200);
    const sessions = server().app.storage.asrSessions.list(5, 0);
    expect(sessions[0]!.endReason).toBe('eof');
    expect(sessions[0]!.utterances).toBe(finals.length);
  }, 60_000);
});

/** 30 sentences and 3 terms: the language model builds in well under a second (the bundled corpora take ~7 s) */
const SMALL_CORPORA = path.resolve(import.meta.dirname, '../../fixtures/corpora-small');

describe('the beam worker killed', () => {
  // a failed build is retried after 1 s here (5 s in service); corpus changes are looked for every 100 ms (5 s)
  const server = serverFor({ DIKTATS_LM: 'true' }, { lmRetryMs: 1000, lmPollMs: 100, bundledCorporaDir: SMALL_CORPORA });

  it('during an LM build: the build fails fast with a coded error and is retried later (shutdown meanwhile: next block)', async () => {
    const lm = server().app.languageModel;
    await until(() => lm.phase === 'ready', 60_000, 'first LM build');
    expect(lm.stats!.sentences).toBeLessThan(200);
    // a corpus change starts the rebuild that is killed
    server().app.storage.corpora.setActive('iestades', false);
    await until(() => lm.building && (lm.client?.stats.inFlight ?? 0) > 0, 5000, 'LM rebuild running on the beam worker');
    await lm.client!.terminateWorker();
    await until(() => !lm.building, 5000, 'the build settled');
    expect(lm.phase).toBe('retrying');
    expect(lm.error).toMatch(/beam worker/);
    expect(lm.failures).toBe(1);
    // A retry is due after lmRetryMs (5 s in service, then 10, 20 … and given up after 6 tries); the readiness probe reports the phase.
    const body = (await (await fetch(`${server().url}/readyz`)).json()) as { status: string; languageModel: { phase: string } };
    expect(body).toMatchObject({ status: 'ready', languageModel: { phase: 'retrying' } });
    await until(() => lm.phase === 'ready', 90_000, 'LM rebuilt after the backoff');
  }, 150_000);

  it('during a final: the final falls back to greedy words at once, and the decoder is rebuilt', async () => {
    const lm = server().app.languageModel;
    const recogniser = server().app.asr.recogniser!;
    expect(recogniser.decoder).toBe('beam');
    // the beam worker dies while the final's beam search is in flight on it (its first decode)
    const beam = lm.client!;
    const decode = beam.decode.bind(beam);
    let kills = 0;
    beam.decode = (logProbs, offsetSec) => {
      const p = decode(logProbs, offsetSec);
      if (kills++ === 0) void beam.terminateWorker();
      return p;
    };
    const client = await VoskClient.open(server().wsUrl);
    await streamChunks(client, SPEECH_CHUNKS.slice(0, 14));
    // eof forces the final
    client.send('{"eof":1}');
    const t0 = Date.now();
    const final = await client.next(10_000);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(kills).toBeGreaterThanOrEqual(1);
    expect(final.error).toBeUndefined();
    expect((final.text ?? '').length).toBeGreaterThan(0);
    const stored = server().app.storage.asrSessions.list(1, 0)[0]!;
    expect(stored.utterances).toBe(1);
    await until(() => lm.phase === 'ready' && recogniser.decoder === 'beam', 90_000, 'decoder rebuilt on the respawned worker');
  }, 150_000);
});

describe('shutdown while a failed LM build waits for its retry', () => {
  it('close() resolves at once instead of waiting for the retry, and leaves no timer of ours pending', async () => {
    // the retry is due 30 s after the failure: a close() that waited on it could not finish in 5 s
    const retryMs = 30_000;
    const timers = trackTimers();
    const server = await startTestServer({ DIKTATS_LM: 'true' }, { lmRetryMs: retryMs, lmPollMs: 100, bundledCorporaDir: SMALL_CORPORA });
    let open = true;
    try {
      const lm = server.app.languageModel;
      await until(() => lm.phase === 'ready', 60_000, 'first LM build');
      server.app.storage.corpora.setActive('iestades', false);
      await until(() => lm.building && (lm.client?.stats.inFlight ?? 0) > 0, 5000, 'LM rebuild running on the beam worker');
      await lm.client!.terminateWorker();
      await until(() => !lm.building, 5000, 'the build settled');
      expect(lm.phase).toBe('retrying');
      const t0 = performance.now();
      await server.close();
      open = false;
      const closeMs = performance.now() - t0;
      expect(closeMs).toBeLessThan(5000);
      // destroy hooks run a tick after a timer is cleared
      await new Promise((resolve) => setTimeout(resolve, 50));
      const ours = timers.pending().filter((t) => t.stack.includes(`${path.sep}server${path.sep}`));
      // the retry's timer is cleared, not merely unref'd (it would hold the closed app until it fired)
      expect.soft(ours.filter((t) => t.stack.includes('language-model.ts')).map((t) => t.stack)).toEqual([]);
      // nothing the server set keeps the process alive after close()
      expect.soft(ours.filter((t) => t.ref).map((t) => t.stack)).toEqual([]);
    } finally {
      timers.stop();
      if (open) await server.close();
    }
  }, 120_000);
});

describe('the final-pass worker killed during a final', () => {
  const server = serverFor({ DIKTATS_FINAL_MODEL: DEFAULT_MODEL_DIR });

  it('fails that decode at once with WORKER_ERR_EXITED, keeps the first-pass words, and the pool respawns the worker', async () => {
    const final = server().app.asr.recogniser!.finalPass!;
    expect(final.stats.live).toBe(1);
    // a decode in flight when its worker dies settles at once, coded
    const pending = final.decode(new Float32Array(16000));
    await final.terminateWorker(0);
    const t0 = Date.now();
    const err = await pending.then(() => null, (e: unknown) => e);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(isDiktatsError(err) && err.code).toBe('WORKER_ERR_EXITED');
    await until(() => final.stats.live === 1, 15_000, 'final-pass worker respawned');
    expect(final.stats.restarts).toBe(1);

    // over the socket: the worker dies while the stream's first final is being decoded
    const decode = final.decode.bind(final);
    let kills = 0;
    final.decode = (samples, bias) => {
      const p = decode(samples, bias);
      if (kills++ === 0) void final.terminateWorker(0);
      return p;
    };
    const client = await VoskClient.open(server().wsUrl);
    const replies = await streamChunks(client, SPEECH_CHUNKS);
    replies.push(await client.request('{"eof":1}'));
    expect((await client.closed).code).toBe(1000);
    expect(replies.filter((r) => r.error)).toEqual([]);
    // the two-pass fields of each utterance (pass, flags)
    const utterances = finalsOf(replies).filter((r) => (r.text ?? '') !== '').flatMap((r) => (r.diktats?.utterances ?? []) as { pass?: number; flags?: string[] }[]);
    expect(utterances).toHaveLength(3);
    expect(utterances[0]!.flags).toContain('final-pass-failed');
    expect(server().app.storage.asrSessions.list(1, 0)[0]!.utterances).toBe(3);
    await until(() => final.stats.live === 1 && final.stats.restarts === 2, 15_000, 'final-pass worker respawned again');
    // the respawned worker decodes
    expect((await decode(new Float32Array(16000))).tokens).toBeInstanceOf(Array);
  }, 60_000);
});
