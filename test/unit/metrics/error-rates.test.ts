import { describe, expect, it } from 'vitest';
import { errorRate, scoreCorpus } from '../../../server/metrics/error-rates.ts';

describe('scoreCorpus', () => {
  const score = scoreCorpus([
    // Only case and punctuation differ: no errors.
    { id: 'a', reference: 'Labdien, kā jums klājas?', hypothesis: 'labdien kā jums klājas' },
    // "divi" deleted, "četri" inserted (1 D + 1 I beats 2 S under sclite weights).
    { id: 'b', reference: 'viens divi trīs', hypothesis: 'viens trīs četri' },
    { id: 'c', reference: 'Paldies.', hypothesis: '' },
  ]);

  it('sums word counts and divides by reference words', () => {
    expect(score).toMatchObject({ words: 8, hits: 6, substitutions: 0, deletions: 2, insertions: 1 });
    expect(score.wer).toBeCloseTo(3 / 8, 12);
  });

  it('computes CER on code points of the normalised text, spaces included', () => {
    // "labdien kā jums klājas" 22 + "viens divi trīs" 15 + "paldies" 7.
    expect(score.chars).toBe(44);
    // "viens divi trīs" -> "viens trīs četri": 8 unit edits (checked with an
    // independent Python Levenshtein); "paldies" -> "": 7 deletions.
    expect(score.utterances[1]!.charErrors).toBe(8);
    expect(score.charErrors).toBe(0 + 8 + 7);
    expect(score.cer).toBeCloseTo(15 / 44, 12);
  });

  it('reports each utterance with its own rates', () => {
    expect(score.utterances.map((u) => [u.id, u.wer])).toEqual([
      ['a', 0],
      ['b', 2 / 3],
      ['c', 1],
    ]);
  });

  it('gives an empty reference rate 0, or 1 when something was inserted', () => {
    expect(errorRate(0, 0)).toBe(0);
    expect(errorRate(2, 0)).toBe(1);
    const empty = scoreCorpus([{ id: 'x', reference: '', hypothesis: 'ē nu' }]);
    expect(empty).toMatchObject({ words: 0, insertions: 2, wer: 1 });
    expect(scoreCorpus([])).toMatchObject({ wer: 0, cer: 0, words: 0, utterances: [] });
  });
});
