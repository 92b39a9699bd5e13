/**
 * Whisper's ONNX sessions (encoder + merged or split decoder) and the KV-cache stepper
 * that whisper-search.ts drives. Runs inside a worker thread: onnxruntime's run()
 * blocks the thread it is called on (see whisper-worker.ts).
 *
 * Cache handling follows optimum's exports: the first pass (use_cache_branch false, or
 * decoder_model.onnx) returns present.N.encoder.* (cross-attention keys/values), which
 * are kept for the whole utterance; later passes (use_cache_branch true, or
 * decoder_with_past_model.onnx) return only present.N.decoder.* (the merged graph's
 * encoder presents are then empty placeholders). For beam search the decoder cache is
 * gathered by parent beam and the encoder cache tiled to the beam count.
 */
import { openSession, type OnnxSession, type TensorIn, type TensorOut } from '../onnx-session.ts';
import type { DecoderStepper } from './whisper-search.ts';
import type { WhisperFiles } from './whisper-files.ts';

interface Cache {
  data: Float32Array;
  dims: number[];
}

export class WhisperOnnx {
  private constructor(
    readonly files: WhisperFiles,
    private readonly encoder: OnnxSession,
    private readonly first: OnnxSession,
    private readonly withPast: OnnxSession,
  ) {}

  static async open(files: WhisperFiles, threads = 1): Promise<WhisperOnnx> {
    const encoder = await openSession(files.encoderPath, threads);
    try {
      if (files.decoder.kind === 'merged') {
        const dec = await openSession(files.decoder.path, threads);
        return new WhisperOnnx(files, encoder, dec, dec);
      }
      const dec = await openSession(files.decoder.path, threads);
      const wp = await openSession(files.decoder.withPastPath, threads);
      return new WhisperOnnx(files, encoder, dec, wp);
    } catch (e) {
      await encoder.release();
      throw e;
    }
  }

  /** features: [numMelBins][3000] -> last_hidden_state [1, frames, d_model] */
  async encode(features: Float32Array): Promise<TensorOut> {
    const out = await this.encoder.run(
      { input_features: { type: 'float32', data: features, dims: [1, this.files.numMelBins, features.length / this.files.numMelBins] } },
      ['last_hidden_state'],
    );
    return out.last_hidden_state!;
  }

  /** Runs the initial tokens; returns their logits [len][vocab] and a stepper holding the cache. */
  async start(encoded: TensorOut, initialTokens: readonly number[]): Promise<{ logits: Float32Array; stepper: DecoderStepper }> {
    const { numLayers, numHeads, headDim } = this.files;
    const inputs: Record<string, TensorIn> = {
      input_ids: { type: 'int64', data: BigInt64Array.from(initialTokens, BigInt), dims: [1, initialTokens.length] },
    };
    const names = this.first.inputNames;
    if (names.includes('encoder_hidden_states')) inputs.encoder_hidden_states = { type: 'float32', data: encoded.data, dims: encoded.dims };
    if (names.includes('use_cache_branch')) {
      inputs.use_cache_branch = { type: 'bool', data: Uint8Array.of(0), dims: [1] };
      const empty = { type: 'float32' as const, data: new Float32Array(0), dims: [1, numHeads, 0, headDim] };
      for (let i = 0; i < numLayers; i++) {
        for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) inputs[`past_key_values.${i}.${part}`] = empty;
      }
    }
    addPositions(names, inputs, 0, initialTokens.length, 1);
    const outNames = ['logits'];
    for (let i = 0; i < numLayers; i++) {
      for (const part of ['decoder.key', 'decoder.value', 'encoder.key', 'encoder.value']) outNames.push(`present.${i}.${part}`);
    }
    const out = await this.first.run(inputs, outNames);
    const take = (name: string): Cache => ({ data: out[name]!.data, dims: [...out[name]!.dims] });
    const dec: Cache[] = [];
    const enc: Cache[] = [];
    for (let i = 0; i < numLayers; i++) {
      dec.push(take(`present.${i}.decoder.key`), take(`present.${i}.decoder.value`));
      enc.push(take(`present.${i}.encoder.key`), take(`present.${i}.encoder.value`));
    }
    const stepper = new CacheStepper(this.withPast, this.files, encoded, dec, enc);
    return { logits: out.logits!.data, stepper };
  }

  async release(): Promise<void> {
    await this.encoder.release();
    await this.first.release();
    if (this.withPast !== this.first) await this.withPast.release();
  }
}

function addPositions(names: readonly string[], inputs: Record<string, TensorIn>, past: number, len: number, batch: number): void {
  if (names.includes('cache_position')) {
    inputs.cache_position = { type: 'int64', data: BigInt64Array.from({ length: len }, (_, i) => BigInt(past + i)), dims: [len] };
  }
  if (names.includes('position_ids')) {
    const data = new BigInt64Array(batch * len);
    for (let b = 0; b < batch; b++) for (let i = 0; i < len; i++) data[b * len + i] = BigInt(past + i);
    inputs.position_ids = { type: 'int64', data, dims: [batch, len] };
  }
}

/** Rows of a [B, ...] tensor picked by `rows` (a gather along the batch axis). */
function gatherRows(c: Cache, rows: readonly number[]): Cache {
  const batch = c.dims[0]!;
  if (rows.length === batch && rows.every((r, i) => r === i)) return c;
  const size = c.data.length / batch;
  const data = new Float32Array(rows.length * size);
  rows.forEach((r, i) => data.set(c.data.subarray(r * size, (r + 1) * size), i * size));
  return { data, dims: [rows.length, ...c.dims.slice(1)] };
}

class CacheStepper implements DecoderStepper {
  constructor(
    private readonly session: OnnxSession,
    private readonly files: WhisperFiles,
    private readonly encoded: TensorOut,
    private dec: Cache[],
    private enc: Cache[],
  ) {}

  async step(tokens: readonly number[], parents: readonly number[]): Promise<Float32Array> {
    const batch = tokens.length;
    this.dec = this.dec.map((c) => gatherRows(c, parents));
    if (this.enc[0]!.dims[0] !== batch) this.enc = this.enc.map((c) => gatherRows(c, new Array<number>(batch).fill(0)));
    const names = this.session.inputNames;
    const inputs: Record<string, TensorIn> = {
      input_ids: { type: 'int64', data: BigInt64Array.from(tokens, BigInt), dims: [batch, 1] },
    };
    if (names.includes('encoder_hidden_states')) inputs.encoder_hidden_states = { type: 'float32', data: this.encoded.data, dims: this.encoded.dims };
    if (names.includes('use_cache_branch')) inputs.use_cache_branch = { type: 'bool', data: Uint8Array.of(1), dims: [1] };
    const outNames = ['logits'];
    for (let i = 0; i < this.files.numLayers; i++) {
      inputs[`past_key_values.${i}.decoder.key`] = { type: 'float32', ...this.dec[2 * i]! };
      inputs[`past_key_values.${i}.decoder.value`] = { type: 'float32', ...this.dec[2 * i + 1]! };
      inputs[`past_key_values.${i}.encoder.key`] = { type: 'float32', ...this.enc[2 * i]! };
      inputs[`past_key_values.${i}.encoder.value`] = { type: 'float32', ...this.enc[2 * i + 1]! };
      outNames.push(`present.${i}.decoder.key`, `present.${i}.decoder.value`);
    }
    addPositions(names, inputs, this.dec[0]!.dims[2]!, 1, batch);
    const out = await this.session.run(inputs, outNames);
    for (let i = 0; i < this.files.numLayers; i++) {
      const k = out[`present.${i}.decoder.key`]!;
      const v = out[`present.${i}.decoder.value`]!;
      this.dec[2 * i] = { data: k.data, dims: [...k.dims] };
      this.dec[2 * i + 1] = { data: v.data, dims: [...v.dims] };
    }
    return out.logits!.data;
  }
}
