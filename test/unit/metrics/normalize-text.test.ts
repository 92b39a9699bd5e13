import { describe, expect, it } from 'vitest';
import { normalizeText, toWords } from '../../../server/metrics/normalize-text.ts';

describe('normalizeText', () => {
  it('lower-cases, keeps Latvian diacritics and drops punctuation', () => {
    expect(normalizeText('Labdien, KĀ jums klājas?')).toBe('labdien kā jums klājas');
    expect(normalizeText('ĶĒNIŅŠ ŠŪŽ ĢĪĻČ')).toBe('ķēniņš šūž ģīļč');
  });

  it('composes decomposed letters (NFC) so both encodings score equal', () => {
    const decomposed = 'a\u0304bols un s\u030Cis';
    expect(normalizeText(decomposed)).toBe('ābols un šis');
    expect(normalizeText(decomposed)).toBe(normalizeText('ābols un šis'));
  });

  it('turns punctuation inside tokens into word breaks and keeps digits', () => {
    expect(normalizeText('e-pasts: info@riga.lv')).toBe('e pasts info riga lv');
    expect(normalizeText('3,5 eiro (2024.)')).toBe('3 5 eiro 2024');
    expect(normalizeText('„Citāts“ — «cits»')).toBe('citāts cits');
  });

  it('keeps apostrophes only inside words, as ASCII', () => {
    expect(normalizeText("O’Konors teica 'jā' rock'n'roll'")).toBe("o'konors teica jā rock'n'roll");
    expect(normalizeText("' '' '")).toBe('');
  });

  it('collapses whitespace and returns "" for nothing to score', () => {
    expect(normalizeText('  viens \t divi\n\ntrīs  ')).toBe('viens divi trīs');
    expect(normalizeText('...!?')).toBe('');
    expect(toWords('')).toEqual([]);
    expect(toWords('viens divi')).toEqual(['viens', 'divi']);
  });
});
