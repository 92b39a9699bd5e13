/**
 * Registers the Whisper family with the final-pass registry (../final-pass.ts): detection
 * of optimum's ONNX layout, and creation of a WhisperRecogniser (an UtteranceDecoder).
 * The registry's final worker hosts the recogniser, so decoding runs in a worker thread,
 * never on the event loop.
 *
 * Decoding options may be set in an optional model.json beside the model files, as for
 * the other families:  {"language": "lv", "beamSize": 5, "maxNewTokens": 224,
 * "noSpeechThreshold": 0.6, "logprobThreshold": -1, "compressionRatioThreshold": 2.4,
 * "maxPromptTerms": 100, "temperatureFallback": []}
 */
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DiktatsError } from '../../errors.ts';
import { registerFinalFamily, type FamilyMatch } from '../final-pass.ts';
import { loadWhisperFiles } from './whisper-files.ts';
import { DEFAULT_WHISPER_OPTIONS, WhisperRecogniser, type WhisperOptions } from './whisper-recogniser.ts';

export const WHISPER_FAMILY = 'whisper';

/** Reads model.json's Whisper options; absent file = defaults. Throws ASR_ERR_MODEL_INVALID on a bad value. */
export async function readWhisperOptions(dir: string): Promise<WhisperOptions> {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as Record<string, unknown>;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_WHISPER_OPTIONS;
    throw new DiktatsError('ASR_ERR_MODEL_INVALID', `${join(dir, 'model.json')} is not valid JSON; fix or remove it`);
  }
  const bad = (key: string, want: string): never => {
    throw new DiktatsError('ASR_ERR_MODEL_INVALID', `${join(dir, 'model.json')}: ${key} must be ${want}, got ${JSON.stringify(raw[key])}`);
  };
  const int = (key: string, min: number, max: number, fallback: number): number => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(key, `an integer ${min}-${max}`);
    return v as number;
  };
  const real = (key: string, fallback: number): number => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) bad(key, 'a number');
    return v as number;
  };
  const d = DEFAULT_WHISPER_OPTIONS;
  const temps = raw.temperatureFallback ?? d.temperatureFallback;
  if (!Array.isArray(temps) || temps.length > 10 || !temps.every((t) => typeof t === 'number' && t > 0 && t <= 2)) {
    bad('temperatureFallback', 'a list of up to 10 temperatures in (0, 2], e.g. [0.2, 0.4, 0.6, 0.8, 1.0]');
  }
  const language = raw.language ?? d.language;
  if (typeof language !== 'string' || !/^[a-z]{2,3}$/.test(language)) bad('language', 'a language code such as "lv"');
  return {
    language: language as string,
    beamSize: int('beamSize', 1, 16, d.beamSize),
    maxNewTokens: int('maxNewTokens', 1, 448, d.maxNewTokens),
    threads: d.threads,
    maxPromptTerms: int('maxPromptTerms', 0, 1000, d.maxPromptTerms),
    temperatureFallback: temps as number[],
    guards: {
      noSpeechThreshold: real('noSpeechThreshold', d.guards.noSpeechThreshold),
      logprobThreshold: real('logprobThreshold', d.guards.logprobThreshold),
      compressionRatioThreshold: real('compressionRatioThreshold', d.guards.compressionRatioThreshold),
    },
  };
}

/** Whisper if the folder (or its onnx/) has an encoder_model*.onnx; then every other file must be right. */
export async function detectWhisper(dir: string, files: ReadonlySet<string>): Promise<FamilyMatch | null> {
  if (![...files].some((f) => /^(onnx\/)?encoder_model(_quantized)?\.onnx$/.test(f))) return null;
  const options = await readWhisperOptions(dir);
  const w = await loadWhisperFiles(dir, options.language);
  const modelFiles = [w.encoderPath, w.decoder.path, ...(w.decoder.kind === 'split' ? [w.decoder.withPastPath] : [])].map((p) => relative(dir, p));
  return {
    family: WHISPER_FAMILY,
    modelFiles,
    vocabularySize: w.vocabSize,
    sampleRate: 16000,
    details: {
      numMelBins: w.numMelBins,
      decoderLayout: w.decoder.kind,
      decoderLayers: w.numLayers,
      decoderHeads: w.numHeads,
      dModel: w.numHeads * w.headDim,
      maxTargetPositions: w.maxTargetPositions,
      language: options.language,
      beamSize: options.beamSize,
      initialPrompt: w.ids.startOfPrev !== null,
      noSpeechToken: w.ids.noSpeech !== null,
    },
  };
}

registerFinalFamily(
  WHISPER_FAMILY,
  detectWhisper,
  async (dir, _match, { threads }) => WhisperRecogniser.load(dir, { ...(await readWhisperOptions(dir)), threads }),
  10,
);
