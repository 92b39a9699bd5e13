/**
 * Whisper's log-mel front end, as WhisperFeatureExtractor and openai-whisper compute it:
 * audio zero-padded (or cut) to 30 s, centred STFT with reflect padding of n_fft / 2,
 * n_fft 400, hop 160, periodic Hann window, power spectrum, the last frame dropped
 * (3000 frames), Slaney mel filters (0-8000 Hz, Slaney area normalisation), log10 floored
 * at 1e-10, clamped to (max - 8), then (x + 4) / 4. Computed in float64, returned as
 * float32 [numMelBins][3000], the layout of `input_features` [1, numMelBins, 3000].
 * Checked against a numpy reference (test/fixtures/whisper/mel-golden.json). Pure.
 */
import { Fft } from './fft.ts';

export const WHISPER_SAMPLE_RATE = 16000;
export const WHISPER_N_FFT = 400;
export const WHISPER_HOP = 160;
export const WHISPER_CHUNK_SAMPLES = 30 * WHISPER_SAMPLE_RATE;
export const WHISPER_FRAMES = WHISPER_CHUNK_SAMPLES / WHISPER_HOP;
const NUM_FREQS = WHISPER_N_FFT / 2 + 1;

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOG_STEP = Math.log(6.4) / 27;
const hzToMel = (f: number): number => (f >= MIN_LOG_HZ ? MIN_LOG_MEL + Math.log(f / MIN_LOG_HZ) / LOG_STEP : f / F_SP);
const melToHz = (m: number): number => (m >= MIN_LOG_MEL ? MIN_LOG_HZ * Math.exp(LOG_STEP * (m - MIN_LOG_MEL)) : F_SP * m);

/** Mel filters, row-major [numMelBins][201]: librosa.filters.mel(sr=16000, n_fft=400,
 * n_mels) with the Slaney scale and norm, the filters Whisper was trained with. */
export function slaneyMelFilters(numMelBins: number): Float64Array {
  const nyquist = WHISPER_SAMPLE_RATE / 2;
  const edges = new Float64Array(numMelBins + 2);
  const top = hzToMel(nyquist);
  for (let i = 0; i < edges.length; i++) edges[i] = melToHz((top * i) / (numMelBins + 1));
  const out = new Float64Array(numMelBins * NUM_FREQS);
  for (let b = 0; b < numMelBins; b++) {
    const lo = edges[b]!;
    const mid = edges[b + 1]!;
    const hi = edges[b + 2]!;
    const norm = 2 / (hi - lo);
    for (let k = 0; k < NUM_FREQS; k++) {
      const f = (nyquist * k) / (NUM_FREQS - 1);
      const w = Math.max(0, Math.min((f - lo) / (mid - lo), (hi - f) / (hi - mid)));
      out[b * NUM_FREQS + k] = w * norm;
    }
  }
  return out;
}

interface SparseFilters {
  readonly numMelBins: number;
  readonly weights: Float64Array;
  readonly first: Int32Array;
  readonly last: Int32Array;
}

const sparse = (numMelBins: number, weights: Float64Array): SparseFilters => {
  const first = new Int32Array(numMelBins);
  const last = new Int32Array(numMelBins);
  for (let b = 0; b < numMelBins; b++) {
    let lo = NUM_FREQS;
    let hi = -1;
    for (let k = 0; k < NUM_FREQS; k++) {
      if (weights[b * NUM_FREQS + k] !== 0) {
        lo = Math.min(lo, k);
        hi = k;
      }
    }
    first[b] = lo;
    last[b] = hi;
  }
  return { numMelBins, weights, first, last };
};

/** Computes Whisper log-mel features; keeps its FFT plan, window and filters between calls. */
export class WhisperLogMel {
  readonly numMelBins: number;
  private readonly filters: SparseFilters;
  private readonly fft = new Fft(WHISPER_N_FFT);
  private readonly window = new Float64Array(WHISPER_N_FFT);

  /** `filters`: [numMelBins][201] from preprocessor_config.json's mel_filters, if it has them. */
  constructor(numMelBins: number, filters?: Float64Array) {
    if (!Number.isInteger(numMelBins) || numMelBins < 1) throw new RangeError(`numMelBins must be a positive integer, got ${numMelBins}`);
    if (filters && filters.length !== numMelBins * NUM_FREQS) {
      throw new RangeError(`mel filters have ${filters.length} values, expected ${numMelBins} x ${NUM_FREQS}`);
    }
    this.numMelBins = numMelBins;
    this.filters = sparse(numMelBins, filters ?? slaneyMelFilters(numMelBins));
    for (let i = 0; i < WHISPER_N_FFT; i++) this.window[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / WHISPER_N_FFT);
  }

  /** `samples`: 16 kHz mono; only the first 30 s are used; NaN/Infinity count as 0.
   * Returns [numMelBins][3000] float32. */
  compute(samples: Float32Array): Float32Array {
    const half = WHISPER_N_FFT / 2;
    const n = Math.min(samples.length, WHISPER_CHUNK_SAMPLES);
    // Centre padding by reflection over the 30 s zero-padded signal (numpy "reflect").
    const padded = new Float64Array(WHISPER_CHUNK_SAMPLES + WHISPER_N_FFT);
    for (let i = 0; i < n; i++) {
      const v = samples[i]!;
      padded[half + i] = Number.isFinite(v) ? v : 0; // a NaN would poison the global max
    }
    for (let i = 0; i < half; i++) {
      padded[i] = padded[2 * half - i]!;
      padded[half + WHISPER_CHUNK_SAMPLES + i] = padded[half + WHISPER_CHUNK_SAMPLES - 2 - i]!;
    }
    const { numMelBins, weights, first, last } = this.filters;
    const mel = new Float64Array(numMelBins * WHISPER_FRAMES);
    const frame = new Float64Array(WHISPER_N_FFT);
    const re = new Float64Array(WHISPER_N_FFT);
    const im = new Float64Array(WHISPER_N_FFT);
    const power = new Float64Array(NUM_FREQS);
    for (let f = 0; f < WHISPER_FRAMES; f++) {
      const start = f * WHISPER_HOP;
      let silent = true;
      for (let j = 0; j < WHISPER_N_FFT; j++) {
        const v = padded[start + j]! * this.window[j]!;
        frame[j] = v;
        if (v !== 0) silent = false;
      }
      if (silent) continue; // power 0 everywhere: mel stays 0
      this.fft.transform(frame, null, re, im);
      for (let k = 0; k < NUM_FREQS; k++) power[k] = re[k]! * re[k]! + im[k]! * im[k]!;
      for (let b = 0; b < numMelBins; b++) {
        let s = 0;
        const row = b * NUM_FREQS;
        for (let k = first[b]!; k <= last[b]!; k++) s += weights[row + k]! * power[k]!;
        mel[b * WHISPER_FRAMES + f] = s;
      }
    }
    let max = -Infinity;
    for (let i = 0; i < mel.length; i++) {
      const v = Math.log10(Math.max(mel[i]!, 1e-10));
      mel[i] = v;
      if (v > max) max = v;
    }
    const out = new Float32Array(mel.length);
    const floor = max - 8;
    for (let i = 0; i < mel.length; i++) out[i] = (Math.max(mel[i]!, floor) + 4) / 4;
    return out;
  }
}

/**
 * [start, end) sample windows of at most 30 s. Past 30 s each cut is the centre of the
 * quietest 100 ms block (least sum of squares, first on ties) between 20 and 30 s into
 * the current window, so that a cut rarely falls inside a word. Pure.
 */
export function splitWindows(samples: Float32Array): [number, number][] {
  const windows: [number, number][] = [];
  const block = WHISPER_SAMPLE_RATE / 10;
  let start = 0;
  while (samples.length - start > WHISPER_CHUNK_SAMPLES) {
    let bestAt = -1;
    let bestEnergy = Infinity;
    for (let at = start + 20 * WHISPER_SAMPLE_RATE; at + block <= start + WHISPER_CHUNK_SAMPLES; at += block) {
      let e = 0;
      for (let i = at; i < at + block; i++) e += samples[i]! * samples[i]!;
      if (e < bestEnergy) {
        bestEnergy = e;
        bestAt = at;
      }
    }
    const cut = bestAt + block / 2;
    windows.push([start, cut]);
    start = cut;
  }
  windows.push([start, samples.length]);
  return windows;
}
