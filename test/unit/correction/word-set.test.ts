import { describe, expect, it } from 'vitest';
import { BloomWordSet, unionWordSet } from '../../../server/correction/word-set.ts';

describe('BloomWordSet', () => {
  it('knows every word added and survives a byte round trip', () => {
    const words = Array.from({ length: 5000 }, (_, i) => `vārds${i}`);
    const bloom = BloomWordSet.create(words.length, 0.01);
    for (const w of words) bloom.add(w);
    const copy = BloomWordSet.fromBytes(bloom.toBytes());
    expect(words.every((w) => copy.has(w))).toBe(true);
    expect(copy.numHashes).toBe(bloom.numHashes);
  });

  it('keeps false positives near the rate it was sized for', () => {
    const bloom = BloomWordSet.create(20_000, 0.01);
    for (let i = 0; i < 20_000; i++) bloom.add(`in-${i}`);
    let fp = 0;
    for (let i = 0; i < 20_000; i++) if (bloom.has(`out-${i}`)) fp++;
    expect(fp / 20_000).toBeLessThan(0.02);
  });

  describe('bad call', () => {
    it('rejects a file that is not a filter, saying how to rebuild it', () => {
      expect(() => BloomWordSet.fromBytes(new Uint8Array(32))).toThrow(/build-corpora/);
      expect(() => BloomWordSet.fromBytes(new Uint8Array(3))).toThrow(/too short/);
    });

    it('rejects a truncated filter', () => {
      const bytes = BloomWordSet.create(1000, 0.01).toBytes();
      expect(() => BloomWordSet.fromBytes(bytes.subarray(0, 40))).toThrow(/truncated/);
    });
  });

  it('unions sets', () => {
    const u = unionWordSet(new Set(['a']), new Set(['b']));
    expect([u.has('a'), u.has('b'), u.has('c')]).toEqual([true, true, false]);
  });
});
