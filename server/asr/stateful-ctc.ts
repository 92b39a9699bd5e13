/**
 * CTC decoding of one utterance with a stateful (streaming-native) model: each chunk of audio is
 * fed to the model exactly once together with the state the previous chunk returned (STFT and
 * convolution tails, recurrent hidden state), so streaming costs what decoding the file once
 * costs. Zero state at the utterance start; whole chunks (multiples of `chunkSamples`) while the
 * utterance runs; at the final the rest is padded and followed by the flush (`lookaheadFrames`
 * frames of silence), after which every frame of the utterance has been emitted.
 *
 * Every frame the model returns is final (its look-ahead is inside the model), so the partial is
 * the committed frames: it changes only where words are still growing. Output frame i describes
 * the audio of frame i - lookaheadFrames: word times are shifted back by that much.         pure
 */
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import type { LogitsChunk, UtteranceCtcDecoder } from './chunked-ctc.ts';
import { bestPath, collapse, tokensToWords } from './ctc-greedy.ts';
import type { LogProbMatrix, TokenTable, WordResult } from './types.ts';
import { CommittedFrames, UtteranceAudio } from './utterance-buffers.ts';

export type StatefulInferFn = (samples: Float32Array, state: readonly Float32Array[]) => Promise<LogitsChunk & { readonly state: Float32Array[] }>;

export interface StatefulOptions {
  /** samples per model output frame (640 for 40 ms at 16 kHz) */
  readonly frameSamples: number;
  /** chunks are multiples of this */
  readonly chunkSamples: number;
  readonly lookaheadFrames: number;
  /** the state tensors' shapes, in the model's stateInputs order */
  readonly stateShapes: readonly (readonly number[])[];
  readonly maxSamples: number;
}

export class StatefulCtcDecoder implements UtteranceCtcDecoder {
  private readonly buffer: UtteranceAudio;
  private readonly committed = new CommittedFrames();
  private state: Float32Array[];
  /** samples already fed to the model */
  private fed = 0;
  /** the flush was fed: the utterance is complete until reset() */
  private flushed = false;
  inferMs = 0;
  readonly timeShiftSec: number;

  constructor(
    private readonly infer: StatefulInferFn,
    private readonly table: TokenTable,
    private readonly options: StatefulOptions,
  ) {
    if (options.chunkSamples % options.frameSamples !== 0) throw new Error('chunkSamples must be a multiple of frameSamples');
    this.buffer = new UtteranceAudio(options.maxSamples);
    this.state = zeroState(options.stateShapes);
    this.timeShiftSec = -(options.lookaheadFrames * options.frameSamples) / SAMPLE_RATE;
  }

  get numSamples(): number {
    return this.buffer.length;
  }

  get samples(): Float32Array {
    return this.buffer.samples;
  }

  /** audio not yet fed to the model */
  get undecodedSamples(): number {
    return Math.max(0, this.buffer.length - this.fed); // after the final, padding and flush were fed too
  }

  get isFull(): boolean {
    return this.buffer.isFull;
  }

  append(samples: Float32Array): number {
    if (this.flushed) throw new Error('utterance already finalised; reset() first');
    return this.buffer.append(samples);
  }

  /**
   * Feeds the whole chunks received since the last call; with `final`, also the rest (padded)
   * and the flush, which emits the utterance's last frames.
   */
  async decode(final: boolean): Promise<void> {
    if (this.flushed) return;
    const { chunkSamples, frameSamples, lookaheadFrames } = this.options;
    const length = this.buffer.length;
    if (!final) {
      const end = Math.floor(length / chunkSamples) * chunkSamples;
      if (end > this.fed) await this.feed(this.buffer.samples.slice(this.fed, end), Infinity);
      return;
    }
    if (length === 0) return;
    const rest = length - this.fed;
    const wanted = Math.ceil(rest / frameSamples) + lookaheadFrames; // frames that describe real audio, plus the look-ahead
    const chunk = new Float32Array(Math.ceil((rest + lookaheadFrames * frameSamples) / chunkSamples) * chunkSamples);
    chunk.set(this.buffer.samples.subarray(this.fed, length));
    await this.feed(chunk, wanted);
    this.flushed = true;
  }

  private async feed(chunk: Float32Array, keepFrames: number): Promise<void> {
    const t0 = performance.now();
    const out = await this.infer(chunk, this.state);
    this.inferMs += performance.now() - t0;
    this.state = out.state;
    this.fed += chunk.length;
    const { ids, probs } = bestPath(out.data, out.frames, out.vocab);
    this.committed.setVocab(out.vocab);
    const n = Math.min(out.frames, keepFrames);
    for (let j = 0; j < n; j++) this.committed.push(ids[j]!, probs[j]!, out.data.subarray(j * out.vocab, (j + 1) * out.vocab));
  }

  committedLogProbs(): LogProbMatrix {
    return this.committed.logProbs();
  }

  /** Words of the frames emitted so far, times relative to `offsetSec` (never before it). */
  words(offsetSec = 0): WordResult[] {
    const shift = this.options.frameSamples / SAMPLE_RATE;
    const words = tokensToWords(collapse(this.committed.ids, this.committed.probs, this.table.blankId), this.table, shift);
    const r = (x: number): number => Math.round(x * 1000) / 1000;
    const at = (t: number): number => r(Math.max(0, t + this.timeShiftSec) + offsetSec);
    return words.map((w) => ({ ...w, start: at(w.start), end: at(w.end) }));
  }

  reset(): void {
    this.buffer.length = 0;
    this.committed.count = 0;
    this.state = zeroState(this.options.stateShapes);
    this.fed = 0;
    this.flushed = false;
    this.inferMs = 0;
  }
}

function zeroState(shapes: readonly (readonly number[])[]): Float32Array[] {
  return shapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
}
