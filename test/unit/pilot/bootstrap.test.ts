import { describe, expect, it } from 'vitest';
import { bootstrapRatioOfMedians, bootstrapTwoSample, medianSampler, ratioOfMedians, seededRandom } from '../../../server/pilot/bootstrap.ts';
import { quantileSorted } from '../../../server/pilot/stats.ts';

// Forty manual and forty dictated times (s), spread as a pilot's would be.
const manual = Array.from({ length: 40 }, (_, i) => 360 + ((i * 37) % 41) * 6);
const dictated = Array.from({ length: 40 }, (_, i) => 110 + ((i * 29) % 43) * 3);

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    // roughly uniform: the mean of 1000 draws is within 0.05 of 0.5
    expect(Math.abs(xs.reduce((s, x) => s + x, 0) / 1000 - 0.5)).toBeLessThan(0.05);
    expect(seededRandom(43)()).not.toBe(seededRandom(42)());
  });
});

describe('bootstrapTwoSample (ratio of medians)', () => {
  it('gives an interval around the observed speed-up', () => {
    const ci = bootstrapTwoSample(manual, dictated, ratioOfMedians, { seed: 7 })!;
    // medians by hand: manual values 360 + 6k for k = 0..40 minus one; dictated 110 + 3k
    const sorted = (xs: number[]) => [...xs].sort((x, y) => x - y);
    const med = (xs: number[]) => (sorted(xs)[19]! + sorted(xs)[20]!) / 2;
    expect(ci.estimate).toBeCloseTo(med(manual) / med(dictated), 12);
    expect(ci.lower).toBeLessThan(ci.estimate);
    expect(ci.upper).toBeGreaterThan(ci.estimate);
    expect(ci.resamples).toBe(2000);
    expect(ci.confidence).toBe(0.95);
    // the interval is a plausible width for n = 40 per group, not a degenerate or absurd one
    expect(ci.upper - ci.lower).toBeGreaterThan(0.1);
    expect(ci.upper - ci.lower).toBeLessThan(1.5);
  });

  it('is the same for the same seed and differs for another', () => {
    const a = bootstrapTwoSample(manual, dictated, ratioOfMedians, { seed: 1 });
    const b = bootstrapTwoSample(manual, dictated, ratioOfMedians, { seed: 1 });
    const c = bootstrapTwoSample(manual, dictated, ratioOfMedians, { seed: 2 });
    expect(b).toEqual(a);
    expect([c!.lower, c!.upper]).not.toEqual([a!.lower, a!.upper]);
  });

  it('collapses to the point for constant samples', () => {
    expect(bootstrapTwoSample([10, 10, 10], [5, 5, 5], ratioOfMedians, { resamples: 50 })).toMatchObject({ estimate: 2, lower: 2, upper: 2 });
  });

  it('narrows with a lower confidence', () => {
    const wide = bootstrapTwoSample(manual, dictated, ratioOfMedians, { confidence: 0.95 })!;
    const narrow = bootstrapTwoSample(manual, dictated, ratioOfMedians, { confidence: 0.5 })!;
    expect(narrow.upper - narrow.lower).toBeLessThan(wide.upper - wide.lower);
  });

  it('gives no interval for groups below the minimum, and refuses bad options', () => {
    expect(bootstrapTwoSample([1, 2], [1, 2, 3], ratioOfMedians)).toBeNull();
    expect(() => bootstrapTwoSample(manual, dictated, ratioOfMedians, { resamples: 0 })).toThrow(RangeError);
    expect(() => bootstrapTwoSample(manual, dictated, ratioOfMedians, { confidence: 1 })).toThrow(RangeError);
  });
});

/** The exact distribution of a resample's median: every one of the n^n resamples enumerated. */
function exactMedianDistribution(xs: readonly number[]): Map<number, number> {
  const n = xs.length;
  const out = new Map<number, number>();
  const idx = new Array<number>(n).fill(0);
  const total = n ** n;
  for (let c = 0; c < total; c++) {
    let r = c;
    for (let i = 0; i < n; i++) {
      idx[i] = r % n;
      r = Math.floor(r / n);
    }
    const m = quantileSorted(Float64Array.from(idx.map((i) => xs[i]!)).sort(), 0.5);
    out.set(m, (out.get(m) ?? 0) + 1 / total);
  }
  return out;
}

describe('medianSampler (a resample\'s median drawn exactly)', () => {
  for (const xs of [[1, 2, 4, 8, 16], [1, 2, 4, 8], [3, 5, 7, 11, 13, 17]]) {
    it(`matches the enumerated distribution for n = ${xs.length}`, () => {
      const exact = exactMedianDistribution(xs);
      const draw = medianSampler(seededRandom(5));
      const sorted = Float64Array.from(xs);
      const draws = 200_000;
      const seen = new Map<number, number>();
      for (let i = 0; i < draws; i++) {
        const m = draw(sorted);
        seen.set(m, (seen.get(m) ?? 0) + 1 / draws);
      }
      // every drawn value is a possible median, and the frequencies agree (total variation distance)
      for (const m of seen.keys()) expect(exact.has(m), `value ${m}`).toBe(true);
      let tv = 0;
      for (const [m, p] of exact) tv += Math.abs(p - (seen.get(m) ?? 0));
      expect(tv / 2).toBeLessThan(0.01);
    });
  }
});

describe('bootstrapRatioOfMedians', () => {
  it('gives the interval the resample-and-sort bootstrap gives', () => {
    const slow = bootstrapTwoSample(manual, dictated, ratioOfMedians, { seed: 7, resamples: 20_000 })!;
    const fast = bootstrapRatioOfMedians(manual, dictated, { seed: 7, resamples: 20_000 })!;
    expect(fast.estimate).toBe(slow.estimate);
    expect(fast.resamples).toBe(20_000);
    expect(Math.abs(fast.lower - slow.lower)).toBeLessThan(0.02);
    expect(Math.abs(fast.upper - slow.upper)).toBeLessThan(0.02);
  });

  it('is reproducible for a seed, collapses for constants, and keeps the rules', () => {
    expect(bootstrapRatioOfMedians(manual, dictated, { seed: 1 })).toEqual(bootstrapRatioOfMedians(manual, dictated, { seed: 1 }));
    expect(bootstrapRatioOfMedians(manual, dictated, { seed: 2 })).not.toEqual(bootstrapRatioOfMedians(manual, dictated, { seed: 1 }));
    expect(bootstrapRatioOfMedians([10, 10, 10], [5, 5, 5], { resamples: 50 })).toMatchObject({ estimate: 2, lower: 2, upper: 2 });
    expect(bootstrapRatioOfMedians([1, 2], [1, 2, 3])).toBeNull();
    expect(() => bootstrapRatioOfMedians(manual, dictated, { resamples: 0 })).toThrow(RangeError);
  });
});
