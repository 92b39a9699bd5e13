/**
 * The inference workers as threads and as processes (DIKTATS_WORKER_ISOLATION) answer
 * alike: the same logits and VAD outputs for the same audio. Over IPC a received typed
 * array is a view into the message's buffer (non-zero byteOffset), and a request's view
 * is copied by its own bytes only, so an offset mistake on either side would show here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWav } from '../../server/audio/wav.ts';
import { loadModelSpec } from '../../server/asr/model-spec.ts';
import { sileroModelPath } from '../../server/asr/recogniser.ts';
import { WorkerPool } from '../../server/asr/worker-pool.ts';
import { VAD_STATE_SIZE } from '../../server/asr/worker-messages.ts';
import { DEFAULT_MODEL_DIR } from '../../server/config.ts';

const speech = decodeWav(new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, '../fixtures/audio/stream-lv.wav')))).samples;
/** largest |a - b| over two equally long arrays */
const maxDiff = (a: Float32Array, b: Float32Array): number => {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
};

describe('inference workers: thread and process answer alike', () => {
  let thread: WorkerPool;
  let proc: WorkerPool;
  beforeAll(async () => {
    const spec = await loadModelSpec(DEFAULT_MODEL_DIR);
    const common = { workers: 1, threadsPerWorker: 1, maxQueued: 8, vadModelPath: sileroModelPath() };
    [thread, proc] = await Promise.all([WorkerPool.start(spec, { ...common, isolation: 'thread' }), WorkerPool.start(spec, { ...common, isolation: 'process' })]);
    expect(thread.stats.pids).toEqual([null]);
    expect(proc.stats.pids[0]).toBeTypeOf('number');
  }, 60_000);
  afterAll(async () => {
    await Promise.all([thread?.close(), proc?.close()]);
  });

  it('the same logits for a streaming window sent as a view at an odd offset', async () => {
    // 2.4 s of speech starting 1.37 s in: a subarray whose byteOffset is not 0
    const window = speech.subarray(21_923, 21_923 + 38_400);
    const [a, b] = await Promise.all([thread.infer(window), proc.infer(window)]);
    expect(b.frames).toBe(a.frames);
    expect(b.vocab).toBe(a.vocab);
    expect(a.frames).toBeGreaterThan(50);
    expect(b.data).toBeInstanceOf(Float32Array);
    expect(maxDiff(a.data, b.data)).toBeLessThanOrEqual(1e-5);
    // and not all alike: the logits carry the speech
    expect(maxDiff(a.data, new Float32Array(a.data.length))).toBeGreaterThan(1);
  });

  it('the same VAD probabilities and state, carried over two frames', async () => {
    let stateA: Float32Array = new Float32Array(VAD_STATE_SIZE);
    let stateB: Float32Array = new Float32Array(VAD_STATE_SIZE);
    const probs: [number[], number[]] = [[], []];
    for (let f = 0; f < 2; f++) {
      const frame = speech.subarray(40_000 + f * 3200 + 7, 40_000 + (f + 1) * 3200 + 7);
      const [a, b] = await Promise.all([thread.vad(frame, stateA), proc.vad(frame, stateB)]);
      expect(maxDiff(a.probs, b.probs)).toBeLessThanOrEqual(1e-6);
      expect(maxDiff(a.state, b.state)).toBeLessThanOrEqual(1e-6);
      probs[0].push(...a.probs);
      probs[1].push(...b.probs);
      stateA = a.state;
      stateB = b.state;
    }
    expect(probs[1]).toHaveLength(12);
    // speech there: the VAD is sure of it somewhere
    expect(Math.max(...probs[0])).toBeGreaterThan(0.5);
  });
});
