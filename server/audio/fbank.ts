/**
 * Kaldi-compatible log-mel filterbank features, in plain TypeScript.
 *
 * Reproduces kaldi-native-fbank (knf), which sherpa-onnx uses, so models exported
 * for sherpa-onnx see the features they were trained with: framing with reflected
 * edges, DC removal, pre-emphasis, window, zero-padded power-of-two FFT, power
 * spectrum, triangular mel filters, log floored at FLT_EPSILON. Dither is not
 * implemented: sherpa-onnx runs with dither 0, and a reproducible service wants
 * the same features for the same audio. Energy (use_energy) is not implemented:
 * none of the models we load append it.
 *
 * Checked against torchaudio.compliance.kaldi.fbank and a float64 reference of
 * knf's librosa mode (test/fixtures/fbank/golden.json).
 *
 * (Over 350 lines: one feature pipeline, step for step as kaldi-native-fbank, checked against
 * golden numbers as a whole.)
 */
import { SAMPLE_RATE } from './sample-rate.ts';

export type WindowType = 'povey' | 'hann' | 'hanning' | 'hamming' | 'rectangular';

/** `kaldi`: HTK mel scale, FFT bins below Nyquist. `librosa`: Slaney mel scale and
 * Slaney area normalisation, Nyquist bin included (knf `is_librosa`). */
export type MelScale = 'kaldi' | 'librosa';

export interface FbankOptions {
  readonly sampleRate: number;
  readonly numBins: number;
  readonly frameLengthMs: number;
  readonly frameShiftMs: number;
  readonly preemphCoeff: number;
  readonly removeDcOffset: boolean;
  readonly windowType: WindowType;
  /** true: only frames that fit wholly in the signal; false: one frame per shift, edges reflected. */
  readonly snipEdges: boolean;
  readonly lowFreq: number;
  /** > 0: cut-off in Hz; <= 0: added to the Nyquist frequency. */
  readonly highFreq: number;
  readonly melScale: MelScale;
  readonly usePower: boolean;
  readonly useLogFbank: boolean;
  /** Samples are multiplied by this first: 1 for [-1, 1] input as sherpa-onnx
   * feeds knf (normalize_samples=true), 32768 for Kaldi's int16 range. */
  readonly inputScale: number;
}

export interface Fbank {
  readonly numFrames: number;
  readonly numBins: number;
  /** row-major [frames][bins] */
  readonly data: Float32Array;
}

/** sherpa-onnx FeatureExtractorConfig defaults (zipformer, paraformer and most models). */
export const SHERPA_DEFAULT_FBANK: FbankOptions = Object.freeze({
  sampleRate: SAMPLE_RATE,
  numBins: 80,
  frameLengthMs: 25,
  frameShiftMs: 10,
  preemphCoeff: 0.97,
  removeDcOffset: true,
  windowType: 'povey',
  snipEdges: false,
  lowFreq: 20,
  highFreq: -400,
  melScale: 'kaldi',
  usePower: true,
  useLogFbank: true,
  inputScale: 1,
});

/** What sherpa-onnx's offline CTC recogniser switches to for NeMo CTC models
 * (offline-recognizer-ctc-impl.h): periodic Hann, librosa mel 0 Hz..Nyquist, no DC
 * removal. Pre-emphasis stays at knf's 0.97, as in NeMo's own preprocessor. */
export const SHERPA_NEMO_CTC_FBANK: FbankOptions = Object.freeze({
  ...SHERPA_DEFAULT_FBANK,
  removeDcOffset: false,
  windowType: 'hann',
  lowFreq: 0,
  highFreq: 0,
  melScale: 'librosa',
});

const FLT_EPSILON = 1.1920928955078125e-7;

interface Plan {
  readonly opts: FbankOptions;
  readonly frameLength: number;
  readonly frameShift: number;
  readonly fftSize: number;
  readonly window: Float64Array;
  readonly fft: Fft;
  /** per mel bin: first FFT bin and its weights */
  readonly banks: readonly { readonly offset: number; readonly weights: Float64Array }[];
}

// A few option sets are used per process (one per model family); caching the plan
// keeps window, twiddles and filters out of the per-chunk path.
const plans = new Map<string, Plan>();
const MAX_PLANS = 8;

/** Log-mel fbank of a whole signal. */
export function computeFbank(samples: Float32Array, opts?: Partial<FbankOptions>): Fbank {
  const plan = planFor({ ...SHERPA_DEFAULT_FBANK, ...opts });
  const { frameLength, frameShift, fftSize, window, banks } = plan;
  const o = plan.opts;
  const numFrames = numFbankFrames(samples.length, o);
  const numBins = o.numBins;
  const data = new Float32Array(numFrames * numBins);
  const frame = new Float64Array(frameLength);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  const spectrum = new Float64Array(fftSize / 2 + 1);
  const n = samples.length;

  for (let f = 0; f < numFrames; f++) {
    const start = o.snipEdges
      ? f * frameShift
      : f * frameShift + Math.floor(frameShift / 2) - Math.floor(frameLength / 2);
    for (let s = 0; s < frameLength; s++) {
      let i = start + s;
      // Reflect around the edges as Kaldi does: -1 -> 0, n -> n - 1.
      while (i < 0 || i >= n) i = i < 0 ? -i - 1 : 2 * n - 1 - i;
      frame[s] = samples[i]! * o.inputScale;
    }
    if (o.removeDcOffset) {
      let sum = 0;
      for (let s = 0; s < frameLength; s++) sum += frame[s]!;
      const mean = sum / frameLength;
      for (let s = 0; s < frameLength; s++) frame[s] = frame[s]! - mean;
    }
    if (o.preemphCoeff !== 0) {
      for (let s = frameLength - 1; s > 0; s--) frame[s] = frame[s]! - o.preemphCoeff * frame[s - 1]!;
      frame[0] = frame[0]! * (1 - o.preemphCoeff);
    }
    for (let s = 0; s < fftSize; s++) {
      re[s] = s < frameLength ? frame[s]! * window[s]! : 0;
      im[s] = 0;
    }
    plan.fft.transform(re, im);
    for (let k = 0; k <= fftSize / 2; k++) {
      const p = re[k]! ** 2 + im[k]! ** 2;
      spectrum[k] = o.usePower ? p : Math.sqrt(p);
    }
    const row = f * numBins;
    for (let b = 0; b < numBins; b++) {
      const { offset, weights } = banks[b]!;
      let energy = 0;
      for (let k = 0; k < weights.length; k++) energy += weights[k]! * spectrum[offset + k]!;
      data[row + b] = o.useLogFbank ? Math.log(Math.max(energy, FLT_EPSILON)) : energy;
    }
  }
  return { numFrames, numBins, data };
}

/** Frames computeFbank returns for `numSamples` samples (Kaldi's NumFrames with flush). */
export function numFbankFrames(numSamples: number, opts?: Partial<FbankOptions>): number {
  const o = { ...SHERPA_DEFAULT_FBANK, ...opts };
  const shift = samplesIn(o.frameShiftMs, o.sampleRate);
  const length = samplesIn(o.frameLengthMs, o.sampleRate);
  if (o.snipEdges) return numSamples < length ? 0 : 1 + Math.floor((numSamples - length) / shift);
  return Math.floor((numSamples + Math.floor(shift / 2)) / shift);
}

/**
 * NeMo "per_feature" normalisation as sherpa-onnx does it: each bin gets zero mean
 * and unit variance over the utterance's frames (population variance, 1e-5 added
 * to the standard deviation). Returns new data; the input is untouched.
 */
export function normalizePerFeature(fbank: Fbank, eps = 1e-5): Fbank {
  const { numFrames, numBins, data } = fbank;
  const out = new Float32Array(data.length);
  for (let b = 0; b < numBins; b++) {
    let sum = 0;
    let sumSq = 0;
    for (let t = 0; t < numFrames; t++) {
      const x = data[t * numBins + b]!;
      sum += x;
      sumSq += x * x;
    }
    const mean = numFrames > 0 ? sum / numFrames : 0;
    const variance = numFrames > 0 ? Math.max(sumSq / numFrames - mean * mean, 0) : 0;
    const scale = 1 / (Math.sqrt(variance) + eps);
    for (let t = 0; t < numFrames; t++) out[t * numBins + b] = (data[t * numBins + b]! - mean) * scale;
  }
  return { numFrames, numBins, data: out };
}

/** [frames][bins] -> [bins][frames], the `NCT` layout NeMo encoders take. */
export function transposeToBinsFirst(fbank: Fbank): Float32Array {
  const { numFrames, numBins, data } = fbank;
  const out = new Float32Array(data.length);
  for (let t = 0; t < numFrames; t++) {
    for (let b = 0; b < numBins; b++) out[b * numFrames + t] = data[t * numBins + b]!;
  }
  return out;
}

function samplesIn(ms: number, sampleRate: number): number {
  // Kaldi truncates (int32)(samp_freq * 0.001 * ms); the float32 product is exact
  // for the usual rates and lengths, so a plain truncation matches it.
  return Math.trunc(sampleRate * 0.001 * ms + 1e-9);
}

function planFor(o: FbankOptions): Plan {
  const key = JSON.stringify(o);
  const cached = plans.get(key);
  if (cached) return cached;

  const frameLength = samplesIn(o.frameLengthMs, o.sampleRate);
  const frameShift = samplesIn(o.frameShiftMs, o.sampleRate);
  if (!(frameLength > 1) || !(frameShift > 0)) {
    throw new RangeError(`fbank: frame length ${o.frameLengthMs} ms and shift ${o.frameShiftMs} ms at ${o.sampleRate} Hz give no samples; use e.g. 25 and 10 ms`);
  }
  if (!Number.isInteger(o.numBins) || o.numBins < 3) {
    throw new RangeError(`fbank: numBins must be an integer >= 3, got ${o.numBins}`);
  }
  if (!(o.preemphCoeff >= 0 && o.preemphCoeff <= 1)) {
    throw new RangeError(`fbank: preemphCoeff must be in [0, 1], got ${o.preemphCoeff}`);
  }
  let fftSize = 1;
  while (fftSize < frameLength) fftSize *= 2;

  const plan: Plan = {
    opts: o,
    frameLength,
    frameShift,
    fftSize,
    window: makeWindow(o.windowType, frameLength),
    fft: new Fft(fftSize),
    banks: o.melScale === 'librosa' ? librosaMelBanks(o, fftSize) : kaldiMelBanks(o, fftSize),
  };
  if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value as string);
  plans.set(key, plan);
  return plan;
}

function makeWindow(type: WindowType, n: number): Float64Array {
  const w = new Float64Array(n);
  // knf's "hann" is periodic (as torch.hann_window); the Kaldi windows are symmetric.
  const a = (2 * Math.PI) / (type === 'hann' ? n : n - 1);
  for (let i = 0; i < n; i++) {
    const c = Math.cos(a * i);
    switch (type) {
      case 'povey': w[i] = (0.5 - 0.5 * c) ** 0.85; break;
      case 'hann':
      case 'hanning': w[i] = 0.5 - 0.5 * c; break;
      case 'hamming': w[i] = 0.54 - 0.46 * c; break;
      case 'rectangular': w[i] = 1; break;
      default: throw new RangeError(`fbank: unknown window type ${String(type)}; use povey, hann, hanning, hamming or rectangular`);
    }
  }
  return w;
}

function cutoffs(o: FbankOptions): { low: number; high: number } {
  const nyquist = o.sampleRate / 2;
  const high = o.highFreq > 0 ? o.highFreq : nyquist + o.highFreq;
  if (o.lowFreq < 0 || o.lowFreq >= nyquist || high <= 0 || high > nyquist || high <= o.lowFreq) {
    throw new RangeError(`fbank: lowFreq ${o.lowFreq} Hz and highFreq ${o.highFreq} Hz do not fit 0..${nyquist} Hz`);
  }
  return { low: o.lowFreq, high };
}

const htkMel = (hz: number): number => 1127 * Math.log(1 + hz / 700);

// Slaney's scale: linear below 1 kHz, logarithmic above (librosa htk=False).
const slaneyMel = (hz: number): number => (hz < 1000 ? (hz * 3) / 200 : 15 + (27 * Math.log(hz / 1000)) / Math.log(6.4));
const slaneyHz = (mel: number): number => (mel < 15 ? (200 * mel) / 3 : 1000 * Math.exp(((mel - 15) * Math.log(6.4)) / 27));

function kaldiMelBanks(o: FbankOptions, fftSize: number): Plan['banks'] {
  const { low, high } = cutoffs(o);
  const binWidth = o.sampleRate / fftSize;
  const melLow = htkMel(low);
  const delta = (htkMel(high) - melLow) / (o.numBins + 1);
  // Kaldi's filters are triangles in mel, over FFT bins below Nyquist.
  return triangles(o.numBins, fftSize / 2, (b) => melLow + b * delta, (i) => htkMel(i * binWidth), () => 1);
}

function librosaMelBanks(o: FbankOptions, fftSize: number): Plan['banks'] {
  const { low, high } = cutoffs(o);
  const binWidth = o.sampleRate / fftSize;
  const melLow = slaneyMel(low);
  const delta = (slaneyMel(high) - melLow) / (o.numBins + 1);
  const edge = (b: number): number => slaneyHz(melLow + b * delta);
  // librosa's filters are triangles in Hz between mel-spaced edges, scaled to equal area.
  return triangles(o.numBins, fftSize / 2 + 1, edge, (i) => i * binWidth, (b) => 2 / (edge(b + 2) - edge(b)));
}

/** Triangular filters: bin b rises from edge(b) to edge(b+1) and falls to edge(b+2),
 * evaluated at position(i) for FFT bins i < numFftBins. */
function triangles(
  numBins: number,
  numFftBins: number,
  edge: (b: number) => number,
  position: (i: number) => number,
  norm: (b: number) => number,
): Plan['banks'] {
  const banks: { offset: number; weights: Float64Array }[] = [];
  for (let b = 0; b < numBins; b++) {
    const left = edge(b);
    const center = edge(b + 1);
    const right = edge(b + 2);
    const scale = norm(b);
    let first = -1;
    let last = -1;
    for (let i = 0; i < numFftBins; i++) {
      const x = position(i);
      if (x > left && x < right) {
        if (first < 0) first = i;
        last = i;
      }
    }
    if (first < 0) throw new RangeError(`fbank: mel bin ${b} is empty; use fewer bins or a larger FFT`);
    const weights = new Float64Array(last - first + 1);
    for (let i = first; i <= last; i++) {
      const x = position(i);
      weights[i - first] = (x <= center ? (x - left) / (center - left) : (right - x) / (right - center)) * scale;
    }
    banks.push({ offset: first, weights });
  }
  return banks;
}

/** In-place iterative radix-2 complex FFT of a fixed power-of-two size. */
class Fft {
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly reversed: Uint32Array;

  constructor(readonly size: number) {
    const half = size / 2;
    this.cos = new Float64Array(half);
    this.sin = new Float64Array(half);
    for (let k = 0; k < half; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / size);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    const bits = Math.log2(size);
    this.reversed = new Uint32Array(size);
    for (let i = 0; i < size; i++) {
      let r = 0;
      for (let b = 0; b < bits; b++) r |= ((i >> b) & 1) << (bits - 1 - b);
      this.reversed[i] = r;
    }
  }

  transform(re: Float64Array, im: Float64Array): void {
    const n = this.size;
    for (let i = 0; i < n; i++) {
      const j = this.reversed[i]!;
      if (j > i) {
        const tr = re[i]!; re[i] = re[j]!; re[j] = tr;
        const ti = im[i]!; im[i] = im[j]!; im[j] = ti;
      }
    }
    for (let len = 2; len <= n; len *= 2) {
      const half = len / 2;
      const step = n / len;
      for (let start = 0; start < n; start += len) {
        for (let k = 0; k < half; k++) {
          const wr = this.cos[k * step]!;
          const wi = this.sin[k * step]!;
          const a = start + k;
          const b = a + half;
          const xr = re[b]! * wr - im[b]! * wi;
          const xi = re[b]! * wi + im[b]! * wr;
          re[b] = re[a]! - xr;
          im[b] = im[a]! - xi;
          re[a] = re[a]! + xr;
          im[a] = im[a]! + xi;
        }
      }
    }
  }
}
