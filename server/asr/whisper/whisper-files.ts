/**
 * A Whisper model folder in Hugging Face optimum's ONNX layout -> one checked description:
 *
 *   encoder_model.onnx                    input_features [B, mels, 3000] -> last_hidden_state
 *   decoder_model_merged.onnx             (preferred) input_ids, encoder_hidden_states,
 *                                         past_key_values.N.{decoder,encoder}.{key,value},
 *                                         use_cache_branch -> logits, present.N.*
 *   or decoder_model.onnx + decoder_with_past_model.onnx
 *   config.json, generation_config.json, preprocessor_config.json
 *   tokenizer.json, or vocab.json + merges.txt (+ added_tokens.json)
 *
 * ONNX files may sit in the folder or in its onnx/ subfolder; an `_quantized` file
 * (optimum's int8 output) is used when the plain one is absent. Everything is checked
 * against the graphs' input/output names without loading weights, so a wrong folder
 * fails here with a message naming the file, not later inside onnxruntime.
 */
import { access, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DiktatsError } from '../../errors.ts';
import { ONNX_FLOAT, readOnnxModelInfo } from '../onnx-model-info.ts';
import type { BpeData } from './byte-bpe.ts';

export interface WhisperSpecialIds {
  readonly eot: number;
  readonly sot: number;
  readonly language: number;
  readonly transcribe: number;
  readonly noTimestamps: number;
  /** <|startofprev|>: null when the model has none (no initial prompt then) */
  readonly startOfPrev: number | null;
  /** <|nospeech|> (<|nocaptions|> in the first models): null when absent */
  readonly noSpeech: number | null;
}

export type DecoderLayout =
  | { readonly kind: 'merged'; readonly path: string }
  | { readonly kind: 'split'; readonly path: string; readonly withPastPath: string };

export interface WhisperFiles {
  readonly dir: string;
  readonly encoderPath: string;
  readonly decoder: DecoderLayout;
  readonly numMelBins: number;
  /** [numMelBins][201] from preprocessor_config.json's mel_filters, when it has them */
  readonly melFilters: Float64Array | null;
  readonly numLayers: number;
  readonly numHeads: number;
  readonly headDim: number;
  readonly maxTargetPositions: number;
  readonly vocabSize: number;
  readonly ids: WhisperSpecialIds;
  readonly suppressTokens: readonly number[];
  readonly beginSuppressTokens: readonly number[];
  readonly tokenizer: BpeData;
  /** the decoder inputs other than past_key_values.* (input_ids, encoder_hidden_states, ...) */
  readonly decoderInputs: readonly string[];
}

type Json = Record<string, unknown>;

const invalid = (dir: string, detail: string): DiktatsError =>
  new DiktatsError('ASR_ERR_MODEL_INVALID', `Whisper model folder ${dir}: ${detail}`);

const exists = async (p: string): Promise<boolean> =>
  access(p).then(
    () => true,
    () => false,
  );

async function readJson(dir: string, name: string): Promise<Json> {
  const path = join(dir, name);
  if (!(await exists(path))) throw invalid(dir, `${name} is missing; copy it from the exported model folder`);
  try {
    const v = JSON.parse(await readFile(path, 'utf8')) as unknown;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not a JSON object');
    return v as Json;
  } catch (e) {
    throw invalid(dir, `${name} is not valid JSON (${(e as Error).message}); re-copy it`);
  }
}

/** First existing file among the names, in the folder or its onnx/ subfolder. */
async function findOnnx(dir: string, base: string): Promise<string | null> {
  for (const sub of ['', 'onnx']) {
    for (const name of [`${base}.onnx`, `${base}_quantized.onnx`]) {
      const p = join(dir, sub, name);
      if (await exists(p)) return p;
    }
  }
  return null;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
const numList = (v: unknown): number[] => (Array.isArray(v) ? v.filter((x): x is number => Number.isInteger(x)) : []);

export async function loadWhisperFiles(folder: string, language = 'lv'): Promise<WhisperFiles> {
  const dir = resolve(folder);
  if (!(await exists(dir))) throw new DiktatsError('ASR_ERR_MODEL_NOT_FOUND', `${dir} does not exist`);
  const encoderPath = await findOnnx(dir, 'encoder_model');
  if (!encoderPath) throw invalid(dir, 'encoder_model.onnx is missing; export the model with optimum-cli (see server/asr/whisper/README.md)');
  const merged = await findOnnx(dir, 'decoder_model_merged');
  let decoder: DecoderLayout;
  if (merged) decoder = { kind: 'merged', path: merged };
  else {
    const plain = await findOnnx(dir, 'decoder_model');
    const withPast = await findOnnx(dir, 'decoder_with_past_model');
    if (!plain || !withPast) {
      const missing = !plain && !withPast ? 'decoder_model_merged.onnx (or decoder_model.onnx + decoder_with_past_model.onnx)' : !plain ? 'decoder_model.onnx' : 'decoder_with_past_model.onnx';
      throw invalid(dir, `${missing} is missing; export with --task automatic-speech-recognition-with-past`);
    }
    decoder = { kind: 'split', path: plain, withPastPath: withPast };
  }
  const config = await readJson(dir, 'config.json');
  const gen = await readJson(dir, 'generation_config.json');
  const pre = await readJson(dir, 'preprocessor_config.json');
  if (config.model_type !== 'whisper') throw invalid(dir, `config.json says model_type ${JSON.stringify(config.model_type)}, expected "whisper"`);
  const tokenizer = await loadTokenizer(dir);

  const numMelBins = num(pre.feature_size) ?? num(config.num_mel_bins);
  if (!numMelBins) throw invalid(dir, 'preprocessor_config.json has no feature_size (number of mel bins)');
  if (num(config.num_mel_bins) !== undefined && config.num_mel_bins !== numMelBins) {
    throw invalid(dir, `preprocessor_config.json feature_size ${numMelBins} differs from config.json num_mel_bins ${String(config.num_mel_bins)}`);
  }
  if ((num(pre.sampling_rate) ?? 16000) !== 16000 || (num(pre.n_fft) ?? 400) !== 400 || (num(pre.hop_length) ?? 160) !== 160) {
    throw invalid(dir, 'preprocessor_config.json must have sampling_rate 16000, n_fft 400, hop_length 160 (Whisper\'s front end)');
  }
  const melFilters = readMelFilters(dir, pre.mel_filters, numMelBins);
  const numLayers = num(config.decoder_layers);
  const numHeads = num(config.decoder_attention_heads);
  const dModel = num(config.d_model);
  const maxTargetPositions = num(config.max_target_positions) ?? 448;
  if (!numLayers || !numHeads || !dModel) throw invalid(dir, 'config.json lacks decoder_layers, decoder_attention_heads or d_model');

  const vocab = tokenizer.vocab;
  const byName = (name: string): number | undefined => vocab.get(name);
  const required = (what: string, v: number | undefined): number => {
    if (v === undefined) throw invalid(dir, `no ${what} token in generation_config.json or the tokenizer files`);
    return v;
  };
  const langToId = (gen.lang_to_id ?? {}) as Record<string, unknown>;
  const taskToId = (gen.task_to_id ?? {}) as Record<string, unknown>;
  // A tokenizer from another Whisper version shifts the task and timestamp ids by one
  // (large-v3 added <|yue|>): the names in the tokenizer must agree with generation_config.json.
  for (const [name, fromGen] of [
    ['<|endoftext|>', num(gen.eos_token_id)],
    ['<|startoftranscript|>', num(gen.decoder_start_token_id)],
    [`<|${language}|>`, num(langToId[`<|${language}|>`])],
    ['<|transcribe|>', num(taskToId.transcribe)],
    ['<|notimestamps|>', num(gen.no_timestamps_token_id)],
    ['<|startofprev|>', num(gen.prev_sot_token_id)],
  ] as const) {
    const fromTok = byName(name);
    if (fromGen !== undefined && fromTok !== undefined && fromGen !== fromTok) {
      throw invalid(dir, `generation_config.json gives ${name} id ${fromGen} but the tokenizer files give ${fromTok}; they come from different Whisper versions, copy both from the same model`);
    }
  }
  const ids: WhisperSpecialIds = {
    eot: required('<|endoftext|>', num(gen.eos_token_id) ?? byName('<|endoftext|>')),
    sot: required('<|startoftranscript|>', num(gen.decoder_start_token_id) ?? byName('<|startoftranscript|>')),
    language: required(`<|${language}|> (language)`, num(langToId[`<|${language}|>`]) ?? byName(`<|${language}|>`)),
    transcribe: required('<|transcribe|>', num(taskToId.transcribe) ?? byName('<|transcribe|>')),
    noTimestamps: required('<|notimestamps|>', num(gen.no_timestamps_token_id) ?? byName('<|notimestamps|>')),
    startOfPrev: num(gen.prev_sot_token_id) ?? byName('<|startofprev|>') ?? null,
    noSpeech: byName('<|nospeech|>') ?? byName('<|nocaptions|>') ?? null,
  };

  const encInfo = await readOnnxModelInfo(encoderPath);
  const features = encInfo.inputs.find((i) => i.name === 'input_features');
  if (!features) throw invalid(dir, `${encoderPath} has no input_features input; is it a Whisper encoder?`);
  if (features.elemType !== ONNX_FLOAT) {
    throw invalid(dir, `${encoderPath} takes input_features of ONNX type ${features.elemType}, expected float32 (1); export in fp32 (no --fp16) and quantise to int8 for the CPU`);
  }
  if (!encInfo.outputs.some((o) => o.name === 'last_hidden_state')) throw invalid(dir, `${encoderPath} has no last_hidden_state output`);
  const decInfo = await readOnnxModelInfo(decoder.path);
  const decNames = decInfo.inputs.map((i) => i.name);
  const pastLayers = decNames.filter((n) => /^past_key_values\.\d+\.decoder\.key$/.test(n)).length;
  if (!decNames.includes('input_ids') || !decInfo.outputs.some((o) => o.name === 'logits')) {
    throw invalid(dir, `${decoder.path} lacks input_ids or logits; is it a Whisper decoder?`);
  }
  const pastKey = decInfo.inputs.find((i) => i.name === 'past_key_values.0.decoder.key') ?? null;
  const [, pastHeads, , pastHeadDim] = pastKey?.dims ?? [];
  if ((typeof pastHeads === 'number' && pastHeads !== numHeads) || (typeof pastHeadDim === 'number' && pastHeadDim !== dModel / numHeads)) {
    throw invalid(dir, `${decoder.path} caches ${String(pastHeads)} heads of ${String(pastHeadDim)}, config.json says ${numHeads} heads of ${dModel / numHeads}; use the config.json exported with this model`);
  }
  if (decoder.kind === 'merged') {
    if (!decNames.includes('use_cache_branch')) throw invalid(dir, `${decoder.path} has no use_cache_branch input; it is not a merged decoder (rename it decoder_model.onnx)`);
    if (pastLayers !== numLayers) throw invalid(dir, `${decoder.path} has ${pastLayers} past_key_values layers, config.json says decoder_layers ${numLayers}`);
  } else {
    const wp = await readOnnxModelInfo(decoder.withPastPath);
    const n = wp.inputs.filter((i) => /^past_key_values\.\d+\.decoder\.key$/.test(i.name)).length;
    if (n !== numLayers) throw invalid(dir, `${decoder.withPastPath} has ${n} past_key_values layers, config.json says decoder_layers ${numLayers}`);
  }
  const vocabSize = num(config.vocab_size) ?? tokenizer.vocab.size;
  return {
    dir, encoderPath, decoder, numMelBins, melFilters, numLayers, numHeads, headDim: dModel / numHeads,
    maxTargetPositions, vocabSize, ids,
    suppressTokens: numList(gen.suppress_tokens ?? config.suppress_tokens),
    beginSuppressTokens: numList(gen.begin_suppress_tokens ?? config.begin_suppress_tokens),
    tokenizer,
    decoderInputs: decNames.filter((n) => !n.startsWith('past_key_values.')),
  };
}

function readMelFilters(dir: string, raw: unknown, numMelBins: number): Float64Array | null {
  if (raw === undefined || raw === null) return null;
  const rows = Array.isArray(raw) ? (raw as unknown[][]) : [];
  const out = new Float64Array(numMelBins * 201);
  if (rows.length === numMelBins && rows.every((r) => Array.isArray(r) && r.length === 201)) {
    rows.forEach((r, b) => r.forEach((v, k) => (out[b * 201 + k] = Number(v))));
  } else if (rows.length === 201 && rows.every((r) => Array.isArray(r) && r.length === numMelBins)) {
    rows.forEach((r, k) => r.forEach((v, b) => (out[b * 201 + k] = Number(v))));
  } else throw invalid(dir, `preprocessor_config.json mel_filters is not ${numMelBins} x 201 (or 201 x ${numMelBins})`);
  return out;
}

const SPECIAL = /^<\|.+\|>$/;

/** tokenizer.json (HF tokenizers BPE), else vocab.json + merges.txt (+ added_tokens.json). */
async function loadTokenizer(dir: string): Promise<BpeData> {
  const vocab = new Map<string, number>();
  const specialIds = new Set<number>();
  let merges: [string, string][] = [];
  const pair = (m: unknown): [string, string] => {
    if (Array.isArray(m) && m.length === 2) return [String(m[0]), String(m[1])];
    const s = String(m);
    const at = s.indexOf(' ', 1);
    return [s.slice(0, at), s.slice(at + 1)];
  };
  if (await exists(join(dir, 'tokenizer.json'))) {
    const tj = await readJson(dir, 'tokenizer.json');
    const model = (tj.model ?? {}) as Json;
    if (model.type !== 'BPE' || typeof model.vocab !== 'object' || !Array.isArray(model.merges)) {
      throw invalid(dir, 'tokenizer.json is not a byte-level BPE tokenizer (model.type BPE with vocab and merges)');
    }
    for (const [t, id] of Object.entries(model.vocab as Record<string, number>)) vocab.set(t, id);
    merges = (model.merges as unknown[]).map(pair);
    for (const a of (tj.added_tokens ?? []) as { id: number; content: string; special?: boolean }[]) {
      vocab.set(a.content, a.id);
      if (a.special !== false || SPECIAL.test(a.content)) specialIds.add(a.id);
    }
  } else {
    const missing = [];
    if (!(await exists(join(dir, 'vocab.json')))) missing.push('vocab.json');
    if (!(await exists(join(dir, 'merges.txt')))) missing.push('merges.txt');
    if (missing.length) throw invalid(dir, `tokenizer.json is missing, and so is ${missing.join(' and ')}; copy the tokenizer files of the model`);
    for (const [t, id] of Object.entries(await readJson(dir, 'vocab.json'))) vocab.set(t, Number(id));
    const lines = (await readFile(join(dir, 'merges.txt'), 'utf8')).split('\n');
    merges = lines.filter((l) => l.trim() !== '' && !l.startsWith('#version')).map(pair);
    if (await exists(join(dir, 'added_tokens.json'))) {
      for (const [t, id] of Object.entries(await readJson(dir, 'added_tokens.json'))) vocab.set(t, Number(id));
    }
  }
  for (const [t, id] of vocab) if (SPECIAL.test(t)) specialIds.add(id);
  return { vocab, merges, specialIds };
}
