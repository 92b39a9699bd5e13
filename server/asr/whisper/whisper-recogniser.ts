/**
 * One Whisper model, decoding whole utterances: 16 kHz samples -> windows of <= 30 s ->
 * log-mel -> encoder -> forced <|startoftranscript|><|lv|><|transcribe|><|notimestamps|>
 * prompt (after <|startofprev|> + active corpus terms, when given) -> greedy or beam
 * search with the KV cache -> guards -> text. Blocks its thread while onnxruntime runs:
 * the service hosts it in a worker (whisper-worker.ts); tests and the CLI may call it
 * directly.
 */
import { DiktatsError } from '../../errors.ts';
import { ByteBpeTokenizer } from './byte-bpe.ts';
import { WhisperLogMel, splitWindows } from './log-mel.ts';
import { DEFAULT_GUARDS, judgeWindow, compressionRatio, type GuardThresholds, type WhisperFlag } from './whisper-guards.ts';
import { loadWhisperFiles, type WhisperFiles } from './whisper-files.ts';
import { WhisperOnnx } from './whisper-onnx.ts';
import { LogitFilter, beamSearch, greedySearch, mulberry32, sampler } from './whisper-search.ts';
import type { TensorOut } from '../onnx-session.ts';

export interface WhisperOptions {
  readonly language: string;
  /** 1 = greedy */
  readonly beamSize: number;
  /** cap on generated tokens per window; the model's own cap is max_target_positions / 2 */
  readonly maxNewTokens: number;
  readonly threads: number;
  readonly guards: GuardThresholds;
  /** at most this many bias terms go into the initial prompt */
  readonly maxPromptTerms: number;
  /** temperatures to re-sample at while a window is flagged low-logprob or compression-ratio
   * (openai-whisper: 0.2, 0.4, ..., 1.0); empty = off, the two-pass caller falls back instead */
  readonly temperatureFallback: readonly number[];
}

export const DEFAULT_WHISPER_OPTIONS: WhisperOptions = Object.freeze({
  language: 'lv',
  beamSize: 1,
  maxNewTokens: 224,
  threads: 1,
  guards: DEFAULT_GUARDS,
  maxPromptTerms: 100,
  temperatureFallback: [],
});

export interface WhisperWindowResult {
  readonly startSample: number;
  readonly endSample: number;
  readonly tokens: number[];
  readonly text: string;
  readonly sumLogprob: number;
  readonly avgLogprob: number;
  readonly noSpeechProb: number | null;
  readonly compressionRatio: number;
  readonly flags: WhisperFlag[];
  readonly silent: boolean;
}

type Candidate = Omit<WhisperWindowResult, 'startSample' | 'endSample'>;

/** Seed of the first fallback temperature's sampler (then +1 per temperature): reproducible decodes. */
export const FALLBACK_SEED = 0x5eed;

export interface WhisperResult {
  readonly text: string;
  readonly tokens: number[];
  readonly flags: WhisperFlag[];
  readonly windows: WhisperWindowResult[];
}

/** The initial prompt text for a list of corpus terms (openai-whisper puts a space first). */
export const promptText = (terms: readonly string[]): string => ' ' + terms.join(', ');

export class WhisperRecogniser {
  readonly family = 'whisper';
  private readonly filter: LogitFilter;

  private constructor(
    readonly files: WhisperFiles,
    readonly tokenizer: ByteBpeTokenizer,
    private readonly mel: WhisperLogMel,
    private readonly onnx: WhisperOnnx,
    readonly options: WhisperOptions,
  ) {
    this.filter = new LogitFilter({
      vocabSize: files.vocabSize,
      eot: files.ids.eot,
      suppressTokens: files.suppressTokens,
      beginSuppressTokens: files.beginSuppressTokens,
    });
  }

  static async load(dir: string, options: Partial<WhisperOptions> = {}): Promise<WhisperRecogniser> {
    const opts = { ...DEFAULT_WHISPER_OPTIONS, ...options };
    const files = await loadWhisperFiles(dir, opts.language);
    const tokenizer = new ByteBpeTokenizer(files.tokenizer);
    const mel = new WhisperLogMel(files.numMelBins, files.melFilters ?? undefined);
    const onnx = await WhisperOnnx.open(files, opts.threads);
    return new WhisperRecogniser(files, tokenizer, mel, onnx, opts);
  }

  /** The forced prompt, after <|startofprev|> + the last (n_ctx / 2 - 1) prompt tokens. */
  initialTokens(promptIds: readonly number[] = []): number[] {
    const { ids, maxTargetPositions } = this.files;
    const head: number[] = [];
    if (promptIds.length > 0 && ids.startOfPrev !== null) {
      head.push(ids.startOfPrev, ...promptIds.slice(-(Math.floor(maxTargetPositions / 2) - 1)));
    }
    return [...head, ids.sot, ids.language, ids.transcribe, ids.noTimestamps];
  }

  promptIds(terms: readonly string[] | undefined): number[] {
    const clean = [...new Set((terms ?? []).map((t) => t.trim()).filter((t) => t.length > 0))].slice(0, this.options.maxPromptTerms);
    return clean.length > 0 ? this.tokenizer.encode(promptText(clean)) : [];
  }

  /** Throws ASR_ERR_INFERENCE (with the onnxruntime error as cause) when a model run fails. */
  async decode(samples: Float32Array, bias?: { readonly terms: readonly string[] }): Promise<WhisperResult> {
    const prompt = this.promptIds(bias?.terms);
    const windows: WhisperWindowResult[] = [];
    try {
      for (const [start, end] of splitWindows(samples)) windows.push(await this.decodeWindow(samples.subarray(start, end), start, prompt));
    } catch (e) {
      if (e instanceof DiktatsError) throw e;
      throw new DiktatsError('ASR_ERR_INFERENCE', `Whisper decode failed: ${(e as Error).message}`, { cause: e });
    }
    const kept = windows.filter((w) => !w.silent);
    const flags = [...new Set(windows.flatMap((w) => w.flags))];
    return {
      text: kept.map((w) => w.text.trim()).filter((t) => t.length > 0).join(' '),
      tokens: kept.flatMap((w) => w.tokens),
      flags,
      windows,
    };
  }

  private async decodeWindow(samples: Float32Array, startSample: number, prompt: readonly number[]): Promise<WhisperWindowResult> {
    const encoded = await this.onnx.encode(this.mel.compute(samples));
    const init = this.initialTokens(prompt);
    const window = { startSample, endSample: startSample + samples.length };
    let best = await this.search(encoded, init, null);
    const unsure = (w: Candidate): boolean => !w.silent && (w.flags.includes('low-logprob') || w.flags.includes('compression-ratio'));
    // openai-whisper's temperature fallback, seeded: re-sample while the text looks unreliable;
    // keep the first reliable result, else the one with the best average log-prob.
    for (const [k, temperature] of this.options.temperatureFallback.entries()) {
      if (!unsure(best)) break;
      const sampled = await this.search(encoded, init, { temperature, seed: FALLBACK_SEED + k });
      if (!unsure(sampled) || sampled.avgLogprob > best.avgLogprob) best = { ...sampled, flags: [...sampled.flags, 'temperature-fallback'] };
    }
    return { ...window, ...best };
  }

  /** One search over an encoded window: beam/greedy, or seeded sampling at a temperature. */
  private async search(encoded: TensorOut, init: number[], sampling: { temperature: number; seed: number } | null): Promise<Candidate> {
    const { ids, vocabSize, maxTargetPositions } = this.files;
    const { logits, stepper } = await this.onnx.start(encoded, init);
    let noSpeechProb: number | null = null;
    if (ids.noSpeech !== null) {
      const row = init.indexOf(ids.sot) * vocabSize;
      let max = -Infinity;
      for (let i = 0; i < vocabSize; i++) max = Math.max(max, logits[row + i]!);
      let sum = 0;
      for (let i = 0; i < vocabSize; i++) sum += Math.exp(logits[row + i]! - max);
      noSpeechProb = Math.exp(logits[row + ids.noSpeech]! - max) / sum;
    }
    const last = logits.slice((init.length - 1) * vocabSize, init.length * vocabSize);
    const maxNew = Math.min(this.options.maxNewTokens, Math.floor(maxTargetPositions / 2), maxTargetPositions - init.length);
    const r = sampling
      ? await greedySearch(last, stepper, this.filter, maxNew, sampler(sampling.temperature, mulberry32(sampling.seed)))
      : this.options.beamSize > 1
        ? await beamSearch(last, stepper, this.filter, this.options.beamSize, maxNew)
        : await greedySearch(last, stepper, this.filter, maxNew);
    const text = this.tokenizer.decode(r.tokens);
    const avgLogprob = r.sumLogprob / (r.tokens.length + 1);
    const verdict = judgeWindow({ text, avgLogprob, noSpeechProb }, this.options.guards);
    return {
      tokens: r.tokens,
      text,
      sumLogprob: r.sumLogprob,
      avgLogprob,
      noSpeechProb,
      compressionRatio: compressionRatio(text),
      flags: [...new Set([...r.flags, ...verdict.flags])],
      silent: verdict.silent,
    };
  }

  async dispose(): Promise<void> {
    await this.onnx.release();
  }
}
