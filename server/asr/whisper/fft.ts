/**
 * Complex FFT of any length by mixed-radix Cooley-Tukey (decimation in time). Whisper's
 * STFT uses n_fft = 400 = 2^4 * 5^2, which a power-of-two FFT cannot do; this plan
 * splits by 4, 2, 3, 5 and then any remaining prime (O(p^2) per butterfly). Pure.
 */
export class Fft {
  readonly size: number;
  private readonly factors: number[];
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  private readonly tRe: Float64Array;
  private readonly tIm: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`FFT size must be a positive integer, got ${size}`);
    this.size = size;
    this.factors = factorize(size);
    this.cos = new Float64Array(size);
    this.sin = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      this.cos[j] = Math.cos((2 * Math.PI * j) / size);
      this.sin[j] = -Math.sin((2 * Math.PI * j) / size);
    }
    const maxP = Math.max(1, ...this.factors);
    this.tRe = new Float64Array(maxP);
    this.tIm = new Float64Array(maxP);
  }

  /** out = DFT(in); `in*` are read with stride 1 and left unchanged. */
  transform(inRe: ArrayLike<number>, inIm: ArrayLike<number> | null, outRe: Float64Array, outIm: Float64Array): void {
    this.rec(inRe, inIm, 0, 1, outRe, outIm, 0, this.size, 0);
  }

  private rec(
    xr: ArrayLike<number>, xi: ArrayLike<number> | null, xOff: number, stride: number,
    yr: Float64Array, yi: Float64Array, yOff: number, n: number, level: number,
  ): void {
    if (n === 1) {
      yr[yOff] = xr[xOff]!;
      yi[yOff] = xi ? xi[xOff]! : 0;
      return;
    }
    const p = this.factors[level]!;
    const m = n / p;
    for (let q = 0; q < p; q++) this.rec(xr, xi, xOff + q * stride, stride * p, yr, yi, yOff + q * m, m, level + 1);
    const N = this.size;
    const step = N / n; // W_n^x = W_N^(x * N / n)
    const pStep = N / p;
    const tRe = this.tRe;
    const tIm = this.tIm;
    for (let k = 0; k < m; k++) {
      for (let q = 0; q < p; q++) {
        const at = yOff + q * m + k;
        const w = (q * k * step) % N;
        const c = this.cos[w]!;
        const s = this.sin[w]!;
        const re = yr[at]!;
        const im = yi[at]!;
        tRe[q] = re * c - im * s;
        tIm[q] = re * s + im * c;
      }
      for (let r = 0; r < p; r++) {
        let sr = 0;
        let si = 0;
        for (let q = 0; q < p; q++) {
          const w = (q * r * pStep) % N;
          const c = this.cos[w]!;
          const s = this.sin[w]!;
          sr += tRe[q]! * c - tIm[q]! * s;
          si += tRe[q]! * s + tIm[q]! * c;
        }
        yr[yOff + k + r * m] = sr;
        yi[yOff + k + r * m] = si;
      }
    }
  }
}

function factorize(n: number): number[] {
  const out: number[] = [];
  for (const f of [4, 2, 3, 5]) {
    while (n % f === 0) {
      out.push(f);
      n /= f;
    }
  }
  for (let f = 7; n > 1; f += 2) {
    while (n % f === 0) {
      out.push(f);
      n /= f;
    }
  }
  return out;
}
