/**
 * A seeded pseudo-random generator, so sampled figures (bootstrap intervals),
 * generated test sets and randomised tests are reproducible. Pure.
 */

export type Random = () => number;

/** mulberry32: a small, fast, well-mixed 32-bit generator; uniform in [0, 1). */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
