import { describe, expect, it } from 'vitest';
import { formatFromName, parseCorpus } from '../../../server/corpora/corpus-parser.ts';
import { DiktatsError } from '../../../server/errors.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DiktatsError) return `${err.code}: ${err.message}`;
    throw err;
  }
  throw new Error('did not throw');
}

describe('parseCorpus', () => {
  it('reads a .txt list, skipping empty lines and case-insensitive duplicates', () => {
    const r = parseCorpus(utf8('Latvenergo\n\nRīgas ūdens\r\nlatvenergo\n  Latvijas   Gāze  \n'), 'txt', 'terms');
    expect(r.entries.map((e) => e.term)).toEqual(['Latvenergo', 'Rīgas ūdens', 'Latvijas Gāze']);
    expect(r.duplicates).toBe(1);
    expect(r.emptyLines).toBe(2);
    expect(r.entries[0]).toEqual({ term: 'Latvenergo', category: null, weight: 1, spoken: null, display: null });
  });

  it('reads .csv with a header, quotes, weights with a decimal comma, spoken and display forms', () => {
    const csv = 'term,category,weight,spoken,display\n"GMI",abbreviation,"2,5",gē em ī,GMI\n"Dārza iela, Madona",street,1\n';
    const r = parseCorpus(utf8(csv), 'csv', 'terms');
    expect(r.entries).toEqual([
      { term: 'GMI', category: 'abbreviation', weight: 2.5, spoken: 'gē em ī', display: 'GMI' },
      { term: 'Dārza iela, Madona', category: 'street', weight: 1, spoken: null, display: null },
    ]);
  });

  it('reads .tsv and .jsonl', () => {
    expect(parseCorpus(utf8('bāriņtiesa\tinstitūcija\t3\n'), 'tsv', 'terms').entries[0]).toMatchObject({ term: 'bāriņtiesa', category: 'institūcija', weight: 3 });
    const jl = parseCorpus(utf8('{"text":"Klients saņem mājokļa pabalstu."}\n{"term":"Tet","weight":2}\n'), 'jsonl', 'sentences');
    expect(jl.entries.map((e) => [e.term, e.weight])).toEqual([
      ['Klients saņem mājokļa pabalstu.', 1],
      ['Tet', 2],
    ]);
  });

  it('rejects non-UTF-8 text naming the line (Windows-1257 "ā" is 0xE2)', () => {
    const bytes = new Uint8Array([...utf8('labs\nvēl labs\n'), 0x6d, 0xe2, 0x6a, 0x61, 0x0a]);
    expect(codeOf(() => parseCorpus(bytes, 'txt', 'terms'))).toMatch(/^CORPUS_ERR_ENCODING: .*line 3/);
  });

  it('rejects UTF-16, binary, bad JSON lines, bad weights, unterminated quotes, over-long lines and empty files', () => {
    expect(codeOf(() => parseCorpus(new Uint8Array([0xff, 0xfe, 0x41, 0x00]), 'txt', 'terms'))).toMatch(/UTF-16/);
    expect(codeOf(() => parseCorpus(utf8('a\nb\u0000c\n'), 'txt', 'terms'))).toMatch(/line 2/);
    expect(codeOf(() => parseCorpus(utf8('{"term":"a"}\n{oops\n'), 'jsonl', 'terms'))).toMatch(/^CORPUS_ERR_LINE: .*line 2/);
    expect(codeOf(() => parseCorpus(utf8('a,x,heavy\n'), 'csv', 'terms'))).toMatch(/line 1: weight/);
    expect(codeOf(() => parseCorpus(utf8('"a,b\n'), 'csv', 'terms'))).toMatch(/unterminated quote/);
    expect(codeOf(() => parseCorpus(utf8('x'.repeat(50) + '\n'), 'txt', 'terms', { maxBytes: 1000, maxEntries: 10, maxLineChars: 10 }))).toMatch(/line 1 is 50 characters/);
    expect(codeOf(() => parseCorpus(utf8('\n\n'), 'txt', 'terms'))).toMatch(/^CORPUS_ERR_EMPTY/);
    expect(codeOf(() => parseCorpus(utf8('abc\n'), 'txt', 'terms', { maxBytes: 2, maxEntries: 10, maxLineChars: 10 }))).toMatch(/^CORPUS_ERR_TOO_LARGE/);
  });

  it('refuses sentences imported as terms', () => {
    expect(codeOf(() => parseCorpus(utf8('šis ir ļoti garš teikums ar daudz vārdiem kas nav termins\n'), 'txt', 'terms'))).toMatch(/--kind sentences/);
  });

  it('maps file names to formats', () => {
    expect(formatFromName('terms.TSV')).toBe('tsv');
    expect(codeOf(() => formatFromName('terms.xlsx'))).toMatch(/^CORPUS_ERR_FORMAT/);
  });
});
