/**
 * A domain term given in the nominative → the word sequences it is said as in
 * other cases, so boosting "bāriņtiesa" also helps "bāriņtiesas", "bāriņtiesai", ….
 *
 * Multi-word terms inflect like a Latvian noun phrase: the head is the first word
 * that is a noun in the nominative (without a dictionary: the last declinable word); adjectives and participles before it agree with
 * it in case and number ("sociālais dienests" → "sociālajam dienestam"); genitive
 * modifiers and everything after the head stay fixed ("mājokļa pabalsts" →
 * "mājokļa pabalstu", "pabalsts krīzes situācijā" → "pabalstu krīzes situācijā").
 * Capitalised consecutive nouns (names) inflect together ("Jānis Bērziņš" →
 * "jāņa bērziņa"). Noun forms come from Hunspell when it knows the word, else
 * from `guessNounParadigm`; see latvian/case-paradigms.ts for what the rules cover.
 * All output is lower case, the form the acoustic model emits.
 */
import { CASE_TAGS, adjectiveParadigm, adjectiveShapes, guessNounParadigm, type CaseTag, type Gender, type Paradigm } from '../../latvian/case-paradigms.ts';
import { analyse, expandEntry, type DictionaryEntry, type HunspellDictionary } from './lexicon-hunspell.ts';

const lower = (w: string): string => w.toLocaleLowerCase('lv');
const capitalise = (w: string): string => w.charAt(0).toLocaleUpperCase('lv') + w.slice(1);
const MAX_VARIANTS = 24;

interface Noun {
  readonly paradigm: Paradigm;
  readonly gender: Gender;
  readonly plural: boolean;
}

function entriesOf(dict: HunspellDictionary | null, word: string): DictionaryEntry[] {
  if (!dict) return [];
  const l = lower(word);
  return [...(dict.entries.get(l) ?? []), ...(dict.entries.get(capitalise(l)) ?? [])];
}

function isNounEntry(e: DictionaryEntry): boolean {
  return e.pos !== null && e.pos.startsWith('lietv');
}

/** Case forms of a headword: plain ones, or with `diminutive` those of its -iņš/-ītis form. */
function paradigmOfEntry(dict: HunspellDictionary, entry: DictionaryEntry, diminutive = false): Map<CaseTag, string[]> {
  const m = new Map<CaseTag, string[]>();
  const put = (tag: CaseTag, form: string): void => {
    const list = m.get(tag);
    if (!list) m.set(tag, [form]);
    else if (!list.includes(form)) list.push(form);
  };
  if (!diminutive) put('vn', lower(entry.word));
  const kind = diminutive ? 'd' : 'p';
  for (const { form, tag } of expandEntry(dict, entry)) {
    if (tag && tag.length === 3 && tag[1] === kind && tag[2] !== 'v') put(`${tag[0]}${tag[2]}` as CaseTag, lower(form));
  }
  return m;
}

const genderOf = (entry: DictionaryEntry): Gender => (/^lietv[456]/.test(entry.pos ?? '') ? 'f' : 'm');

/** The word as the nominative head of a noun phrase, or null (genitive, verb, …). */
export function nounInNominative(dict: HunspellDictionary | null, word: string): Noun | null {
  const entries = entriesOf(dict, word);
  const noun = entries.find(isNounEntry);
  if (dict && noun) return { paradigm: paradigmOfEntry(dict, noun), gender: genderOf(noun), plural: false };
  if (entries.length > 0) return null; // a known word, but no noun
  if (dict) {
    const analyses = analyse(dict, lower(word)).concat(analyse(dict, capitalise(lower(word))));
    const nouns = analyses.filter((a) => isNounEntry(a.entry));
    const diminutive = nouns.find((a) => a.tag === 'vdn');
    if (diminutive) return { paradigm: paradigmOfEntry(dict, diminutive.entry, true), gender: genderOf(diminutive.entry), plural: false };
    const plural = nouns.find((a) => a.tag === 'dpn');
    if (plural) {
      const full = paradigmOfEntry(dict, plural.entry);
      const paradigm = new Map([...full].filter(([tag]) => tag.startsWith('d')));
      return { paradigm, gender: genderOf(plural.entry), plural: true };
    }
    if (analyses.length > 0) return null; // an inflected form of a known word
  }
  return guessed(word);
}

function guessed(word: string): Noun | null {
  // "-ais", "-ie": definite adjectives and participles ("garantētais"), not nouns
  if (/(ais|ie)$/u.test(lower(word))) return null;
  const guess = guessNounParadigm(lower(word));
  return guess ? { ...guess, plural: false } : null;
}

/** Hunspell paradigms lack some cells (diminutives have no genitive plural): fill them by rule. */
function completed(word: string, noun: Noun): Noun {
  const guess = noun.plural ? null : guessNounParadigm(lower(word));
  if (!guess || guess.gender !== noun.gender) return noun;
  const paradigm = new Map(noun.paradigm);
  for (const [tag, forms] of guess.paradigm) if (!paradigm.has(tag)) paradigm.set(tag, forms);
  return { ...noun, paradigm };
}

/** Every lower-case word sequence the term is said as, the term itself first. */
export function inflectTerm(term: string, dict: HunspellDictionary | null): string[][] {
  const words = term.trim().split(/\s+/).filter((w) => w.length > 0);
  if (words.length === 0) return [];
  const given = words.map(lower);
  if (words.length === 1) return singleWord(words[0]!, dict).map((w) => [w]);

  // "dienas aprūpes centrs": a singular head wins over a plural reading of a genitive.
  // Rules alone cannot tell "mājokļa" (genitive) from a nominative: take the last noun.
  const nouns = words.map((w) => {
    const n = nounInNominative(dict, w);
    return n && completed(w, n);
  });
  let head = dict ? nouns.findIndex((n) => n !== null && !n.plural) : nouns.length - 1 - [...nouns].reverse().findIndex((n) => n !== null);
  if (head < 0 || head >= nouns.length) head = nouns.findIndex((n) => n !== null);
  if (head < 0) return [given];
  const headNoun = nouns[head]!;

  // per position: a paradigm that follows the head's case, or null (fixed)
  const slots: (Paradigm | null)[] = given.map(() => null);
  slots[head] = headNoun.paradigm;
  for (let i = 0; i < head; i++) {
    const shape = adjectiveShapes(given[i]!).find((s) => s.gender === headNoun.gender && s.plural === headNoun.plural);
    if (shape && (shape.definite || isAdjective(dict, words[i]!))) slots[i] = adjectiveParadigm(given[i]!, shape);
  }
  // "Jānis Bērziņš": capitalised nouns right after a capitalised head decline with it
  for (let i = head + 1; i < words.length && isCapitalised(words[head]!) && isCapitalised(words[i]!); i++) {
    const next = nouns[i] ?? guessed(words[i]!);
    if (!next) break;
    slots[i] = next.paradigm;
  }

  const out: string[][] = [given];
  const seen = new Set([given.join(' ')]);
  for (const tag of CASE_TAGS) {
    const headForms = headNoun.paradigm.get(tag);
    if (!headForms) continue;
    for (const headForm of headForms) {
      const variant = given.map((w, i) => (i === head ? headForm : (slots[i]?.get(tag)?.[0] ?? w)));
      const key = variant.join(' ');
      if (!seen.has(key) && out.length < MAX_VARIANTS) {
        seen.add(key);
        out.push(variant);
      }
    }
  }
  return out;
}

function singleWord(word: string, dict: HunspellDictionary | null): string[] {
  const forms = new Set([lower(word)]);
  const noun = nounInNominative(dict, word) ?? (entriesOf(dict, word).length === 0 ? guessed(word) : null);
  if (noun) {
    for (const list of noun.paradigm.values()) for (const f of list) forms.add(f);
  } else if (dict) {
    // verbs, adjectives, adverbs: every suffixed form Hunspell has
    for (const e of entriesOf(dict, word)) for (const { form } of expandEntry(dict, e)) forms.add(lower(form));
  }
  return [...forms];
}

function isAdjective(dict: HunspellDictionary | null, word: string): boolean {
  if (!dict) return true;
  const l = lower(word);
  return [...entriesOf(dict, l).map((entry) => ({ entry })), ...analyse(dict, l)].some(({ entry }) => entry.pos?.startsWith('īpv') ?? false);
}

const isCapitalised = (w: string): boolean => w.length > 0 && w.charAt(0) !== lower(w.charAt(0));

/** All distinct lower-case words of all variants (for the lexicon). */
export function termWords(variants: readonly (readonly string[])[]): Set<string> {
  const out = new Set<string>();
  for (const v of variants) for (const w of v) out.add(w);
  return out;
}
