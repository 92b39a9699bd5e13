import { describe, expect, it } from 'vitest';
import { buildNgramLm } from '../../../../server/asr/lm/ngram-lm.ts';
import { buildNgramLmInWorker } from '../../../../server/asr/lm/ngram-worker.ts';

const CORPUS = ['sociālais dienests piešķir pabalstu', 'bāriņtiesa pieņem lēmumu', 'klients saņem pabalstu par apkuri'];

describe('buildNgramLmInWorker', () => {
  it('builds on a worker thread the same model as in-process', async () => {
    const { lm, ms } = await buildNgramLmInWorker(CORPUS, { order: 3, unkLogProb: -10 });
    const local = buildNgramLm(CORPUS, { order: 3, unkLogProb: -10 });
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(lm.vocabulary).toEqual(local.vocabulary);
    for (const s of [...CORPUS, 'klients nezināms']) expect(lm.sentenceLogProb(s.split(' '))).toBe(local.sentenceLogProb(s.split(' ')));
  });

  it('reports a failed build as a rejection that says why', async () => {
    await expect(buildNgramLmInWorker(CORPUS, { order: 9 })).rejects.toThrow(/LM build failed in the worker: .*order/);
  });

  it('can be aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('corpus changed again'));
    await expect(buildNgramLmInWorker(CORPUS, {}, controller.signal)).rejects.toThrow(/corpus changed again/);
  });
});
