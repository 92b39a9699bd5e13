import { describe, expect, it } from 'vitest';
import { parseDigitRun, parseNumber } from '../../../server/latvian/number-parser.ts';

const num = (text: string) => {
  const toks = text.split(' ');
  const n = parseNumber(toks, 0);
  return n && n.end === toks.length ? n : null;
};

describe('parseNumber', () => {
  it.each([
    ['viens', 1], ['vienai', 1], ['vienām', 1], ['divas', 2], ['diviem', 2], ['trim', 3], ['trijās', 3],
    ['četrus', 4], ['piecām', 5], ['septiņos', 7], ['deviņu', 9], ['nulle', 0],
    ['desmit', 10], ['vienpadsmit', 11], ['divdesmit', 20], ['divdesmit viens', 21], ['deviņdesmit deviņas', 99],
    ['simts', 100], ['simtu', 100], ['simt divdesmit', 120], ['divsimt', 200], ['divi simti', 200], ['trīs simti pieci', 305],
    ['deviņsimt deviņdesmit deviņi', 999], ['tūkstotis', 1000], ['tūkstoš deviņi simti astoņdesmit pieci', 1985],
    ['divi tūkstoši', 2000], ['divi tūkstoši divdesmit četri', 2024], ['divdesmit viens tūkstotis', 21000],
    ['miljons', 1e6], ['divi miljoni trīs simti tūkstoši', 2_300_000],
    ['pusotrs', 1.5], ['pusotras', 1.5], ['pusotrs tūkstotis', 1500], ['divarpus', 2.5],
  ])('%s = %d', (text, value) => {
    const n = num(text);
    expect(n?.value).toBe(value);
    expect(n?.ordinal).toBe(false);
  });

  it.each([
    ['pirmais', 1], ['pirmajai', 1], ['otrās', 2], ['trešo', 3], ['ceturtajiem', 4], ['desmitā', 10],
    ['divdesmit piektajā', 25], ['trīsdesmit pirmais', 31], ['simtais', 100], ['tūkstošais', 1000],
    ['divi tūkstoši divdesmit ceturtā', 2024], ['tūkstoš deviņsimt deviņdesmit devītajā', 1999], ['divtūkstošais', 2000],
  ])('ordinal %s = %d', (text, value) => {
    const n = num(text);
    expect(n?.value).toBe(value);
    expect(n?.ordinal).toBe(true);
  });

  it('marks lone small numbers, which prose keeps as words', () => {
    expect(num('viens')?.small).toBe(true);
    expect(num('desmit')?.small).toBe(true);
    expect(num('simts')?.small).toBe(true);
    expect(num('vienpadsmit')?.small).toBe(false);
    expect(num('divdesmit viens')?.small).toBe(false);
  });

  describe('expected failure', () => {
    it('stops where the grammar stops', () => {
      expect(parseNumber(['divdesmit', 'trīs', 'četrdesmit'], 0)?.end).toBe(2);
      expect(parseNumber(['trīs', 'divdesmit'], 0)?.end).toBe(1);
      expect(parseNumber(['viens', 'nulle'], 0)?.end).toBe(1);
    });

    it('reads "thousands of" and plain words as no number', () => {
      expect(parseNumber(['tūkstošiem'], 0)).toBeNull();
      expect(parseNumber(['simti'], 0)).toBeNull();
      expect(parseNumber(['otrs'], 0)).toBeNull();
      expect(parseNumber(['klients'], 0)).toBeNull();
    });
  });
});

describe('parseDigitRun', () => {
  it('reads digit groups the way codes are said', () => {
    const toks = 'divdesmit viens nulle trīs astoņdesmit pieci domuzīme'.split(' ');
    expect(parseDigitRun(toks, 0)).toEqual({ digits: '210385', groups: 4, end: 6 });
  });

  it('reads hundreds as one group and stops at a scale word', () => {
    expect(parseDigitRun('simts divdesmit trīs četri'.split(' '), 0)?.digits).toBe('1234');
    expect(parseDigitRun('divi tūkstoši'.split(' '), 0)).toEqual({ digits: '2', groups: 1, end: 1 });
  });

  it('stops once enough digits are read', () => {
    expect(parseDigitRun('viens divi trīs četri'.split(' '), 0, 2)?.digits).toBe('12');
  });
});
