/**
 * Near-miss repair of domain terms in the spoken text, before ITN:
 *   join       "bāriņ tiesa"      -> "bāriņtiesa"
 *   split      "mājokļapabalsts"  -> "mājokļa pabalsts"
 *   near-miss  "latvenergu"       -> "latvenergo", "barintiesai" -> "bāriņtiesai"
 *
 * The guard against rewriting ordinary words is that only *unknown* words are
 * touched: a word in the common-word list (all Hunspell forms plus the
 * treebank/NTREX vocabulary), a lexicon form, a number word or a letter name
 * is never changed, and never joined with a neighbour unless the neighbour is
 * unknown. Real-word errors ("madonna" for "madona") are left to the language
 * model. Thresholds are tuned on test/fixtures/correction/dev.jsonl (see
 * scripts/bench/correction-bench.ts --sweep).
 */
import { hitKey, type Lexicon, type TokenHit } from './domain-lexicon.ts';
import { FuzzyIndex, type FuzzyTarget } from './fuzzy-index.ts';
import { ALL_ENDINGS, inflectedForms } from '../latvian/term-inflection.ts';
import { letterOf, stripDiacritics } from '../latvian/letters.ts';
import { isNumberToken } from '../latvian/number-words.ts';
import { editCost, jaroWinkler } from '../latvian/similarity.ts';
import { isVerbForm } from '../latvian/verb-forms.ts';
import { tokenize, type Correction, type StepResult } from './types.ts';
import { EMPTY_WORD_SET, type WordSet } from './word-set.ts';

export interface FuzzyOptions {
  /** ordinary Latvian words: never corrected */
  readonly commonWords?: WordSet;
  /** words seen in running text: two of them are never joined into one */
  readonly attestedWords?: WordSet;
  /** entries lighter than this are not targets (default 1: rare calendar names are 0.5) */
  readonly minWeight?: number;
  /** shortest word a near-miss may rewrite */
  readonly minLength?: number;
  /** largest edit cost accepted for a word of 5-7 letters; diacritic slips cost 0.25 */
  readonly maxCostShort?: number;
  /** largest edit cost for 8 letters or more */
  readonly maxCostLong?: number;
  readonly minJaroWinkler?: number;
}

export type FuzzyThresholds = Required<Omit<FuzzyOptions, 'commonWords' | 'attestedWords'>>;

/** Tuned on the dev set (scripts/bench/correction-bench.ts --sweep; README.md). */
export const DEFAULT_FUZZY: FuzzyThresholds = {
  minWeight: 1,
  minLength: 5,
  maxCostShort: 0.5,
  maxCostLong: 1.5,
  minJaroWinkler: 0.9,
};

/** Longest run-together pair tried as a near miss; longer ones only join exactly (latency). */
const MAX_FUZZY_JOIN = 20;

const COMMAND_WORDS = new Set(['punkts', 'komats', 'kols', 'semikols', 'domuzīme', 'jautājuma', 'izsaukuma', 'zīme', 'jauna', 'rinda', 'rindkopa']);

function sharedTail(a: string, b: string): number {
  let k = 0;
  while (k < a.length && k < b.length && a[a.length - 1 - k] === b[b.length - 1 - k]) k++;
  return k;
}

/** The index is built once per lexicon and option set, on first use. */
const indexes = new WeakMap<Lexicon, Map<string, FuzzyIndex>>();
export function fuzzyIndexFor(lexicon: Lexicon, minWeight: number, minStem = 3): FuzzyIndex {
  let byOptions = indexes.get(lexicon);
  if (!byOptions) indexes.set(lexicon, (byOptions = new Map()));
  const key = `${minWeight}|${minStem}`;
  let index = byOptions.get(key);
  if (!index) byOptions.set(key, (index = new FuzzyIndex(lexicon, { minWeight, minStem })));
  return index;
}

/** Lexicon analyses of one token, with (entry, position) keys for O(1) lookups. */
interface Analysis {
  readonly hits: readonly TokenHit[];
  readonly keys: ReadonlySet<number>;
}

interface Best {
  readonly form: string;
  readonly cost: number;
  readonly weight: number;
}

export class FuzzyCorrector {
  private readonly o: FuzzyThresholds;
  private readonly common: WordSet;
  private readonly attested: WordSet;
  private readonly index: FuzzyIndex;

  constructor(
    private readonly lexicon: Lexicon,
    options: FuzzyOptions = {},
  ) {
    const { commonWords, attestedWords, ...rest } = options;
    this.o = { ...DEFAULT_FUZZY, ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
    this.common = commonWords ?? EMPTY_WORD_SET;
    this.attested = attestedWords ?? EMPTY_WORD_SET;
    this.index = fuzzyIndexFor(lexicon, this.o.minWeight);
  }

  /** Known words are never rewritten. */
  isKnown(word: string): boolean {
    return (
      !/^\p{Ll}+$/u.test(word) ||
      COMMAND_WORDS.has(word) ||
      letterOf(word) !== undefined ||
      isNumberToken(word) ||
      this.common.has(word) ||
      this.lexicon.analyzeSpoken(word).length > 0 ||
      isVerbForm(word, this.common)
    );
  }

  private usable(hits: readonly TokenHit[]): boolean {
    return hits.some((h) => h.entry.weight >= this.o.minWeight);
  }

  /** Best lexicon form for an unknown word, or null when none is close and unambiguous enough. */
  nearMiss(word: string, maxCost = Infinity): string | null {
    if (word.length < this.o.minLength) return null;
    const limit = Math.min(maxCost, word.length >= 8 ? this.o.maxCostLong : this.o.maxCostShort);
    const best = new Map<string, Best>();
    for (const target of this.index.candidates(word)) {
      const form = this.closestForm(word, target, limit);
      if (!form) continue;
      const prev = best.get(form.form);
      if (!prev || form.cost < prev.cost || (form.cost === prev.cost && form.weight > prev.weight)) best.set(form.form, form);
    }
    const ranked = [...best.values()].sort((a, b) => a.cost - b.cost || b.weight - a.weight);
    const top = ranked[0];
    if (!top) return null;
    // Two different words equally close: guessing would be a coin toss.
    if (ranked[1] && ranked[1].cost === top.cost && ranked[1].weight === top.weight) return null;
    // Diacritic slips are already priced by the edit cost; compare the letters underneath.
    if (jaroWinkler(stripDiacritics(word), stripDiacritics(top.form)) < this.o.minJaroWinkler) return null;
    return top.form;
  }

  private closestForm(word: string, t: FuzzyTarget, limit: number): Best | null {
    // "klientei" is the stem of "klients" with a real ending of another paradigm:
    // a sibling word (the feminine), not a mis-hearing of the term. "āboliņs" is
    // not: its ending is the term's own "š" with the mark lost.
    if (word.startsWith(t.stem)) {
      const ending = word.slice(t.stem.length);
      const own = t.endings.some((e) => stripDiacritics(e) === stripDiacritics(ending));
      if (ALL_ENDINGS.includes(ending) && !own) return null;
    }
    // Names vary endlessly and an unknown one is usually a real name ("Rusiņš"):
    // a person's name is only repaired when the letters match and marks differ.
    const person = t.entry.role === 'person';
    let best: Best | null = null;
    for (const e of t.endings) {
      const form = t.stem + e;
      if (form === word) continue;
      if (person && stripDiacritics(form) !== stripDiacritics(word)) continue;
      const cost = editCost(word, form, limit);
      if (cost <= limit && (!best || cost < best.cost)) best = { form, cost, weight: t.entry.weight };
    }
    return best;
  }

  /** A lexicon word made of parts run together: exactly, or two parts with only diacritic slips. */
  private joined(parts: readonly string[]): string | null {
    const whole = parts.join('');
    if (this.usable(this.lexicon.analyzeSpoken(whole))) return whole;
    return parts.length === 2 && whole.length <= MAX_FUZZY_JOIN ? this.nearMiss(whole, this.o.maxCostShort) : null;
  }

  private exactJoin(parts: readonly string[]): string | null {
    const whole = parts.join('');
    // A compound split by the recogniser breaks at the joint, leaving a stem that
    // is rarely a word in running text ("bāriņ"); "gribas spēku", "dzīves ciklu"
    // start with an ordinary word and stay two words.
    if (whole.length < 8 || this.attested.has(parts[0]!)) return null;
    const hits = this.lexicon.analyzeSpoken(whole);
    return hits.some((h) => h.entry.weight >= this.o.minWeight && h.entry.spokenTokens.length === 1) ? whole : null;
  }

  /** "mājokļapabalsts" -> "mājokļa pabalsts" when the two halves are consecutive tokens of one entry. */
  private split(word: string): string | null {
    for (let j = 2; j <= word.length - 2; j++) {
      const left = this.lexicon.analyzeSpoken(word.slice(0, j));
      if (left.length === 0) continue;
      const right = this.lexicon.analyzeSpoken(word.slice(j));
      const ok = left.some((l) => l.entry.weight >= this.o.minWeight && right.some((r) => r.entry.id === l.entry.id && r.position === l.position + 1));
      if (ok) return `${word.slice(0, j)} ${word.slice(j)}`;
    }
    return null;
  }

  /**
   * A word inside a lexicon phrase that differs from the phrase's own word
   * only in diacritics: "latvijas gaze" -> "latvijas gāze". Every other word
   * of the phrase must be there, exactly, around it: that is the evidence.
   */
  private phraseDiacritics(words: readonly string[], i: number, at: (k: number) => Analysis): string | null {
    const w = words[i]!;
    if (!/[aceginklnsuzāčēģīķļņšūž]/u.test(w)) return null; // nothing that could carry a mark
    const bare = stripDiacritics(w);
    const wholeAt = (e: TokenHit['entry'], start: number, skip: number) => {
      if (start < 0 || start + e.spokenTokens.length > words.length) return false;
      for (let r = 0; r < e.spokenTokens.length; r++) if (start + r !== skip && !at(start + r).keys.has(hitKey(e.id, r))) return false;
      return true;
    };
    // "kāpu iela" is itself a street, even though "Kapu iela" is one too.
    if (at(i).hits.some((h) => h.entry.spokenTokens.length >= 2 && wholeAt(h.entry, i - h.position, -1))) return null;
    for (const [k, offset] of [[i - 1, 1], [i + 1, -1]] as const) {
      const n = words[k];
      if (n === undefined || COMMAND_WORDS.has(n) || isNumberToken(n)) continue;
      for (const h of at(k).hits) {
        const e = h.entry;
        const q = h.position + offset;
        if (e.weight < this.o.minWeight || e.spokenTokens.length < 2 || q < e.spokenAligned || q >= e.spokenTokens.length) continue;
        // Cheap screen before any inflecting: the phrase word must start with the same letters.
        if (stripDiacritics(e.spokenTokens[q]!.slice(0, 3)) !== bare.slice(0, 3)) continue;
        if (!wholeAt(e, i - q, i)) continue;
        const forms = q <= e.spokenHead ? inflectedForms(e.spokenTokens[q]!, e.role, q === e.spokenHead) : [e.spokenTokens[q]!];
        // "novada" is a right form of "novads" in another case: not an error.
        if (forms.includes(w)) return null;
        // Keep the ending as heard ("gaze" -> "gāze", not "gāzē"): prefer the longest shared tail.
        const ranked = forms
          .filter((f) => stripDiacritics(f) === bare)
          .map((f) => ({ f, tail: sharedTail(f, w) }))
          .sort((a, b) => b.tail - a.tail);
        if (ranked[0] && (ranked.length === 1 || ranked[0].tail > ranked[1]!.tail)) return ranked[0].f;
      }
    }
    return null;
  }

  correct(text: string): StepResult {
    const tokens = tokenize(text);
    const words = tokens.map((t) => t.text);
    const known = words.map((w) => this.isKnown(w));
    const analyses = new Map<number, Analysis>();
    const at = (k: number): Analysis => {
      let a = analyses.get(k);
      if (!a) {
        const hits = this.lexicon.analyzeSpoken(words[k]!);
        analyses.set(k, (a = { hits, keys: new Set(hits.map((h) => hitKey(h.entry.id, h.position))) }));
      }
      return a;
    };
    const out: string[] = [];
    const corrections: Correction[] = [];
    const emit = (from: number, to: number, replacement: string, kind: string) => {
      const start = tokens[from]!.start;
      const end = tokens[to - 1]!.end;
      out.push(replacement);
      corrections.push({ step: 'fuzzy', kind, from: text.slice(start, end), to: replacement, start, end });
    };
    let i = 0;
    while (i < words.length) {
      // Joins: two or three tokens, at least one of them unknown and none a number or command.
      let done = false;
      for (const n of [3, 2]) {
        const parts = words.slice(i, i + n);
        if (parts.length < n) continue;
        if (parts.some((p) => !/^\p{Ll}+$/u.test(p) || COMMAND_WORDS.has(p) || isNumberToken(p) || letterOf(p) !== undefined)) continue;
        // Two known words join only into a long one-word term ("bāriņ tiesa": "bāriņ" is a Hunspell vocative).
        const joined = known.slice(i, i + n).every(Boolean) ? (n === 2 ? this.exactJoin(parts) : null) : this.joined(parts);
        if (joined) {
          emit(i, i + n, joined, 'join');
          i += n;
          done = true;
          break;
        }
      }
      if (done) continue;
      const w = words[i]!;
      if (!known[i]) {
        const split = this.split(w);
        if (split) {
          emit(i, i + 1, split, 'split');
          i++;
          continue;
        }
        const near = this.nearMiss(w);
        if (near) {
          emit(i, i + 1, near, 'near-miss');
          i++;
          continue;
        }
      }
      if (/^\p{Ll}+$/u.test(w) && !COMMAND_WORDS.has(w) && !isNumberToken(w)) {
        const fixed = this.phraseDiacritics(words, i, at);
        if (fixed) {
          emit(i, i + 1, fixed, 'phrase-diacritics');
          i++;
          continue;
        }
      }
      out.push(w);
      i++;
    }
    return { text: out.join(' '), corrections };
  }
}

/** One-shot form of the step; reuse a FuzzyCorrector to keep its index warm. */
export function correctNearMisses(text: string, lexicon: Lexicon, options: FuzzyOptions = {}): StepResult {
  return new FuzzyCorrector(lexicon, options).correct(text);
}
