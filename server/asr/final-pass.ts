/**
 * The final-pass decoder contract and the model-family registry.
 *
 * A family (CTC, NeMo transducer, Whisper, ...) registers three things:
 *   detect   does this folder hold my files? (null: not mine; throw ASR_ERR_MODEL_INVALID
 *            naming the file when it is mine but a file is missing or mismatched)
 *   create   builds an UtteranceDecoder; it runs inside a worker thread (final-worker.ts),
 *            never on the main thread, because onnxruntime's run() blocks its thread
 *   order    detection order: lower first (specific layouts before the generic model.onnx)
 *
 * Families register themselves when their module is imported; `families/index.ts`
 * imports every family, and both the main thread (detection, `model check`) and the
 * worker (creation) import it, so the registry is the same on both sides.
 */
import { readdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DiktatsError } from '../errors.ts';

export interface BiasTerms {
  /** domain terms to favour (corpus terms); a family uses them as it can (hotwords, prompt, LM) */
  readonly terms: readonly string[];
}

export interface UtteranceResult {
  readonly text: string;
  /** the family's token ids, in order (for the token-exact fixture tests) */
  readonly tokens: number[];
  /** what happened on the way: e.g. 'hotwords', 'no-speech', 'repetition-cut' */
  readonly flags: string[];
  /** seconds from the utterance start at which each token was emitted, when the family knows */
  readonly tokenStartsSec?: number[];
}

export interface UtteranceDecoder {
  readonly family: string;
  /** 16 kHz mono samples of one utterance (typically up to 20-30 s). */
  decode(samples: Float32Array, bias?: BiasTerms): Promise<UtteranceResult>;
  dispose(): Promise<void>;
}

/** What detection learnt about a folder; printed by `diktats model check`. */
export interface FamilyMatch {
  readonly family: string;
  /** the graph files the family will load, relative to the folder */
  readonly modelFiles: readonly string[];
  readonly vocabularySize: number;
  readonly sampleRate: number;
  /** anything else worth showing (feature bins, subsampling, TDT durations, ...) */
  readonly details: Readonly<Record<string, string | number | boolean>>;
}

export interface CreateOptions {
  /** intra-op threads for onnxruntime */
  readonly threads: number;
}

export type DetectFn = (dir: string, files: ReadonlySet<string>) => Promise<FamilyMatch | null>;
export type CreateFn = (dir: string, match: FamilyMatch, options: CreateOptions) => Promise<UtteranceDecoder>;

interface Family {
  readonly name: string;
  readonly detect: DetectFn;
  readonly create: CreateFn;
  readonly order: number;
}

const families = new Map<string, Family>();

/** Registers (or replaces) a family. `order`: detection order, lower first (default 50; generic CTC is 100). */
export function registerFinalFamily(name: string, detect: DetectFn, create: CreateFn, order = 50): void {
  families.set(name, { name, detect, create, order });
}

export function registeredFamilies(): string[] {
  return sortedFamilies().map((f) => f.name);
}

function sortedFamilies(): Family[] {
  return [...families.values()].sort((a, b) => a.order - b.order);
}

/**
 * Which family a folder holds. Throws ASR_ERR_MODEL_NOT_FOUND for a missing folder and
 * ASR_ERR_MODEL_INVALID (naming the file) when no family matches or one matches badly.
 */
export async function detectFamily(dir: string): Promise<FamilyMatch> {
  const root = resolve(dir);
  let files: Set<string>;
  try {
    if (!(await stat(root)).isDirectory()) throw new DiktatsError('ASR_ERR_MODEL_NOT_FOUND', `${root} is a file; point at the model folder`);
    files = new Set(await listFiles(root));
  } catch (e) {
    if (e instanceof DiktatsError) throw e;
    throw new DiktatsError('ASR_ERR_MODEL_NOT_FOUND', `${root} does not exist`);
  }
  for (const f of sortedFamilies()) {
    const match = await f.detect(root, files);
    if (match) return match;
  }
  const shown = [...files].slice(0, 12).join(', ') || 'nothing';
  throw new DiktatsError('ASR_ERR_MODEL_INVALID', `${root}: no model family recognised (found ${shown}). Expected one of: ` +
    'model.onnx + vocab.json or tokens.txt (CTC); encoder/decoder/joiner .onnx + tokens.txt (NeMo transducer); ' +
    'encoder_model.onnx + decoder_model*.onnx + tokenizer files (Whisper)');
}

/** Creates the decoder for a detected folder. Call it in a worker thread. */
export async function createFinalDecoder(dir: string, match: FamilyMatch, options: CreateOptions): Promise<UtteranceDecoder> {
  const f = families.get(match.family);
  if (!f) throw new DiktatsError('ASR_ERR_MODEL_INVALID', `no registered family "${match.family}" (registered: ${registeredFamilies().join(', ')})`);
  return f.create(resolve(dir), match, options);
}

/** Files in the folder and in its onnx/ subfolder (Hugging Face Optimum layout), as relative paths. */
async function listFiles(root: string): Promise<string[]> {
  const top = await readdir(root, { withFileTypes: true });
  const out = top.filter((e) => e.isFile() || e.isSymbolicLink()).map((e) => e.name);
  if (top.some((e) => e.isDirectory() && e.name === 'onnx')) {
    for (const e of await readdir(resolve(root, 'onnx'), { withFileTypes: true })) if (e.isFile() || e.isSymbolicLink()) out.push(`onnx/${e.name}`);
  }
  return out.sort();
}
