/**
 * Latvian case endings by rule, for words the Hunspell dictionary lacks (surnames,
 * new words) and for adjectives and participles that agree with a term's head noun.
 *
 * Covered: nouns of declensions 1 (-s, -š), 2 (-is, with the consonant alternation
 * of the genitive singular and the plural), 3 (-us), 4 (-a) and 5 (-e, alternation
 * in the genitive plural); adjectives and participles, definite and indefinite,
 * both genders and numbers. Five cases (nominative, genitive, dative, accusative,
 * locative); the vocative and instrumental are left out (the instrumental is the
 * accusative/dative form anyway). Not covered: declension 6 (-s feminine, "sirds"
 * is declined as declension 1), 2nd-declension exceptions without alternation
 * ("viesis" → "viesa" comes out as "vieša"), indeclinable loanwords (kept as given).
 */

import { alternate } from './consonant-alternation.ts';

/** number (v singular, d plural) + case (n g d a l), as in the Hunspell `is:` tags */
export type CaseTag = 'vn' | 'vg' | 'vd' | 'va' | 'vl' | 'dn' | 'dg' | 'dd' | 'da' | 'dl';
export const CASE_TAGS: readonly CaseTag[] = ['vn', 'vg', 'vd', 'va', 'vl', 'dn', 'dg', 'dd', 'da', 'dl'];

export type Paradigm = ReadonlyMap<CaseTag, readonly string[]>;
export type Gender = 'm' | 'f';

export { alternate };

// endings in CASE_TAGS order
const NOUN_ENDINGS: Record<string, readonly string[]> = {
  d1: ['s', 'a', 'am', 'u', 'ā', 'i', 'u', 'iem', 'us', 'os'],
  d1sh: ['š', 'a', 'am', 'u', 'ā', 'i', 'u', 'iem', 'us', 'os'],
  d2: ['is', '*a', 'im', 'i', 'ī', '*i', '*u', '*iem', '*us', '*os'],
  d3: ['us', 'us', 'um', 'u', 'ū', 'i', 'u', 'iem', 'us', 'os'],
  d4: ['a', 'as', 'ai', 'u', 'ā', 'as', 'u', 'ām', 'as', 'ās'],
  d5: ['e', 'es', 'ei', 'i', 'ē', 'es', '*u', 'ēm', 'es', 'ēs'],
};

function fromEndings(stem: string, endings: readonly string[]): Paradigm {
  const m = new Map<CaseTag, string[]>();
  CASE_TAGS.forEach((tag, i) => {
    const e = endings[i]!;
    m.set(tag, [e.startsWith('*') ? alternate(stem) + e.slice(1) : stem + e]);
  });
  return m;
}

/** Declension by ending, for a noun in the nominative singular; null when indeclinable. */
export function guessNounParadigm(word: string): { paradigm: Paradigm; gender: Gender } | null {
  if (word.length < 3) return null;
  const stemOf = (n: number): string => word.slice(0, word.length - n);
  if (word.endsWith('us')) return { paradigm: fromEndings(stemOf(2), NOUN_ENDINGS.d3!), gender: 'm' };
  if (word.endsWith('is')) return { paradigm: fromEndings(stemOf(2), NOUN_ENDINGS.d2!), gender: 'm' };
  if (word.endsWith('š')) return { paradigm: fromEndings(stemOf(1), NOUN_ENDINGS.d1sh!), gender: 'm' };
  if (/[^aāeēiīouū]s$/u.test(word)) return { paradigm: fromEndings(stemOf(1), NOUN_ENDINGS.d1!), gender: 'm' };
  if (word.endsWith('a')) return { paradigm: fromEndings(stemOf(1), NOUN_ENDINGS.d4!), gender: 'f' };
  if (word.endsWith('e')) return { paradigm: fromEndings(stemOf(1), NOUN_ENDINGS.d5!), gender: 'f' };
  return null;
}

const ADJECTIVE_ENDINGS: Record<string, readonly string[]> = {
  mIndef: ['s', 'a', 'am', 'u', 'ā', 'i', 'u', 'iem', 'us', 'os'],
  fIndef: ['a', 'as', 'ai', 'u', 'ā', 'as', 'u', 'ām', 'as', 'ās'],
  mDef: ['ais', 'ā', 'ajam', 'o', 'ajā', 'ie', 'o', 'ajiem', 'os', 'ajos'],
  fDef: ['ā', 'ās', 'ajai', 'o', 'ajā', 'ās', 'o', 'ajām', 'ās', 'ajās'],
};

export interface AdjectiveShape {
  readonly gender: Gender;
  readonly plural: boolean;
  readonly definite: boolean;
}

/** The nominative shapes an adjective or participle ending allows (definite endings first). */
export function adjectiveShapes(word: string): AdjectiveShape[] {
  const out: AdjectiveShape[] = [];
  if (word.length < 4) return out;
  if (word.endsWith('ais')) out.push({ gender: 'm', plural: false, definite: true });
  else if (word.endsWith('ie')) out.push({ gender: 'm', plural: true, definite: true });
  else if (word.endsWith('ās')) out.push({ gender: 'f', plural: true, definite: true });
  else if (word.endsWith('ā')) out.push({ gender: 'f', plural: false, definite: true });
  else if (word.endsWith('as')) out.push({ gender: 'f', plural: true, definite: false });
  else if (/[^aāeēiīouū][sš]$/u.test(word)) out.push({ gender: 'm', plural: false, definite: false });
  else if (word.endsWith('a')) out.push({ gender: 'f', plural: false, definite: false });
  else if (word.endsWith('i')) out.push({ gender: 'm', plural: true, definite: false });
  return out;
}

/** Every case form of an adjective given in the nominative shape `shape`. */
export function adjectiveParadigm(word: string, shape: AdjectiveShape): Paradigm {
  const table = ADJECTIVE_ENDINGS[`${shape.gender}${shape.definite ? 'Def' : 'Indef'}`]!;
  const nominative = table[shape.plural ? 5 : 0]!;
  const soft = !shape.plural && !shape.definite && shape.gender === 'm' && word.endsWith('š');
  const stem = word.slice(0, word.length - (soft ? 1 : nominative.length));
  const m = fromEndings(stem, table) as Map<CaseTag, string[]>;
  if (soft) m.set('vn', [word]);
  return m;
}
