/**
 * The stateful (streaming-native) model path against a real ONNX graph: a tiny random-weight model
 * with the exact contract of scripts/train/export_stream.py (made by
 * scripts/fixtures/make_stream_fixture.py). Chunked decoding must give the logits of one-shot
 * decoding, and both must match what torch computed for the same signal.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModelSpec, type ModelSpec } from '../../../server/asr/model-spec.ts';
import { openSession, type OnnxSession } from '../../../server/asr/onnx-session.ts';
import { Recogniser } from '../../../server/asr/recogniser.ts';
import { StatefulCtcDecoder, type StatefulInferFn } from '../../../server/asr/stateful-ctc.ts';
import { statefulInfer } from '../../../server/asr/stateful-run.ts';
import { CtcUtteranceDecoder } from '../../../server/asr/families/ctc-final.ts';
import { StreamSession } from '../../../server/asr/stream-session.ts';
import { wordsToText } from '../../../server/asr/ctc-greedy.ts';
import { DEFAULT_ENDPOINT } from '../../../server/audio/endpointer.ts';
import type { LogProbMatrix } from '../../../server/asr/types.ts';

const DIR = join(import.meta.dirname, '../../fixtures/models/diktats-stream-tiny');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as {
  input: { pcm16: number[] };
  frames: number;
  vocab: number;
  logits: number[];
  text: string;
};
const signal = Float32Array.from(expected.input.pcm16, (v) => v / 32768);

let spec: ModelSpec;
let session: OnnxSession;
let calls = 0;

beforeAll(async () => {
  spec = await loadModelSpec(DIR);
  session = await openSession(spec.modelPath, 1);
});
afterAll(async () => {
  await session.release();
});

/** The inference worker's infer-state path, in this thread. `forget` drops the state (a broken engine). */
function infer(forget = false): StatefulInferFn {
  const run = statefulInfer(session, spec);
  return (samples, state) => {
    calls++;
    return run(samples, forget ? state.map((x) => new Float32Array(x.length)) : state);
  };
}

function decoder(fn = infer()): StatefulCtcDecoder {
  const st = spec.streaming!;
  return new StatefulCtcDecoder(fn, spec, {
    frameSamples: 640,
    chunkSamples: st.chunkSamples,
    lookaheadFrames: st.lookaheadFrames,
    stateShapes: st.stateShapes,
    maxSamples: 16000 * 30,
  });
}

async function chunked(sizes: number[], fn = infer()): Promise<StatefulCtcDecoder> {
  const d = decoder(fn);
  let pos = 0;
  for (const n of sizes) {
    d.append(signal.subarray(pos, Math.min(signal.length, pos + n)));
    pos += n;
    await d.decode(false);
  }
  d.append(signal.subarray(pos));
  await d.decode(true);
  return d;
}

function maxDiff(a: LogProbMatrix, b: LogProbMatrix): number {
  expect(a.frames).toBe(b.frames);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i]! - b.data[i]!));
  return m;
}

function logSoftmaxRows(data: readonly number[], vocab: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let r = 0; r < data.length / vocab; r++) {
    const row = data.slice(r * vocab, (r + 1) * vocab);
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((s, v) => s + Math.exp(v - max), 0));
    row.forEach((v, i) => (out[r * vocab + i] = v - lse));
  }
  return out;
}

describe('stateful model manifest', () => {
  it('reads the streaming section and checks it against the graph', () => {
    expect(spec.streaming).toEqual({
      stateInputs: ['wave_in', 'feat_in', 'conv_in', 'h_in', 'look_in'],
      stateOutputs: ['wave_out', 'feat_out', 'conv_out', 'h_out', 'look_out'],
      stateShapes: [[1, 240], [1, 80, 4], [1, 16, 4], [2, 1, 24], [1, 24, 2]],
      lookaheadFrames: 2,
      chunkSamples: 640,
    });
  });
});

describe('StatefulCtcDecoder on the fixture model', () => {
  it('one chunk with zero state gives the logits torch computed', async () => {
    const d = await chunked([]);
    const lp = d.committedLogProbs();
    expect(lp.frames).toBe(expected.frames); // ceil(20 800 / 640) + 2 look-ahead frames
    expect(maxDiff(lp, { data: logSoftmaxRows(expected.logits, expected.vocab), frames: expected.frames, vocab: expected.vocab })).toBeLessThan(2e-4);
    expect(wordsToText(d.words())).toBe(expected.text);
  });

  it('chunked decoding equals one-shot decoding, whatever the chunk sizes', async () => {
    const whole = await chunked([]);
    for (const sizes of [[640, 640, 640, 640], [137, 1000, 3333, 200, 5000, 64], [320 * 7, 512 * 9, 4800, 4800]]) {
      calls = 0;
      const d = await chunked(sizes);
      expect(maxDiff(d.committedLogProbs(), whole.committedLogProbs())).toBeLessThan(1e-4);
      expect(d.words()).toEqual(whole.words());
      expect(calls).toBeGreaterThan(2); // really fed in pieces
    }
  });

  it('each sample is fed to the model once (no window re-decoding)', async () => {
    let fed = 0;
    const base = infer();
    const d = await chunked([1280, 1280, 2000, 3000], async (x, s) => {
      fed += x.length;
      return base(x, s);
    });
    // the audio rounded up to whole chunks, plus the 2-frame flush: nothing twice
    expect(fed).toBe(Math.ceil((signal.length + 2 * 640) / 640) * 640);
    expect(d.undecodedSamples).toBe(0);
  });

  it('a decoder that drops the state between chunks does not match (the test can fail)', async () => {
    const whole = await chunked([]);
    const broken = await chunked([1280, 1280, 2000, 3000], infer(true));
    expect(maxDiff(broken.committedLogProbs(), whole.committedLogProbs())).toBeGreaterThan(1e-2);
  });

  it('partials only grow: frames once emitted never change', async () => {
    const d = decoder();
    const seen: number[][] = [];
    for (let pos = 0; pos < signal.length; pos += 3200) {
      d.append(signal.subarray(pos, pos + 3200));
      await d.decode(false);
      seen.push(Array.from(d.committedLogProbs().data));
    }
    await d.decode(true);
    const final = Array.from(d.committedLogProbs().data);
    for (const s of seen) expect(final.slice(0, s.length)).toEqual(s);
  });

  it('reset starts the next utterance from zero state', async () => {
    const whole = await chunked([]);
    const d = await chunked([3000]);
    d.reset();
    d.append(signal);
    await d.decode(true);
    expect(maxDiff(d.committedLogProbs(), whole.committedLogProbs())).toBeLessThan(1e-4);
  });
});

describe('stream session with a stateful model', () => {
  it('the final of a pushed stream equals one-shot decoding of the same utterance audio', async () => {
    const always = async (samples: Float32Array, state: Float32Array) => ({ probs: new Float32Array(samples.length / 512).fill(0.95), state });
    const st = spec.streaming!;
    const s = new StreamSession(
      { infer: () => Promise.reject(new Error('windowed path used')), inferState: infer(), vad: always, table: spec },
      {
        endpoint: DEFAULT_ENDPOINT,
        chunker: { frameSamples: 640, leftContextSamples: 20_480, rightContextSamples: 10_240 },
        stateful: { frameSamples: 640, chunkSamples: st.chunkSamples, lookaheadFrames: st.lookaheadFrames, stateShapes: st.stateShapes },
        partialIntervalSamples: 640,
        preRollSamples: 5120,
      },
    );
    for (let pos = 0; pos < signal.length; pos += 3200) await s.push(signal.subarray(pos, pos + 3200));
    const final = await s.finish('eof');
    const start = Math.round(final.startSec * 16000);
    const d = decoder();
    d.append(signal.subarray(start, start + Math.round(final.audioSec * 16000)));
    await d.decode(true);
    expect(final.text).toBe(wordsToText(d.words()));
    expect(final.words).toEqual(d.words(final.startSec));
  });
});

describe('Recogniser with a stateful model (worker threads)', () => {
  it('transcribes a file through the workers exactly as the in-thread decoder does', async () => {
    const rec = await Recogniser.load(DIR, { withVad: false, workers: 1 });
    try {
      expect(rec.spec.streaming?.lookaheadFrames).toBe(2);
      const t = await rec.transcribe(signal, 'greedy');
      expect(t.text).toBe(expected.text);
    } finally {
      await rec.close();
    }
  });
});

describe('CTC final-pass decoder with a stateful model', () => {
  it('decodes an utterance as one chunk with its flush (model check, two-pass finals)', async () => {
    const d = await CtcUtteranceDecoder.open(DIR);
    try {
      const r = await d.decode(signal);
      expect(r.text).toBe(expected.text);
      expect(r.logProbs.frames).toBe(expected.frames);
    } finally {
      await d.dispose();
    }
  });
});
