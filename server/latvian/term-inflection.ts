/**
 * Suffix rules for the Latvian noun declensions and definite adjectives, enough
 * to recognise the case forms of lexicon terms ("Bērziņš" -> "bērziņam",
 * "Madona" -> "madonā", "Brīvības iela" -> "brīvības ielā").
 *
 * Coverage (see README.md): declensions 1-6 in all cases singular and plural,
 * masculine 2nd-declension consonant alternation (Jānis -> Jāņa, Kārlis ->
 * Kārļa, both alternated and plain stems are produced because personal names
 * in -dis/-tis do not alternate), plural place names (Ādaži -> Ādažos), -pils
 * towns (6th), the -ens nouns (ūdens -> ūdenim) and definite adjectives
 * (Lielā iela -> Lielajā ielā). Vocative and the 5th-declension genitive
 * plural alternation are not produced. Words that end in anything else (-o,
 * -ī: "Latvenergo") are indeclinable; loan names ending in a consonant
 * ("Elektrum") get the singular case endings speakers give them ("Elektrumam").
 * Over-generation is harmless here: a produced form that is also an ordinary
 * word is screened by the callers with the common-word list.
 */

import { alternate } from './consonant-alternation.ts';

export interface StemEndings {
  readonly stem: string;
  readonly endings: readonly string[];
}

/** How a word is used: decides a few endings (masculine -a names take -am). */
export type WordRole = 'person' | 'place' | 'other';

const M1 = ['a', 'am', 'u', 'ā', 'i', 'iem', 'us', 'os'];
const M2_SG = ['is', 'im', 'i', 'ī'];
const M2_ALT = ['a', 'i', 'u', 'iem', 'us', 'os'];
const M3 = ['us', 'um', 'u', 'ū', 'i', 'iem', 'os'];
const F4 = ['a', 'as', 'ai', 'u', 'ā', 'ām', 'ās'];
const F5 = ['e', 'es', 'ei', 'i', 'ē', 'ēm', 'ēs', 'u'];
const F6 = ['s', 'ij', 'i', 'ī', 'is', 'īm', 'īs', 'u'];
const M_PLURAL = ['i', 'u', 'iem', 'us', 'os'];
const ADJ_MASC = ['ais', 'ā', 'ajam', 'o', 'ajā', 'ie', 'ajiem', 'os', 'ajos'];
const ADJ_FEM = ['ā', 'ās', 'ajai', 'o', 'ajā', 'ajām', 'ajās'];

/** The -ens nouns of the 2nd declension with irregular forms. */
const ENS_NOUNS = new Set(['ūdens', 'rudens', 'akmens', 'asmens', 'mēness', 'zibens', 'ziedens', 'rūdens']);
const EXCEPTIONS: ReadonlyMap<string, StemEndings[]> = new Map([
  ['cēsis', [{ stem: 'cēs', endings: ['is', 'u', 'īm', 'īs'] }]],
]);

/** Ending lists are shared between words (a 100 000-entry lexicon would otherwise hold 100 000 copies). */
const INTERNED = new Map<string, readonly string[]>();
function endingsOf(...lists: ReadonlyArray<readonly string[] | string>): readonly string[] {
  const flat = lists.flatMap((l) => (typeof l === 'string' ? [l] : l));
  const key = flat.join('|');
  let e = INTERNED.get(key);
  if (!e) INTERNED.set(key, (e = Object.freeze(flat)));
  return e;
}

/** The alternated stem before the 2nd-declension -a/-i/-u endings, if the stem alternates. */
function alternatedStems(stem: string): string[] {
  const alt = alternate(stem);
  return alt === stem ? [] : [alt];
}

/**
 * Stems and endings of one lower-case word. `head` is false for a word that
 * precedes the head of a phrase ("brīvības" in "brīvības iela"): such a word
 * is frozen unless it is a definite adjective that agrees with the head.
 */
export function paradigmOf(word: string, role: WordRole = 'other', head = true): StemEndings[] {
  const w = word;
  const fixed = [{ stem: w, endings: endingsOf('') }];
  if (!head) {
    if (w.length > 4 && w.endsWith('ais')) return [{ stem: w.slice(0, -3), endings: ADJ_MASC }];
    if (w.length > 3 && w.endsWith('ā')) return [{ stem: w.slice(0, -1), endings: ADJ_FEM }];
    return fixed;
  }
  const exception = EXCEPTIONS.get(w);
  if (exception) return exception;
  if (w.length < 3) return fixed;
  if (ENS_NOUNS.has(w)) {
    const stem = w.slice(0, -3);
    return [{ stem, endings: endingsOf(['ens', 'enim', 'eni', 'enī']) }, { stem: stem + 'eņ', endings: M_PLURAL }];
  }
  if (w.endsWith('ais') && w.length > 4) return [{ stem: w.slice(0, -3), endings: ADJ_MASC }];
  if (w.endsWith('pils')) return [{ stem: w.slice(0, -1), endings: F6 }];
  if (w.endsWith('is')) {
    const stem = w.slice(0, -2);
    return [
      { stem, endings: endingsOf(M2_SG, M2_ALT) },
      ...alternatedStems(stem).map((alt) => ({ stem: alt, endings: M2_ALT })),
    ];
  }
  if (w.endsWith('us')) return [{ stem: w.slice(0, -2), endings: M3 }];
  if (w.endsWith('s') || w.endsWith('š')) return [{ stem: w.slice(0, -1), endings: endingsOf(w.slice(-1), M1) }];
  if (w.endsWith('a')) return [{ stem: w.slice(0, -1), endings: role === 'person' ? endingsOf(F4, 'am') : F4 }];
  if (w.endsWith('e')) return [{ stem: w.slice(0, -1), endings: role === 'person' ? endingsOf(F5, 'em') : F5 }];
  // Plural place names and plural heads ("Ādaži", "siltumtīkli"); a person's
  // name in -i is a loan and does not inflect.
  if (w.endsWith('i') && role !== 'person') return [{ stem: w.slice(0, -1), endings: M_PLURAL }];
  // Loan names ending in a consonant are declined in speech like 1st-declension
  // nouns with a zero ending: "Elektrum" -> "Elektrumam", "Elektrumā".
  if (/[bcčdfgģhjkķlļmnņprtvzž]$/u.test(w)) return [{ stem: w, endings: endingsOf('', M1.slice(0, 4)) }];
  return fixed;
}

/** Every form the rules produce for a word, the given form first. */
export function inflectedForms(word: string, role: WordRole = 'other', head = true): string[] {
  const out = new Set<string>([word]);
  for (const { stem, endings } of paradigmOf(word, role, head)) for (const e of endings) out.add(stem + e);
  return [...out];
}

/** Every ending the rules use, longest first: the candidates for analysing a form. */
export const ALL_ENDINGS: readonly string[] = [
  ...new Set(['', ...M1, 's', 'š', ...M2_SG, ...M2_ALT, ...M3, ...F4, 'am', ...F5, 'em', ...F6, ...M_PLURAL, ...ADJ_MASC, ...ADJ_FEM, 'ens', 'enim', 'eni', 'enī']),
].sort((a, b) => b.length - a.length);

/** Endings by their last letter, so a form only tries the endings it can carry. */
const ENDINGS_BY_LAST = new Map<string, string[]>();
for (const e of ALL_ENDINGS) {
  if (e === '') continue;
  const last = e[e.length - 1]!;
  const list = ENDINGS_BY_LAST.get(last);
  if (list) list.push(e);
  else ENDINGS_BY_LAST.set(last, [e]);
}

/** Calls `visit(stem, ending)` for every way the form splits; the whole form comes last (ending ""). */
export function forEachSplit(form: string, minStem: number, visit: (stem: string, ending: string) => void): void {
  for (const e of ENDINGS_BY_LAST.get(form[form.length - 1] ?? '') ?? []) {
    if (form.length - e.length >= minStem && form.endsWith(e)) visit(form.slice(0, form.length - e.length), e);
  }
  if (form.length >= minStem) visit(form, '');
}

/** (stem, ending) splits of a form, for looking the stem up; the whole form is the last split. */
export function splitsOf(form: string, minStem = 2): Array<[stem: string, ending: string]> {
  const out: Array<[string, string]> = [];
  forEachSplit(form, minStem, (stem, ending) => out.push([stem, ending]));
  return out;
}

const PREPOSITIONS = new Set(['ar', 'bez', 'no', 'uz', 'par', 'pie', 'pēc', 'līdz', 'pret', 'priekš', 'zem', 'virs', 'aiz', 'starp', 'kopš', 'caur', 'pa', 'ap', 'pirms', 'dēļ', 'un']);
const LOCATIVE_TAIL = /(ā|ē|ī|ū|ās|ēs|īs|os)$/u;

/**
 * Index of the word that declines in a multi-word term. Usually the last
 * ("mājokļa pabalsts", "Brīvības iela"); the first when a prepositional or
 * locative tail follows it ("aprūpe mājās", "pabalsts krīzes situācijā",
 * "izlikšana no dzīvokļa"), since that tail never changes. "un" inside a
 * genitive chain ("Izglītības un zinātnes ministrija") is skipped.
 */
export function phraseHead(tokens: readonly string[]): number {
  const last = tokens.length - 1;
  if (last <= 0) return 0;
  const prep = tokens.findIndex((t, k) => k >= 1 && t !== 'un' && PREPOSITIONS.has(t));
  if (prep >= 1) return 0;
  if (LOCATIVE_TAIL.test(tokens[last]!) && !LOCATIVE_TAIL.test(tokens[0]!)) return 0;
  return last;
}
