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
import { bestPath, collapse, tokensToWords } from './ctc-greedy.ts';
import type { LogProbMatrix, TokenTable, WordResult } from './types.ts';
import { CommittedFrames } from './utterance-buffers.ts';

export interface ChunkerOptions {
  /** samples per model output frame (e.g. 640 for 40 ms at 16 kHz) */
  readonly frameSamples: number;
  readonly leftContextSamples: number;
  readonly rightContextSamples: number;
  /** the longest utterance kept; longer ones must be finalised by the caller */
  readonly maxSamples: number;
  /**
   * false: audio before the next window (committed frames less the left context)
   * is dropped as new audio comes, so a whole file decodes in memory bounded by
   * one chunk plus the context instead of the file (a 50 MB upload held ~210 MB
   * of samples a second time and copied it as the buffer doubled). `samples` is
   * then unavailable. Default true (a stream's final pass needs the utterance).
   */
  readonly keepAudio?: boolean;
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
  readonly timeShiftSec = 0;
  private audio: Float32Array;
  /** samples appended in all (absolute index of the end) */
  private length = 0;
  /** samples dropped from the front (keepAudio false): audio[0] is sample `dropped` */
  private dropped = 0;
  /** committed frames: best-path id, probability and log-softmax row (kept for beam search at the final) */
  private readonly committed = new CommittedFrames();
  private tentativeIds = new Int32Array(0);
  private tentativeProbs = new Float32Array(0);
  private decodedUpTo = 0;
  /** model milliseconds spent on this utterance */
  inferMs = 0;

  constructor(
    private readonly infer: InferFn,
    private readonly table: TokenTable,
    private readonly options: ChunkerOptions,
  ) {
    this.audio = new Float32Array(Math.min(options.maxSamples, SAMPLE_RATE * 4));
  }

  get numSamples(): number {
    return this.length;
  }

  /** the utterance's audio so far (a view: copy it before the next append or reset) */
  get samples(): Float32Array {
    if (this.dropped > 0) throw new Error('ChunkedCtcDecoder: audio was dropped (keepAudio: false)');
    return this.audio.subarray(0, this.length);
  }

  /** samples held in memory now */
  get bufferedSamples(): number {
    return this.length - this.dropped;
  }

  /** audio appended since the last decode */
  get undecodedSamples(): number {
    return this.length - this.decodedUpTo;
  }

  get isFull(): boolean {
    return this.length >= this.options.maxSamples;
  }

  /** Appends what fits; returns how many samples were taken. */
  append(samples: Float32Array): number {
    const take = Math.min(samples.length, this.options.maxSamples - this.length);
    if (this.options.keepAudio === false) {
      const keepFrom = this.windowStartFrame() * this.options.frameSamples;
      if (keepFrom > this.dropped) {
        this.audio.copyWithin(0, keepFrom - this.dropped, this.length - this.dropped);
        this.dropped = keepFrom;
      }
    }
    const held = this.length - this.dropped;
    if (held + take > this.audio.length) {
      const grown = new Float32Array(Math.min(this.options.maxSamples, Math.max(held + take, this.audio.length * 2)));
      grown.set(this.audio.subarray(0, held));
      this.audio = grown;
    }
    this.audio.set(samples.subarray(0, take), held);
    this.length += take;
    return take;
  }

  /** the first frame of the next window: committed frames less the left context */
  private windowStartFrame(): number {
    return Math.max(0, this.committed.count - Math.ceil(this.options.leftContextSamples / this.options.frameSamples));
  }

  /** Runs the model on the current window; with `final`, commits every frame. */
  async decode(final: boolean): Promise<void> {
    const { frameSamples, rightContextSamples } = this.options;
    if (this.length === 0) return;
    const startFrame = this.windowStartFrame();
    const start = startFrame * frameSamples;
    const end = this.length;
    this.decodedUpTo = end;
    // Models need a minimum input (e.g. one STFT window); pad short tails with silence.
    const minSamples = frameSamples * 2;
    const from = start - this.dropped;
    const to = end - this.dropped;
    const window = to - from >= minSamples ? this.audio.slice(from, to) : padTo(this.audio.subarray(from, to), minSamples);
    const t0 = performance.now();
    const out = await this.infer(window);
    this.inferMs += performance.now() - t0;
    const { ids, probs } = bestPath(out.data, out.frames, out.vocab);
    // Frames of the window that lie in the real audio (padding made none of its own).
    const realFrames = Math.min(out.frames, Math.max(1, Math.ceil((end - start) / frameSamples)));
    const stableEnd = final ? realFrames : Math.min(realFrames, Math.floor((end - rightContextSamples - start) / frameSamples));
    const firstNew = this.committed.count - startFrame;
    this.committed.setVocab(out.vocab);
    for (let j = firstNew; j < stableEnd; j++) this.committed.push(ids[j]!, probs[j]!, out.data.subarray(j * out.vocab, (j + 1) * out.vocab));
    const tentativeFrom = Math.max(firstNew, stableEnd);
    this.tentativeIds = ids.slice(tentativeFrom, realFrames);
    this.tentativeProbs = probs.slice(tentativeFrom, realFrames);
  }

  /** Log-probabilities of the committed frames (all frames after a final decode), for beam search. */
  committedLogProbs(): LogProbMatrix {
    return this.committed.logProbs();
  }

  /** Words so far (committed plus tentative), times relative to `offsetSec`. */
  words(offsetSec = 0): WordResult[] {
    const n = this.committed.count;
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
    this.length = 0;
    this.dropped = 0;
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
