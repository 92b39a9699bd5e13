import { describe, expect, it } from 'vitest';
import { alignTokens } from '../../../server/metrics/align.ts';
import { formatPra, toTuples } from '../../../server/metrics/pra.ts';

describe('formatPra', () => {
  it('prints REF/HYP/Eval columns as sclite does', () => {
    // "viens divi trīs" → "viens trīs četri": divi deleted, četri inserted (sclite weights prefer D+I to 2 S)
    const a = alignTokens(['viens', 'divi', 'trīs'], ['viens', 'trīs', 'četri']);
    expect(formatPra(toTuples(a.pairs))).toEqual({
      ref: 'viens DIVI trīs *****',
      hyp: 'viens **** trīs ČETRI',
      eval: '      D         I',
    });
  });

  it('pads substitutions to the longer word and keeps Latvian letters', () => {
    expect(formatPra([['S', 'īre', 'iela'], ['C', 'pieci', 'pieci']])).toEqual({ ref: 'ĪRE  pieci', hyp: 'IELA pieci', eval: 'S' });
    expect(formatPra([])).toEqual({ ref: '', hyp: '', eval: '' });
  });
});
