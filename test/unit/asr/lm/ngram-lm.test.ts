import { describe, expect, it } from 'vitest';
import { buildNgramLm, type NgramLm } from '../../../../server/asr/lm/ngram-lm.ts';
import { estimateDiscounts, FALLBACK_DISCOUNTS } from '../../../../server/asr/lm/ngram-kneser-ney.ts';
import { deserializeNgramLm, serializeNgramLm, toArpa } from '../../../../server/asr/lm/ngram-serialize.ts';
import { toLmSentence } from '../../../../server/asr/lm/ngram-text.ts';

// Toy corpus for hand-computed numbers. Padded: <s> a b </s> ×2, <s> b a </s>.
const TOY = ['a b', 'a b', 'b a'];
const D1: [number, number, number] = [0.5, 1.0, 1.5];
const D2: [number, number, number] = [0.6, 1.1, 1.6];
const D3: [number, number, number] = [0.7, 1.2, 1.7];
const p = (lm: NgramLm, history: string[], word: string): number => {
  let s = lm.start();
  for (const w of history) s = lm.score(s, w).next;
  return Math.exp(word === '</s>' ? lm.end(s) : lm.score(s, word).logProb);
};
const TOL = 6; // decimal places (float32 storage)

describe('interpolated modified Kneser–Ney, hand-computed', () => {
  // Unigram continuation counts: a {<s>,b}=2, b {a,<s>}=2, </s> {b,a}=2; total 6, all in
  // the count-2 class. |V| = {a, b, </s>, <unk>} = 4. γ(ε) = D2·3/6 = 0.5.
  // p(a) = (2 − 1.0)/6 + 0.5/4 = 0.2916667; p(<unk>) = 0.5/4 = 0.125.
  it('bigram: unigram level and raw-count bigrams', () => {
    const lm = buildNgramLm(TOY, { order: 2, discounts: [D1, D2] });
    expect(lm.unigramLogProb('a')).toBeCloseTo(Math.log(1 / 6 + 1 / 8), TOL);
    expect(lm.unigramLogProb('zzz')).toBeCloseTo(Math.log(0.125), TOL);
    // context <s>: a:2, b:1, total 3, γ = (0.6 + 1.1)/3
    const g = 1.7 / 3;
    expect(p(lm, [], 'a')).toBeCloseTo((2 - 1.1) / 3 + g * 0.2916667, TOL);
    expect(p(lm, [], 'b')).toBeCloseTo((1 - 0.6) / 3 + g * 0.2916667, TOL);
    expect(p(lm, [], '</s>')).toBeCloseTo(g * 0.2916667, TOL);
    expect(p(lm, [], 'nezināms')).toBeCloseTo(g * 0.125, TOL);
    // context a: b:2, </s>:1 (same shape)
    expect(p(lm, ['a'], 'b')).toBeCloseTo(0.4652778, TOL);
    expect(p(lm, ['a'], '</s>')).toBeCloseTo(0.2986111, TOL);
    expect(p(lm, ['a'], 'a')).toBeCloseTo(0.1652778, TOL);
    expect(lm.sentenceLogProb(['a', 'b'])).toBeCloseTo(3 * Math.log(0.4652778), 5);
  });

  // Trigram: bigrams not starting with <s> get continuation counts (a b)=1, (b </s>)=1,
  // (b a)=1, (a </s>)=1, so context a has b:1, </s>:1, γ(a) = 0.6·2/2 = 0.6 and
  // p(b|a) = (1 − 0.6)/2 + 0.6·0.2916667 = 0.375.
  it('trigram: continuation counts at the middle order', () => {
    const lm = buildNgramLm(TOY, { order: 3, discounts: [D1, D2, D3] });
    expect(p(lm, [], 'a')).toBeCloseTo(0.4652778, TOL); // bigram <s> a keeps its raw count
    // (<s> a) b: 2 → (2 − 1.2)/2 + γ(<s> a)=1.2/2 · p(b|a)=0.375 = 0.625
    expect(p(lm, ['a'], 'b')).toBeCloseTo(0.625, TOL);
    expect(p(lm, ['a', 'b'], '</s>')).toBeCloseTo(0.625, TOL);
    expect(lm.sentenceLogProb(['a', 'b'])).toBeCloseTo(Math.log(0.4652778 * 0.625 * 0.625), 5);
    // (<s> b) a: 1 → (1 − 0.7)/1 + 0.7 · p(a|b)=0.375 = 0.5625
    expect(p(lm, ['b'], 'a')).toBeCloseTo(0.5625, TOL);
    // unseen trigram backs off: p(a | <s> a) = γ(<s> a)=0.6 · p(a|a) = 0.6 · (0.6 · 0.2916667)
    expect(p(lm, ['a'], 'a')).toBeCloseTo(0.6 * 0.6 * 0.2916667, TOL);
    // "b b" is no context: p(</s> | <s> b b) = p(</s> | b) = 0.375
    expect(p(lm, ['b', 'b'], '</s>')).toBeCloseTo(0.375, TOL);
  });

  it('modified KN discounts from counts of counts, with KenLM fallback', () => {
    const counts = new Map<string, number>();
    const add = (c: number, times: number): void => {
      for (let i = 0; i < times; i++) counts.set(`${c}:${i}`, c);
    };
    add(1, 100);
    add(2, 40);
    add(3, 20);
    add(4, 10);
    const y = 100 / (100 + 80);
    const [d1, d2, d3] = estimateDiscounts(counts);
    expect(d1).toBeCloseTo(1 - (2 * y * 40) / 100, 12);
    expect(d2).toBeCloseTo(2 - (3 * y * 20) / 40, 12);
    expect(d3).toBeCloseTo(3 - (4 * y * 10) / 20, 12);
    expect(estimateDiscounts(new Map([['x', 1]]))).toEqual(FALLBACK_DISCOUNTS);
  });
});

const CORPUS = [
  'sociālais dienests piešķir pabalstu',
  'sociālais dienests izvērtē iesniegumu',
  'mājokļa pabalsts tiek piešķirts par apkuri',
  'pabalsts par apkuri tiek izmaksāts',
  'bāriņtiesa pieņem lēmumu',
  'klients saņem pabalstu par apkuri',
  'klients iesniedz iesniegumu sociālajam dienestam',
  'bāriņtiesa izvērtē iesniegumu',
  'pabalstu piešķir sociālais dienests',
  'lēmumu pieņem bāriņtiesa',
];

describe('probabilities are normalised', () => {
  for (const order of [1, 2, 3, 4]) {
    it(`sum to 1 over the vocabulary, </s> and <unk> (order ${order})`, () => {
      const lm = buildNgramLm(CORPUS, { order });
      const histories = [[], ['sociālais'], ['sociālais', 'dienests'], ['par', 'apkuri'], ['nezināms'], ['pabalsts', 'nezināms'], ['klients', 'saņem', 'pabalstu']];
      for (const h of histories) {
        let s = lm.start();
        for (const w of h) s = lm.score(s, w).next;
        let sum = Math.exp(lm.end(s)) + Math.exp(lm.score(s, '<unk-word>').logProb);
        for (const w of lm.vocabulary) sum += Math.exp(lm.score(s, w).logProb);
        expect(sum).toBeCloseTo(1, 5);
      }
    });
  }

  it('seen continuations beat unseen ones', () => {
    const lm = buildNgramLm(CORPUS, { order: 3 });
    expect(p(lm, ['par'], 'apkuri')).toBeGreaterThan(p(lm, ['par'], 'bāriņtiesa'));
    expect(lm.sentenceLogProb(['pabalsts', 'par', 'apkuri', 'tiek', 'izmaksāts'])).toBeGreaterThan(
      lm.sentenceLogProb(['pabalsts', 'parapkuri', 'tiek', 'izmaksāts']),
    );
  });
});

describe('out-of-vocabulary words', () => {
  it('score as <unk>: finite, below known words, history restarts', () => {
    const lm = buildNgramLm(CORPUS, { order: 3 });
    const r = lm.score(lm.start(), 'bērziņš');
    expect(r.known).toBe(false);
    expect(Number.isFinite(r.logProb)).toBe(true);
    expect(r.logProb).toBeLessThan(lm.score(lm.start(), 'klients').logProb);
    expect(lm.stateWords(r.next)).toEqual([]);
    expect(lm.has('bērziņš')).toBe(false);
    expect(lm.has('klients')).toBe(true);
    expect(lm.has('</s>')).toBe(false);
  });

  it('uses a fixed unkLogProb when given', () => {
    const lm = buildNgramLm(CORPUS, { order: 3, unkLogProb: -12 });
    expect(lm.score(lm.score(lm.start(), 'klients').next, 'bērziņš').logProb).toBe(-12);
    expect(lm.unigramLogProb('bērziņš')).toBe(-12);
  });
});

describe('state', () => {
  it('keeps at most order − 1 words and only usable contexts', () => {
    const lm = buildNgramLm(CORPUS, { order: 3 });
    let s = lm.start();
    expect(lm.stateWords(s)).toEqual(['<s>']);
    for (const w of ['klients', 'saņem', 'pabalstu']) s = lm.score(s, w).next;
    expect(lm.stateWords(s)).toEqual(['saņem', 'pabalstu']);
  });
});

describe('serialisation', () => {
  it('round-trips to identical scores, including unkLogProb', () => {
    const lm = buildNgramLm(CORPUS, { order: 3, unkLogProb: -9 });
    const bytes = serializeNgramLm(lm);
    // as a view into a larger, unaligned buffer, as after a transfer with framing
    const framed = new Uint8Array(bytes.length + 3);
    framed.set(bytes, 3);
    const back = deserializeNgramLm(framed.subarray(3));
    expect(back.order).toBe(3);
    expect(back.vocabulary).toEqual(lm.vocabulary);
    for (const sentence of [...CORPUS, 'klients nezināms vārds']) {
      const words = sentence.split(' ');
      expect(back.sentenceLogProb(words)).toBe(lm.sentenceLogProb(words));
    }
  });

  it('rejects bytes that are not a model, saying what to do', () => {
    expect(() => deserializeNgramLm(new Uint8Array(40))).toThrow(/rebuild it with serializeNgramLm/);
    const bytes = serializeNgramLm(buildNgramLm(CORPUS));
    expect(() => deserializeNgramLm(bytes.subarray(0, bytes.length - 4))).toThrow(/length/);
  });

  it('exports ARPA in log10 with KenLM conventions', () => {
    const lm = buildNgramLm(TOY, { order: 2, discounts: [D1, D2] });
    const arpa = toArpa(lm);
    expect(arpa).toContain('ngram 1=5'); // <unk> <s> </s> a b
    expect(arpa).toContain('ngram 2=6');
    expect(arpa).toMatch(/^-99\t<s>\t/m);
    const line = arpa.split('\n').find((l) => l.endsWith('\ta b'))!;
    expect(Number(line.split('\t')[0])).toBeCloseTo(Math.log10(0.4652778), 5);
  });
});

describe('bad call', () => {
  it('rejects an order outside 1..6', () => {
    expect(() => buildNgramLm(CORPUS, { order: 0 })).toThrow(/order/);
    expect(() => buildNgramLm(CORPUS, { order: 2, discounts: [D1] })).toThrow(/discounts/);
  });
});

describe('toLmSentence', () => {
  it('lower-cases, strips punctuation, splits on dashes, keeps Latvian letters', () => {
    expect(toLmSentence('Velsas Asamblejas locekļus uztrauc iespēja “tikt uztvertiem kā ērmiem”!')).toBe(
      'velsas asamblejas locekļus uztrauc iespēja tikt uztvertiem kā ērmiem',
    );
    expect(toLmSentence('Sociāli–ekonomiskā situācija (īsi)')).toBe('sociāli ekonomiskā situācija īsi');
  });
  it('drops sentences with digits or symbols and empty ones', () => {
    expect(toLmSentence('50. 1995. gadā')).toBeNull();
    expect(toLmSentence('pieaugums par 5 %')).toBeNull();
    expect(toLmSentence(' … ')).toBeNull();
  });
});
