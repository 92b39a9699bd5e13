/**
 * A deterministic stand-in for a CTC acoustic model and a VAD, for testing the
 * chunked decoder and the stream session without ONNX.
 *
 * Audio is synthetic: each token is a run of constant samples whose value is
 * `id * STEP` (blank = silence = 0). The fake model emits one output frame per
 * FRAME_SAMPLES of input (a fixed frame grid, like a conv front end with that
 * total stride) and reads each frame's token from the frame's middle sample. Like
 * a real model it is unreliable near the edges of its input: frames with fewer
 * than `receptiveFrames` frames of audio on either side inside the window are
 * decoded as the wrong letter, so chunking without enough context shows up as
 * wrong text.
 */
import type { LogitsChunk } from '../../../server/asr/chunked-ctc.ts';
import type { TokenTable } from '../../../server/asr/types.ts';

export const FRAME_SAMPLES = 640; // 40 ms at 16 kHz
import { SAMPLE_RATE } from '../../../server/audio/sample-rate.ts';

export { SAMPLE_RATE };
export const STEP = 1 / 64;
/** marks the first sample of every model frame in grid-aligned test audio */
export const MARKER = -0.5;

// Voiceless consonants first: their low ids make them quiet for the fake VAD (see fakeVad).
const QUIET = ['h', 's', 'š', 'f', 'k', 'p', 't', 'c', 'č'];
const LOUD = ['a', 'ā', 'b', 'd', 'e', 'ē', 'g', 'ģ', 'i', 'ī', 'j', 'l', 'ļ', 'm', 'n', 'ņ', 'o', 'r', 'u', 'ū', 'v', 'z', 'ž'];
export const TABLE: TokenTable = {
  tokens: ['<pad>', '|', ...QUIET, ...LOUD],
  blankId: 0,
  wordDelimiter: '|',
  wordStartPrefix: null,
  specialTokens: [],
};
const FIRST_LETTER = 2;
const VOCAB = TABLE.tokens.length;
/** mean |x| of a VAD frame at or above which it is clearly speech */
export const LOUD_LEVEL = 0.16;
if ((FIRST_LETTER + QUIET.length - 1) * STEP >= LOUD_LEVEL || (FIRST_LETTER + QUIET.length) * STEP < LOUD_LEVEL) {
  throw new Error('fake vocabulary: quiet letters must sit below LOUD_LEVEL and loud ones above');
}

export interface TruthWord {
  readonly word: string;
  /** seconds from the start of the synthesised audio */
  readonly start: number;
  readonly end: number;
}

export interface SynthOptions {
  /** model frames per letter */
  readonly letterFrames?: number;
  /** model frames of "|" between words */
  readonly gapFrames?: number;
  /** put MARKER on the first sample of each model frame (grid-aligned use only) */
  readonly markers?: boolean;
}

/** A token-frame sequence for a piece of speech; `null` entries are silence. */
export class Script {
  readonly frames: number[] = [];
  readonly truth: TruthWord[] = [];

  silence(seconds: number): this {
    const n = Math.round((seconds * SAMPLE_RATE) / FRAME_SAMPLES);
    for (let i = 0; i < n; i++) this.frames.push(0);
    return this;
  }

  say(text: string, o: SynthOptions = {}): this {
    const letterFrames = o.letterFrames ?? 2;
    const gapFrames = o.gapFrames ?? 2;
    text.split(' ').forEach((word) => {
      // Between words (also across a pause) the model says "|", as wav2vec2 CTC models do.
      if (this.truth.length > 0) for (let i = 0; i < gapFrames; i++) this.frames.push(1);
      const start = this.frames.length;
      let prev = -1;
      for (const ch of word) {
        const id = TABLE.tokens.indexOf(ch);
        if (id < FIRST_LETTER) throw new Error(`fake vocabulary has no letter ${ch}`);
        if (id === prev) this.frames.push(0); // CTC needs a blank between repeated letters
        for (let i = 0; i < letterFrames; i++) this.frames.push(id);
        prev = id;
      }
      const sec = FRAME_SAMPLES / SAMPLE_RATE;
      this.truth.push({ word, start: start * sec, end: this.frames.length * sec });
    });
    return this;
  }

  get seconds(): number {
    return (this.frames.length * FRAME_SAMPLES) / SAMPLE_RATE;
  }

  audio(o: SynthOptions = {}): Float32Array {
    const out = new Float32Array(this.frames.length * FRAME_SAMPLES);
    this.frames.forEach((id, f) => {
      out.fill(id * STEP, f * FRAME_SAMPLES, (f + 1) * FRAME_SAMPLES);
      if (o.markers) out[f * FRAME_SAMPLES] = MARKER;
    });
    return out;
  }

  text(): string {
    return this.truth.map((t) => t.word).join(' ');
  }
}

export interface FakeModelOptions {
  /** frames within this many frames of a window edge come out wrong */
  readonly receptiveFrames?: number;
  /** 'ceil': a partial last frame gets an output (NeMo-like); 'floor': it does not (wav2vec2-like) */
  readonly frameRule?: 'ceil' | 'floor';
  /** check that every window starts on the frame grid (needs audio made with markers) */
  readonly checkGrid?: boolean;
}

export interface FakeModel {
  readonly infer: (samples: Float32Array) => Promise<LogitsChunk>;
  /** lengths of every window passed to infer, in call order */
  readonly windows: number[];
  /** windows that did not start on a frame boundary */
  misaligned: number;
}

/** The posterior a clean frame of token `id` gets: varies by token so confidences differ. */
export const cleanLogit = (id: number): number => 3 + (id % 4);

export function fakeModel(o: FakeModelOptions = {}): FakeModel {
  const r = o.receptiveFrames ?? 0;
  const model: FakeModel = {
    windows: [],
    misaligned: 0,
    infer: async (samples) => {
      model.windows.push(samples.length);
      const frames = o.frameRule === 'floor' ? Math.floor(samples.length / FRAME_SAMPLES) : Math.ceil(samples.length / FRAME_SAMPLES);
      const data = new Float32Array(frames * VOCAB);
      for (let j = 0; j < frames; j++) {
        const first = j * FRAME_SAMPLES;
        if (o.checkGrid && samples[first] !== MARKER && samples.subarray(first).some((x) => x !== 0)) model.misaligned++;
        const x = samples[Math.min(first + FRAME_SAMPLES / 2, samples.length - 1)]!;
        const id = Math.max(0, Math.min(VOCAB - 1, Math.round(x / STEP)));
        const nearEdge = j < r || j >= frames - r;
        if (nearEdge && id >= FIRST_LETTER) {
          // Not enough context: a confident wrong letter.
          const wrong = FIRST_LETTER + ((id - FIRST_LETTER + 1) % (VOCAB - FIRST_LETTER));
          data[j * VOCAB + wrong] = 2;
          data[j * VOCAB + id] = 1.5;
        } else {
          data[j * VOCAB + id] = cleanLogit(id);
        }
      }
      // Yield like a worker round-trip would, so callers cannot rely on synchronous inference.
      await Promise.resolve();
      return { data, frames, vocab: VOCAB };
    },
  };
  return model;
}

/**
 * Fake Silero: per 512-sample frame, clearly loud audio is speech (0.9), faint
 * non-silent audio sits between the thresholds (0.4), silence is 0.05. The
 * state is a counter, so a test can check that the caller threads it through.
 */
export function fakeVad(frameSamples = 512): {
  vad: (samples: Float32Array, state: Float32Array) => Promise<{ probs: Float32Array; state: Float32Array }>;
  calls: number;
  stateErrors: number;
} {
  const fake = {
    calls: 0,
    stateErrors: 0,
    vad: async (samples: Float32Array, state: Float32Array) => {
      if (samples.length % frameSamples !== 0) throw new Error(`VAD input of ${samples.length} samples is not whole frames`);
      if (state[0] !== fake.calls) fake.stateErrors++;
      fake.calls++;
      const n = samples.length / frameSamples;
      const probs = new Float32Array(n);
      for (let f = 0; f < n; f++) {
        let sum = 0;
        for (let i = f * frameSamples; i < (f + 1) * frameSamples; i++) sum += Math.abs(samples[i]!);
        const level = sum / frameSamples;
        probs[f] = level >= LOUD_LEVEL ? 0.9 : level > 0.01 ? 0.4 : 0.05;
      }
      const next = new Float32Array(state.length);
      next[0] = fake.calls;
      await Promise.resolve();
      return { probs, state: next };
    },
  };
  return fake;
}
