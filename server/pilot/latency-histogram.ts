/**
 * Reply latencies of a streaming session, kept in bounded memory and mergeable
 * exactly: a log-bucketed histogram (as HdrHistogram / DDSketch do). Each
 * bucket is 5 % wide, so a quantile read back is within ±2.5 % of a value that
 * was recorded; n, min, max and the sum are exact. A session of any length
 * holds at most `MAX_BUCKETS` counters, and two histograms (a record reopened
 * on another connection) merge by adding counts — a reservoir sample could do
 * neither exactly.
 */

/** Everything at or below this lands in bucket 0. */
const FLOOR_MS = 0.1;
const RATIO = 1.05;
const LOG_RATIO = Math.log(RATIO);
/** Replies slower than this (10 min) share the last bucket; max stays exact. */
const CEILING_MS = 600_000;
const LAST_BUCKET = 1 + Math.floor(Math.log(CEILING_MS / FLOOR_MS) / LOG_RATIO);
export const MAX_BUCKETS = LAST_BUCKET + 1;

/** What the report and the record's API show. */
export type LatencySummary = {
  readonly n: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly meanMs: number;
};

/** What latency_json stores: the summary plus what merging needs. */
export type LatencyHistogramJson = LatencySummary & {
  readonly sumMs: number;
  /** [bucket index, count], ascending index */
  readonly buckets: readonly (readonly [number, number])[];
};

export function bucketOf(ms: number): number {
  if (!(ms > FLOOR_MS)) return 0;
  return Math.min(LAST_BUCKET, 1 + Math.floor(Math.log(ms / FLOOR_MS) / LOG_RATIO));
}

/** The bucket's geometric middle (its lower bound for bucket 0). */
function bucketValue(index: number): number {
  if (index === 0) return FLOOR_MS;
  return FLOOR_MS * RATIO ** (index - 0.5);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

export class LatencyHistogram {
  private readonly counts = new Map<number, number>();
  private total = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  get n(): number {
    return this.total;
  }

  /** distinct buckets in use; never above MAX_BUCKETS */
  get size(): number {
    return this.counts.size;
  }

  add(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    const b = bucketOf(ms);
    this.counts.set(b, (this.counts.get(b) ?? 0) + 1);
    this.total++;
    this.sum += ms;
    if (ms < this.min) this.min = ms;
    if (ms > this.max) this.max = ms;
  }

  merge(other: LatencyHistogram): this {
    for (const [b, c] of other.counts) this.counts.set(b, (this.counts.get(b) ?? 0) + c);
    this.total += other.total;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /** Nearest-rank quantile (the ⌈q·n⌉-th reply's bucket), clamped to the exact min and max; null when empty. */
  quantile(q: number): number | null {
    if (this.total === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (const b of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(b)!;
      if (seen >= rank) return Math.min(this.max, Math.max(this.min, bucketValue(b)));
    }
    return this.max;
  }

  summary(): LatencySummary | null {
    if (this.total === 0) return null;
    return {
      n: this.total,
      p50Ms: round1(this.quantile(0.5)!),
      p95Ms: round1(this.quantile(0.95)!),
      minMs: round1(this.min),
      maxMs: round1(this.max),
      meanMs: round1(this.sum / this.total),
    };
  }

  toJSON(): LatencyHistogramJson | null {
    const s = this.summary();
    if (s === null) return null;
    const buckets = [...this.counts.entries()].sort((a, b) => a[0] - b[0]);
    return { ...s, sumMs: round1(this.sum), buckets };
  }

  /**
   * Reads what toJSON wrote. A stored summary without buckets (an import, or a
   * hand-written row) cannot be merged and reads as null; so does anything malformed.
   */
  static fromJSON(value: unknown): LatencyHistogram | null {
    if (typeof value !== 'object' || value === null) return null;
    const v = value as Partial<Record<keyof LatencyHistogramJson, unknown>>;
    if (!Array.isArray(v.buckets) || typeof v.minMs !== 'number' || typeof v.maxMs !== 'number' || typeof v.sumMs !== 'number') return null;
    const h = new LatencyHistogram();
    for (const entry of v.buckets) {
      if (!Array.isArray(entry) || entry.length !== 2) return null;
      const [b, c] = entry as unknown[];
      if (!Number.isInteger(b) || !Number.isInteger(c) || (b as number) < 0 || (b as number) > LAST_BUCKET || (c as number) <= 0) return null;
      h.counts.set(b as number, (h.counts.get(b as number) ?? 0) + (c as number));
      h.total += c as number;
    }
    if (h.total === 0) return null;
    h.sum = v.sumMs;
    h.min = v.minMs;
    h.max = v.maxMs;
    return h;
  }
}

/** The numbers of a stored latency_json without what only merging needs (for the record's API). */
export function latencyNumbers(value: unknown): Record<string, number> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'sumMs' && typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  return out;
}
