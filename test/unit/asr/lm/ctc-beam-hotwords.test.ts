import { describe, expect, it } from 'vitest';
import { HotwordGraph, type HotwordState } from '../../../../server/asr/lm/ctc-beam-hotwords.ts';

/** Feed text (space = word boundary) and record the total bonus after each character. */
function feed(g: HotwordGraph, text: string, from: HotwordState = g.start()): { scores: number[]; state: HotwordState } {
  let state = from;
  const scores: number[] = [];
  for (const ch of text) {
    state = g.advance(state, ch.charCodeAt(0));
    scores.push(HotwordGraph.score(state));
  }
  return { scores, state };
}

describe('HotwordGraph', () => {
  it('earns the boost per letter and keeps it once the word is complete', () => {
    const g = new HotwordGraph([{ phrase: 'abc' }], { boostPerChar: 1 });
    const { scores, state } = feed(g, 'abc ');
    expect(scores).toEqual([1, 2, 3, 3]);
    expect(state.committed).toBe(3);
    expect(HotwordGraph.score(g.finish(state))).toBe(3);
  });

  it('takes back the unconfirmed bonus when the match breaks or the utterance ends', () => {
    const g = new HotwordGraph([{ phrase: 'abc' }], { boostPerChar: 1 });
    expect(feed(g, 'abd').scores).toEqual([1, 2, 0]);
    expect(feed(g, 'abcd ').scores).toEqual([1, 2, 3, 0, 0]); // "abcd" is another word
    expect(HotwordGraph.score(g.finish(feed(g, 'ab').state))).toBe(0);
  });

  it('matches whole words only', () => {
    const g = new HotwordGraph([{ phrase: 'abc' }], { boostPerChar: 1 });
    expect(feed(g, 'xabc ').scores.every((s) => s === 0)).toBe(true);
    expect(feed(g, 'ab abc ').scores).toEqual([1, 2, 0, 1, 2, 3, 3]);
  });

  it('multi-word phrases, per-phrase boosts, and a phrase that starts a longer one', () => {
    const g = new HotwordGraph([{ phrase: 'ab' }, { phrase: 'ab  cd', boost: 2 }], { boostPerChar: 1 });
    expect(g.size).toBe(2);
    // "ab" shares its letters with the longer phrase: the larger boost applies to them
    const { scores, state } = feed(g, 'ab cd ');
    expect(scores).toEqual([2, 4, 4, 6, 8, 8]);
    expect(state.committed).toBe(8);
    // the longer phrase breaks after its first phrase completed: that part stays
    expect(feed(g, 'ab ce ').scores).toEqual([2, 4, 4, 6, 4, 4]);
  });

  it('falls back to a shorter phrase inside a failed longer one', () => {
    const g = new HotwordGraph([{ phrase: 'x ab' }, { phrase: 'ab' }], { boostPerChar: 1 });
    // "x ab" breaks at 'c' ("x abc"), "ab" is not a whole word there either
    expect(feed(g, 'x abc ').state.committed).toBe(0);
    // "y ab": only "ab" matches
    expect(feed(g, 'y ab ').state.committed).toBe(2);
  });

  it('rejects negative or non-finite boosts', () => {
    expect(() => new HotwordGraph([{ phrase: 'abc', boost: -1 }])).toThrow(/boost/);
    expect(() => new HotwordGraph([{ phrase: 'abc', boost: Number.NaN }])).toThrow(/boost/);
  });
});
