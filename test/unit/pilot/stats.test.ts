import { describe, expect, it } from 'vitest';
import { median, niceStep, niceTimeStepMs, quantile, sharedHistogram, summarize } from '../../../server/pilot/stats.ts';

describe('quantiles (type 7, linear interpolation)', () => {
  it('interpolates between order statistics', () => {
    // h = (n-1)p: [1,2,3,4] q1 h=0.75 → 1.75, median h=1.5 → 2.5, q3 h=2.25 → 3.25
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
    expect(median([4, 1, 3, 2])).toBeCloseTo(2.5, 12);
    expect(quantile([4, 1, 3, 2], 0.75)).toBeCloseTo(3.25, 12);
    expect(quantile([10, 20, 30], 0.1)).toBeCloseTo(12, 12);
    expect(quantile([10, 20, 30], 0)).toBe(10);
    expect(quantile([10, 20, 30], 1)).toBe(30);
  });

  it('is NaN without values and refuses p outside [0, 1]', () => {
    expect(median([])).toBeNaN();
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
  });

  it('summarises five numbers and the mean', () => {
    expect(summarize([7, 1, 3, 5, 9])).toEqual({ n: 5, min: 1, q1: 3, median: 5, q3: 7, max: 9, mean: 5 });
    expect(summarize([])).toBeNull();
  });
});

describe('histogram', () => {
  it('picks 1-2-5 steps', () => {
    expect(niceStep(0.3)).toBeCloseTo(0.5, 12);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(1000)).toBe(1000);
    expect(niceStep(1200)).toBe(2000);
    expect(niceStep(2500)).toBe(5000);
  });

  it('picks steps of time people count in', () => {
    expect(niceTimeStepMs(40_000)).toBe(60_000);
    expect(niceTimeStepMs(16_000)).toBe(20_000);
    expect(niceTimeStepMs(130_000)).toBe(300_000);
    expect(niceTimeStepMs(5_000_000)).toBe(7_200_000);
  });

  it('bins several series over the same edges', () => {
    // max 4500 / 12 = 375 → step 500, raised to the 1000 minimum; bins [0,1000) … [4000,5000)
    const h = sharedHistogram({ a: [0, 999, 1000, 4500], b: [2000] }, 12, 1000);
    expect(h).toEqual({ start: 0, width: 1000, counts: { a: [2, 1, 0, 0, 1], b: [0, 0, 1, 0, 0] } });
  });

  it('has one empty bin for no values', () => {
    expect(sharedHistogram({ a: [] }, 10, 1)).toEqual({ start: 0, width: 1, counts: { a: [0] } });
  });
});
