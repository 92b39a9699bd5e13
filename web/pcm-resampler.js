/**
 * Streaming band-limited resampler and PCM conversion, pure functions and
 * classes only (no DOM, no Web Audio), so the AudioWorklet imports it and Node
 * tests it directly.
 *
 * Method: Smith's band-limited interpolation. Each output sample is the input
 * convolved with a Kaiser-windowed sinc low-pass evaluated at the exact
 * fractional input position. The cutoff sits below the lower of the two
 * Nyquist frequencies, so downsampling 48 kHz -> 16 kHz removes everything
 * above ~7.3 kHz instead of folding it back into the speech band (which plain
 * sample dropping does). The filter is tabulated once at fine phase resolution
 * and linearly interpolated between table entries.
 */

/** Zero crossings of the sinc on each side; more means a steeper low-pass. */
const ZERO_CROSSINGS = 16;
/** Table entries per zero crossing; linear interpolation between them. */
const TABLE_RESOLUTION = 256;
/** Passband edge as a fraction of the lower Nyquist frequency. */
const ROLLOFF = 0.92;
/** Kaiser window shape; ~8 gives about 80 dB stopband attenuation. */
const KAISER_BETA = 8;

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x) {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/**
 * Right half of the windowed sinc, sampled every 1/TABLE_RESOLUTION of a zero
 * crossing, with one extra zero so interpolation at the edge needs no branch.
 */
function buildFilterTable() {
  const n = ZERO_CROSSINGS * TABLE_RESOLUTION;
  const table = new Float64Array(n + 2);
  const i0Beta = besselI0(KAISER_BETA);
  for (let i = 0; i <= n; i++) {
    const x = i / TABLE_RESOLUTION; // in zero crossings
    const sinc = i === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    const r = x / ZERO_CROSSINGS;
    const window = besselI0(KAISER_BETA * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    table[i] = sinc * window;
  }
  return table;
}

const FILTER_TABLE = buildFilterTable();

export class BandlimitedResampler {
  /**
   * @param {number} inputSampleRate  e.g. the AudioContext's rate (44100, 48000)
   * @param {number} outputSampleRate e.g. 16000
   */
  constructor(inputSampleRate, outputSampleRate) {
    if (!(inputSampleRate > 0) || !(outputSampleRate > 0)) {
      throw new RangeError(`Sample rates must be positive; got ${inputSampleRate} -> ${outputSampleRate}`);
    }
    this.inputSampleRate = inputSampleRate;
    this.outputSampleRate = outputSampleRate;
    /** Input samples advanced per output sample. */
    this.step = inputSampleRate / outputSampleRate;
    /** Cutoff in cycles per input sample (0.5 = input Nyquist). */
    const cutoff = 0.5 * Math.min(1, outputSampleRate / inputSampleRate) * ROLLOFF;
    /** Zero crossings per input sample: sinc(2·cutoff·d) crosses zero every 1/(2·cutoff). */
    this.crossingsPerSample = 2 * cutoff;
    /** DC gain of the sampled filter is 1/(2·cutoff); this scale restores unity. */
    this.gain = 2 * cutoff;
    /** Half-width of the filter in input samples. */
    this.halfWidth = Math.ceil(ZERO_CROSSINGS / this.crossingsPerSample);
    // History holds halfWidth samples of left context; starts as silence so the
    // first output is aligned with the first input sample.
    this.buffer = new Float32Array(4096 + 2 * this.halfWidth);
    this.length = this.halfWidth;
    /** Position of the next output sample, in input samples from buffer[0]. */
    this.time = this.halfWidth;
  }

  /**
   * Feeds input samples; returns the output samples that are now complete.
   * The output lags the input by halfWidth input samples (under 1 ms at 48 kHz).
   * @param {Float32Array} input
   * @returns {Float32Array}
   */
  process(input) {
    this.#append(input);
    const { step, halfWidth, buffer } = this;
    const lastUsable = this.length - halfWidth - 1; // need buffer[floor(t)+halfWidth]
    const count = lastUsable >= this.time ? Math.floor((lastUsable - this.time) / step) + 1 : 0;
    const out = new Float32Array(count);
    for (let n = 0; n < count; n++) {
      out[n] = this.#interpolate(buffer, this.time);
      this.time += step;
    }
    // Drop input nobody will need again, keeping halfWidth samples of left context.
    const keepFrom = Math.max(0, Math.floor(this.time) - halfWidth);
    if (keepFrom > 0) {
      buffer.copyWithin(0, keepFrom, this.length);
      this.length -= keepFrom;
      this.time -= keepFrom;
    }
    return out;
  }

  /** Appends input, growing the buffer only when a larger block than ever before arrives. */
  #append(input) {
    const needed = this.length + input.length;
    if (needed > this.buffer.length) {
      const grown = new Float32Array(Math.max(needed, this.buffer.length * 2));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(input, this.length);
    this.length = needed;
  }

  #interpolate(buffer, time) {
    const { halfWidth, crossingsPerSample } = this;
    const centre = Math.floor(time);
    const frac = time - centre;
    let sum = 0;
    // Left wing: taps at centre, centre-1, …; distance frac, frac+1, …
    for (let k = 0; k < halfWidth; k++) {
      sum += buffer[centre - k] * tap((frac + k) * crossingsPerSample);
    }
    // Right wing: taps at centre+1, …; distance 1-frac, 2-frac, …
    for (let k = 1; k <= halfWidth; k++) {
      sum += buffer[centre + k] * tap((k - frac) * crossingsPerSample);
    }
    return sum * this.gain;
  }
}

/** Filter value at a distance measured in zero crossings (symmetric, 0 beyond the window). */
function tap(crossings) {
  const pos = crossings * TABLE_RESOLUTION;
  const i = Math.floor(pos);
  if (i >= ZERO_CROSSINGS * TABLE_RESOLUTION) return 0;
  const f = pos - i;
  return FILTER_TABLE[i] + f * (FILTER_TABLE[i + 1] - FILTER_TABLE[i]);
}

/**
 * Float samples in [-1, 1] to 16-bit signed integers, clamped and rounded.
 * Int16Array is little-endian on every platform browsers run on, which is
 * what the wire protocol expects.
 * @param {Float32Array} samples
 * @param {Int16Array} target
 * @param {number} offset index in target to start writing at
 */
export function writeInt16(samples, target, offset = 0) {
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    target[offset + i] = Math.round(s < 0 ? s * 0x8000 : s * 0x7fff);
  }
}

/** Root mean square of a block, 0 for an empty block. */
export function rms(samples) {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / samples.length);
}
