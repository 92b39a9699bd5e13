import { describe, expect, it } from 'vitest';
import { DIACRITIC_COST, editCost, jaroWinkler } from '../../../server/latvian/similarity.ts';

describe('editCost', () => {
  it('prices a lost diacritic below a real substitution', () => {
    expect(editCost('bāriņtiesa', 'barintiesa')).toBeCloseTo(2 * DIACRITIC_COST, 10);
    expect(editCost('latvenergu', 'latvenergo')).toBe(1);
  });

  it('counts a transposition as one edit', () => {
    expect(editCost('tiesa', 'teisa')).toBe(1);
  });

  it('gives up past the limit', () => {
    expect(editCost('abcdef', 'uvwxyz', 2)).toBe(Infinity);
    expect(editCost('abc', 'abcdef', 2)).toBe(Infinity);
  });
});

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) as usually quoted.
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
  ])('%s ~ %s = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 for equal strings and 0 for nothing in common', () => {
    expect(jaroWinkler('abc', 'abc')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'abc')).toBe(0);
  });
});
