import { describe, expect, it } from 'vitest';
import { CtcBeamDecoder, ctcBeamSearch, DEFAULT_BEAM_OPTIONS } from '../../../../server/asr/lm/ctc-beam.ts';
import { buildBeamResources } from '../../../../server/asr/lm/ctc-beam-resources.ts';
import { bestPath, collapse, tokensToWords, wordsToText } from '../../../../server/asr/ctc-greedy.ts';
import { buildNgramLm } from '../../../../server/asr/lm/ngram-lm.ts';
import { LV_TABLE, LV_TOKENS, VOCAB, matrix, rng, spell, type Frame } from './ctc-beam-matrix.ts';

const CORPUS = [
  'pabalsts par apkuri tiek piešķirts',
  'klients lūdz pabalstu par apkuri',
  'iesniegums par apkuri ir saņemts',
  'bezdarba līmenis pieaug',
  'bezdarba pabalsts tiek izmaksāts',
  'klients saņem bezdarba pabalstu',
  'bāriņtiesa pieņem lēmumu',
  'bāriņtiesa izskata lietu',
  'viņa strādā dārza darbus',
  'klients dzīvo pie dārza',
  'pašvaldība piešķir mājokļa pabalstu',
];
const lm = buildNgramLm(CORPUS, { order: 3 });
const withLm = buildBeamResources({ lm });

function greedy(m: { data: Float32Array; numFrames: number; vocab: number }) {
  const { ids, probs } = bestPath(m.data, m.numFrames, m.vocab);
  return tokensToWords(collapse(ids, probs, LV_TABLE.blankId), LV_TABLE, 0.04);
}

/** frames of `text` where the character at `index` (in `spell` frame order) is replaced by `frame` */
function withFrame(text: string, match: (frames: Frame[]) => number, frame: Frame): Frame[] {
  const frames = spell(text);
  frames[match(frames)] = frame;
  return frames;
}

describe('domain knowledge fixes greedy errors', () => {
  it('splits words run together: "parapkuri" → "par apkuri"', () => {
    // the boundary between "par" and "apkuri" is weak: blank 0.55 over '|' 0.4
    const frames = [...spell('pabalsts par'), { _: 0.55, '|': 0.4 }, ...spell('apkuri').slice(1)];
    const m = matrix(frames);
    expect(wordsToText(greedy(m))).toBe('pabalsts parapkuri');
    const beam = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm);
    expect(beam.text).toBe('pabalsts par apkuri');
  });

  it('joins words split apart: "bez darba" → "bezdarba"', () => {
    const frames = [...spell('bez'), { '|': 0.6, _: 0.35 }, ...spell('darba pabalsts').slice(1)];
    const m = matrix(frames);
    expect(wordsToText(greedy(m))).toBe('bez darba pabalsts');
    expect(ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm).text).toBe('bezdarba pabalsts');
  });

  it('fixes a one-letter confusion: "bārintiesa" → "bāriņtiesa"', () => {
    const frames = withFrame('bāriņtiesa pieņem lēmumu', (f) => f.indexOf('ņ'), { n: 0.55, ņ: 0.4 });
    const m = matrix(frames);
    expect(wordsToText(greedy(m))).toBe('bārintiesa pieņem lēmumu');
    expect(ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm).text).toBe('bāriņtiesa pieņem lēmumu');
  });

  it('still decodes a confidently spoken word the LM has never seen', () => {
    const m = matrix(spell('klients zibšņa pabalstu'), 0.97);
    const beam = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm);
    expect(beam.text).toBe('klients zibšņa pabalstu');
    expect(beam.nBest[0]!.oovWords).toBe(1);
  });
});

describe('boosted terms', () => {
  // "dārza" is a known word; "Dārta" (a name) differs in one letter the acoustics find unclear
  const frames = withFrame('viņa dārta', (f) => f.lastIndexOf('t'), { z: 0.5, t: 0.45 });
  const m = matrix(frames);

  it('win over a similar-sounding known word', () => {
    expect(ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm).text).toBe('viņa dārza');
    const boosted = buildBeamResources({ lm, terms: [{ phrase: 'Dārta' }] });
    const beam = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, boosted);
    expect(beam.text).toBe('viņa dārta');
    expect(beam.nBest[0]!.hotwordBonus).toBeGreaterThan(0);
  });

  it('boost = 0 adds the word to the lexicon without boosting it', () => {
    const plain = buildBeamResources({ lm, terms: [{ phrase: 'Dārta', boost: 0 }] });
    expect(plain.hotwords).toBeNull();
    expect(plain.lexicon!.has('dārta')).toBe(true);
    expect(ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, plain).text).toBe('viņa dārza');
  });

  it('help the inflected forms of a multi-word term given in the nominative', () => {
    // said: "mājokļa pabalstu"; the 'ļ' is unclear (l 0.55, ļ 0.4), no LM at all
    const f = withFrame('mājokļa pabalstu', (x) => x.indexOf('ļ'), { l: 0.55, ļ: 0.4 });
    const mm = matrix(f);
    expect(ctcBeamSearch(mm.data, mm.numFrames, mm.vocab, LV_TABLE, {}, { lmWeight: 0, wordBonus: 0 }).text).toBe('mājokla pabalstu');
    const boosted = buildBeamResources({ terms: [{ phrase: 'mājokļa pabalsts' }], lexicon: false });
    expect(ctcBeamSearch(mm.data, mm.numFrames, mm.vocab, LV_TABLE, boosted, { lmWeight: 0, wordBonus: 0 }).text).toBe('mājokļa pabalstu');
  });

  it('do not fire on a word that only starts like the term', () => {
    // "dārtsmu" shares "dārt" with the term but is no form of it
    const mm = matrix(spell('viņa dārtsmu'), 0.95);
    const boosted = buildBeamResources({ lm, terms: [{ phrase: 'Dārta' }] });
    const beam = ctcBeamSearch(mm.data, mm.numFrames, mm.vocab, LV_TABLE, boosted);
    expect(beam.text).toBe('viņa dārtsmu');
    expect(beam.nBest[0]!.hotwordBonus).toBe(0);
  });
});

describe('without domain knowledge', () => {
  it('equals greedy decoding on peaked posteriors (α = β = 0, no lexicon), times and confidences too', () => {
    const rand = rng(7);
    for (let trial = 0; trial < 30; trial++) {
      const frames: Frame[] = [];
      const n = 20 + Math.floor(rand() * 60);
      for (let t = 0; t < n; t++) {
        const id = rand() < 0.45 ? 0 : 2 + Math.floor(rand() * (VOCAB - 2));
        frames.push(id === 0 ? '_' : LV_TOKENS[id]!);
      }
      const m = matrix(frames, 0.6 + rand() * 0.35);
      const g = greedy(m);
      const beam = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, {}, { lmWeight: 0, wordBonus: 0 });
      expect(beam.text).toBe(wordsToText(g));
      expect(beam.words).toEqual(g);
    }
  });

  it('prefers the label sequence with the most total probability over the best single path', () => {
    // best path: "_" "_" (blank 0.4 twice) → ""; but "a" has 0.6·0.6 + 2·0.6·0.4·... in total
    const m = matrix([{ a: 0.35, _: 0.4 }, { a: 0.35, _: 0.4 }]);
    expect(wordsToText(greedy(m))).toBe('');
    expect(ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, {}, { lmWeight: 0, wordBonus: 0 }).text).toBe('a');
  });
});

describe('result shape', () => {
  const m = matrix([...spell('pabalsts par'), { _: 0.55, '|': 0.4 }, ...spell('apkuri').slice(1)]);

  it('word times are monotonic, inside the utterance, offset applied', () => {
    const offset = 12.5;
    const beam = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm, { timeOffsetSec: offset });
    expect(beam.words.map((w) => w.word)).toEqual(['pabalsts', 'par', 'apkuri']);
    let last = offset;
    for (const w of beam.words) {
      expect(w.start).toBeGreaterThanOrEqual(last);
      expect(w.end).toBeGreaterThan(w.start);
      expect(w.conf).toBeGreaterThan(0);
      expect(w.conf).toBeLessThanOrEqual(1);
      last = w.end;
    }
    expect(last).toBeLessThanOrEqual(offset + m.numFrames * 0.04 + 1e-9);
    // "par": frames 18..22 in spell order (blank p _ a _ r): starts at p's frame
    const par = beam.words[1]!;
    expect(par.start).toBeCloseTo(offset + 19 * 0.04, 6);
    expect(par.end).toBeCloseTo(offset + 24 * 0.04, 6);
  });

  it('n-best: distinct texts, best first, at most nBest', () => {
    const beam = ctcBeamSearch(m.data, m.numFrames, m.vocab, LV_TABLE, withLm, { nBest: 3 });
    expect(beam.nBest.length).toBeLessThanOrEqual(3);
    expect(beam.nBest.length).toBeGreaterThan(1);
    expect(new Set(beam.nBest.map((h) => h.text)).size).toBe(beam.nBest.length);
    for (let i = 1; i < beam.nBest.length; i++) expect(beam.nBest[i]!.score).toBeLessThanOrEqual(beam.nBest[i - 1]!.score);
    expect(beam.nBest[0]!.text).toBe(beam.text);
    expect(beam.nBest[0]!.lmLogProb).toBeCloseTo(lm.sentenceLogProb(['pabalsts', 'par', 'apkuri']), 5);
  });

  it('an empty or all-blank input gives no words', () => {
    const empty = ctcBeamSearch(new Float32Array(0), 0, VOCAB, LV_TABLE, withLm);
    expect(empty.text).toBe('');
    const blanks = matrix(['_', '_', '|', '_']);
    const r = ctcBeamSearch(blanks.data, blanks.numFrames, blanks.vocab, LV_TABLE, withLm);
    expect(r.text).toBe('');
    expect(r.words).toEqual([]);
  });

  it('a decoder is reusable and per-call options override its defaults', () => {
    const decoder = new CtcBeamDecoder(LV_TABLE, withLm, { beamWidth: 8 });
    expect(decoder.options.beamWidth).toBe(8);
    expect(decoder.options.lmWeight).toBe(DEFAULT_BEAM_OPTIONS.lmWeight);
    expect(decoder.decode(m.data, m.numFrames, m.vocab).text).toBe('pabalsts par apkuri');
    expect(decoder.decode(m.data, m.numFrames, m.vocab, { lmWeight: 0, wordBonus: 0, oovPenalty: 0, oovCharPenalty: 0 }).text).toBe('pabalsts parapkuri');
  });
});

describe('other vocabularies', () => {
  it('sentencepiece-style word-start pieces', () => {
    const table = { tokens: ['<blk>', '▁par', '▁ap', 'kuri', 'ap'], blankId: 0, wordDelimiter: null, wordStartPrefix: '▁', specialTokens: [] };
    const rows = [
      [0.05, 0.9, 0.02, 0.02, 0.01],
      [0.9, 0.05, 0.02, 0.02, 0.01],
      [0.1, 0.02, 0.4, 0.03, 0.45], // "ap" (no word start) beats "▁ap" on acoustics
      [0.9, 0.02, 0.02, 0.05, 0.01],
      [0.05, 0.02, 0.02, 0.9, 0.01],
    ];
    const data = new Float32Array(rows.flat().map(Math.log));
    expect(ctcBeamSearch(data, 5, 5, table, {}, { lmWeight: 0, wordBonus: 0 }).text).toBe('parapkuri');
    const r = ctcBeamSearch(data, 5, 5, table, withLm);
    expect(r.text).toBe('par apkuri');
    expect(r.words.map((w) => [w.word, w.start, w.end])).toEqual([
      ['par', 0, 0.04],
      ['apkuri', 0.08, 0.2],
    ]);
  });
});

describe('bad call', () => {
  it('rejects a matrix that does not match the token table', () => {
    expect(() => ctcBeamSearch(new Float32Array(10), 2, 5, LV_TABLE)).toThrow(/token table has 37/);
    expect(() => ctcBeamSearch(new Float32Array(10), 2, VOCAB, LV_TABLE)).toThrow(/expected 2×37/);
  });
});
