/**
 * NeMo transducer folders (TDT and RNNT) in the sherpa-onnx export layout:
 *   encoder[.int8].onnx  `audio_signal` [N, C, T] float32 + `length` [N] int64 -> [N, D, T'] (+ lengths)
 *   decoder[.int8].onnx  targets [N, 1] int32, target_length [N] int32, two LSTM states [L, N, H]
 *                        -> output [N, H, 1], lengths, two next states (by position, like sherpa-onnx)
 *   joiner[.int8].onnx   encoder frame [N, D, 1], decoder output [N, H, 1] -> logits [N, 1, 1, V (+ durations)]
 *   tokens.txt           NeMo's vocabulary with `<blk>` appended as the last id
 * The encoder's metadata gives vocab_size (without blank), pred_rnn_layers, pred_hidden,
 * subsampling_factor, normalize_type, feat_dim (80 when absent) and url ("tdt" in it
 * marks a TDT model, as sherpa-onnx decides). Everything is checked here, so a wrong
 * folder fails with a message naming the file, not later inside onnxruntime.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { DiktatsError } from '../../errors.ts';
import { ONNX_FLOAT, ONNX_INT64, readOnnxModelInfo, type OnnxModelInfo, type OnnxTensorInfo } from '../onnx-model-info.ts';
import type { FamilyMatch } from '../final-pass.ts';

export const TRANSDUCER_FAMILY = 'nemo-transducer';
const ONNX_INT32 = 6;
const PARTS = ['encoder', 'decoder', 'joiner'] as const;
type Part = (typeof PARTS)[number];

export interface TransducerSpec {
  readonly dir: string;
  readonly files: Readonly<Record<Part, string>>;
  readonly tokens: readonly string[];
  /** with blank */
  readonly vocabSize: number;
  readonly blankId: number;
  readonly variant: 'tdt' | 'rnnt';
  /** TDT duration classes; null when the joiner's output size is symbolic (learnt at the first step) */
  readonly numDurations: number | null;
  readonly featDim: number;
  readonly normalize: 'per_feature' | 'none';
  readonly subsampling: number;
  readonly predLayers: number;
  readonly predHidden: number;
  readonly names: Readonly<Record<Part, { readonly inputs: readonly string[]; readonly outputs: readonly string[] }>>;
  readonly parameterCount: number;
}

/** The part's file: the int8 export when present (what sherpa-onnx releases ship), else the float one. */
export function transducerFile(files: ReadonlySet<string>, part: Part): string | null {
  for (const name of [`${part}.int8.onnx`, `${part}.onnx`]) if (files.has(name)) return name;
  return null;
}

/** null when the folder is not a transducer; throws naming the file when it is one with a file missing. */
export async function detectTransducer(dir: string, files: ReadonlySet<string>): Promise<FamilyMatch | null> {
  const present = PARTS.filter((p) => transducerFile(files, p) !== null);
  if (!present.includes('joiner') && !(present.includes('encoder') && present.includes('decoder'))) return null;
  const spec = await loadTransducerSpec(dir, files);
  return {
    family: TRANSDUCER_FAMILY,
    modelFiles: PARTS.map((p) => spec.files[p]),
    vocabularySize: spec.vocabSize,
    sampleRate: 16000,
    details: {
      variant: spec.variant,
      ...(spec.numDurations !== null ? { durations: spec.numDurations } : {}),
      featureBins: spec.featDim,
      normalize: spec.normalize,
      subsampling: spec.subsampling,
      predictionLayers: spec.predLayers,
      predictionHidden: spec.predHidden,
      parameters: spec.parameterCount,
    },
  };
}

export async function loadTransducerSpec(dir: string, files: ReadonlySet<string>): Promise<TransducerSpec> {
  const chosen = {} as Record<Part, string>;
  for (const p of PARTS) {
    const f = transducerFile(files, p);
    if (!f) throw invalid(dir, `${p}.onnx (or ${p}.int8.onnx) is missing; a NeMo transducer folder needs encoder, decoder and joiner .onnx files and tokens.txt`);
    chosen[p] = f;
  }
  if (!files.has('tokens.txt')) throw invalid(dir, 'tokens.txt is missing; copy it from the same export as the .onnx files');
  const [enc, dec, joi] = await Promise.all(PARTS.map((p) => readOnnxModelInfo(join(dir, chosen[p]))));
  const meta = enc!.metadata;
  const need = (key: string): number => {
    const v = meta[key];
    if (v === undefined || !/^\d+$/.test(v)) {
      throw invalid(dir, `${chosen.encoder} has no usable metadata "${key}" (got ${JSON.stringify(v)}); re-export it with sherpa-onnx's NeMo export script, which writes vocab_size, pred_rnn_layers, pred_hidden, subsampling_factor and normalize_type`);
    }
    return Number(v);
  };
  const vocabWithoutBlank = need('vocab_size');
  const predLayers = need('pred_rnn_layers');
  const predHidden = need('pred_hidden');
  const subsampling = meta.subsampling_factor !== undefined ? need('subsampling_factor') : 8;
  const featDim = meta.feat_dim !== undefined && meta.feat_dim !== '-1' ? need('feat_dim') : 80;
  const normalizeType = meta.normalize_type === 'NA' ? '' : (meta.normalize_type ?? '');
  if (normalizeType !== '' && normalizeType !== 'per_feature') {
    throw invalid(dir, `${chosen.encoder} metadata normalize_type "${normalizeType}" is not supported (only "per_feature" or none)`);
  }
  const tokens = parseTokens(await readFile(join(dir, 'tokens.txt'), 'utf8'), dir);
  const vocabSize = vocabWithoutBlank + 1;
  if (tokens.length !== vocabSize) {
    throw invalid(dir, `tokens.txt has ${tokens.length} tokens, ${chosen.encoder} metadata says vocab_size ${vocabWithoutBlank} (+1 blank = ${vocabSize}); use the tokens.txt of this export`);
  }
  if (tokens[vocabSize - 1] !== '<blk>') throw invalid(dir, `tokens.txt must end with the blank "<blk>" (id ${vocabSize - 1}); found ${JSON.stringify(tokens[vocabSize - 1])}`);

  checkIo(dir, chosen.encoder, enc!, [ONNX_FLOAT, ONNX_INT64], [ONNX_FLOAT]);
  checkIo(dir, chosen.decoder, dec!, [ONNX_INT32, ONNX_INT32, ONNX_FLOAT, ONNX_FLOAT], [ONNX_FLOAT, 0, ONNX_FLOAT, ONNX_FLOAT]);
  checkIo(dir, chosen.joiner, joi!, [ONNX_FLOAT, ONNX_FLOAT], [ONNX_FLOAT]);
  const featIn = enc!.inputs[0]!.dims;
  if (featIn?.length === 3 && typeof featIn[1] === 'number' && featIn[1] !== featDim) {
    throw invalid(dir, `${chosen.encoder} takes ${featIn[1]} feature bins but its metadata says feat_dim ${featDim}`);
  }
  const outDim = joi!.outputs[0]!.dims?.at(-1);
  const urlSaysTdt = (meta.url ?? '').toLowerCase().includes('tdt');
  let numDurations: number | null = null;
  if (typeof outDim === 'number') {
    if (outDim < vocabSize) throw invalid(dir, `${chosen.joiner} outputs ${outDim} classes, fewer than the ${vocabSize} tokens of tokens.txt`);
    numDurations = outDim - vocabSize;
    if (urlSaysTdt && numDurations === 0) throw invalid(dir, `${chosen.encoder} metadata url names a TDT model but ${chosen.joiner} has no duration outputs (${outDim} = vocabulary size)`);
  }
  const variant = (numDurations ?? 0) > 0 || (numDurations === null && urlSaysTdt) ? 'tdt' : 'rnnt';
  return {
    dir,
    files: chosen,
    tokens,
    vocabSize,
    blankId: vocabSize - 1,
    variant,
    numDurations: variant === 'rnnt' ? 0 : numDurations,
    featDim,
    normalize: normalizeType === 'per_feature' ? 'per_feature' : 'none',
    subsampling,
    predLayers,
    predHidden,
    names: {
      encoder: names(enc!),
      decoder: names(dec!),
      joiner: names(joi!),
    },
    parameterCount: enc!.parameterCount + dec!.parameterCount + joi!.parameterCount,
  };
}

function checkIo(dir: string, file: string, info: OnnxModelInfo, inputs: readonly number[], outputs: readonly number[]): void {
  const describe = (l: readonly OnnxTensorInfo[]): string => l.map((t) => `${t.name}:${t.elemType}`).join(', ');
  const ok = (list: readonly OnnxTensorInfo[], types: readonly number[]): boolean =>
    list.length >= types.length && types.every((ty, i) => ty === 0 || list[i]!.elemType === 0 || list[i]!.elemType === ty);
  if (!ok(info.inputs, inputs) || info.inputs.length !== inputs.length) {
    throw invalid(dir, `${file} inputs are [${describe(info.inputs)}], expected ${inputs.length} inputs with ONNX types [${inputs.join(', ')}] (1 float32, 6 int32, 7 int64); is it the ${file.split('.')[0]} of a sherpa-onnx NeMo transducer export?`);
  }
  if (!ok(info.outputs, outputs)) {
    throw invalid(dir, `${file} outputs are [${describe(info.outputs)}], expected at least ${outputs.length} with ONNX types [${outputs.join(', ')}]`);
  }
}

const names = (i: OnnxModelInfo): { inputs: string[]; outputs: string[] } => ({ inputs: i.inputs.map((t) => t.name), outputs: i.outputs.map((t) => t.name) });

/** sherpa-onnx tokens.txt: "token id" per line. */
export function parseTokens(text: string, dir: string): string[] {
  const tokens: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const m = /^(.*?)\s*(\d+)\s*$/.exec(raw);
    if (!m) throw invalid(dir, `tokens.txt line ${i + 1} is not "token id": ${JSON.stringify(raw.slice(0, 80))}`);
    const id = Number(m[2]);
    if (tokens[id] !== undefined) throw invalid(dir, `tokens.txt line ${i + 1} repeats id ${id}`);
    tokens[id] = m[1] === '' ? ' ' : m[1]!;
  });
  const gap = Array.from({ length: tokens.length }, (_, i) => i).find((i) => tokens[i] === undefined);
  if (gap !== undefined) throw invalid(dir, `tokens.txt: ids must run 0..${tokens.length - 1} without gaps; id ${gap} is missing`);
  return tokens;
}

function invalid(dir: string, detail: string): DiktatsError {
  return new DiktatsError('ASR_ERR_MODEL_INVALID', `${dir}: ${detail}`);
}
