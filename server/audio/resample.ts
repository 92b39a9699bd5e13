/**
 * Band-limited sample-rate conversion: a Kaiser-windowed sinc evaluated as a
 * polyphase filter bank.
 *
 * The ratio is reduced to L/M (toRate/fromRate over their gcd). Output sample k
 * sits at input time k*M/L = n + p/L; it is the dot product of the inputs
 * around n with row p of a precomputed coefficient table. Common rates give
 * small L (44100->16000 is 160/441), so every phase gets its own exact row.
 * Odd rates (e.g. 47999 Hz) would need tens of thousands of rows, so above
 * MAX_EXACT_PHASES the table is sampled at a fixed number of phases and
 * coefficients are interpolated linearly between neighbouring rows.
 *
 * The one-shot `resample` is a PolyphaseResampler fed in slices; any chunking
 * performs the same multiply-adds in the same order, so chunked and one-shot
 * outputs are identical, not merely close.
 */
import { DiktatsError } from '../errors.ts';

import { MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from './sample-rate.ts';

/**
 * Cut-off (-6 dB) as a fraction of the lower Nyquist frequency. The transition
 * band runs from about 0.84 to 1.0 of that Nyquist, so nothing above the
 * target Nyquist folds back, while speech content (< 0.8 Nyquist) is flat.
 */
const CUTOFF = 0.92;
/** Filter half-length in samples of the lower rate; sets the transition width. */
const HALF_WIDTH_LOW = 32;
/** Kaiser beta for about 80 dB of stop-band attenuation. */
const KAISER_BETA = 8.0;
const MAX_EXACT_PHASES = 1024;
const INTERPOLATED_PHASES = 1024;
const ONE_SHOT_SLICE = 1 << 16;

interface Kernel {
  /** toRate / fromRate reduced to lowest terms. */
  readonly up: number;
  readonly down: number;
  /** Taps reach `reach - 1` inputs back and `reach` inputs ahead of n. */
  readonly reach: number;
  readonly taps: number;
  /** Rows in the table; equals `up` when every phase has its own row. */
  readonly phases: number;
  readonly exact: boolean;
  /** phases (+1 when interpolating) rows of `taps` coefficients. */
  readonly table: Float32Array;
}

/**
 * Kernels are shared by every stream at the same rates. The cache is bounded
 * because clients choose the input rate: one cycling through thousands of odd
 * rates must not pin a megabyte-sized table for each.
 */
const MAX_CACHED_KERNELS = 16;
const kernels = new Map<string, Kernel>();

const gcd = (a: number, b: number): number => {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
};

/** Modified Bessel function of the first kind, order 0 (power series). */
const besselI0 = (x: number): number => {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 64; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
};

export function assertSampleRate(rate: number, what = 'sample rate'): void {
  if (!Number.isInteger(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
    throw new DiktatsError('AUDIO_ERR_SAMPLE_RATE', `${what} is ${rate}`);
  }
}

function buildKernel(fromRate: number, toRate: number): Kernel {
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  // Everything below is in units of input samples.
  const lowerRatio = Math.min(1, up / down);
  const cutoff = 0.5 * CUTOFF * lowerRatio; // cycles per input sample
  const halfWidth = HALF_WIDTH_LOW / lowerRatio;
  const reach = Math.ceil(halfWidth);
  const taps = 2 * reach;
  const exact = up <= MAX_EXACT_PHASES;
  const phases = exact ? up : INTERPOLATED_PHASES;
  // One extra row (fraction 1.0) lets interpolation read row r+1 without wrapping.
  const rows = exact ? phases : phases + 1;
  const table = new Float32Array(rows * taps);
  const i0Beta = besselI0(KAISER_BETA);
  for (let row = 0; row < rows; row++) {
    const frac = row / phases;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const tau = frac + reach - 1 - j; // distance from output instant to tap
      const x = tau / halfWidth;
      if (Math.abs(x) >= 1) continue;
      const arg = 2 * cutoff * tau;
      const sinc = arg === 0 ? 1 : Math.sin(Math.PI * arg) / (Math.PI * arg);
      const window = besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0Beta;
      const c = 2 * cutoff * sinc * window;
      table[row * taps + j] = c;
      sum += c;
    }
    // Unity gain per phase: otherwise DC gain ripples with the phase and a
    // constant input comes out with a faint tone at the phase period.
    for (let j = 0; j < taps; j++) table[row * taps + j]! /= sum;
  }
  return { up, down, reach, taps, phases, exact, table };
}

function kernelFor(fromRate: number, toRate: number): Kernel {
  const key = `${fromRate}:${toRate}`;
  let kernel = kernels.get(key);
  if (kernel) {
    kernels.delete(key); // re-inserted below as most recently used
  } else {
    kernel = buildKernel(fromRate, toRate);
    if (kernels.size >= MAX_CACHED_KERNELS) kernels.delete(kernels.keys().next().value!);
  }
  kernels.set(key, kernel);
  return kernel;
}

/**
 * Resamples a live stream fed in chunks of any size. Output is delayed by the
 * filter's look-ahead (HALF_WIDTH_LOW samples of the lower rate) until `flush`.
 * `flush` ends the stream and resets the resampler for a new one.
 */
export class PolyphaseResampler {
  readonly fromRate: number;
  readonly toRate: number;
  private readonly kernel: Kernel | null;
  private buffer: Float32Array;
  private bufferLength = 0;
  /** Absolute input index of buffer[0]; negative while the zero pre-roll is in it. */
  private bufferStart = 0;
  private received = 0;
  /** Next output sits at input time n + p / up. */
  private n = 0;
  private p = 0;

  constructor(fromRate: number, toRate: number) {
    assertSampleRate(fromRate, 'input sample rate');
    assertSampleRate(toRate, 'output sample rate');
    this.fromRate = fromRate;
    this.toRate = toRate;
    this.kernel = fromRate === toRate ? null : kernelFor(fromRate, toRate);
    this.buffer = new Float32Array(this.kernel ? Math.max(4096, 4 * this.kernel.taps) : 0);
    this.reset();
  }

  push(chunk: Float32Array): Float32Array {
    if (!this.kernel) return chunk.slice();
    this.append(chunk, chunk.length);
    this.received += chunk.length;
    return this.produce(this.received - 1 - this.kernel.reach);
  }

  flush(): Float32Array {
    if (!this.kernel) return new Float32Array(0);
    // Zeros after the end stand in for the missing look-ahead; only outputs
    // whose instant lies inside the input (n < received) are emitted.
    this.append(null, this.kernel.reach);
    const out = this.produce(this.received - 1);
    this.reset();
    return out;
  }

  private reset(): void {
    this.received = 0;
    this.n = 0;
    this.p = 0;
    this.bufferLength = 0;
    if (!this.kernel) return;
    // Zero pre-roll: the first outputs' left taps read silence before the input.
    const preRoll = this.kernel.reach - 1;
    this.bufferStart = -preRoll;
    this.buffer.fill(0, 0, preRoll);
    this.bufferLength = preRoll;
  }

  /** Appends `count` samples of `chunk`, or zeros when chunk is null. */
  private append(chunk: Float32Array | null, count: number): void {
    const kernel = this.kernel!;
    if (this.bufferLength + count > this.buffer.length) {
      // Drop inputs that no future output reaches, then grow if still short.
      const keepFrom = Math.min(this.n - kernel.reach + 1 - this.bufferStart, this.bufferLength);
      if (keepFrom > 0) {
        this.buffer.copyWithin(0, keepFrom, this.bufferLength);
        this.bufferLength -= keepFrom;
        this.bufferStart += keepFrom;
      }
      if (this.bufferLength + count > this.buffer.length) {
        let capacity = this.buffer.length * 2;
        while (capacity < this.bufferLength + count) capacity *= 2;
        const grown = new Float32Array(capacity);
        grown.set(this.buffer.subarray(0, this.bufferLength));
        this.buffer = grown;
      }
    }
    if (chunk) this.buffer.set(chunk.subarray(0, count), this.bufferLength);
    else this.buffer.fill(0, this.bufferLength, this.bufferLength + count);
    this.bufferLength += count;
  }

  /** Emits every output whose integer input position n is <= lastN. */
  private produce(lastN: number): Float32Array {
    const { up, down, reach, taps, phases, exact, table } = this.kernel!;
    const stepWhole = Math.floor(down / up);
    const stepFrac = down % up;
    let count = 0;
    for (let n = this.n, p = this.p; n <= lastN; count++) {
      n += stepWhole;
      p += stepFrac;
      if (p >= up) {
        p -= up;
        n++;
      }
    }
    const out = new Float32Array(count);
    const buffer = this.buffer;
    let n = this.n;
    let p = this.p;
    for (let k = 0; k < count; k++) {
      const base = n - reach + 1 - this.bufferStart;
      if (exact) {
        const row = p * taps;
        let acc = 0;
        for (let j = 0; j < taps; j++) acc += table[row + j]! * buffer[base + j]!;
        out[k] = acc;
      } else {
        const pos = (p * phases) / up;
        const r = Math.floor(pos);
        const f = pos - r;
        const row0 = r * taps;
        const row1 = row0 + taps;
        let acc0 = 0;
        let acc1 = 0;
        for (let j = 0; j < taps; j++) {
          const x = buffer[base + j]!;
          acc0 += table[row0 + j]! * x;
          acc1 += table[row1 + j]! * x;
        }
        out[k] = acc0 + f * (acc1 - acc0);
      }
      n += stepWhole;
      p += stepFrac;
      if (p >= up) {
        p -= up;
        n++;
      }
    }
    this.n = n;
    this.p = p;
    return out;
  }
}

/**
 * Resamples a whole signal. Output has ceil(len * toRate / fromRate) samples:
 * one for every output instant inside the input, sample 0 aligned with input 0.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  const resampler = new PolyphaseResampler(fromRate, toRate);
  if (fromRate === toRate) return input.slice();
  // Fed in slices so the resampler's buffer stays small for hour-long files.
  const parts: Float32Array[] = [];
  for (let offset = 0; offset < input.length; offset += ONE_SHOT_SLICE) {
    parts.push(resampler.push(input.subarray(offset, offset + ONE_SHOT_SLICE)));
  }
  parts.push(resampler.flush());
  const out = new Float32Array(parts.reduce((n, part) => n + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
