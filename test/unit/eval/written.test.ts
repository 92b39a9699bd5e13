import { describe, expect, it } from 'vitest';
import { isDiktatsError } from '../../../server/errors.ts';
import { checkWrittenFields, sameWritten, scoreWritten, writtenReference } from '../../../server/eval/written.ts';
import { parseManifest } from '../../../server/eval/manifest.ts';

const entries = parseManifest(
  [
    '{"audio_filepath": "a.wav", "text": "pabalsts divdesmit trīs eiro", "written": "Pabalsts 23 EUR"}',
    '{"audio_filepath": "b.wav", "text": "jā"}',
    '{"audio_filepath": "c.wav", "text": "jā", "written": null}',
    '{"audio_filepath": "d.wav", "text": "brīvības iela sešpadsmit", "written": "Brīvības iela 16"}',
  ].join('\n'),
  '/m',
);

describe('written references', () => {
  it('reads "written" when it is a string, else none', () => {
    expect(entries.map(writtenReference)).toEqual(['Pabalsts 23 EUR', null, null, 'Brīvības iela 16']);
  });

  it('names every line whose "written" is not a string', () => {
    const bad = parseManifest('{"audio_filepath": "a.wav", "text": "x", "written": 23}\n{"audio_filepath": "b.wav", "text": "y", "written": ["a"]}', '/m');
    try {
      checkWrittenFields(bad, 'm.jsonl');
      throw new Error('expected EVAL_ERR_MANIFEST');
    } catch (e) {
      expect(isDiktatsError(e) && e.code).toBe('EVAL_ERR_MANIFEST');
      expect((e as Error).message).toMatch(/2 problems\n {2}m\.jsonl:1: "written" must be a string, got 23\n {2}m\.jsonl:2: .*\["a"\]/);
    }
    expect(() => checkWrittenFields(entries, 'm.jsonl')).not.toThrow();
  });

  it('matches exactly: case, digits and punctuation count; Unicode form and spacing do not', () => {
    expect(sameWritten('Pabalsts 23 EUR', ' Pabalsts  23\tEUR ')).toBe(true);
    expect(sameWritten('Rīga', 'Ri\u0304ga')).toBe(true);
    expect(sameWritten('Pabalsts 23 EUR', 'pabalsts 23 EUR')).toBe(false);
    expect(sameWritten('Pabalsts 23 EUR', 'Pabalsts 23 EUR.')).toBe(false);
    expect(sameWritten('180,50 EUR', '180.50 EUR')).toBe(false);
  });

  it('scores only utterances with both a written reference and a corrected text', () => {
    const corrected = ['Pabalsts 23 EUR', 'Jā', 'Jā', 'Brīvības iela sešpadsmit'];
    expect(scoreWritten(entries.map((entry, i) => ({ entry, corrected: corrected[i] })))).toEqual({ references: 2, exact: 1, exactMatch: 0.5 });
    expect(scoreWritten(entries.map((entry) => ({ entry })))).toEqual({ references: 0, exact: 0, exactMatch: null });
  });
});
