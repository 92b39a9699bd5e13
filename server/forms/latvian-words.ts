/**
 * Word-level Latvian helpers for matching what a clerk says against labels,
 * commands and option lists: folding (case, macrons, cedillas), the case forms
 * a label can take, and a one-edit fuzzy test for mis-recognised letters.
 *
 * Casing and diacritics come from the correction pipeline's latvian.ts; what
 * is here is what matching spoken labels needs on top.
 */
import { capitalize, lower, stripDiacritics } from '../correction/latvian.ts';

export { capitalize, lower, stripDiacritics };

/**
 * The key two words are compared by: lower case, no diacritics, no surrounding
 * punctuation. The recogniser's commonest slip is a lost macron ("piezimes").
 */
export function fold(word: string): string {
  return stripDiacritics(lower(word)).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
}

/** Palatalised stem consonants before -a/-u of the 2nd and 5th declensions ("tālrunis" → "tālruņa"). */
const ALTERNATION: ReadonlyArray<readonly [string, string]> = [
  ['sn', 'šņ'], ['zn', 'žņ'], ['sl', 'šļ'], ['zl', 'žļ'],
  ['n', 'ņ'], ['l', 'ļ'], ['t', 'š'], ['d', 'ž'], ['s', 'š'], ['z', 'ž'], ['c', 'č'],
  ['b', 'bj'], ['p', 'pj'], ['m', 'mj'], ['v', 'vj'], ['f', 'fj'],
];

function alternate(stem: string): string {
  for (const [from, to] of ALTERNATION) if (stem.endsWith(from)) return stem.slice(0, -from.length) + to;
  return stem;
}

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

/** Damerau–Levenshtein distance capped at `max` + 1 (enough to answer "within one edit?"). */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    let best = Infinity;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
  }
  return d[a.length]![b.length]!;
}

/** Hesitations the recogniser writes out; they never belong in a field. */
export const FILLERS: ReadonlySet<string> = new Set(['e', 'ee', 'eee', 'ē', 'ēē', 'ēēē', 'hm', 'hmm', 'mm', 'mmm', 'ām', 'ā']);

/**
 * Words after which a label word is grammar, not a field name: "par īri",
 * "klienta adrese" is fine, but "uz adresi", "šīs piezīmes", "ir ienākumi" are prose.
 */
export const PROSE_LEADERS: ReadonlySet<string> = new Set(
  [
    'par', 'uz', 'ar', 'no', 'pie', 'bez', 'pēc', 'līdz', 'pa', 'priekš', 'caur', 'virs', 'zem', 'aiz', 'starp', 'pret',
    'gar', 'ap', 'dēļ', 'un', 'vai', 'kā', 'ka', 'bet', 'ir', 'nav', 'bija', 'būs', 'tā', 'šī', 'šo', 'to', 'tās', 'šīs',
    'tās', 'savu', 'savs', 'sava', 'viņa', 'viņas', 'viņu', 'jūsu', 'mūsu', 'manu', 'mans', 'mana', 'jauns', 'jaunu',
    'jaunā', 'cits', 'citu', 'cita', 'otrs', 'otru', 'kāds', 'kādu', 'kāda', 'katrs', 'katru', 'visi', 'visus',
  ].map(fold),
);
