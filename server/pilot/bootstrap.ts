/**
 * Percentile bootstrap confidence intervals with a seeded generator, so the
 * same rows and seed always give the same interval (a report can be re-run and
 * checked). Pure.
 *
 * Two-sample: each resample draws |a| values from `a` and |b| from `b` with
 * replacement, independently (manual and dictated forms are separate samples,
 * not pairs), and evaluates the statistic; the interval is the α/2 and 1−α/2
 * quantiles of the resampled statistics (Efron's percentile method). It is
 * honest about skew but a little narrow for small samples; with fewer than
 * `minSample` values in either group no interval is given at all.
 */
import { quantileSorted, sortNumbers } from './stats.ts';
import { seededRandom, type Random } from './seeded-random.ts';

export { seededRandom, type Random } from './seeded-random.ts';

export interface BootstrapOptions {
  /** default 2000 */
  readonly resamples?: number;
  /** default 0.95 */
  readonly confidence?: number;
  /** default DEFAULT_SEED */
  readonly seed?: number;
  /** fewest values per group for an interval (default 3) */
  readonly minSample?: number;
}

export interface BootstrapInterval {
  /** the statistic on the observed data */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
}

export const DEFAULT_RESAMPLES = 2000;
export const DEFAULT_SEED = 20_260_601;

/** Sorted sample of `source` (n draws with replacement) into `out`. */
function resample(source: Float64Array, out: Float64Array, random: Random): Float64Array {
  const n = source.length;
  for (let i = 0; i < n; i++) out[i] = source[Math.floor(random() * n)]!;
  return out.sort();
}

/**
 * Bootstrap interval of `statistic(sortedA, sortedB)`; the statistic receives
 * both samples sorted ascending. `estimate` is null-free: returns null when a
 * group is smaller than `minSample` or the statistic is not finite on the data.
 */
export function bootstrapTwoSample(
  a: readonly number[],
  b: readonly number[],
  statistic: (sortedA: Float64Array, sortedB: Float64Array) => number,
  options: BootstrapOptions = {},
): BootstrapInterval | null {
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? DEFAULT_SEED;
  const minSample = options.minSample ?? 3;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples=${resamples}: expected a whole number ≥ 1`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence=${confidence}: expected 0 < confidence < 1`);
  if (a.length < minSample || b.length < minSample) return null;
  const sa = sortNumbers(a);
  const sb = sortNumbers(b);
  const estimate = statistic(sa, sb);
  if (!Number.isFinite(estimate)) return null;
  const random = seededRandom(seed);
  const ra = new Float64Array(sa.length);
  const rb = new Float64Array(sb.length);
  const stats = new Float64Array(resamples);
  let kept = 0;
  for (let r = 0; r < resamples; r++) {
    const s = statistic(resample(sa, ra, random), resample(sb, rb, random));
    // a resample can put a zero median under a ratio; such draws carry no interval information
    if (Number.isFinite(s)) stats[kept++] = s;
  }
  const sorted = stats.subarray(0, kept).sort();
  const alpha = 1 - confidence;
  return {
    estimate,
    lower: quantileSorted(sorted, alpha / 2),
    upper: quantileSorted(sorted, 1 - alpha / 2),
    confidence,
    resamples: kept,
    seed,
  };
}

/** median(a) / median(b): with a = manual times and b = dictated times, the speed-up factor. */
export const ratioOfMedians = (sortedA: Float64Array, sortedB: Float64Array): number =>
  quantileSorted(sortedA, 0.5) / quantileSorted(sortedB, 0.5);
