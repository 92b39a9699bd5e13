import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CORPORA_DIR, BUNDLED_TERM_FILES, loadAttestedWords, loadBundledEntries, loadCommonWords, parseTermsTsv } from '../../../server/correction/bundled-corpora.ts';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('bundled corpora', () => {
  it('stay under 5 MB', () => {
    const ours = walk(BUNDLED_CORPORA_DIR).filter((p) => !p.includes(`${join(BUNDLED_CORPORA_DIR, 'forms')}`));
    const bytes = ours.reduce((n, p) => n + statSync(p).size, 0);
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('keep a source or licence note beside every data folder', () => {
    for (const f of BUNDLED_TERM_FILES) {
      const dir = join(BUNDLED_CORPORA_DIR, f.split('/')[0]!);
      expect(readdirSync(dir).some((n) => /^(SOURCE|README|LICENSE)/u.test(n)), dir).toBe(true);
    }
    for (const dir of ['sentences', 'common-words']) {
      expect(readdirSync(join(BUNDLED_CORPORA_DIR, dir)).some((n) => n.startsWith('LICENSE')), dir).toBe(true);
    }
  });

  it('load names, places, streets, terms, providers and institutions', () => {
    const entries = loadBundledEntries();
    const by = (c: string) => entries.filter((e) => e.category === c).map((e) => e.term);
    expect(by('given-name')).toContain('Jānis');
    expect(by('surname')).toContain('Bērziņš');
    expect(by('municipality')).toContain('Madonas novads');
    expect(by('town')).toContain('Ogre');
    expect(by('street')).toContain('Brīvības iela');
    expect(by('provider')).toEqual(expect.arrayContaining(['Latvenergo', 'Latvijas Gāze', 'Rīgas ūdens', 'Rīgas siltums', 'Elektrum', 'Tet']));
    expect(by('institution')).toEqual(expect.arrayContaining(['bāriņtiesa', 'Nodarbinātības valsts aģentūra']));
    expect(entries.find((e) => e.term === 'GMI')?.spoken).toBe('gē em ī');
  });

  it('know ordinary words and which of them are seen in running text', () => {
    const common = loadCommonWords();
    expect(['klients', 'bāriņtiesu', 'pabalstam', 'rasa'].every((w) => common.has(w))).toBe(true);
    expect(common.has('latvenergu')).toBe(false);
    const attested = loadAttestedWords();
    expect(attested.has('un')).toBe(true);
  });
});

describe('parseTermsTsv', () => {
  it('reads the header, optional columns and blank lines', () => {
    expect(parseTermsTsv('term\tcategory\tweight\tspoken\tdisplay\nGMI\tabbreviation\t2\tgē em ī\n\nTet\tprovider\n')).toEqual([
      { term: 'GMI', category: 'abbreviation', weight: 2, spoken: 'gē em ī', display: null },
      { term: 'Tet', category: 'provider', weight: 1, spoken: null, display: null },
    ]);
  });

  describe('bad call', () => {
    it('names the file and line of a bad weight', () => {
      expect(() => parseTermsTsv('term\tcategory\tweight\nTet\tprovider\tdaudz\n', 'x.tsv')).toThrow(/x\.tsv:2/);
    });
  });
});
