/**
 * Proper-name capitalisation from the lexicon: people, places, streets,
 * providers, institutions — in any case form ("bērziņam" -> "Bērziņam",
 * "madonas novadā" -> "Madonas novadā", "latvijas gāzei" -> "Latvijas Gāzei").
 *
 * A multi-word match is its own evidence and is always applied. A one-word
 * name that is also an ordinary word seen in running text ("laima" luck,
 * "egle" fir, "maija" of May) is capitalised only with person context: next
 * to another name ("laima kalniņa"), after "klients", "vārds", … or before
 * "kungs"/"kundze". The step only ever adds capitals; it never lowers a word.
 */
import { hitKey, type Lexicon, type TokenHit } from './domain-lexicon.ts';
import { applyCasing, lower } from '../latvian/letters.ts';
import type { Correction, StepResult } from './types.ts';
import { EMPTY_WORD_SET, type WordSet } from './word-set.ts';
import { inflectedForms } from '../latvian/term-inflection.ts';

export interface NamesOptions {
  /** words seen in lower case in ordinary text: a one-word name among them needs context */
  readonly ambiguous?: WordSet;
  /**
   * every ordinary word form: a *given name* among them needs context too
   * ("rasa" dew, "ieva" bird cherry), while a surname such as "Bērziņš" (also a
   * rare diminutive) is capitalised unless it was seen in running text
   */
  readonly commonWords?: WordSet;
}

/** Words after which a name follows ("klients laima", "vārds rasa"); nominative and a few singular cases only ("klientu daļa" is not a name). */
const PERSON_BEFORE = new Set([
  'klients', 'kliente', 'klienta', 'klientes', 'klientam', 'klientei', 'vārds', 'uzvārds', 'pensionārs', 'pensionāre',
  'dēls', 'meita', 'māte', 'tēvs', 'brālis', 'māsa', 'sieva', 'vīrs', 'aizbildnis', 'aizbildne', 'audžumāte', 'audžutēvs',
]);
const PERSON_AFTER = new Set(['kungs', 'kundze'].flatMap((l) => inflectedForms(l, 'person')));

interface Word {
  readonly text: string;
  readonly lower: string;
  readonly start: number;
  readonly end: number;
}

/** Display casing of a hit, or null where none is needed or possible. */
function cased(hit: TokenHit, word: Word): string | null {
  const model = hit.entry.displayTokens[hit.position]!.replace(/[^\p{L}\p{M}\p{N}']+/gu, '');
  const out = applyCasing(model, word.lower);
  if (out === null || out === word.text) return null;
  // Only ever add capitals: a sentence-initial "Valsts" stays, "ūdens" in "Rīgas ūdens" stays lower.
  if (lower(out) !== word.lower) return null;
  for (let k = 0; k < out.length; k++) if (word.text[k] !== out[k] && out[k] === lower(out[k]!)) return null;
  return out;
}

/** Weight from which a one-word place or organisation is capitalised even when it is also a word. */
const TRUSTED_WEIGHT = 1.5;

/** Plural endings: "kalniņi" (little hills) is far likelier than "the Kalniņš family". */
const PLURAL_ENDINGS = new Set(['i', 'iem', 'us', 'os', 'ām', 'ās', 'ēm', 'ēs', 'īm', 'īs']);

/**
 * Whether a one-word name needs context before it is capitalised:
 *  - it was seen as an ordinary lower-case word in running text ("maija");
 *  - a given name or surname that is an ordinary word form ("rasa" dew,
 *    "ozols" oak, "liepa" linden) — except the singular of a diminutive
 *    surname ("bērziņš", "kalniņa", "eglītis"): such diminutives are rare as
 *    common nouns and these are the most frequent Latvian surnames;
 *  - places and organisations only when seen in running text, or when they
 *    are ordinary word forms and not boosted (weight below 1.5): the bundled
 *    towns are boosted, so "liepājā" (a Hunspell word form too) is always
 *    "Liepājā", while an imported place "Dari" stays "dari" (you do) alone.
 */
function needsContext(hit: TokenHit, word: string, ambiguous: WordSet, common: WordSet): boolean {
  if (ambiguous.has(word)) return true;
  if (!common.has(word)) return false;
  if (hit.entry.role !== 'person') return hit.entry.weight < TRUSTED_WEIGHT;
  if (hit.entry.category !== 'surname') return true;
  const diminutive = /(iņ|īt)[a-zāēīūčšžģķļņ]*$/u.test(word) && /(iņš|iņa|ītis|īte)$/u.test(lower(hit.entry.term));
  return !diminutive || PLURAL_ENDINGS.has(hit.ending);
}

export function capitalizeNames(text: string, lexicon: Lexicon, options: NamesOptions = {}): StepResult {
  const ambiguous = options.ambiguous ?? EMPTY_WORD_SET;
  const common = options.commonWords ?? EMPTY_WORD_SET;
  const words: Word[] = [];
  for (const m of text.matchAll(/[\p{L}\p{M}]+/gu)) words.push({ text: m[0], lower: lower(m[0]), start: m.index, end: m.index + m[0].length });
  const hits = words.map((w) => lexicon.analyzeWritten(w.lower));
  const hitSets = hits.map((hs) => new Map(hs.map((h) => [hitKey(h.entry.id, h.position), h])));
  const joined = (a: number, b: number) => text.slice(words[a]!.end, words[b]!.start) === ' ';

  const replacement = new Map<number, string>();
  const personAt = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    let best: { hits: TokenHit[]; weight: number } | null = null;
    for (const h of hits[i]!) {
      if (h.position !== 0) continue;
      const n = h.entry.displayTokens.length;
      const chain: TokenHit[] = [h];
      for (let k = 1; k < n; k++) {
        const j = i + k;
        if (j >= words.length || !joined(j - 1, j)) break;
        const next = hitSets[j]!.get(hitKey(h.entry.id, k));
        if (!next) break;
        chain.push(next);
      }
      if (chain.length !== n) continue;
      if (!best || n > best.hits.length || (n === best.hits.length && h.entry.weight > best.weight)) best = { hits: chain, weight: h.entry.weight };
    }
    if (!best) continue;
    if (best.hits.length === 1) {
      const w = words[i]!;
      const hit = best.hits[0]!;
      if (needsContext(hit, w.lower, ambiguous, common)) {
        const prev = i > 0 && joined(i - 1, i) ? i - 1 : -1;
        const next = i + 1 < words.length && joined(i, i + 1) ? i + 1 : -1;
        // A neighbour is evidence only if it is an unambiguous name of the other
        // kind: given name + surname ("laima kalniņa") or surname + given name.
        const partner = hit.entry.category === 'given-name' ? 'surname' : 'given-name';
        // A name just capitalised from context counts too: "klients jūlija āboliņa".
        const clearName = (k: number) =>
          k >= 0 &&
          hits[k]!.some((h) => h.entry.category === partner && (personAt.has(k) || !needsContext(h, words[k]!.lower, ambiguous, common)));
        const context =
          hit.entry.role === 'person' &&
          (clearName(prev) || clearName(next) || (prev >= 0 && PERSON_BEFORE.has(words[prev]!.lower)) ||
            (next >= 0 && hit.entry.category === 'surname' && PERSON_AFTER.has(words[next]!.lower)));
        if (!context) continue;
      }
    }
    best.hits.forEach((h, k) => {
      const out = cased(h, words[i + k]!);
      if (out !== null) replacement.set(i + k, out);
      if (h.entry.role === 'person') personAt.add(i + k);
    });
    i += best.hits.length - 1;
  }

  const corrections: Correction[] = [];
  let out = '';
  let last = 0;
  for (const [k, to] of [...replacement].sort((a, b) => a[0] - b[0])) {
    const w = words[k]!;
    out += text.slice(last, w.start) + to;
    last = w.end;
    corrections.push({ step: 'names', kind: 'name', from: w.text, to, start: w.start, end: w.end });
  }
  return { text: out + text.slice(last), corrections };
}
