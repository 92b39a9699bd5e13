/**
 * Consonant alternation (mija): the stem change before some case endings of the
 * 2nd and 5th declensions ("tālrunis" → "tālruņa", "Kārlis" → "Kārļa",
 * "pūslis" → "pūšļa", "zivs" → "zivju"). One table for every case-form engine.
 */

/** Longest clusters first, so "sn" becomes "šņ" rather than "sņ". */
const ALTERNATIONS: readonly (readonly [string, string])[] = [
  ['ll', 'ļļ'], ['nn', 'ņņ'], ['sn', 'šņ'], ['zn', 'žņ'], ['sl', 'šļ'], ['zl', 'žļ'], ['ln', 'ļņ'], ['dz', 'dž'],
  ['b', 'bj'], ['m', 'mj'], ['p', 'pj'], ['v', 'vj'], ['f', 'fj'],
  ['t', 'š'], ['d', 'ž'], ['s', 'š'], ['z', 'ž'], ['c', 'č'], ['l', 'ļ'], ['n', 'ņ'],
];

/** The alternated stem, or the stem itself when its last consonant does not alternate. */
export function alternate(stem: string): string {
  for (const [from, to] of ALTERNATIONS) if (stem.endsWith(from)) return stem.slice(0, stem.length - from.length) + to;
  return stem;
}
