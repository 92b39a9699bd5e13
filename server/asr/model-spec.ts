/**
 * Model folders -> one normalised description the recogniser works from.
 *
 * Four CTC formats are recognised:
 *   diktats               our bundled model: model.onnx + vocab.json + model.json (manifest)
 *   wav2vec2              Hugging Face wav2vec2 / XLS-R CTC exports: model.onnx (or onnx/model.onnx),
 *                         vocab.json, optional config.json, preprocessor_config.json,
 *                         tokenizer_config.json, added_tokens.json
 *   sherpa-onnx-nemo-ctc  sherpa-onnx NeMo CTC exports: model.onnx with metadata_props + tokens.txt
 *   omnilingual-ctc       sherpa-onnx exports of Meta's omnilingual-asr CTC: model(.int8).onnx with
 *                         metadata model_type "omnilingual-asr", raw waveform `x` in, `logits` out, tokens.txt
 * In the latter two an optional model.json overrides detected fields.
 *
 * Everything is checked against the ONNX graph itself (names, element types,
 * vocabulary size), so a wrong folder fails here with a message, not later
 * inside onnxruntime with a shape error.
 *
 * (Over 350 lines: the three formats' detection and validation are one contract, read together.)
 */
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { DiktatsError } from '../errors.ts';
import { ONNX_FLOAT, ONNX_INT64, readOnnxModelInfo, type OnnxModelInfo, type OnnxTensorInfo } from './onnx-model-info.ts';

export type ModelFamily = 'diktats' | 'wav2vec2' | 'sherpa-onnx-nemo-ctc' | 'omnilingual-ctc';
export interface ModelSpec {
  readonly id: string;                 // folder name unless the manifest says otherwise
  readonly family: ModelFamily;
  readonly dir: string;
  readonly modelPath: string;          // absolute path to model.onnx
  readonly sampleRate: number;         // 16000
  readonly input:
    | { readonly kind: 'waveform'; readonly name: string; readonly normalize: boolean; readonly varianceEpsilon: number }   // normalize = zero-mean unit-variance per utterance: (x - mean) / sqrt(var + varianceEpsilon)
    | { readonly kind: 'fbank'; readonly name: string; readonly lengthName: string; readonly numBins: number; readonly layout: 'NCT' | 'NTC'; readonly normalize: 'per_feature' | 'none' };
  readonly outputName: string;
  readonly outputIsLogProbs: boolean;
  readonly tokens: readonly string[];  // index = token id
  readonly blankId: number;
  readonly wordDelimiter: string | null;  // '|' for wav2vec2-style vocabularies, else null
  readonly wordStartPrefix: string | null; // '▁' for sentencepiece tokens, else null
  readonly specialTokens: readonly number[]; // ids never emitted as text (<s>, </s>, <unk>, <pad> other than blank)
  readonly frameShiftMs: number;       // duration of one output frame
  readonly sha256: string;             // of model.onnx, computed at load
  /** a stateful (streaming-native) model: state tensors carried from chunk to chunk; absent = stateless */
  readonly streaming?: StreamingSpec;
}

/**
 * model.json "streaming": the model reads each chunk of audio once and carries its state
 * (STFT/convolution tails, recurrent hidden state) to the next chunk. Zero state starts an
 * utterance; a chunk is a multiple of `chunkSamples`; output frame i describes the audio of frame
 * i - lookaheadFrames, so the end of an utterance is followed by lookaheadFrames x the frame's
 * samples of silence (the flush). State input k pairs with state output k; both have shape k.
 */
export interface StreamingSpec {
  readonly stateInputs: readonly string[];
  readonly stateOutputs: readonly string[];
  readonly stateShapes: readonly (readonly number[])[];
  readonly lookaheadFrames: number;
  readonly chunkSamples: number;
}

const FAMILIES: readonly ModelFamily[] = ['diktats', 'wav2vec2', 'sherpa-onnx-nemo-ctc', 'omnilingual-ctc'];
/** sherpa-onnx's omnilingual export writes this model_type into the ONNX metadata. */
const OMNILINGUAL_MODEL_TYPE = 'omnilingual-asr';
const MANIFEST = 'model.json';
const SENTENCEPIECE_SPACE = '▁';
const HF_VARIANCE_EPSILON = 1e-7;
const OMNILINGUAL_VARIANCE_EPSILON = 1e-5;
// wav2vec2's feature encoder: strides 5,2,2,2,2,2,2 = 320 samples per frame.
const WAV2VEC2_CONV_STRIDE = [5, 2, 2, 2, 2, 2, 2];
const HF_BLANK_CANDIDATES = ['<pad>', '[PAD]', '<blank>'];
const SHERPA_BLANK_CANDIDATES = ['<blk>', '<blank>', '<eps>'];
// Markup tokens (<unk>, </s>, [PAD]) are never text; sentencepiece byte pieces (<0xE2>) are.
const MARKUP_TOKEN = /^(<(?!0x[0-9A-Fa-f]{2}>)[^<>\s]+>|\[[A-Z_]+\])$/;

/** What model.json may say. For the bundled format it is the manifest; elsewhere, overrides. */
interface Manifest {
  readonly id?: string;
  readonly family?: ModelFamily;
  readonly modelFile?: string;
  readonly vocabFile?: string;
  readonly tokensFile?: string;
  readonly language?: string;
  readonly sampleRate?: number;
  readonly inputName?: string;
  readonly lengthName?: string;
  readonly outputName?: string;
  readonly outputIsLogProbs?: boolean;
  readonly blankId?: number;
  readonly wordDelimiter?: string | null;
  readonly wordStartPrefix?: string | null;
  readonly frameShiftMs?: number;
  readonly numBins?: number;
  readonly normalize?: boolean | 'per_feature' | 'none';
  readonly sha256?: string;
  readonly streaming?: StreamingSpec;
}

type Json = Record<string, unknown>;
type Body = Omit<ModelSpec, 'id' | 'family' | 'dir' | 'modelPath' | 'sha256'>;

/** Reads and checks a model folder. Throws DiktatsError ASR_ERR_MODEL_NOT_FOUND,
 * ASR_ERR_MODEL_INVALID or ASR_ERR_CHECKSUM with a message naming the file at fault. */
export async function loadModelSpec(dir: string): Promise<ModelSpec> {
  const root = resolve(dir);
  const kind = await fileKind(root);
  if (kind !== 'dir') {
    throw new DiktatsError('ASR_ERR_MODEL_NOT_FOUND', kind === 'missing'
      ? `${root} does not exist`
      : `${root} is a file; point at the folder that holds model.onnx`);
  }
  const manifest = parseManifest(await readJson(root, MANIFEST, false), root);
  const modelPath = await findModelFile(root, manifest.modelFile);
  // The hash streams the whole file, the parse reads only small pieces: run them side by side.
  const [sha256, onnx] = await Promise.all([sha256File(modelPath), readOnnxModelInfo(modelPath)]);
  const family = manifest.family ?? (await detectFamily(root, manifest, onnx));
  if (manifest.sha256 !== undefined && manifest.sha256.toLowerCase() !== sha256) {
    throw new DiktatsError('ASR_ERR_CHECKSUM', `${modelPath} has sha256 ${sha256}, ${MANIFEST} expects ${manifest.sha256}`);
  }
  const body = family === 'sherpa-onnx-nemo-ctc'
    ? await sherpaNemoCtc(root, manifest, onnx)
    : family === 'omnilingual-ctc'
      ? await omnilingualCtc(root, manifest, onnx)
      : await vocabJsonModel(root, family, manifest, onnx);
  const streaming = manifest.streaming ? checkStreaming(root, manifest.streaming, onnx, body) : undefined;
  return deepFreeze({ id: manifest.id ?? basename(root), family, dir: root, modelPath, sha256, ...body, ...(streaming ? { streaming } : {}) });
}

async function vocabJsonModel(root: string, family: ModelFamily, m: Manifest, onnx: OnnxModelInfo): Promise<Body> {
  const config = ((await readJson(root, 'config.json', false)) ?? {}) as Json;
  const preprocessor = ((await readJson(root, 'preprocessor_config.json', false)) ?? {}) as Json;
  const tokenizer = ((await readJson(root, 'tokenizer_config.json', false)) ?? {}) as Json;
  const vocabFile = m.vocabFile ?? 'vocab.json';
  const vocab = selectLanguage(await readJson(root, vocabFile, true), vocabFile, m.language, root);
  const added = await readJson(root, 'added_tokens.json', false);
  const tokens = tokensFromIds({ ...vocab, ...(isObject(added) ? added : {}) }, vocabFile, root);

  const pad = tokenName(tokenizer.pad_token);
  const blankId = m.blankId
    ?? (typeof config.pad_token_id === 'number' ? config.pad_token_id : undefined)
    ?? findToken(tokens, [...(pad ? [pad] : []), ...HF_BLANK_CANDIDATES]);
  const delimiter = m.wordDelimiter !== undefined
    ? m.wordDelimiter
    : (tokenName(tokenizer.word_delimiter_token) ?? tokenName(config.word_delimiter_token) ?? '|');
  const sampleRate = m.sampleRate ?? numberOr(preprocessor.sampling_rate, SAMPLE_RATE);
  const strides = Array.isArray(config.conv_stride) && config.conv_stride.every((s) => Number.isInteger(s) && s > 0)
    ? (config.conv_stride as number[])
    : WAV2VEC2_CONV_STRIDE;
  const frameShiftMs = m.frameShiftMs ?? (family === 'wav2vec2' ? (strides.reduce((a, b) => a * b, 1) / sampleRate) * 1000 : undefined);
  if (frameShiftMs === undefined) {
    throw invalid(root, `${MANIFEST} must give frameShiftMs (the duration of one output frame) for a "${family}" model`);
  }
  const named = ['bos_token', 'eos_token', 'unk_token', 'pad_token'].map((k) => tokenName(tokenizer[k]));
  const input = tensor(root, onnx.inputs, m.inputName ?? 'input_values', 'input', ONNX_FLOAT);
  const output = tensor(root, onnx.outputs, m.outputName ?? 'logits', 'output', ONNX_FLOAT);
  checkVocabSize(root, output, tokens.length, vocabFile);
  return {
    sampleRate,
    input: {
      kind: 'waveform',
      name: input.name,
      // HF's Wav2Vec2FeatureExtractor defaults do_normalize to true; our own model normalises inside.
      normalize: typeof m.normalize === 'boolean' ? m.normalize : family === 'wav2vec2' && preprocessor.do_normalize !== false,
      varianceEpsilon: HF_VARIANCE_EPSILON,
    },
    outputName: output.name,
    outputIsLogProbs: m.outputIsLogProbs ?? false,
    ...tokenTable(root, tokens, blankId, vocabFile, {
      wordDelimiter: delimiter !== null && tokens.includes(delimiter) ? delimiter : null,
      wordStartPrefix: m.wordStartPrefix ?? null,
      special: (t) => MARKUP_TOKEN.test(t) || named.includes(t),
    }),
    frameShiftMs,
  };
}

async function sherpaNemoCtc(root: string, m: Manifest, onnx: OnnxModelInfo): Promise<Body> {
  const tokensFile = m.tokensFile ?? 'tokens.txt';
  const tokens = parseTokensTxt(await readText(root, tokensFile), tokensFile, root);
  const expected = m.inputName ?? 'audio_signal';
  if (!onnx.inputs.some((i) => i.name === expected)) {
    throw invalid(root, `model.onnx inputs are [${onnx.inputs.map((i) => i.name).join(', ')}], expected "${expected}" and "length": only the NeMo CTC flavour of sherpa-onnx is supported (set inputName/lengthName in ${MANIFEST} if it is one under other names)`);
  }
  const meta = onnx.metadata;
  const vocabSize = meta.vocab_size === undefined ? undefined : Number(meta.vocab_size);
  if (vocabSize !== undefined && vocabSize !== tokens.length) {
    throw invalid(root, `${tokensFile} has ${tokens.length} tokens but model.onnx metadata says vocab_size ${meta.vocab_size}; use the tokens.txt exported with this model`);
  }
  const subsampling = Number(meta.subsampling_factor);
  if (m.frameShiftMs === undefined && !(Number.isInteger(subsampling) && subsampling > 0)) {
    throw invalid(root, `model.onnx has no usable metadata subsampling_factor (got ${JSON.stringify(meta.subsampling_factor)}); add the sherpa-onnx metadata or set frameShiftMs in ${MANIFEST}`);
  }
  const normalizeType = typeof m.normalize === 'string' ? m.normalize
    : typeof m.normalize === 'boolean' ? (m.normalize ? 'per_feature' : 'none')
    : (meta.normalize_type ?? '');
  if (!['per_feature', '', 'none'].includes(normalizeType)) {
    throw invalid(root, `normalize_type "${normalizeType}" is not supported; sherpa-onnx and Diktāts support only "per_feature" or none`);
  }
  const input = tensor(root, onnx.inputs, expected, 'input', ONNX_FLOAT);
  const length = tensor(root, onnx.inputs, m.lengthName ?? 'length', 'input', ONNX_INT64);
  const output = tensor(root, onnx.outputs, m.outputName ?? 'logprobs', 'output', ONNX_FLOAT);
  checkVocabSize(root, output, tokens.length, tokensFile);
  const dims = input.dims;
  const numBins = m.numBins ?? positiveInt(meta.feat_dim) ?? positiveInt(meta.feature_dim)
    ?? (dims?.length === 3 && typeof dims[1] === 'number' ? dims[1] : 80);
  // NeMo takes [N, C, T]; some re-exports take [N, T, C]. The static dim says which.
  const layout = dims?.length === 3 && dims[2] === numBins && dims[1] !== numBins ? 'NTC' : 'NCT';
  return {
    sampleRate: m.sampleRate ?? SAMPLE_RATE,
    input: {
      kind: 'fbank',
      name: input.name,
      lengthName: length.name,
      numBins,
      layout,
      normalize: normalizeType === 'per_feature' ? 'per_feature' : 'none',
    },
    outputName: output.name,
    outputIsLogProbs: m.outputIsLogProbs ?? true,
    ...tokenTable(root, tokens, m.blankId ?? findToken(tokens, SHERPA_BLANK_CANDIDATES), tokensFile, {
      wordDelimiter: m.wordDelimiter ?? null,
      wordStartPrefix: m.wordStartPrefix !== undefined ? m.wordStartPrefix : tokens.some((t) => t.includes(SENTENCEPIECE_SPACE)) ? SENTENCEPIECE_SPACE : null,
      special: (t) => MARKUP_TOKEN.test(t),
    }),
    // sherpa-onnx: features every 10 ms, one output frame per subsampling_factor of them.
    frameShiftMs: m.frameShiftMs ?? 10 * subsampling,
  };
}

/**
 * Meta omnilingual-asr CTC as sherpa-onnx exports it (scripts/omnilingual-asr/export-onnx.py):
 * `x` [N, samples] float32, normalised per utterance with 1/sqrt(var + 1e-5) (sherpa-onnx's
 * OfflineOmnilingualAsrCtcModel::NormalizeFeatures), `logits` [N, T, V]; blank id 0 (its
 * tokens.txt has no <blk>); characters with the space written as a line holding only its id;
 * wav2vec2-style convolutions, 20 ms frames.
 */
async function omnilingualCtc(root: string, m: Manifest, onnx: OnnxModelInfo): Promise<Body> {
  const tokensFile = m.tokensFile ?? 'tokens.txt';
  const tokens = parseTokensTxt(await readText(root, tokensFile), tokensFile, root);
  const input = tensor(root, onnx.inputs, m.inputName ?? 'x', 'input', ONNX_FLOAT);
  const output = tensor(root, onnx.outputs, m.outputName ?? 'logits', 'output', ONNX_FLOAT);
  checkVocabSize(root, output, tokens.length, tokensFile);
  const vocabSize = positiveInt(onnx.metadata.vocab_size);
  if (vocabSize !== undefined && vocabSize !== tokens.length) {
    throw invalid(root, `${tokensFile} has ${tokens.length} tokens but the model's metadata says vocab_size ${vocabSize}; use the tokens.txt exported with this model`);
  }
  const sampleRate = m.sampleRate ?? positiveInt(onnx.metadata.sample_rate) ?? 16000;
  return {
    sampleRate,
    input: { kind: 'waveform', name: input.name, normalize: typeof m.normalize === 'boolean' ? m.normalize : true, varianceEpsilon: OMNILINGUAL_VARIANCE_EPSILON },
    outputName: output.name,
    outputIsLogProbs: m.outputIsLogProbs ?? false,
    ...tokenTable(root, tokens, m.blankId ?? 0, tokensFile, {
      wordDelimiter: m.wordDelimiter !== undefined ? m.wordDelimiter : tokens.includes(' ') ? ' ' : null,
      wordStartPrefix: m.wordStartPrefix ?? null,
      special: (t) => MARKUP_TOKEN.test(t),
    }),
    frameShiftMs: m.frameShiftMs ?? (WAV2VEC2_CONV_STRIDE.reduce((a, b) => a * b, 1) / sampleRate) * 1000,
  };
}

function tokenTable(
  root: string,
  tokens: readonly string[],
  blankId: number | undefined,
  file: string,
  o: { wordDelimiter: string | null; wordStartPrefix: string | null; special: (token: string) => boolean },
): Pick<ModelSpec, 'tokens' | 'blankId' | 'wordDelimiter' | 'wordStartPrefix' | 'specialTokens'> {
  if (blankId === undefined) {
    throw invalid(root, `${file} has no CTC blank token (looked for <blk>, <blank>, <eps>, <pad>, [PAD] and config.json pad_token_id); add it or set blankId in ${MANIFEST}`);
  }
  if (!Number.isInteger(blankId) || blankId < 0 || blankId >= tokens.length) {
    throw invalid(root, `blank id ${blankId} is outside ${file}'s ${tokens.length} tokens; fix blankId in ${MANIFEST} or pad_token_id in config.json`);
  }
  const specialTokens = tokens.flatMap((t, id) => (id !== blankId && o.special(t) ? [id] : []));
  return { tokens, blankId, wordDelimiter: o.wordDelimiter, wordStartPrefix: o.wordStartPrefix, specialTokens };
}

function tensor(root: string, list: readonly OnnxTensorInfo[], name: string, what: 'input' | 'output', elemType: number): OnnxTensorInfo {
  const t = list.find((x) => x.name === name);
  if (!t) {
    throw invalid(root, `model.onnx has no ${what} "${name}" (its ${what}s: ${list.map((x) => x.name).join(', ') || 'none'}); set ${what}Name in ${MANIFEST} if it is named differently`);
  }
  if (t.elemType !== 0 && t.elemType !== elemType) {
    throw invalid(root, `model.onnx ${what} "${name}" has ONNX element type ${t.elemType}, expected ${elemType === ONNX_INT64 ? 'int64 (7)' : 'float32 (1)'}`);
  }
  return t;
}

function checkVocabSize(root: string, output: OnnxTensorInfo, numTokens: number, file: string): void {
  const classes = output.dims?.[output.dims.length - 1];
  if (typeof classes === 'number' && classes !== numTokens) {
    throw invalid(root, `${file} has ${numTokens} tokens but model.onnx outputs ${classes} classes per frame; use the vocabulary exported with this model`);
  }
}

async function detectFamily(root: string, m: Manifest, onnx: OnnxModelInfo): Promise<ModelFamily> {
  if (onnx.metadata.model_type === OMNILINGUAL_MODEL_TYPE) return 'omnilingual-ctc';
  if (m.tokensFile !== undefined || (await fileKind(join(root, 'tokens.txt'))) === 'file') return 'sherpa-onnx-nemo-ctc';
  if (m.vocabFile !== undefined || (await fileKind(join(root, 'vocab.json'))) === 'file') return 'wav2vec2';
  throw invalid(root, 'no vocabulary: expected vocab.json (Hugging Face or bundled model) or tokens.txt (sherpa-onnx) beside model.onnx; copy the whole model folder');
}

async function findModelFile(root: string, name: string | undefined): Promise<string> {
  // Hugging Face Optimum / transformers.js repositories keep the graph in onnx/.
  // sherpa-onnx releases ship only the int8 graph in some folders (model.int8.onnx).
  const candidates = name !== undefined ? [name] : ['model.onnx', join('onnx', 'model.onnx'), 'model.int8.onnx'];
  for (const c of candidates) {
    const p = join(root, c);
    if ((await fileKind(p)) === 'file') return p;
  }
  throw new DiktatsError('ASR_ERR_MODEL_NOT_FOUND', `no ${candidates.join(' or ')} in ${root}; copy the complete model folder (model.onnx and its vocabulary)`);
}

function parseTokensTxt(text: string, file: string, root: string): string[] {
  const byId = new Map<number, string>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    // "token id"; sherpa-onnx writes a space token as a line with only the id.
    const match = /^(.*?)\s*(\d+)\s*$/.exec(raw);
    if (!match) throw invalid(root, `${file} line ${i + 1} is not "token id": ${JSON.stringify(raw.slice(0, 80))}`);
    const id = Number(match[2]);
    if (byId.has(id)) throw invalid(root, `${file} line ${i + 1} repeats id ${id}`);
    byId.set(id, match[1] === '' ? ' ' : match[1]!);
  });
  return tokensFromIds(Object.fromEntries([...byId].map(([id, t]) => [t, id])), file, root);
}

function tokensFromIds(map: Record<string, unknown>, file: string, root: string): string[] {
  const tokens: string[] = [];
  for (const [token, id] of Object.entries(map)) {
    if (!Number.isInteger(id) || (id as number) < 0) throw invalid(root, `${file}: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}, expected a non-negative integer`);
    if (tokens[id as number] !== undefined) throw invalid(root, `${file}: id ${String(id)} is used by ${JSON.stringify(tokens[id as number])} and ${JSON.stringify(token)}`);
    tokens[id as number] = token;
  }
  if (tokens.length === 0) throw invalid(root, `${file} has no tokens`);
  const gap = tokens.findIndex((t) => t === undefined);
  if (gap >= 0) {
    throw invalid(root, `${file}: token ids must run 0..${tokens.length - 1} without gaps; id ${gap} is missing`);
  }
  return tokens;
}

/** MMS-style vocab.json holds one {token: id} table per language. */
function selectLanguage(raw: unknown, file: string, language: string | undefined, root: string): Record<string, unknown> {
  if (!isObject(raw)) throw invalid(root, `${file} must be a JSON object {"token": id}`);
  const values = Object.values(raw);
  if (values.length === 0 || !values.every(isObject)) return raw;
  const languages = Object.keys(raw);
  const pick = language ?? (languages.length === 1 ? languages[0] : undefined);
  if (pick === undefined || !isObject(raw[pick])) {
    throw invalid(root, `${file} holds vocabularies for ${languages.length} languages (${languages.slice(0, 8).join(', ')}…); set "language" in ${MANIFEST}`);
  }
  return raw[pick] as Record<string, unknown>;
}

function findToken(tokens: readonly string[], candidates: readonly string[]): number | undefined {
  for (const c of candidates) {
    const id = tokens.indexOf(c);
    if (id >= 0) return id;
  }
  return undefined;
}

/** tokenizer_config.json writes special tokens as strings or as {"content": ...}. */
function tokenName(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (isObject(v) && typeof v.content === 'string') return v.content;
  return undefined;
}

/** The "streaming" section against the graph: every state tensor exists, float32, of the declared rank and fixed sizes. */
function checkStreaming(root: string, s: StreamingSpec, onnx: OnnxModelInfo, body: Body): StreamingSpec {
  if (body.input.kind !== 'waveform') throw invalid(root, `${MANIFEST}: "streaming" needs a waveform-input model`);
  const frameSamples = (body.frameShiftMs / 1000) * body.sampleRate;
  if (s.chunkSamples % frameSamples !== 0) {
    throw invalid(root, `${MANIFEST}: streaming.chunkSamples ${s.chunkSamples} must be a multiple of one output frame (${frameSamples} samples)`);
  }
  s.stateShapes.forEach((shape, k) => {
    for (const [list, name, what] of [[onnx.inputs, s.stateInputs[k]!, 'input'], [onnx.outputs, s.stateOutputs[k]!, 'output']] as const) {
      const t = tensor(root, list, name, what, ONNX_FLOAT);
      if (t.dims && (t.dims.length !== shape.length || t.dims.some((d, i) => typeof d === 'number' && d !== shape[i]))) {
        throw invalid(root, `model.onnx state ${what} "${name}" has shape [${t.dims.join(', ')}], ${MANIFEST} declares [${shape.join(', ')}]`);
      }
    }
  });
  return s;
}

function parseStreaming(raw: unknown, root: string): void {
  const bad = (detail: string): never => {
    throw invalid(root, `${MANIFEST}: "streaming" ${detail}`);
  };
  if (!isObject(raw)) bad('must be an object');
  const r = raw as Record<string, unknown>;
  const names = (k: string): string[] => {
    const v = r[k];
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string' && x.length > 0)) bad(`.${k} must be a non-empty array of tensor names`);
    return v as string[];
  };
  const ins = names('stateInputs');
  const outs = names('stateOutputs');
  const shapes = r.stateShapes;
  if (!Array.isArray(shapes) || !shapes.every((sh) => Array.isArray(sh) && sh.length > 0 && sh.every((d) => Number.isInteger(d) && d > 0))) {
    bad('.stateShapes must be an array of shapes (arrays of positive integers)');
  }
  if (ins.length !== outs.length || ins.length !== (shapes as unknown[]).length) bad('needs as many stateInputs, stateOutputs and stateShapes');
  if (!Number.isInteger(r.lookaheadFrames) || (r.lookaheadFrames as number) < 0) bad('.lookaheadFrames must be a non-negative integer');
  if (!Number.isInteger(r.chunkSamples) || (r.chunkSamples as number) <= 0) bad('.chunkSamples must be a positive integer');
}

function parseManifest(raw: unknown, root: string): Manifest {
  if (raw === undefined) return {};
  if (!isObject(raw)) throw invalid(root, `${MANIFEST} must be a JSON object`);
  const check = (key: string, ok: (v: unknown) => boolean, expected: string): void => {
    if (raw[key] !== undefined && !ok(raw[key])) throw invalid(root, `${MANIFEST}: "${key}" must be ${expected}, got ${JSON.stringify(raw[key])}`);
  };
  const str = (v: unknown): boolean => typeof v === 'string' && v.length > 0;
  const posInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) > 0;
  for (const k of ['id', 'modelFile', 'vocabFile', 'tokensFile', 'language', 'inputName', 'lengthName', 'outputName']) check(k, str, 'a non-empty string');
  for (const k of ['wordDelimiter', 'wordStartPrefix']) check(k, (v) => v === null || str(v), 'a string or null');
  for (const k of ['sampleRate', 'numBins']) check(k, posInt, 'a positive integer');
  check('family', (v) => FAMILIES.includes(v as ModelFamily), FAMILIES.join(' | '));
  check('blankId', (v) => Number.isInteger(v) && (v as number) >= 0, 'a non-negative integer');
  check('frameShiftMs', (v) => typeof v === 'number' && v > 0, 'a positive number of milliseconds');
  check('outputIsLogProbs', (v) => typeof v === 'boolean', 'true or false');
  check('normalize', (v) => typeof v === 'boolean' || v === 'per_feature' || v === 'none', 'true, false, "per_feature" or "none"');
  check('sha256', (v) => typeof v === 'string' && /^[0-9a-fA-F]{64}$/.test(v), 'a hex SHA-256 (64 characters)');
  if (raw.streaming !== undefined) parseStreaming(raw.streaming, root);
  return raw as Manifest;
}

async function readText(root: string, name: string): Promise<string> {
  try {
    return await readFile(join(root, name), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw invalid(root, `${name} is missing; it must sit beside model.onnx`);
    throw invalid(root, `cannot read ${name}: ${(e as Error).message}`);
  }
}

async function readJson(root: string, name: string, required: boolean): Promise<unknown> {
  if (!required && (await fileKind(join(root, name))) !== 'file') return undefined;
  const text = await readText(root, name);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw invalid(root, `${name} is not valid JSON (${(e as Error).message}); fix or replace it`);
  }
}

async function fileKind(path: string): Promise<'file' | 'dir' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'dir' : 'file';
  } catch {
    return 'missing';
  }
}

/** Streams the file: models run to hundreds of MB. */
async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function invalid(root: string, detail: string): DiktatsError {
  return new DiktatsError('ASR_ERR_MODEL_INVALID', `${root}: ${detail}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numberOr = (v: unknown, fallback: number): number => (typeof v === 'number' && v > 0 ? v : fallback);
const positiveInt = (v: string | undefined): number | undefined => (v !== undefined && /^\d+$/.test(v) && Number(v) > 0 ? Number(v) : undefined);

function deepFreeze<T>(o: T): T {
  for (const v of Object.values(o as object)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(o);
}
