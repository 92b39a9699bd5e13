/** The two-pass glue: bias terms from corpora, the LM on CTC finals, unreliable results, word times. */
import { describe, expect, it } from 'vitest';
import type { BiasTerms, UtteranceDecoder, UtteranceResult } from '../../../server/asr/final-pass.ts';
import { biasTermsFromCorpus, secondPassFn, wordsFromResult } from '../../../server/asr/two-pass.ts';

const decoder = (result: UtteranceResult, seen: (BiasTerms | undefined)[] = []): UtteranceDecoder => ({
  family: 'fake',
  decode: async (_s, bias) => {
    seen.push(bias);
    return result;
  },
  dispose: async () => undefined,
});

describe('two-pass glue', () => {
  it('takes the spoken form of terms of weight >= 1, once each', () => {
    const e = (term: string, weight: number, spoken: string | null = null) => ({ term, weight, spoken, category: null, display: null });
    expect(biasTermsFromCorpus([e('GMI', 1, 'gē em ī'), e('Jānis', 0.3), e('klients', 2), e('klients', 1), e(' ', 1)])).toEqual(['gē em ī', 'klients']);
  });

  it('passes the bias terms and spreads word times by word length', async () => {
    const seen: (BiasTerms | undefined)[] = [];
    const fn = secondPassFn({ final: decoder({ text: 'ab abcd', tokens: [1, 2], flags: ['hotwords'] }, seen), bias: () => ({ terms: ['abcd'] }), lm: () => null });
    const r = await fn(new Float32Array(16000 * 3), 10);
    expect(seen).toEqual([{ terms: ['abcd'] }]);
    expect(r.flags).toEqual(['hotwords']);
    expect(r.words).toEqual([
      { word: 'ab', start: 10, end: 11, conf: 1 },
      { word: 'abcd', start: 11, end: 13, conf: 1 },
    ]);
  });

  it('runs the LM on a CTC final\'s log-probabilities when it fits', async () => {
    const logProbs = { data: new Float32Array(6), frames: 2, vocab: 3 };
    const fn = secondPassFn({
      final: decoder({ text: 'greedy', tokens: [1], flags: [], logProbs } as UtteranceResult),
      bias: () => null,
      lm: () => async (lp, offsetSec) => [{ word: `lm${lp.frames}`, start: offsetSec, end: offsetSec + 1, conf: 0.9 }],
    });
    const r = await fn(new Float32Array(16000), 2);
    expect(r.flags).toEqual(['lm']);
    expect(r.words).toEqual([{ word: 'lm2', start: 2, end: 3, conf: 0.9 }]);
  });

  it('answers words: null for a result Whisper marks unreliable', async () => {
    const fn = secondPassFn({ final: decoder({ text: 'la la la la', tokens: [], flags: ['repetition'] }), bias: () => null, lm: () => null });
    expect(await fn(new Float32Array(16000), 0)).toEqual({ words: null, flags: ['repetition'] });
  });

  it('an empty text gives no words', () => {
    expect(wordsFromResult({ text: '', tokens: [], flags: [] }, 0, 1)).toEqual([]);
  });
});
