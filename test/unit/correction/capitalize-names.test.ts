import { describe, expect, it } from 'vitest';
import { capitalizeNames } from '../../../server/correction/capitalize-names.ts';
import { buildLexicon } from '../../../server/correction/domain-lexicon.ts';

const lexicon = buildLexicon([
  { term: 'Jānis', category: 'given-name' },
  { term: 'Laima', category: 'given-name' },
  { term: 'Bērziņš', category: 'surname' },
  { term: 'Kalniņa', category: 'surname' },
  { term: 'Ozols', category: 'surname' },
  { term: 'Madonas novads', category: 'municipality' },
  { term: 'Madona', category: 'town' },
  { term: 'Brīvības iela', category: 'street' },
  { term: 'Lielā iela', category: 'street' },
  { term: 'Latvijas Gāze', category: 'provider' },
  { term: 'Latvenergo', category: 'provider' },
  { term: 'bāriņtiesa', category: 'institution' },
  { term: 'GMI', category: 'abbreviation', spoken: 'gē em ī' },
]);
// "laima" (luck), "ozols" (oak), "bērziņš" (little birch) are ordinary words too.
const common = new Set(['laima', 'ozols', 'ozola', 'ozolu', 'bērziņš', 'bērziņam', 'brīvības', 'lielā']);
const attested = new Set(['laima', 'ozols']);
const cap = (t: string) => capitalizeNames(t, lexicon, { ambiguous: attested, commonWords: common }).text;

describe('capitalizeNames', () => {
  it.each([
    ['runāju ar jāni bērziņu', 'runāju ar Jāni Bērziņu'],
    ['bērziņam piešķirts', 'Bērziņam piešķirts'],
    ['dzīvo madonas novadā', 'dzīvo Madonas novadā'],
    ['brauc uz madonu', 'brauc uz Madonu'],
    ['dzīvo brīvības ielā 5', 'dzīvo Brīvības ielā 5'],
    ['dzīvo lielajā ielā', 'dzīvo Lielajā ielā'],
    ['parāds latvijas gāzei un latvenergo', 'parāds Latvijas Gāzei un Latvenergo'],
    ['lēmumu pieņēma bāriņtiesa', 'lēmumu pieņēma bāriņtiesa'],
    ['brīvības atņemšana', 'brīvības atņemšana'],
  ])('%s -> %s', (text, expected) => expect(cap(text)).toBe(expected));

  describe('one-word names that are also ordinary words', () => {
    it.each([
      ['laima uzsmaidīja', 'laima uzsmaidīja'],
      ['klients laima', 'klients Laima'],
      ['laima kalniņa ieradās', 'Laima Kalniņa ieradās'],
      ['dārzā aug ozols', 'dārzā aug ozols'],
      ['jānis ozols', 'Jānis Ozols'],
      ['ozola kundze', 'Ozola kundze'], // a surname before "kundze"
      ['laima kundze', 'laima kundze'], // …but not a given name
      ['klients laima ozols', 'klients Laima Ozols'], // a name capitalised from context vouches for the next
    ])('%s -> %s', (text, expected) => expect(cap(text)).toBe(expected));
  });

  it('never lowers a capital and does not match across punctuation', () => {
    expect(cap('Madonas. novadā')).toBe('Madonas. novadā');
    expect(cap('GMI pabalsts')).toBe('GMI pabalsts');
  });

  it('reports what it changed with offsets into its input', () => {
    const r = capitalizeNames('ar jāni', lexicon);
    expect(r.corrections).toEqual([{ step: 'names', kind: 'name', from: 'jāni', to: 'Jāni', start: 3, end: 7 }]);
  });
});
