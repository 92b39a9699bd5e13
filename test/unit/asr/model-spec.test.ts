import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelSpec, type ModelSpec } from '../../../server/asr/model-spec.ts';
import { readOnnxModelInfo } from '../../../server/asr/onnx-model-info.ts';
import { computeFbank, normalizePerFeature, SHERPA_NEMO_CTC_FBANK, transposeToBinsFirst } from '../../../server/audio/fbank.ts';
import type { ErrorCode } from '../../../server/errors.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));
const HF = join(FIXTURES, 'hf-wav2vec2-tiny');
const NEMO = join(FIXTURES, 'sherpa-nemo-ctc-tiny');

interface Expected {
  readonly input: { readonly pcm16: number[] };
  readonly outputShape: [number, number, number];
  readonly argmax: number[];
  readonly data: number[];
  readonly modelSha256: string;
  readonly fbankOptions?: Record<string, unknown>;
  readonly numFeatureFrames?: number;
}
const expected = (dir: string): Expected => JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected;

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

/** A temp model folder: `from` copies fixture files, `files` adds or replaces some. */
function folder(from: string | null, copy: string[], files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'diktats-model-'));
  temps.push(dir);
  for (const name of copy) writeFileSync(join(dir, name), readFileSync(join(from!, name)));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

async function rejection(dir: string): Promise<{ code: ErrorCode; message: string }> {
  try {
    await loadModelSpec(dir);
  } catch (e) {
    return e as { code: ErrorCode; message: string };
  }
  throw new Error(`loadModelSpec(${dir}) resolved; expected it to reject`);
}

/** The fixture's tokens in id order. */
const hfVocab = (): string[] =>
  Object.entries(JSON.parse(readFileSync(join(HF, 'vocab.json'), 'utf8')) as Record<string, number>)
    .sort((a, b) => a[1] - b[1])
    .map(([t]) => t);

const HF_FILES = ['model.onnx', 'vocab.json', 'config.json', 'preprocessor_config.json', 'tokenizer_config.json'];

const STREAM = join(import.meta.dirname, '../../fixtures/models/diktats-stream-tiny');
interface StreamingJson { stateInputs: string[]; stateOutputs: string[]; stateShapes: number[][]; lookaheadFrames: number; chunkSamples: number }
/** The stateful fixture with its manifest's "streaming" section changed. */
function stream(change: (m: StreamingJson) => StreamingJson): string {
  const manifest = JSON.parse(readFileSync(join(STREAM, 'model.json'), 'utf8')) as { streaming: StreamingJson };
  return folder(STREAM, ['model.onnx', 'vocab.json'], { 'model.json': JSON.stringify({ ...manifest, streaming: change(manifest.streaming) }) });
}

describe('loadModelSpec: the three formats', () => {
  it('reads a Hugging Face wav2vec2 CTC export', async () => {
    const spec = await loadModelSpec(HF);
    expect(spec).toMatchObject({
      id: 'hf-wav2vec2-tiny',
      family: 'wav2vec2',
      dir: HF,
      modelPath: join(HF, 'model.onnx'),
      sampleRate: 16000,
      input: { kind: 'waveform', name: 'input_values', normalize: true },
      outputName: 'logits',
      outputIsLogProbs: false,
      blankId: 0,
      wordDelimiter: '|',
      wordStartPrefix: null,
      specialTokens: [1, 2, 3],
      frameShiftMs: 20,
      sha256: expected(HF).modelSha256,
    });
    expect(spec.tokens.slice(0, 7)).toEqual(['<pad>', '<s>', '</s>', '<unk>', '|', 'a', 'ā']);
    expect(spec.tokens).toHaveLength(expected(HF).outputShape[2]);
    expect(Object.isFrozen(spec) && Object.isFrozen(spec.tokens) && Object.isFrozen(spec.input)).toBe(true);
  });

  it('reads a sherpa-onnx NeMo CTC export, metadata from the ONNX protobuf', async () => {
    const spec = await loadModelSpec(NEMO);
    expect(spec).toMatchObject({
      id: 'sherpa-nemo-ctc-tiny',
      family: 'sherpa-onnx-nemo-ctc',
      modelPath: join(NEMO, 'model.onnx'),
      sampleRate: 16000,
      input: { kind: 'fbank', name: 'audio_signal', lengthName: 'length', numBins: 80, layout: 'NCT', normalize: 'per_feature' },
      outputName: 'logprobs',
      outputIsLogProbs: true,
      wordDelimiter: null,
      wordStartPrefix: '▁',
      specialTokens: [0],
      frameShiftMs: 40,
      sha256: expected(NEMO).modelSha256,
    });
    expect(spec.blankId).toBe(spec.tokens.length - 1);
    expect(spec.tokens[spec.blankId]).toBe('<blk>');
    expect(spec.tokens).toContain('▁iesniegum');
  });

  it('reads the bundled format from its manifest and verifies the checksum', async () => {
    const dir = folder(HF, ['model.onnx', 'vocab.json'], {
      'model.json': JSON.stringify({
        id: 'diktats-lv-synth-v2', family: 'diktats', sampleRate: 16000, inputName: 'input_values',
        outputName: 'logits', vocabFile: 'vocab.json', blankId: 0, wordDelimiter: '|', frameShiftMs: 40,
        normalize: false, sha256: sha256(join(HF, 'model.onnx')), parameters: 1234,
      }),
    });
    const spec = await loadModelSpec(dir);
    expect(spec).toMatchObject({
      id: 'diktats-lv-synth-v2', family: 'diktats', dir, input: { kind: 'waveform', name: 'input_values', normalize: false },
      outputName: 'logits', blankId: 0, wordDelimiter: '|', frameShiftMs: 40, sha256: sha256(join(HF, 'model.onnx')),
    });
  });

  it('lets model.json override what a Hugging Face folder says, and finds onnx/model.onnx', async () => {
    const dir = folder(HF, ['vocab.json', 'config.json'], {
      'onnx/model.onnx': readFileSync(join(HF, 'model.onnx')),
      'model.json': JSON.stringify({ id: 'xls-r-lv', normalize: false, wordDelimiter: null }),
    });
    const spec = await loadModelSpec(dir);
    expect(spec).toMatchObject({ id: 'xls-r-lv', family: 'wav2vec2', modelPath: join(dir, 'onnx', 'model.onnx'), wordDelimiter: null });
    expect(spec.input).toEqual({ kind: 'waveform', name: 'input_values', normalize: false, varianceEpsilon: 1e-7 });
  });

  it('takes the blank from config.json pad_token_id and the frame shift from conv_stride', async () => {
    // The blog-style layout: letters first, [UNK] and [PAD] last.
    const letters = hfVocab().filter((t) => !t.startsWith('<'));
    const tokens = [...letters, '<s>', '</s>', '[UNK]', '[PAD]'];
    const dir = folder(HF, ['model.onnx'], {
      'vocab.json': JSON.stringify(Object.fromEntries(tokens.map((t, i) => [t, i]))),
      'config.json': JSON.stringify({ pad_token_id: 38, conv_stride: [5, 2, 2, 2, 2, 2, 2, 2] }),
    });
    const spec = await loadModelSpec(dir);
    expect(spec.tokens).toHaveLength(39);
    expect(spec).toMatchObject({ blankId: 38, frameShiftMs: 40, wordDelimiter: '|', specialTokens: [35, 36, 37] });
    expect(spec.input).toEqual({ kind: 'waveform', name: 'input_values', normalize: true, varianceEpsilon: 1e-7 });
  });

  it('refuses a vocabulary whose size differs from the model output', async () => {
    const dir = folder(HF, ['model.onnx'], { 'vocab.json': '{"<pad>": 0, "a": 1, "|": 2}' });
    const e = await rejection(dir);
    expect(e.code).toBe('ASR_ERR_MODEL_INVALID');
    expect(e.message).toMatch(/vocab\.json has 3 tokens but model\.onnx outputs 39 classes/);
  });
});

describe('loadModelSpec: expected failures', () => {
  it.each<[string, () => string, ErrorCode, RegExp]>([
    ['a missing folder', () => join(tmpdir(), 'diktats-no-such-model'), 'ASR_ERR_MODEL_NOT_FOUND', /does not exist/],
    ['a file instead of a folder', () => join(HF, 'vocab.json'), 'ASR_ERR_MODEL_NOT_FOUND', /is a file/],
    ['a folder without model.onnx', () => folder(HF, ['vocab.json']), 'ASR_ERR_MODEL_NOT_FOUND', /no model\.onnx or onnx\/model\.onnx/],
    ['no vocabulary', () => folder(HF, ['model.onnx']), 'ASR_ERR_MODEL_INVALID', /expected vocab\.json .* or tokens\.txt/],
    ['malformed vocab.json', () => folder(HF, ['model.onnx'], { 'vocab.json': '{"a": 0,' }), 'ASR_ERR_MODEL_INVALID', /vocab\.json is not valid JSON/],
    ['malformed model.json', () => folder(HF, HF_FILES, { 'model.json': 'id: x' }), 'ASR_ERR_MODEL_INVALID', /model\.json is not valid JSON/],
    ['a mistyped manifest field', () => folder(HF, HF_FILES, { 'model.json': '{"blankId": "0"}' }), 'ASR_ERR_MODEL_INVALID', /"blankId" must be a non-negative integer/],
    ['vocab ids with a gap', () => folder(HF, ['model.onnx'], { 'vocab.json': '{"<pad>": 0, "a": 2}' }), 'ASR_ERR_MODEL_INVALID', /id 1 is missing/],
    ['a vocabulary without blank', () => folder(HF, ['model.onnx'], {
      'vocab.json': JSON.stringify(Object.fromEntries(hfVocab().map((t, i) => [t === '<pad>' ? '#' : t, i]))),
    }), 'ASR_ERR_MODEL_INVALID', /no CTC blank token/],
    ['a wrong input name', () => folder(HF, HF_FILES, { 'model.json': '{"inputName": "audio"}' }), 'ASR_ERR_MODEL_INVALID', /no input "audio" \(its inputs: input_values\)/],
    ['a multilingual vocab without a language', () => folder(HF, ['model.onnx'], { 'vocab.json': '{"lav": {"<pad>": 0}, "est": {"<pad>": 0}}' }), 'ASR_ERR_MODEL_INVALID', /set "language"/],
    ['tokens.txt without <blk>', () => folder(NEMO, ['model.onnx'], { 'tokens.txt': readFileSync(join(NEMO, 'tokens.txt'), 'utf8').replace('<blk>', 'x') }), 'ASR_ERR_MODEL_INVALID', /no CTC blank token/],
    ['tokens.txt that disagrees with vocab_size', () => folder(NEMO, ['model.onnx'], { 'tokens.txt': `${readFileSync(join(NEMO, 'tokens.txt'), 'utf8')}▁extra 35\n` }), 'ASR_ERR_MODEL_INVALID', /36 tokens but model\.onnx metadata says vocab_size 35/],
    ['a malformed tokens.txt line', () => folder(NEMO, ['model.onnx'], { 'tokens.txt': '<unk> 0\n▁ one\n' }), 'ASR_ERR_MODEL_INVALID', /tokens\.txt line 2 is not "token id"/],
    ['a sherpa model that is not NeMo CTC', () => folder(HF, ['model.onnx'], { 'tokens.txt': '<blk> 0\n' }), 'ASR_ERR_MODEL_INVALID', /only the NeMo CTC flavour/],
    ['a file that is not ONNX', () => folder(HF, ['vocab.json'], { 'model.onnx': 'this is not a protobuf\n' }), 'ASR_ERR_MODEL_INVALID', /not a readable ONNX model/],
    ['a truncated ONNX file', () => folder(HF, ['vocab.json'], { 'model.onnx': readFileSync(join(HF, 'model.onnx')).subarray(0, 5000) }), 'ASR_ERR_MODEL_INVALID', /not a readable ONNX model/],
    ['a checksum mismatch', () => folder(HF, HF_FILES, { 'model.json': JSON.stringify({ sha256: '0'.repeat(64) }) }), 'ASR_ERR_CHECKSUM', /expects 0{64}/],
    ['a bundled manifest without frameShiftMs', () => folder(HF, ['model.onnx', 'vocab.json'], { 'model.json': '{"family": "diktats"}' }), 'ASR_ERR_MODEL_INVALID', /must give frameShiftMs/],
    ['a streaming state the graph lacks', () => stream((m) => ({ ...m, stateInputs: [...m.stateInputs.slice(0, 4), 'nope'] })), 'ASR_ERR_MODEL_INVALID', /no input "nope"/],
    ['a streaming state of the wrong shape', () => stream((m) => ({ ...m, stateShapes: m.stateShapes.map((sh, k) => (k === 3 ? [3, 1, 24] : sh)) })), 'ASR_ERR_MODEL_INVALID', /state input "h_in" has shape \[2, 1, 24\], model\.json declares \[3, 1, 24\]/],
    ['a negative look-ahead', () => stream((m) => ({ ...m, lookaheadFrames: -1 })), 'ASR_ERR_MODEL_INVALID', /lookaheadFrames must be a non-negative integer/],
    ['a chunk off the frame grid', () => stream((m) => ({ ...m, chunkSamples: 1000 })), 'ASR_ERR_MODEL_INVALID', /chunkSamples 1000 must be a multiple of one output frame \(640 samples\)/],
    ['unpaired state names', () => stream((m) => ({ ...m, stateOutputs: m.stateOutputs.slice(1) })), 'ASR_ERR_MODEL_INVALID', /as many stateInputs, stateOutputs and stateShapes/],
  ])('rejects %s', async (_name, make, code, message) => {
    const e = await rejection(make());
    expect(e.code).toBe(code);
    expect(e.message).toMatch(message);
  });
});

describe('readOnnxModelInfo', () => {
  it('lists graph inputs and outputs with element types and shapes', async () => {
    const info = await readOnnxModelInfo(join(NEMO, 'model.onnx'));
    expect(info.inputs).toEqual([
      { name: 'audio_signal', elemType: 1, dims: ['audio_signal_dynamic_axes_1', 80, 'audio_signal_dynamic_axes_2'] },
      { name: 'length', elemType: 7, dims: ['length_dynamic_axes_1'] },
    ]);
    expect(info.outputs).toEqual([{ name: 'logprobs', elemType: 1, dims: ['logprobs_dynamic_axes_1', 'logprobs_dynamic_axes_2', 35] }]);
    expect(info.metadata).toMatchObject({ vocab_size: '35', subsampling_factor: '4', normalize_type: 'per_feature', model_type: 'EncDecCTCModelBPE' });
  });
});

// Runs the fixtures in onnxruntime-node: proves that names, dtypes and shapes are what
// the spec says, and that our preprocessing reproduces the torch goldens.
describe('fixture models in onnxruntime-node', () => {
  const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
    let max = 0;
    for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
    return max;
  };
  const argmax = (data: Float32Array, frames: number, vocab: number): number[] =>
    Array.from({ length: frames }, (_, t) => {
      const row = data.subarray(t * vocab, (t + 1) * vocab);
      return row.indexOf(Math.max(...row));
    });

  async function run(spec: ModelSpec, feeds: Record<string, ort.Tensor>): Promise<ort.Tensor> {
    const session = await ort.InferenceSession.create(spec.modelPath);
    try {
      expect([...session.inputNames].sort()).toEqual(Object.keys(feeds).sort());
      expect(session.outputNames).toContain(spec.outputName);
      return (await session.run(feeds))[spec.outputName]!;
    } finally {
      await session.release();
    }
  }

  it('wav2vec2: normalised waveform -> logits match torch within 1e-4 (measured 1.0e-6)', async () => {
    const spec = await loadModelSpec(HF);
    const golden = expected(HF);
    const samples = Float64Array.from(golden.input.pcm16, (v) => v / 32768);
    // HF do_normalize: (x - mean) / sqrt(var + 1e-7), population variance.
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const variance = samples.reduce((a, b) => a + (b - mean) ** 2, 0) / samples.length;
    const input = Float32Array.from(samples, (v) => (v - mean) / Math.sqrt(variance + 1e-7));
    if (spec.input.kind !== 'waveform') throw new Error('expected a waveform model');
    const out = await run(spec, { [spec.input.name]: new ort.Tensor('float32', input, [1, input.length]) });
    expect(out.dims).toEqual(golden.outputShape);
    const data = out.data as Float32Array;
    expect(maxAbsDiff(data, golden.data)).toBeLessThan(1e-4);
    expect(argmax(data, golden.outputShape[1], golden.outputShape[2])).toEqual(golden.argmax);
  });

  it('sherpa NeMo CTC: fbank.ts features -> logprobs match torch within 1e-4 (measured 5.2e-6)', async () => {
    const spec = await loadModelSpec(NEMO);
    const golden = expected(NEMO);
    expect(golden.fbankOptions).toEqual({ ...SHERPA_NEMO_CTC_FBANK });
    if (spec.input.kind !== 'fbank') throw new Error('expected an fbank model');
    const samples = Float32Array.from(golden.input.pcm16, (v) => v / 32768);
    const fbank = normalizePerFeature(computeFbank(samples, { ...SHERPA_NEMO_CTC_FBANK, numBins: spec.input.numBins }));
    expect(fbank.numFrames).toBe(golden.numFeatureFrames);
    const out = await run(spec, {
      [spec.input.name]: new ort.Tensor('float32', transposeToBinsFirst(fbank), [1, spec.input.numBins, fbank.numFrames]),
      [spec.input.lengthName]: new ort.Tensor('int64', BigInt64Array.from([BigInt(fbank.numFrames)]), [1]),
    });
    expect(out.dims).toEqual(golden.outputShape);
    expect(out.dims[1]).toBe(Math.ceil(fbank.numFrames / (spec.frameShiftMs / 10)));
    const data = out.data as Float32Array;
    expect(maxAbsDiff(data, golden.data)).toBeLessThan(1e-4);
    expect(argmax(data, golden.outputShape[1], golden.outputShape[2])).toEqual(golden.argmax);
    // log-softmax output: every frame's probabilities sum to 1
    for (let t = 0; t < golden.outputShape[1]; t++) {
      const row = data.subarray(t * golden.outputShape[2], (t + 1) * golden.outputShape[2]);
      expect(row.reduce((a, b) => a + Math.exp(b), 0)).toBeCloseTo(1, 4);
    }
  });
});
