import { describe, expect, it } from 'vitest';
import { buildLexicon } from '../../../server/correction/domain-lexicon.ts';
import { phraseHead } from '../../../server/latvian/term-inflection.ts';

describe('buildLexicon', () => {
  const lex = buildLexicon([
    { term: 'Bērziņš', category: 'surname', weight: 1.5 },
    { term: 'GMI', category: 'abbreviation', spoken: 'gē em ī' },
    { term: 'GMI pabalsts', category: 'term', spoken: 'gē em ī pabalsts' },
    { term: 'Brīvības iela', category: 'street' },
    { term: 'aprūpe mājās', category: 'term' },
    // The admin-import row shape: nulls for absent columns.
    { term: 'Latvenergo', category: null, weight: 1, spoken: null, display: null },
    { term: '  ', category: 'term' },
  ]);

  it('skips rows without words and defaults category and weight', () => {
    expect(lex.size).toBe(6);
    const latvenergo = lex.entries.find((e) => e.term === 'Latvenergo')!;
    expect(latvenergo.category).toBe('term');
    expect(latvenergo.weight).toBe(1);
  });

  it('finds the case forms of a name in written and spoken text', () => {
    expect(lex.analyzeWritten('bērziņam').map((h) => h.entry.term)).toEqual(['Bērziņš']);
    expect(lex.analyzeSpoken('bērziņu')[0]?.ending).toBe('u');
    expect(lex.analyzeWritten('bērziņiem1')).toEqual([]);
  });

  it('inflects only the head of a phrase', () => {
    expect(lex.analyzeWritten('ielā').some((h) => h.entry.term === 'Brīvības iela' && h.position === 1)).toBe(true);
    expect(lex.analyzeWritten('brīvībai')).toEqual([]);
    // "aprūpe mājās": the head is the first word, the locative tail is frozen.
    expect(lex.analyzeSpoken('aprūpei').some((h) => h.entry.term === 'aprūpe mājās')).toBe(true);
    expect(lex.analyzeSpoken('mājām')).toEqual([]);
  });

  it('aligns spoken and written forms from the end and exposes the literal part', () => {
    const gmi = lex.entries.find((e) => e.term === 'GMI pabalsts')!;
    expect([gmi.spokenAligned, gmi.displayAligned]).toEqual([3, 1]);
    const chunks = lex.literalsStartingWith('gē');
    expect(chunks.map((c) => c.display)).toEqual(['GMI', 'GMI']);
    expect(chunks[0]!.tokens).toEqual(['gē', 'em', 'ī']);
    expect(lex.literalsStartingWith('em')).toEqual([]);
  });
});

describe('phraseHead', () => {
  it.each([
    [['mājokļa', 'pabalsts'], 1],
    [['aprūpe', 'mājās'], 0],
    [['pabalsts', 'krīzes', 'situācijā'], 0],
    [['izlikšana', 'no', 'dzīvokļa'], 0],
    [['izglītības', 'un', 'zinātnes', 'ministrija'], 3],
    [['rīga'], 0],
  ])('%j -> %i', (tokens, head) => {
    expect(phraseHead(tokens)).toBe(head);
  });
});
