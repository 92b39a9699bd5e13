/** Auto-texts (issue 15): a corpus kind; a phrase said in a free-text field becomes its paragraph. */
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../../server/corpora/corpus-parser.ts';
import { compileAutoTexts } from '../../../server/forms/auto-texts.ts';
import { fillFromText } from '../../../server/forms/fill.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const PARAGRAPH = 'Pieņemts lēmums piešķirt mājokļa pabalstu uz sešiem mēnešiem.';
const templates = loadTemplateDir();

describe('autotexts corpus kind', () => {
  it('takes the phrase and its paragraph from csv and jsonl', () => {
    const csv = parseCorpus(bytes(`term,category,weight,spoken,display\nstandarta lēmums,,,,${PARAGRAPH}\n`), 'csv', 'autotexts');
    expect(csv.entries).toEqual([expect.objectContaining({ term: 'standarta lēmums', display: PARAGRAPH })]);
    const jsonl = parseCorpus(bytes(`${JSON.stringify({ term: 'atteikums', display: 'Pabalsts netiek piešķirts.' })}\n`), 'jsonl', 'autotexts');
    expect(jsonl.entries[0]?.display).toBe('Pabalsts netiek piešķirts.');
  });

  it('refuses an auto-text without its paragraph, naming it', () => {
    expect(() => parseCorpus(bytes('standarta lēmums\n'), 'txt', 'autotexts')).toThrowError(
      expect.objectContaining({ code: 'CORPUS_ERR_LINE', message: expect.stringMatching(/standarta lēmums/u) }),
    );
  });
});

describe('auto-texts in free-text fields', () => {
  const autotexts = compileAutoTexts([
    { term: 'standarta lēmums', display: PARAGRAPH },
    { term: 'atteikums', display: 'Pabalsts netiek piešķirts.' },
  ]);

  it('expands the phrase in any case form between prose, and only in text fields', () => {
    const r = fillFromText(
      templates.get('gadijuma-piezime'),
      'klients jānis ozols lēmumi standarta lēmumu klients informēts punkts',
      { autotexts, today: new Date(2025, 2, 10) },
    );
    expect(r.fields.lemumi).toBe(`${PARAGRAPH} Klients informēts.`);
    expect(r.fields.klients).toBe('Jānis Ozols');
  });

  it('a near miss stays prose; without auto-texts nothing changes', () => {
    const note = templates.get('majokla-pabalsts');
    expect(fillFromText(note, 'piezīmes standarta lēmu', { autotexts }).fields.piezimes).toBe('Standarta lēmu');
    expect(fillFromText(note, 'piezīmes atteikums').fields.piezimes).toBe('Atteikums');
    expect(fillFromText(note, 'piezīmes atteikums', { autotexts }).fields.piezimes).toBe('Pabalsts netiek piešķirts.');
  });
});
