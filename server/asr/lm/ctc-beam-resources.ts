/**
 * Assembles what the beam search needs from a domain's corpora: the LM, a
 * lexicon of the LM's words plus every inflected form of every term, and the
 * hotword graph of the terms' inflected phrases.
 *
 *   const dict = await loadLatvianHunspell();
 *   const lm = buildNgramLm([...sentences, ...termSentences(terms, dict)]);
 *   const decoder = new CtcBeamDecoder(table, buildBeamResources({ lm, terms, dictionary: dict }));
 */
import { inflectTerm } from './lexicon-inflect.ts';
import { createSpellChecker, type HunspellDictionary } from './lexicon-hunspell.ts';
import { LexiconTrie } from './lexicon-trie.ts';
import type { WordLm } from './ngram-lm.ts';
import type { BeamResources } from './ctc-beam.ts';
import { HotwordGraph, type HotwordPhrase } from './ctc-beam-hotwords.ts';

export interface DomainTerm {
  /** the spoken form, nominative for nouns: "mājokļa pabalsts", "Jānis Bērziņš" (capitals mark names) */
  readonly phrase: string;
  /** nats per matched character; default `boostPerChar`; 0 adds the words to the lexicon only */
  readonly boost?: number;
  /** also boost the other case forms, default true */
  readonly inflect?: boolean;
}

export interface BeamResourcesInput {
  readonly lm?: WordLm | null;
  readonly terms?: Iterable<DomainTerm>;
  /** Hunspell for inflection and the spelling check; without it declension rules alone are used */
  readonly dictionary?: HunspellDictionary | null;
  /** accept Hunspell word forms outside the lexicon without the OOV penalty (default true with a dictionary) */
  readonly spellCheck?: boolean;
  /** more words the lexicon should accept without the OOV penalty */
  readonly extraWords?: Iterable<string>;
  /** default boost of a term, nats per letter (default 0.5) */
  readonly boostPerChar?: number;
  /** build a lexicon (default true); false gives lexicon-free decoding */
  readonly lexicon?: boolean;
}

export interface DomainResources extends BeamResources {
  /** boosted phrases after inflection */
  readonly phraseCount: number;
  /** terms dropped because they have digits or symbols (give their spoken form) */
  readonly rejectedTerms: readonly string[];
  /** configuration that is known to decode badly, in words fit for a log */
  readonly warnings: readonly string[];
}

const UNSPEAKABLE = /[0-9%€$§&@#+=<>_/\\]/u;

/** Letters, apostrophes and spaces only; null when the term has digits or symbols. */
export function spokenTerm(phrase: string): string | null {
  const t = phrase.normalize('NFC');
  if (UNSPEAKABLE.test(t)) return null;
  const cleaned = t
    .replace(/[-‐‑‒–—―]/gu, ' ')
    .replace(/[^\p{L}'\s]+/gu, '')
    .trim()
    .replace(/\s+/g, ' ');
  return cleaned.length > 0 ? cleaned : null;
}

/** Each term's inflected word sequences (lower case). */
export function inflectTerms(terms: Iterable<DomainTerm>, dictionary: HunspellDictionary | null = null): { term: DomainTerm; variants: string[] }[] {
  const out: { term: DomainTerm; variants: string[] }[] = [];
  for (const term of terms) {
    const spoken = spokenTerm(term.phrase);
    if (spoken === null) continue;
    const variants = term.inflect === false ? [spoken.toLocaleLowerCase('lv')] : inflectTerm(spoken, dictionary).map((v) => v.join(' '));
    out.push({ term, variants });
  }
  return out;
}

/** LM training sentences for terms: every inflected variant once. */
export function termSentences(terms: Iterable<DomainTerm>, dictionary: HunspellDictionary | null = null): string[] {
  return inflectTerms(terms, dictionary).flatMap((t) => t.variants);
}

export function buildBeamResources(input: BeamResourcesInput): DomainResources {
  const lm = input.lm ?? null;
  const terms = [...(input.terms ?? [])];
  const rejectedTerms = terms.filter((t) => spokenTerm(t.phrase) === null).map((t) => t.phrase);
  const inflected = inflectTerms(terms, input.dictionary ?? null);
  const words = new Set<string>(lm ? lm.vocabulary : []);
  for (const w of input.extraWords ?? []) words.add(w);
  const phrases: HotwordPhrase[] = [];
  for (const { term, variants } of inflected) {
    for (const v of variants) {
      for (const w of v.split(' ')) words.add(w);
      if ((term.boost ?? 1) > 0) phrases.push({ phrase: v, ...(term.boost !== undefined ? { boost: term.boost } : {}) });
    }
  }
  const lexicon =
    input.lexicon === false || words.size === 0
      ? null
      : LexiconTrie.fromWords(words, lm ? { logProbOf: (w) => lm.unigramLogProb(w) } : {});
  const hotwords = phrases.length > 0 ? new HotwordGraph(phrases, input.boostPerChar !== undefined ? { boostPerChar: input.boostPerChar } : {}) : null;
  const spellCheck = input.dictionary && input.spellCheck !== false ? createSpellChecker(input.dictionary) : null;
  // Measured with scripts/bench/lm-bench.ts: a word LM without both of these runs words together.
  const warnings: string[] = [];
  if (lm && !lexicon) warnings.push('LM without a lexicon: words run together go unpenalised; keep lexicon on');
  if (lexicon && !spellCheck) warnings.push('lexicon without a spelling check: correct words outside the LM are penalised; pass dictionary (loadLatvianHunspell)');
  return { lm, lexicon, spellCheck, hotwords, phraseCount: hotwords?.size ?? 0, rejectedTerms, warnings };
}
