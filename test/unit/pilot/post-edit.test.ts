import { describe, expect, it } from 'vitest';
import { scorePostEdit } from '../../../server/pilot/post-edit.ts';

describe('scorePostEdit', () => {
  const score = scorePostEdit([
    {
      recognised: { vards: 'Jānis', adrese: 'Brīvības iela 23', ire: 180 },
      saved: { vards: 'Jānis', adrese: 'Brīvības iela 25', ire: 180, talrunis: '26123456' },
    },
    {
      recognised: { vards: 'jānis', piezime: 'klients ieradās laikā' },
      saved: { vards: 'Jānis', piezime: 'klients ieradās' },
    },
  ]);

  it('counts word errors over all fields, typed-only fields as deletions', () => {
    // words: vards 1 + adrese 3 + ire 1 + talrunis 1 + vards 1 + piezime 2 = 9
    // errors: adrese 23→25 one S, talrunis one D, piezime "laikā" one I; hits = 9 − S − D = 7
    expect(score.all).toEqual({ fields: 6, words: 9, hits: 7, substitutions: 1, deletions: 1, insertions: 1, wer: 3 / 9 });
  });

  it('counts word errors over dictated fields only', () => {
    expect(score.dictated).toEqual({ fields: 5, words: 8, hits: 7, substitutions: 1, deletions: 0, insertions: 1, wer: 2 / 8 });
  });

  it('rates corrections per field on the exact text (a case fix is a correction)', () => {
    expect(score.fields).toEqual([
      { field: 'adrese', dictated: 1, corrected: 1, typedOnly: 0, rate: 1 },
      { field: 'ire', dictated: 1, corrected: 0, typedOnly: 0, rate: 0 },
      { field: 'piezime', dictated: 1, corrected: 1, typedOnly: 0, rate: 1 },
      { field: 'talrunis', dictated: 0, corrected: 0, typedOnly: 1, rate: 0 },
      { field: 'vards', dictated: 2, corrected: 1, typedOnly: 0, rate: 0.5 },
    ]);
    expect(score).toMatchObject({ records: 2, dictatedFields: 5, correctedFields: 3, correctionRate: 0.6 });
  });

  it('counts a cleared field as insertions and a correction; skips fields empty on both sides', () => {
    const s = scorePostEdit([{ recognised: { a: 'viens divi', b: '' }, saved: { b: ' ' } }]);
    expect(s.all).toMatchObject({ fields: 1, words: 0, insertions: 2, wer: 1 });
    expect(s.fields).toEqual([{ field: 'a', dictated: 1, corrected: 1, typedOnly: 0, rate: 1 }]);
  });

  it('is all zeros without records', () => {
    expect(scorePostEdit([])).toMatchObject({ records: 0, correctionRate: 0, all: { words: 0, wer: 0 }, fields: [] });
  });
});
