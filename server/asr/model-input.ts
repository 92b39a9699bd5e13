/**
 * Turns 16 kHz mono samples into the input tensors a model family expects.
 * Pure: the worker calls it and hands the tensors to onnxruntime.
 */
import { computeFbank, normalizePerFeature, SHERPA_NEMO_CTC_FBANK, transposeToBinsFirst } from '../audio/fbank.ts';
import type { ModelSpec } from './model-spec.ts';
import type { TensorIn } from './onnx-session.ts';

export function buildInputs(spec: ModelSpec, samples: Float32Array): Record<string, TensorIn> {
  const input = spec.input;
  if (input.kind === 'waveform') {
    const data = input.normalize ? zeroMeanUnitVariance(samples, input.varianceEpsilon) : samples;
    return { [input.name]: { type: 'float32', data, dims: [1, data.length] } };
  }
  let fb = computeFbank(samples, { ...SHERPA_NEMO_CTC_FBANK, numBins: input.numBins });
  if (input.normalize === 'per_feature') fb = normalizePerFeature(fb);
  const nct = input.layout === 'NCT';
  return {
    [input.name]: {
      type: 'float32',
      data: nct ? transposeToBinsFirst(fb) : fb.data,
      dims: nct ? [1, fb.numBins, fb.numFrames] : [1, fb.numFrames, fb.numBins],
    },
    [input.lengthName]: { type: 'int64', data: BigInt64Array.of(BigInt(fb.numFrames)), dims: [1] },
  };
}

/** Hugging Face Wav2Vec2FeatureExtractor's do_normalize: (x - mean) / sqrt(var + 1e-7);
 * omnilingual-asr (sherpa-onnx) uses eps 1e-5. */
export function zeroMeanUnitVariance(x: Float32Array, eps = 1e-7): Float32Array {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i]!;
  mean /= Math.max(1, x.length);
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i]! - mean) ** 2;
  const inv = 1 / Math.sqrt(v / Math.max(1, x.length) + eps);
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i]! - mean) * inv;
  return out;
}
