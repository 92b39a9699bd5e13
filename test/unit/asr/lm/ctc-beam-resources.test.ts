import { describe, expect, it } from 'vitest';
import { ctcBeamSearch } from '../../../../server/asr/lm/ctc-beam.ts';
import { buildBeamResources, spokenTerm, termSentences } from '../../../../server/asr/lm/ctc-beam-resources.ts';
import { buildNgramLm } from '../../../../server/asr/lm/ngram-lm.ts';
import { LV_TABLE, matrix, spell } from './ctc-beam-matrix.ts';

const lm = buildNgramLm(['klients saņem pabalstu', 'bāriņtiesa pieņem lēmumu']);

describe('buildBeamResources', () => {
  it('lexicon = LM words + every inflected form of the terms; hotwords = the inflected phrases', () => {
    const r = buildBeamResources({ lm, terms: [{ phrase: 'mājokļa pabalsts' }, { phrase: 'Latvenergo', inflect: false }] });
    expect(r.lexicon!.has('klients')).toBe(true);
    expect(r.lexicon!.has('pabalstam')).toBe(true);
    expect(r.lexicon!.has('latvenergo')).toBe(true);
    expect(r.phraseCount).toBeGreaterThan(5);
    expect(r.rejectedTerms).toEqual([]);
  });

  it('rejects terms with digits or symbols and says which', () => {
    const r = buildBeamResources({ lm, terms: [{ phrase: 'MK noteikumi Nr. 809' }, { phrase: 'GMI pabalsts' }] });
    expect(r.rejectedTerms).toEqual(['MK noteikumi Nr. 809']);
    expect(spokenTerm('sociāli–ekonomisks, (statuss)')).toBe('sociāli ekonomisks statuss');
  });

  it('warns about configurations that decode badly', () => {
    expect(buildBeamResources({ lm, lexicon: false }).warnings.join()).toMatch(/without a lexicon/);
    expect(buildBeamResources({ lm }).warnings.join()).toMatch(/spelling check/);
  });

  it('term sentences for LM training: every variant once', () => {
    const s = termSentences([{ phrase: 'bāriņtiesa' }], null);
    expect(s).toContain('bāriņtiesai');
    expect(new Set(s).size).toBe(s.length);
  });
});

describe('spelling check', () => {
  it('a word outside the LM that the check accepts pays no OOV penalty', () => {
    const m = matrix(spell('klients saņem zibšņa'), 0.97);
    const base = buildBeamResources({ lm });
    const plain = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, base);
    const checked = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, { ...base, spellCheck: (w) => w === 'zibšņa' });
    expect(plain.text).toBe('klients saņem zibšņa');
    expect(checked.text).toBe('klients saņem zibšņa');
    expect(plain.nBest[0]!.oovWords).toBe(1);
    expect(checked.nBest[0]!.oovWords).toBe(0);
    // refunded: the once-per-word and per-letter penalties, 2 + 0.5·6 nats with the defaults
    expect(checked.nBest[0]!.score - plain.nBest[0]!.score).toBeCloseTo(2 + 0.5 * 6, 4);
  });
});
