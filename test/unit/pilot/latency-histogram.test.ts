/** Reply-latency histogram: bounded memory, exact merge, quantiles within the bucket width. */
import { describe, expect, it } from 'vitest';
import { bucketOf, LatencyHistogram, latencyNumbers, MAX_BUCKETS } from '../../../server/pilot/latency-histogram.ts';

/** type-1 (nearest-rank) quantile of the raw values, the definition the histogram approximates */
const nearestRank = (values: number[], q: number): number => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.max(1, Math.ceil(q * s.length)) - 1]!;
};

/** mulberry32: a seeded stream, so the test is the same every run */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Half a bucket (5 % wide) on either side of the geometric middle. */
const RELATIVE_TOLERANCE = 0.026;

describe('LatencyHistogram', () => {
  it('is empty until a value comes: no summary, no JSON', () => {
    const h = new LatencyHistogram();
    expect(h.n).toBe(0);
    expect(h.summary()).toBeNull();
    expect(h.toJSON()).toBeNull();
    expect(h.quantile(0.5)).toBeNull();
  });

  it('keeps n, min, max and the mean exact, p50 and p95 within 2.6 % of the nearest-rank values', () => {
    const next = rng(7);
    const values = Array.from({ length: 5000 }, () => 5 + 400 * next() ** 3);
    const h = new LatencyHistogram();
    for (const v of values) h.add(v);
    const s = h.summary()!;
    expect(s.n).toBe(5000);
    expect(s.minMs).toBeCloseTo(Math.min(...values), 1);
    expect(s.maxMs).toBeCloseTo(Math.max(...values), 1);
    expect(s.meanMs).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 1);
    for (const [q, got] of [[0.5, s.p50Ms], [0.95, s.p95Ms]] as const) {
      const want = nearestRank(values, q);
      expect(Math.abs(got - want) / want).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    }
    expect(s.p50Ms).toBeLessThanOrEqual(s.p95Ms);
    expect(s.p95Ms).toBeLessThanOrEqual(s.maxMs);
  });

  it('a single value reads back exactly (quantiles are clamped to min and max)', () => {
    const h = new LatencyHistogram();
    h.add(123.4);
    expect(h.summary()).toEqual({ n: 1, p50Ms: 123.4, p95Ms: 123.4, minMs: 123.4, maxMs: 123.4, meanMs: 123.4 });
  });

  it('memory is bounded: a million replies over the whole range use at most MAX_BUCKETS counters and a small JSON', () => {
    const next = rng(11);
    const h = new LatencyHistogram();
    for (let i = 0; i < 1_000_000; i++) h.add(10 ** (-2 + 8 * next())); // 0.01 ms … 1e6 ms
    expect(h.n).toBe(1_000_000);
    expect(h.size).toBeLessThanOrEqual(MAX_BUCKETS);
    expect(MAX_BUCKETS).toBeLessThan(400);
    expect(JSON.stringify(h.toJSON()).length).toBeLessThan(8000);
    // beyond the last bucket the maximum is still exact
    expect(h.summary()!.maxMs).toBeGreaterThan(600_000);
    expect(bucketOf(1e9)).toBe(MAX_BUCKETS - 1);
    expect(bucketOf(0)).toBe(0);
  });

  it('merging two histograms equals one histogram of all the values', () => {
    const next = rng(3);
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    for (let i = 0; i < 300; i++) {
      const v = 1 + 900 * next();
      (i % 3 === 0 ? a : b).add(v);
      all.add(v);
    }
    expect(a.merge(b).toJSON()).toEqual(all.toJSON());
  });

  it('round-trips through its JSON, and refuses what it cannot merge', () => {
    const h = new LatencyHistogram();
    for (const v of [3, 40, 41, 250]) h.add(v);
    const back = LatencyHistogram.fromJSON(JSON.parse(JSON.stringify(h.toJSON())));
    expect(back?.toJSON()).toEqual(h.toJSON());
    expect(LatencyHistogram.fromJSON(null)).toBeNull();
    expect(LatencyHistogram.fromJSON({ n: 40, p50Ms: 150, p95Ms: 400 })).toBeNull(); // an imported summary
    expect(LatencyHistogram.fromJSON({ ...h.toJSON(), buckets: [[-1, 2]] })).toBeNull();
    expect(LatencyHistogram.fromJSON({ ...h.toJSON(), buckets: [[3, 0.5]] })).toBeNull();
  });

  it('ignores values that are not latencies (negative, NaN)', () => {
    const h = new LatencyHistogram();
    h.add(-1);
    h.add(Number.NaN);
    expect(h.n).toBe(0);
  });

  it('latencyNumbers shows the summary without the merge-only parts', () => {
    const h = new LatencyHistogram();
    h.add(10);
    expect(latencyNumbers(h.toJSON())).toEqual({ n: 1, p50Ms: 10, p95Ms: 10, minMs: 10, maxMs: 10, meanMs: 10 });
    expect(latencyNumbers({ n: 40, p50Ms: 150 })).toEqual({ n: 40, p50Ms: 150 });
    expect(latencyNumbers('x')).toBeNull();
  });
});
