import { describe, expect, it } from 'vitest';
import { alignTokens, editDistance } from '../../../server/metrics/align.ts';

const w = (s: string): string[] => (s === '' ? [] : s.split(' '));
const ops = (ref: string, hyp: string): string => alignTokens(w(ref), w(hyp)).pairs.map((p) => p.op).join('');

describe('alignTokens', () => {
  it('marks identical sequences as all correct', () => {
    const a = alignTokens(w('viens divi trīs'), w('viens divi trīs'));
    expect(a).toMatchObject({ hits: 3, substitutions: 0, deletions: 0, insertions: 0, refWords: 3 });
    expect(a.pairs.map((p) => p.op).join('')).toBe('CCC');
  });

  it('returns the aligned pairs with null on the missing side', () => {
    const a = alignTokens(w('a b c d'), w('a x c'));
    expect(a.pairs).toEqual([
      { op: 'C', ref: 'a', hyp: 'a' },
      { op: 'S', ref: 'b', hyp: 'x' },
      { op: 'C', ref: 'c', hyp: 'c' },
      { op: 'D', ref: 'd', hyp: null },
    ]);
    expect(a).toMatchObject({ hits: 2, substitutions: 1, deletions: 1, insertions: 0, refWords: 4 });
  });

  it('handles empty sides', () => {
    expect(alignTokens(w('a b'), [])).toMatchObject({ deletions: 2, insertions: 0, hits: 0 });
    expect(alignTokens([], w('a b'))).toMatchObject({ insertions: 2, deletions: 0, refWords: 0 });
    expect(alignTokens([], []).pairs).toEqual([]);
  });

  // Placements below were read off `sclite -o pra` for the same texts.
  it('places a repeated word the way sclite does', () => {
    expect(ops('šis ir tests', 'šis ir ir tests')).toBe('CICC');
  });

  it('breaks equal-cost ties the way sclite does', () => {
    // sclite: REF "* a B C" / HYP "X a * Y"
    expect(ops('a b c', 'x a y')).toBe('ICDS');
  });

  it('follows sclite weights (sub 4, ins/del 3) rather than the edit minimum', () => {
    // 5 substitutions weigh 20; 3 deletions + 2 hits + 3 insertions weigh 18.
    const a = alignTokens(w('a b c d e'), w('d e x y z'));
    expect(a.pairs.map((p) => p.op).join('')).toBe('DDDCCIII');
    expect(a.substitutions + a.deletions + a.insertions).toBe(6);
    expect(editDistance(w('a b c d e'), w('d e x y z'))).toBe(5);
  });
});

describe('editDistance', () => {
  it('counts unit-cost edits', () => {
    expect(editDistance([...'kaķis'], [...'kakis'])).toBe(1);
    expect(editDistance([...'rīga'], [...'rīgā '])).toBe(2);
    expect(editDistance([], [...'abc'])).toBe(3);
    expect(editDistance([...'abc'], [])).toBe(3);
    expect(editDistance([...'sitting'], [...'kitten'])).toBe(3);
  });
});
