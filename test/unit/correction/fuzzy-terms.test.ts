import { describe, expect, it } from 'vitest';
import { buildLexicon } from '../../../server/correction/domain-lexicon.ts';
import { correctNearMisses, FuzzyCorrector } from '../../../server/correction/fuzzy-terms.ts';

const lexicon = buildLexicon([
  { term: 'Latvenergo', category: 'provider', weight: 1.5 },
  { term: 'Latvijas Gāze', category: 'provider', weight: 1.5 },
  { term: 'bāriņtiesa', category: 'institution', weight: 1.5 },
  { term: 'mājokļa pabalsts', category: 'term' },
  { term: 'Bērziņš', category: 'surname', weight: 1.5 },
  { term: 'Kristīna', category: 'given-name', weight: 1.5 },
  { term: 'Abita', category: 'given-name', weight: 0.5 },
  { term: 'klients', category: 'term' },
]);
// Stand-in for the Hunspell filter: the ordinary words these tests use.
const common = new Set(['rēķins', 'no', 'pieņēma', 'lēmumu', 'saņem', 'tiesa', 'bāriņ', 'gaze', 'latvijas', 'par', 'klients', 'aba', 'kristīta', 'novada', 'un']);
const fix = (t: string) => correctNearMisses(t, lexicon, { commonWords: common });

describe('correctNearMisses', () => {
  it.each([
    ['rēķins no latvenergu', 'rēķins no latvenergo', 'near-miss'],
    ['lēmumu pieņēma barintiesai', 'lēmumu pieņēma bāriņtiesai', 'near-miss'],
    ['pieņēma bāriņ tiesa', 'pieņēma bāriņtiesa', 'join'],
    ['rēķins no latven ergo', 'rēķins no latvenergo', 'join'],
    ['saņem mājokļapabalstu', 'saņem mājokļa pabalstu', 'split'],
    ['rēķins no latvijas gaze', 'rēķins no latvijas gāze', 'phrase-diacritics'],
    ['klients berzinš', 'klients bērziņš', 'near-miss'],
  ])('%s -> %s (%s)', (text, expected, kind) => {
    const r = fix(text);
    expect(r.text).toBe(expected);
    expect(r.corrections.map((c) => c.kind)).toEqual([kind]);
    expect(r.corrections[0]!.step).toBe('fuzzy');
  });

  describe('expected failure: ordinary words stay', () => {
    it.each([
      'klients pieņēma lēmumu',
      'kristīta', // a participle, one letter from the name Kristīna: names only get diacritic repairs
      'rusiņš', // an unknown surname is not pulled to a known one
      'abitas', // rare calendar names (weight < 1) are no targets
      'klientei', // sibling form of a lexicon word, not a mis-hearing
      'latvijas novada', // a right case form inside a phrase
      'divdesmit pieci punkts',
    ])('%s', (text) => {
      expect(fix(text)).toEqual({ text, corrections: [] });
    });
  });

  it('joins two ordinary words only when the first is not seen in running text', () => {
    const lex = buildLexicon([{ term: 'gribasspēks' }, { term: 'bāriņtiesa' }]);
    const words = new Set(['gribas', 'spēku', 'bāriņ', 'tiesa']);
    const attestedWords = new Set(['gribas', 'spēku', 'tiesa']);
    expect(correctNearMisses('gribas spēku', lex, { commonWords: words, attestedWords }).text).toBe('gribas spēku');
    expect(correctNearMisses('bāriņ tiesa', lex, { commonWords: words, attestedWords }).text).toBe('bāriņtiesa');
  });

  it('takes a participle the word list lacks for a word, not a near miss', () => {
    const lex = buildLexicon([{ term: 'izdegums' }]);
    expect(correctNearMisses('izdegusi', lex, { commonWords: new Set(['izdegu']) }).text).toBe('izdegusi');
    expect(correctNearMisses('izdegumu', lex).text).toBe('izdegumu');
  });

  it('repairs a lost mark on the ending itself ("āboliņs"), unlike a sibling ending', () => {
    const lex = buildLexicon([{ term: 'Āboliņš', category: 'surname', weight: 1.5 }]);
    expect(correctNearMisses('klients āboliņs', lex, { commonWords: common }).text).toBe('klients āboliņš');
  });

  it('leaves a phrase that is itself in the lexicon ("kāpu iela" beside "Kapu iela")', () => {
    const lex = buildLexicon([{ term: 'Kapu iela', category: 'street' }, { term: 'Kāpu iela', category: 'street' }]);
    const words = new Set(['kapu', 'kāpu', 'iela']);
    expect(correctNearMisses('kāpu iela', lex, { commonWords: words }).text).toBe('kāpu iela');
  });

  it('refuses a coin toss between two equally close terms', () => {
    const lex = buildLexicon([{ term: 'kartons' }, { term: 'kortans' }]);
    expect(correctNearMisses('kartans', lex).text).toBe('kartans');
  });

  it('tightens or loosens with its thresholds', () => {
    expect(correctNearMisses('latvenergu', lexicon, { maxCostLong: 0.5 }).text).toBe('latvenergu');
    expect(new FuzzyCorrector(lexicon, { maxCostLong: 2 }).correct('latvenergiu').text).toBe('latvenergo');
  });
});
