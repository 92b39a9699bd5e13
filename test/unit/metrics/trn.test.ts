import { describe, expect, it } from 'vitest';
import { buildTrnFiles, formatTrnLine, toTrnId } from '../../../server/metrics/trn.ts';

describe('trn', () => {
  it('writes normalised text followed by the id in parentheses', () => {
    expect(formatTrnLine('Labdien, Jāni!', 'spk-1')).toBe('labdien jāni (spk-1)');
    expect(formatTrnLine('', 'spk-2')).toBe('(spk-2)');
    // sclite markup cannot leak in: parentheses, braces, slashes and "@" go.
    expect(formatTrnLine('(jā) {a / b} @', 'spk-3')).toBe('jā a b (spk-3)');
  });

  it('makes ids sclite can split into speaker and utterance', () => {
    expect(toTrnId('Ārā/ieraksts 01.wav')).toBe('spk-ara_ieraksts_01_wav');
    expect(toTrnId('x', 'Anna-Marija_2')).toBe('annamarija2-x');
    expect(toTrnId('(((')).toBe('spk-utt');
  });

  it('keeps ids unique after cleaning and lines in input order', () => {
    const trn = buildTrnFiles([
      { id: 'a b', reference: 'viens', hypothesis: 'viens' },
      { id: 'a/b', reference: 'divi', hypothesis: '' },
      { id: 'A_B', reference: 'trīs', hypothesis: 'trīs' },
    ]);
    expect(trn.ids).toEqual(['spk-a_b', 'spk-a_b_2', 'spk-a_b_3']);
    expect(trn.ref).toBe('viens (spk-a_b)\ndivi (spk-a_b_2)\ntrīs (spk-a_b_3)\n');
    expect(trn.hyp).toBe('viens (spk-a_b)\n(spk-a_b_2)\ntrīs (spk-a_b_3)\n');
  });
});
