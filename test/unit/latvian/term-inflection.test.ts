import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inflectedForms, paradigmOf, splitsOf } from '../../../server/latvian/term-inflection.ts';
import { lower } from '../../../server/latvian/letters.ts';
import { BUNDLED_CORPORA_DIR } from '../../../server/correction/bundled-corpora.ts';

const forms = (w: string, role: 'person' | 'place' | 'other' = 'other', head = true) => new Set(inflectedForms(w, role, head));

describe('inflectedForms', () => {
  it.each([
    ['bērziņš', 'person', ['bērziņa', 'bērziņam', 'bērziņu', 'bērziņā']],
    ['jansons', 'person', ['jansona', 'jansonam', 'jansonu']],
    ['jānis', 'person', ['jāņa', 'jānim', 'jāni']],
    ['kārlis', 'person', ['kārļa', 'kārlim']],
    ['valdis', 'person', ['valda', 'valdim']],
    ['anna', 'person', ['annas', 'annai', 'annu']],
    ['jansone', 'person', ['jansones', 'jansonei', 'jansoni']],
    ['mikus', 'person', ['mikum', 'miku']],
    ['madona', 'place', ['madonā', 'madonas']],
    ['ogre', 'place', ['ogrē', 'ogres']],
    ['ventspils', 'place', ['ventspilī', 'ventspils']],
    ['ādaži', 'place', ['ādažos', 'ādažu']],
    ['cēsis', 'place', ['cēsīs', 'cēsu']],
    ['saldus', 'place', ['saldū']],
    ['ūdens', 'other', ['ūdenim', 'ūdeni', 'ūdenī']],
    ['novads', 'other', ['novadā', 'novada', 'novadam']],
    ['iela', 'other', ['ielā', 'ielu', 'ielas']],
    ['elektrum', 'other', ['elektrumam', 'elektrumā']],
  ] as const)('%s (%s) has %j', (word, role, expected) => {
    const f = forms(word, role);
    for (const e of expected) expect(f, e).toContain(e);
  });

  it('leaves -o names and short words alone', () => {
    expect(inflectedForms('latvenergo')).toEqual(['latvenergo']);
    expect(inflectedForms('es')).toEqual(['es']);
  });

  it('inflects a definite adjective before the head and freezes a genitive', () => {
    expect(forms('lielā', 'other', false)).toContain('lielajā');
    expect(forms('sociālais', 'other', false)).toContain('sociālajam');
    expect(inflectedForms('brīvības', 'other', false)).toEqual(['brīvības']);
  });

  it('covers the locative of every municipality in the source table', () => {
    const rows = readFileSync(`${BUNDLED_CORPORA_DIR}/places/municipality-locatives.tsv`, 'utf8').trim().split('\n').slice(1);
    const missed = rows.filter((row) => {
      const [name, locative] = row.split('\t').map((s) => lower(s!));
      const nameWords = name!.split(' ');
      const locWords = locative!.split(' ');
      return !nameWords.every((w, k) => forms(w, nameWords.length === 1 ? 'place' : 'other', k === nameWords.length - 1).has(locWords[k]!));
    });
    expect(rows.length).toBeGreaterThan(40);
    expect(missed).toEqual([]);
  });
});

describe('splitsOf', () => {
  it('offers every ending the word could carry, and the bare word', () => {
    const splits = splitsOf('bērziņam');
    expect(splits).toContainEqual(['bērziņ', 'am']);
    expect(splits).toContainEqual(['bērziņam', '']);
    expect(splits).not.toContainEqual(['bērziņa', 'm']);
  });

  it('keeps paradigms of the alternating 2nd declension apart', () => {
    const p = paradigmOf('jānis', 'person');
    expect(p.map((x) => x.stem)).toEqual(['jān', 'jāņ']);
  });
});
