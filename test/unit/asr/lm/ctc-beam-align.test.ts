import { describe, expect, it } from 'vitest';
import { alignLabels } from '../../../../server/asr/lm/ctc-beam-align.ts';

// vocab: 0 blank, 1 '|', 2 a, 3 b
const rows = (ps: number[][]): Float32Array => new Float32Array(ps.flat().map(Math.log));

describe('alignLabels', () => {
  it('finds each label’s frames on the best path', () => {
    const lp = rows([
      [0.1, 0.0, 0.8, 0.1],
      [0.1, 0.0, 0.8, 0.1],
      [0.8, 0.0, 0.1, 0.1],
      [0.1, 0.0, 0.1, 0.8],
    ]);
    const a = alignLabels(lp, 4, 4, [2, 3], 0, 1)!;
    expect(Array.from(a.firstFrame)).toEqual([0, 3]);
    expect(Array.from(a.lastFrame)).toEqual([1, 3]);
    expect(Math.exp(a.logProb[0]!)).toBeCloseTo(0.8, 6);
  });

  it('lets delimiter frames stand where blanks may, and separates repeated labels', () => {
    const lp = rows([
      [0.05, 0.9, 0.03, 0.02],
      [0.05, 0.05, 0.85, 0.05],
      [0.05, 0.9, 0.03, 0.02],
      [0.05, 0.05, 0.85, 0.05],
    ]);
    const a = alignLabels(lp, 4, 4, [2, 2], 0, 1)!;
    expect(Array.from(a.firstFrame)).toEqual([1, 3]);
    expect(Array.from(a.lastFrame)).toEqual([1, 3]);
  });

  it('returns null when the labels cannot fit the frames', () => {
    const lp = rows([[0.25, 0.25, 0.25, 0.25]]);
    expect(alignLabels(lp, 1, 4, [2, 2], 0, 1)).toBeNull();
    expect(alignLabels(lp, 1, 4, [], 0, 1)!.firstFrame.length).toBe(0);
  });
});
