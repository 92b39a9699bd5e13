import { describe, expect, it } from 'vitest';
import { isVerbForm } from '../../../server/latvian/verb-forms.ts';

// Forms the Hunspell expansion does have: 1sg past, infinitive, 1pl present, converb.
const common = new Set(['izdegu', 'vērtēju', 'restaurēt', 'vērtējam', 'stindzinot']);

describe('isVerbForm', () => {
  it.each(['izdegusi', 'vērtējuši', 'restaurētajām', 'restaurēta', 'vērtējama', 'stindzinoša'])('%s is a verb form', (w) => {
    expect(isVerbForm(w, common)).toBe(true);
  });

  it.each(['latvenergu', 'bāriņtiesaj', 'izdegumi', 'tas'])('%s is not', (w) => {
    expect(isVerbForm(w, common)).toBe(false);
  });
});
