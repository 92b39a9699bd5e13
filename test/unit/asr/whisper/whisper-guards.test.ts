import { describe, expect, it } from 'vitest';
import { compressionRatio, isUnreliable, judgeWindow, loopCut } from '../../../../server/asr/whisper/whisper-guards.ts';
import { LogitFilter, beamSearch, greedySearch, topK, type DecoderStepper } from '../../../../server/asr/whisper/whisper-search.ts';

describe('loopCut', () => {
  it('leaves short repeats alone ("ļoti ļoti")', () => {
    expect(loopCut([5, 6, 7, 7])).toBeNull();
    expect(loopCut([1, 2, 1, 2, 1, 2])).toBeNull();
  });
  it('cuts twelve of the same token to one', () => {
    expect(loopCut([9, ...new Array(12).fill(4)])).toBe(2);
  });
  it('cuts a 3-gram repeated four times to its first copy', () => {
    expect(loopCut([8, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3])).toBe(4);
  });
});

describe('isUnreliable', () => {
  it('loops, over-compressible text and a missing end of text are unreliable; low log-prob alone is not', () => {
    expect(isUnreliable(['repetition'])).toBe(true);
    expect(isUnreliable(['low-logprob', 'compression-ratio'])).toBe(true);
    expect(isUnreliable(['max-length'])).toBe(true);
    expect(isUnreliable(['low-logprob'])).toBe(false);
    expect(isUnreliable([])).toBe(false);
  });
});

describe('compressionRatio and judgeWindow', () => {
  it('looping text compresses well, ordinary text does not', () => {
    expect(compressionRatio('Klients iesniedza iesniegumu sociālā dienesta nodaļā.')).toBeLessThan(1.5);
    expect(compressionRatio('un tad un tad '.repeat(20))).toBeGreaterThan(2.4);
    expect(compressionRatio('')).toBe(0);
  });
  it('silence needs both a high no-speech probability and an unsure text', () => {
    expect(judgeWindow({ text: 'x', avgLogprob: -1.5, noSpeechProb: 0.9 })).toEqual({ silent: true, flags: ['no-speech'] });
    expect(judgeWindow({ text: 'labi', avgLogprob: -0.2, noSpeechProb: 0.9 })).toEqual({ silent: false, flags: [] });
    expect(judgeWindow({ text: 'labi', avgLogprob: -1.5, noSpeechProb: 0.1 }).flags).toEqual(['low-logprob']);
    expect(judgeWindow({ text: 'un tad '.repeat(30), avgLogprob: -0.1, noSpeechProb: null }).flags).toEqual(['compression-ratio']);
  });
});

describe('search rules with a scripted model', () => {
  // vocab: 0..3 text, 4 = eot, 5..6 specials (above eot: always suppressed)
  const rules = { vocabSize: 7, eot: 4, suppressTokens: [3], beginSuppressTokens: [4] };
  const filter = new LogitFilter(rules);
  const row = (...v: number[]): Float32Array => Float32Array.from(v);

  it('suppresses tokens, every id above eot, and begin-suppress on the first step only', () => {
    const lp = filter.logProbs(row(0, 0, 0, 9, 9, 9, 9), 0, true);
    expect([lp[3], lp[4], lp[5], lp[6]]).toEqual([-Infinity, -Infinity, -Infinity, -Infinity]);
    expect(lp[0]).toBeCloseTo(Math.log(1 / 3), 12);
    expect(filter.logProbs(row(0, 0, 0, 9, 9, 9, 9), 0, false)[4]).toBeCloseTo(Math.log(Math.exp(9) / (3 + Math.exp(9))), 9);
  });

  it('topK breaks ties by the lower id', () => {
    expect(topK(Float64Array.of(1, 3, 3, 2), 3)).toEqual([1, 2, 3]);
  });

  it('greedy stops at eot; beam prefers the better average', async () => {
    // step 0: token 1 (0 suppressed? no: 1 is best); step 1: eot
    const script = [row(0, 5, 0, 0, 9, 0, 0), row(0, 0, 0, 0, 9, 0, 0)];
    let i = 0;
    const stepper: DecoderStepper = { step: async () => script[i++]! };
    const g = await greedySearch(row(0, 5, 1, 0, 9, 0, 0), stepper, filter, 10);
    expect(g.tokens).toEqual([1]);
    expect(g.flags).toEqual([]);
    const beamStepper: DecoderStepper = {
      step: async (tokens) => {
        const out = new Float32Array(tokens.length * 7);
        tokens.forEach((_, b) => out.set([0, 0, 0, 0, 6, 0, 0], b * 7));
        return out;
      },
    };
    const b = await beamSearch(row(0, 5, 4.9, 0, 9, 0, 0), beamStepper, filter, 2, 10);
    expect(b.tokens).toEqual([1]);
  });
});
