/**
 * One live recognition stream: VAD-driven endpointing plus chunked CTC decoding.
 * The model and the VAD are injected functions, so this is tested without ONNX.
 * Like sherpa-onnx's stream: push audio, read the partial, get a final at each
 * endpoint; `finish()` forces one (eof, reset, disconnect).
 */
import { Endpointer, type EndpointOptions } from '../audio/endpointer.ts';
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { ChunkedCtcDecoder, type ChunkerOptions, type InferFn, type UtteranceCtcDecoder } from './chunked-ctc.ts';
import { StatefulCtcDecoder, type StatefulInferFn, type StatefulOptions } from './stateful-ctc.ts';
import { wordsToText } from './ctc-greedy.ts';
import type { LogProbMatrix, TokenTable, WordResult } from './types.ts';
import { VAD_FRAME_SAMPLES, VAD_STATE_SIZE } from './worker-messages.ts';

export type VadFn = (samples: Float32Array, state: Float32Array) => Promise<{ probs: Float32Array; state: Float32Array }>;

/**
 * Decodes a final utterance's log-probabilities with domain knowledge (beam search + LM);
 * resolves to null when it cannot right now (then the greedy words stand).
 */
export type FinalDecodeFn = (logProbs: LogProbMatrix, offsetSec: number) => Promise<WordResult[] | null>;

/**
 * Two-pass recognition: re-decodes a finished utterance's audio with the final model.
 * Rejects when the final model fails, or resolves with `words: null` when its result is
 * unreliable (e.g. a Whisper loop); the stream then keeps the first pass's words, flagged.
 */
export type SecondPassFn = (samples: Float32Array, offsetSec: number) => Promise<{ words: WordResult[] | null; flags: string[] }>;

export interface StreamDeps {
  readonly infer: InferFn;
  /** a stateful model's chunk inference (used when StreamOptions.stateful is set) */
  readonly inferState?: StatefulInferFn;
  readonly vad: VadFn;
  readonly table: TokenTable;
  /** the current final decoder, read at each final so a rebuilt LM applies to the next one; null = greedy */
  readonly finalDecoder?: () => FinalDecodeFn | null;
  /** when set, every final comes from this second pass (the first pass gives partials only) */
  readonly secondPass?: SecondPassFn;
}

export interface StreamOptions {
  readonly endpoint: EndpointOptions;
  readonly chunker: Omit<ChunkerOptions, 'maxSamples'>;
  /** a streaming-native model: each chunk decoded once with carried state (replaces the windowed chunker) */
  readonly stateful?: Omit<StatefulOptions, 'maxSamples'>;
  /** most audio between two partial decodes while speaking (pushes larger than this decode every push) */
  readonly partialIntervalSamples: number;
  /** audio kept from before the detected speech start */
  readonly preRollSamples: number;
}

export type FinalReason = 'silence' | 'max-length' | 'eof' | 'reset' | 'disconnect';

export interface FinalResult {
  readonly words: WordResult[];
  readonly text: string;
  readonly startSec: number;
  readonly endSec: number;
  readonly audioSec: number;
  readonly processingMs: number;
  readonly reason: FinalReason;
  /** 1 (or absent): the streaming model's words; 2: the final model's re-decoding (two-pass mode) */
  readonly pass?: 1 | 2;
  /** e.g. 'final-pass-failed' (first-pass words kept), 'hotwords', 'lm'; absent = none */
  readonly flags?: readonly string[];
}

export interface PushResult {
  readonly finals: FinalResult[];
  readonly partial: string;
}

export class StreamSession {
  private readonly endpointer: Endpointer;
  private readonly decoder: UtteranceCtcDecoder;
  private vadState: Float32Array = new Float32Array(VAD_STATE_SIZE);
  private carry: Float32Array = new Float32Array(0);
  /** samples consumed by the VAD since the stream began */
  private position = 0;
  /** VAD frames fed to the endpointer (its frame numbering) */
  private vadFrames = 0;
  private readonly preRoll: Float32Array;
  private preRollFill = 0;
  private utteranceStart = 0;
  private vadMs = 0;
  private partialText = '';
  private closed = false;
  /** VAD, model and decoding time since the stream began (never reset; callers take differences) */
  private spentMs = 0;

  constructor(
    private readonly deps: StreamDeps,
    private readonly options: StreamOptions,
  ) {
    this.endpointer = new Endpointer(options.endpoint);
    const maxSamples = Math.ceil((options.endpoint.maxUtteranceMs / 1000) * SAMPLE_RATE) + options.preRollSamples + 4 * VAD_FRAME_SAMPLES;
    this.decoder = options.stateful && deps.inferState
      ? new StatefulCtcDecoder(deps.inferState, deps.table, { ...options.stateful, maxSamples })
      : new ChunkedCtcDecoder(deps.infer, deps.table, { ...options.chunker, maxSamples });
    // The ring holds the pre-roll plus the frames that confirmed speech (minSpeechMs), which
    // precede the frame that raises speech-start; with only the pre-roll they pushed it out.
    const leadFrames = Math.ceil(options.endpoint.minSpeechMs / options.endpoint.frameMs) + 1;
    this.preRoll = new Float32Array(options.preRollSamples + leadFrames * VAD_FRAME_SAMPLES);
  }

  get speaking(): boolean {
    return this.endpointer.speaking;
  }

  /**
   * Milliseconds spent on this stream since it began: VAD, model windows and
   * decoding, the final's beam search included. Monotonic, so a caller can
   * attribute the difference across one push or finish to whatever it measures.
   */
  get processingMs(): number {
    return this.spentMs;
  }

  /** seconds of audio received */
  get audioSec(): number {
    return (this.position + this.carry.length) / SAMPLE_RATE;
  }

  async push(samples: Float32Array): Promise<PushResult> {
    if (this.closed) throw new Error('stream is finished');
    const all = concat(this.carry, samples);
    const frames = Math.floor(all.length / VAD_FRAME_SAMPLES);
    this.carry = all.slice(frames * VAD_FRAME_SAMPLES);
    const finals: FinalResult[] = [];
    if (frames > 0) {
      const t0 = performance.now();
      const vad = await this.deps.vad(all.subarray(0, frames * VAD_FRAME_SAMPLES), this.vadState);
      const vadMs = performance.now() - t0;
      this.vadMs += vadMs;
      this.spentMs += vadMs;
      this.vadState = vad.state;
      for (let f = 0; f < frames; f++) {
        const frame = all.subarray(f * VAD_FRAME_SAMPLES, (f + 1) * VAD_FRAME_SAMPLES);
        const wasSpeaking = this.endpointer.speaking;
        const event = this.endpointer.push(vad.probs[f]!);
        const frameIndex = this.vadFrames++;
        if (event?.type === 'speech-start') {
          this.startUtterance(frameIndex - event.frame);
          this.decoder.append(frame);
        } else if (wasSpeaking) {
          this.decoder.append(frame);
        } else {
          this.remember(frame);
        }
        this.position += VAD_FRAME_SAMPLES;
        if (event?.type === 'speech-end') finals.push(await this.finalise(event.reason));
      }
    }
    // Decode now if waiting for one more push of this size would stretch the gap between
    // partials past the interval (200 ms pushes: every push at a 240 ms interval, every other at 480 ms).
    const undecoded = this.decoder.undecodedSamples;
    if (this.endpointer.speaking && undecoded > 0 && undecoded + samples.length > this.options.partialIntervalSamples) {
      const t0 = performance.now();
      await this.decoder.decode(false);
      this.partialText = wordsToText(this.decoder.words());
      this.spentMs += performance.now() - t0;
    }
    return { finals, partial: this.endpointer.speaking ? this.partialText : '' };
  }

  /** Ends the current utterance now; returns its final (empty text if nothing was said). */
  async finish(reason: FinalReason): Promise<FinalResult> {
    if (this.endpointer.speaking && this.carry.length > 0) {
      this.decoder.append(this.carry);
      this.position += this.carry.length;
      this.carry = new Float32Array(0);
    }
    this.endpointer.reset();
    return this.finalise(reason);
  }

  close(): void {
    this.closed = true;
  }

  /** `leadFrames`: frames before the current one since speech began (they and the pre-roll are in the ring). */
  private startUtterance(leadFrames: number): void {
    const keep = Math.min(this.preRollFill, this.options.preRollSamples + leadFrames * VAD_FRAME_SAMPLES);
    this.utteranceStart = this.position - keep;
    this.decoder.reset();
    this.decoder.append(this.preRoll.subarray(this.preRoll.length - keep));
    this.preRollFill = 0;
    this.vadMs = 0;
    this.partialText = '';
  }

  private remember(frame: Float32Array): void {
    // Shift-left ring: small (a few hundred ms), so copying is cheaper than index juggling.
    const n = this.preRoll.length;
    this.preRoll.copyWithin(0, frame.length);
    this.preRoll.set(frame, n - frame.length);
    this.preRollFill = Math.min(n, this.preRollFill + frame.length);
  }

  private async finalise(reason: FinalReason): Promise<FinalResult> {
    const startSec = this.utteranceStart / SAMPLE_RATE;
    let words: WordResult[] = [];
    let pass: 1 | 2 = 1;
    let flags: string[] = [];
    let secondMs = 0;
    const audioSec = this.decoder.numSamples / SAMPLE_RATE;
    if (this.decoder.numSamples > 0) {
      const t0 = performance.now();
      await this.decoder.decode(true);
      if (this.deps.secondPass) {
        const t1 = performance.now();
        try {
          const second = await this.deps.secondPass(this.decoder.samples.slice(), startSec);
          if (second.words) {
            words = second.words;
            flags = second.flags;
            pass = 2;
          } else {
            words = this.decoder.words(startSec);
            flags = ['final-pass-unreliable', ...second.flags];
          }
        } catch {
          // The final model failed (error, backlog, worker exit): keep the first pass's words, flagged.
          words = this.decoder.words(startSec);
          flags = ['final-pass-failed'];
        }
        secondMs = performance.now() - t1;
      } else {
        const beam = this.deps.finalDecoder?.() ?? null;
        const shifted = beam ? await beam(this.decoder.committedLogProbs(), startSec + this.decoder.timeShiftSec) : null;
        words = shifted?.map((w) => (w.start < startSec ? { ...w, start: startSec, end: Math.max(startSec, w.end) } : w)) ?? this.decoder.words(startSec);
      }
      this.spentMs += performance.now() - t0;
    }
    const result: FinalResult = {
      words,
      text: wordsToText(words),
      startSec: round3(startSec),
      endSec: round3(startSec + audioSec),
      audioSec: round3(audioSec),
      processingMs: Math.round(this.decoder.inferMs + this.vadMs + secondMs),
      reason,
      pass,
      flags,
    };
    this.decoder.reset();
    this.vadMs = 0;
    this.partialText = '';
    this.utteranceStart = this.position;
    return result;
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  if (a.length === 0) return b;
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
