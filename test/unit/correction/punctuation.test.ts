import { describe, expect, it } from 'vitest';
import { applyPunctuation } from '../../../server/correction/punctuation.ts';

const p = (t: string, capitalizeFirst?: boolean) => applyPunctuation(t, { capitalizeFirst }).text;

describe('applyPunctuation', () => {
  it.each([
    ['klients ieradās punkts', 'Klients ieradās.'],
    ['vai ir parādi jautājuma zīme jā punkts', 'Vai ir parādi? Jā.'],
    ['steidzami izsaukuma zīme', 'Steidzami!'],
    ['dokumenti kols pase komats izziņa', 'Dokumenti: pase, izziņa'],
    ['situācija domuzīme sarežģīta', 'Situācija – sarežģīta'],
    ['apraksts punkts jauna rindkopa lēmums punkts', 'Apraksts.\n\nLēmums.'],
    ['adrese jauna rinda tālrunis', 'Adrese\nTālrunis'],
    ['domuzīme jā', '– Jā'],
    ['2024. gada 5. septembrī punkts', '2024. gada 5. septembrī.'],
    ['3. punkts', '3.'],
  ])('%j -> %j', (spoken, written) => expect(p(spoken)).toBe(written));

  it('does not start a sentence after a dot that ITN wrote', () => {
    expect(p('sēde 2024. gada 5. septembrī')).toBe('Sēde 2024. gada 5. septembrī');
  });

  it('can continue a previous utterance without a capital', () => {
    expect(p('un tad punkts', false)).toBe('un tad.');
  });

  it('reports each command and each new capital', () => {
    const r = applyPunctuation('jā punkts nē');
    expect(r.corrections.map((c) => [c.kind, c.from, c.to, c.start])).toEqual([
      ['sentence-case', 'jā', 'Jā', 0],
      ['command', 'punkts', '.', 3],
      ['sentence-case', 'nē', 'Nē', 10],
    ]);
  });
});
