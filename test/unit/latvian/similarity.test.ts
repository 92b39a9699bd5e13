import { describe, expect, it } from 'vitest';
import { DIACRITIC_COST, editCost, editDistance, jaroWinkler } from '../../../server/latvian/similarity.ts';

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

describe('editDistance (plain costs, capped)', () => {
  it('counts one edit of each kind, a transposition included, and caps at max + 1', () => {
    expect(editDistance('divdesmit', 'divdesmit')).toBe(0);
    expect(editDistance('divdesmid', 'divdesmit')).toBe(1); // substitution
    expect(editDistance('divdesmit', 'divdesmitt')).toBe(1); // insertion
    expect(editDistance('dvidesmit', 'divdesmit')).toBe(1); // transposition
    expect(editDistance('abcdef', 'uvwxyz')).toBe(2); // far: max + 1
    expect(editDistance('abcdef', 'abxyef', 3)).toBe(2);
    expect(editDistance('a', 'abcd', 2)).toBe(3); // lengths alone exceed max
  });

  it('a diacritic twin costs a whole edit (forms compare folded words), unlike editCost', () => {
    expect(editDistance('ā', 'a')).toBe(1);
    expect(editCost('ā', 'a')).toBe(DIACRITIC_COST);
  });
});
