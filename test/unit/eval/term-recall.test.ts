import { describe, expect, it } from 'vitest';
import { NO_CATEGORY, TermMatcher, countPhrase, termHits, termRecall } from '../../../server/eval/term-recall.ts';

const MATCHER = new TermMatcher([
  { term: 'GMI', spoken: 'gē em ī', category: 'abbreviation' },
  { term: 'GMI pabalsts', spoken: 'gē em ī pabalsts', category: 'term' },
  { term: 'pabalsts', category: 'term' },
  { term: 'Brīvības iela', category: 'street' },
  { term: 'Rīga', category: 'town' },
  // same spoken form as "Rīga": the first one's category is kept
  { term: 'RĪGA', category: 'other' },
  { term: 'Latvenergo' },
  // normalises to nothing: left out
  { term: '—', category: 'punctuation' },
]);

describe('TermMatcher', () => {
  it('indexes each spoken form once, lower case and normalised', () => {
    expect(MATCHER.size).toBe(6);
    expect(MATCHER.categoryOf('rīga')).toBe('town');
    expect(MATCHER.categoryOf('latvenergo')).toBe(NO_CATEGORY);
  });

  it('matches spoken forms as whole words, ignoring case and punctuation', () => {
    expect(MATCHER.occurrences('Klients dzīvo Rīga, Brīvības iela 5.')).toEqual(['rīga', 'brīvības iela']);
    // "rīgā" and "rīgas" are other words; "pabalstsx" is not "pabalsts"
    expect(MATCHER.occurrences('rīgā rīgas pabalstsx')).toEqual([]);
  });

  it('takes the longest term at each position, so a multi-word term counts once', () => {
    expect(MATCHER.occurrences('gē em ī pabalsts un gē em ī')).toEqual(['gē em ī pabalsts', 'gē em ī']);
    expect(MATCHER.occurrences('pabalsts pabalsts')).toEqual(['pabalsts', 'pabalsts']);
  });

  it('backs off to a shorter term when the longer one does not complete', () => {
    // "gē em ī" followed by something other than "pabalsts"; "gē em" alone is no term
    expect(MATCHER.occurrences('gē em ī piešķirts, gē em')).toEqual(['gē em ī']);
    expect(MATCHER.occurrences('brīvības laukums')).toEqual([]);
  });
});

describe('countPhrase', () => {
  it('counts non-overlapping whole-word runs', () => {
    expect(countPhrase(['a', 'b', 'a', 'b', 'a'], ['a', 'b'])).toBe(2);
    expect(countPhrase(['a', 'a', 'a'], ['a', 'a'])).toBe(1);
    expect(countPhrase(['a'], ['a', 'b'])).toBe(0);
    expect(countPhrase(['a'], [])).toBe(0);
  });
});

describe('termHits', () => {
  it('credits at most as many hits as the reference has occurrences', () => {
    const hits = termHits(['pabalsts', 'pabalsts', 'rīga'], 'pabalsts rīga rīga');
    expect(Object.fromEntries(hits)).toEqual({ pabalsts: { occurrences: 2, hits: 1 }, rīga: { occurrences: 1, hits: 1 } });
  });

  it('needs every word of a multi-word term, in order, as whole words', () => {
    expect(termHits(['brīvības iela'], 'Brīvības iela!').get('brīvības iela')!.hits).toBe(1);
    expect(termHits(['brīvības iela'], 'brīvības ielā').get('brīvības iela')!.hits).toBe(0);
    expect(termHits(['brīvības iela'], 'iela brīvības').get('brīvības iela')!.hits).toBe(0);
  });
});

describe('termRecall', () => {
  const references = ['gē em ī pabalsts piešķirts', 'dzīvo rīgā', 'brīvības iela un rīga, rīga', 'Latvenergo rēķins'];
  const hypotheses = ['gē em ī pabalsts piešķirts', 'dzīvo rīgā', 'brīvības ielā un rīga', 'latvenergo rēķins latvenergo'];
  const refTerms = references.map((r) => MATCHER.occurrences(r));
  const recall = termRecall(MATCHER, refTerms, hypotheses);

  it('counts occurrences in the references and exact hits in the hypotheses', () => {
    // occurrences: gē em ī pabalsts, brīvības iela, rīga ×2, latvenergo = 5
    // hits: gē em ī pabalsts, rīga ×1 (the hypothesis has one), latvenergo ×1 (capped) = 3
    expect(refTerms).toEqual([['gē em ī pabalsts'], [], ['brīvības iela', 'rīga', 'rīga'], ['latvenergo']]);
    expect(recall).toMatchObject({ occurrences: 5, hits: 3 });
    expect(recall.recall).toBeCloseTo(3 / 5, 12);
  });

  it('splits by category, sorted, with the same totals', () => {
    expect(recall.byCategory.map((c) => [c.category, c.occurrences, c.hits])).toEqual([
      [NO_CATEGORY, 1, 1],
      ['street', 1, 0],
      ['term', 1, 1],
      ['town', 2, 1],
    ]);
    expect(recall.byCategory.find((c) => c.category === 'town')!.recall).toBeCloseTo(0.5, 12);
    expect(recall.byCategory.reduce((n, c) => n + c.occurrences, 0)).toBe(recall.occurrences);
  });

  it('has no recall (null, not 0 or 1) when the references contain no terms', () => {
    expect(termRecall(MATCHER, [[], []], ['rīga', ''])).toEqual({ occurrences: 0, hits: 0, recall: null, byCategory: [] });
  });

  it('refuses references and hypotheses of different lengths', () => {
    expect(() => termRecall(MATCHER, [[]], [])).toThrow(RangeError);
  });
});
