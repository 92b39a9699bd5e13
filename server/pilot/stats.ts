/**
 * Descriptive statistics for the pilot's timings and counts. Pure.
 *
 * Quantiles use linear interpolation between order statistics (Hyndman & Fan
 * type 7: R's default, numpy's `linear`), so a median of an even count is the
 * mean of the two middle values, and anyone can re-check a figure in a
 * spreadsheet (`PERCENTILE.INC` is the same definition).
 */

/** The p-quantile (0 ≤ p ≤ 1) of values already sorted ascending; NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile p=${p}: expected 0 ≤ p ≤ 1`);
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo]!;
  return a + (h - lo) * (sorted[hi]! - a);
}

export const sortNumbers = (values: readonly number[]): Float64Array => Float64Array.from(values).sort();

export function quantile(values: readonly number[], p: number): number {
  return quantileSorted(sortNumbers(values), p);
}

export function median(values: readonly number[]): number {
  return quantileSorted(sortNumbers(values), 0.5);
}

export interface Summary {
  readonly n: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
  readonly mean: number;
}

/** Five-number summary and mean; null for no values (a report shows "no data", not NaN). */
export function summarize(values: readonly number[]): Summary | null {
  if (values.length === 0) return null;
  const s = sortNumbers(values);
  let sum = 0;
  for (const v of s) sum += v;
  return {
    n: s.length,
    min: s[0]!,
    q1: quantileSorted(s, 0.25),
    median: quantileSorted(s, 0.5),
    q3: quantileSorted(s, 0.75),
    max: s[s.length - 1]!,
    mean: sum / s.length,
  };
}

/** 1, 2 or 5 times a power of ten, the smallest such step ≥ `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * power >= raw * (1 - 1e-12)) return m * power;
  return 10 * power;
}

const TIME_STEPS_SEC = [1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600];

/** A step of time a reader counts in (5 s, 15 s, 30 s, 1 min, 2 min, 5 min…), the smallest ≥ `rawMs`; above an hour, whole hours. */
export function niceTimeStepMs(rawMs: number): number {
  for (const s of TIME_STEPS_SEC) if (s * 1000 >= rawMs) return s * 1000;
  return Math.ceil(rawMs / 3_600_000) * 3_600_000;
}

export interface Histogram {
  /** left edge of the first bin */
  readonly start: number;
  readonly width: number;
  /** one array of counts per series, all of the same length; bin i is [start + i·width, start + (i+1)·width) */
  readonly counts: Readonly<Record<string, readonly number[]>>;
}

/**
 * Histograms of several series over shared bins from 0, so two modes'
 * distributions can be drawn side by side. The bin width is the `step` (1-2-5
 * by default) that gives at most `targetBins` bins up to the largest value; a value equal to a
 * bin's right edge goes to the next bin, the largest value always to the last.
 */
export function sharedHistogram(
  series: Readonly<Record<string, readonly number[]>>,
  targetBins = 12,
  minWidth = 1,
  step: (raw: number) => number = niceStep,
): Histogram {
  let max = 0;
  for (const values of Object.values(series)) for (const v of values) if (v > max) max = v;
  const width = Math.max(minWidth, step(max / targetBins));
  const bins = Math.max(1, Math.floor(max / width) + 1);
  const counts: Record<string, number[]> = {};
  for (const [name, values] of Object.entries(series)) {
    const c = new Array<number>(bins).fill(0);
    for (const v of values) c[Math.min(bins - 1, Math.max(0, Math.floor(v / width)))]!++;
    counts[name] = c;
  }
  return { start: 0, width, counts };
}
