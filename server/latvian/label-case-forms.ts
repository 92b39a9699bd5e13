/**
 * The case forms a clerk may use for a label word (forms: matching spoken
 * labels, option words and field names). Wider than a grammar would allow on
 * purpose: a produced form only ever widens matching.
 */
import { alternate } from './consonant-alternation.ts';
import { lower } from './letters.ts';

/**
 * The forms a clerk might use for a label word: nominative, genitive,
 * accusative and locative, singular and plural ("vārds", "vārda", "vārdu",
 * "vārdā"; "ienākumi", "ienākumus"). Dative is left out on purpose: "klientam"
 * is almost always prose, never a field name. Words it does not recognise as
 * declinable (genitive modifiers such as "personas" still get their own
 * forms, which only widens matching harmlessly) come back as themselves.
 */
export function caseForms(word: string): string[] {
  const w = lower(word);
  const forms = new Set<string>([w]);
  const add = (stem: string, endings: readonly string[]): void => {
    for (const e of endings) forms.add(stem + e);
  };
  if (w.endsWith('ie') && w.length > 4) {
    // definite adjective, masculine plural: "komunālie" → "komunālo", "komunālos", "komunālajos"
    add(w.slice(0, -2), ['o', 'os', 'ajos', 'ais', 'ā', 'ajā']);
  } else if (w.endsWith('ais')) {
    add(w.slice(0, -3), ['ā', 'o', 'ajā', 'ie', 'os', 'ajos']);
  } else if (w.endsWith('šanās')) {
    // reflexive verbal noun: "tikšanās", accusative "tikšanos"
    add(w.slice(0, -2), ['os']);
  } else if (w.endsWith('ās')) {
    // feminine genitives ("mājas" said as "mājās"): the same in every case that matters
  } else if (w.endsWith('ā')) {
    // definite adjective, feminine: "nākamā" → "nākamās", "nākamo", "nākamajā"
    add(w.slice(0, -1), ['ās', 'o', 'ajā']);
  } else if (w.endsWith('is') && w.length > 3) {
    const stem = w.slice(0, -2);
    add(stem, ['i', 'ī', 'a', 'u', 'us', 'os']);
    add(alternate(stem), ['a', 'i', 'u', 'us', 'os']);
  } else if (w.endsWith('us')) {
    add(w.slice(0, -2), ['u', 'ū']);
  } else if (w.endsWith('es') && w.length > 3) {
    // 5th declension plural ("piezīmes"): also the singular, which clerks use too
    const stem = w.slice(0, -2);
    add(stem, ['e', 'i', 'ē', 'ēs', 'u']);
    add(alternate(stem), ['u']);
  } else if (w.endsWith('s') || w.endsWith('š')) {
    add(w.slice(0, -1), ['a', 'u', 'ā', 'i', 'us', 'os']);
  } else if (w.endsWith('i') && w.length > 3) {
    add(w.slice(0, -1), ['s', 'a', 'u', 'ā', 'us', 'os']);
  } else if (w.endsWith('a') && w.length > 3) {
    add(w.slice(0, -1), ['as', 'u', 'ā', 'ās']);
  } else if (w.endsWith('e') && w.length > 2) {
    const stem = w.slice(0, -1);
    add(stem, ['es', 'i', 'ē', 'ēs']);
    add(alternate(stem), ['u']);
  } else if (/[bcdfghjklmnprtvz]$/u.test(w)) {
    // loanwords without an ending in the written label ("iban"): spoken with one
    add(w, ['s', 'a', 'u', 'ā']);
  }
  return [...forms];
}
