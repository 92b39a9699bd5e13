/**
 * Chunked CTC decoding of one utterance with left/right context.
 *
 * Each step runs the model on [committed - left context, end of audio] only, so
 * cost per step is bounded and total cost stays linear in audio length. Output
 * frames that have at least `rightContextSamples` of audio after them are
 * committed (their argmax never changes again); the rest are tentative and only
 * feed the partial hypothesis. Windows start on the model's frame grid, so the
 * frame index of a window maps exactly to the utterance's frame index.
 */
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { CommittedFrames, UtteranceAudio } from './utterance-buffers.ts';
import { bestPath, collapse, tokensToWords } from './ctc-greedy.ts';
import type { LogProbMatrix, TokenTable, WordResult } from './types.ts';

export interface ChunkerOptions {
  /** samples per model output frame (e.g. 640 for 40 ms at 16 kHz) */
  readonly frameSamples: number;
  readonly leftContextSamples: number;
  readonly rightContextSamples: number;
  /** the longest utterance kept; longer ones must be finalised by the caller */
  readonly maxSamples: number;
}

export interface LogitsChunk {
  readonly data: Float32Array;
  readonly frames: number;
  readonly vocab: number;
}

export type InferFn = (samples: Float32Array) => Promise<LogitsChunk>;

/** What a stream session and a whole-file decode need from an utterance decoder (windowed or stateful). */
export interface UtteranceCtcDecoder {
  readonly numSamples: number;
  readonly samples: Float32Array;
  readonly undecodedSamples: number;
  readonly isFull: boolean;
  /** model milliseconds spent on this utterance */
  readonly inferMs: number;
  /** seconds to add to a frame's time for the audio it describes (a look-ahead model emits late) */
  readonly timeShiftSec: number;
  append(samples: Float32Array): number;
  decode(final: boolean): Promise<void>;
  committedLogProbs(): LogProbMatrix;
  words(offsetSec?: number): WordResult[];
  reset(): void;
}

export class ChunkedCtcDecoder implements UtteranceCtcDecoder {
  private readonly buffer: UtteranceAudio;
  private readonly committed = new CommittedFrames();
  private tentativeIds = new Int32Array(0);
  private tentativeProbs = new Float32Array(0);
  private decodedUpTo = 0;
  /** model milliseconds spent on this utterance */
  inferMs = 0;
  readonly timeShiftSec = 0;

  private get committedFrames(): number {
    return this.committed.count;
  }

  constructor(
    private readonly infer: InferFn,
    private readonly table: TokenTable,
    private readonly options: ChunkerOptions,
  ) {
    this.buffer = new UtteranceAudio(options.maxSamples);
  }

  private get length(): number {
    return this.buffer.length;
  }

  private get audio(): Float32Array {
    return this.buffer.samples;
  }

  get numSamples(): number {
    return this.length;
  }

  /** the utterance's audio so far (a view: copy it before the next append or reset) */
  get samples(): Float32Array {
    return this.buffer.samples;
  }

  /** audio appended since the last decode */
  get undecodedSamples(): number {
    return this.length - this.decodedUpTo;
  }

  get isFull(): boolean {
    return this.buffer.isFull;
  }

  /** Appends what fits; returns how many samples were taken. */
  append(samples: Float32Array): number {
    return this.buffer.append(samples);
  }

  /** Runs the model on the current window; with `final`, commits every frame. */
  async decode(final: boolean): Promise<void> {
    const { frameSamples, leftContextSamples, rightContextSamples } = this.options;
    if (this.length === 0) return;
    const startFrame = Math.max(0, this.committedFrames - Math.ceil(leftContextSamples / frameSamples));
    const start = startFrame * frameSamples;
    const end = this.length;
    this.decodedUpTo = end;
    // Models need a minimum input (e.g. one STFT window); pad short tails with silence.
    const minSamples = frameSamples * 2;
    const window = end - start >= minSamples ? this.audio.slice(start, end) : padTo(this.audio.subarray(start, end), minSamples);
    const t0 = performance.now();
    const out = await this.infer(window);
    this.inferMs += performance.now() - t0;
    const { ids, probs } = bestPath(out.data, out.frames, out.vocab);
    // Frames of the window that lie in the real audio (padding made none of its own).
    const realFrames = Math.min(out.frames, Math.max(1, Math.ceil((end - start) / frameSamples)));
    const stableEnd = final ? realFrames : Math.min(realFrames, Math.floor((end - rightContextSamples - start) / frameSamples));
    const firstNew = this.committedFrames - startFrame;
    this.committed.setVocab(out.vocab);
    for (let j = firstNew; j < stableEnd; j++) this.committed.push(ids[j]!, probs[j]!, out.data.subarray(j * out.vocab, (j + 1) * out.vocab));
    const from = Math.max(firstNew, stableEnd);
    this.tentativeIds = ids.slice(from, realFrames);
    this.tentativeProbs = probs.slice(from, realFrames);
  }

  /** Log-probabilities of the committed frames (all frames after a final decode), for beam search. */
  committedLogProbs(): LogProbMatrix {
    return this.committed.logProbs();
  }

  /** Words so far (committed plus tentative), times relative to `offsetSec`. */
  words(offsetSec = 0): WordResult[] {
    const n = this.committedFrames;
    const ids = new Int32Array(n + this.tentativeIds.length);
    ids.set(this.committed.ids);
    ids.set(this.tentativeIds, n);
    const probs = new Float32Array(ids.length);
    probs.set(this.committed.probs);
    probs.set(this.tentativeProbs, n);
    const shift = this.options.frameSamples / SAMPLE_RATE;
    const words = tokensToWords(collapse(ids, probs, this.table.blankId), this.table, shift);
    if (offsetSec === 0) return words;
    const r = (x: number): number => Math.round(x * 1000) / 1000;
    return words.map((w) => ({ ...w, start: r(w.start + offsetSec), end: r(w.end + offsetSec) }));
  }

  reset(): void {
    this.buffer.length = 0;
    this.committed.count = 0;
    this.tentativeIds = new Int32Array(0);
    this.tentativeProbs = new Float32Array(0);
    this.decodedUpTo = 0;
    this.inferMs = 0;
  }
}

function padTo(x: Float32Array, n: number): Float32Array {
  const out = new Float32Array(n);
  out.set(x);
  return out;
}
