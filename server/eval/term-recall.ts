/**
 * Domain-term recall: of the corpus terms said in the references, the share
 * the recogniser got exactly right. Pure.
 *
 * Terms are matched by their spoken form (`spoken`, else `term`) after the
 * scoring normalisation (normalizeText: lower case, punctuation dropped), as
 * whole words. A reference is scanned left to right taking the longest term
 * that starts at each word, so "gē em ī pabalsts" counts once as that term and
 * not again as "gē em ī"; multi-word terms count as one occurrence.
 *
 * A term occurrence is recognised when the hypothesis of the same utterance
 * contains the term's words in sequence: per utterance and term, hits are
 * min(occurrences in the reference, occurrences in the hypothesis), so a
 * hypothesis that repeats a term cannot earn more hits than the reference
 * has. Only exact forms count: "rīgā" for "rīga" is a miss, as it is for WER.
 */
import { normalizeText, toWords } from '../metrics/normalize-text.ts';

export interface TermSource {
  readonly term: string;
  readonly spoken?: string | null;
  readonly category?: string | null;
}

interface TrieNode {
  /** the normalised spoken form of the term that ends here */
  phrase: string | null;
  readonly next: Map<string, TrieNode>;
}

const newNode = (): TrieNode => ({ phrase: null, next: new Map() });

/** No denominator (no term occurrences) gives a recall of null, not 0 or 1. */
export interface RecallFigure {
  readonly occurrences: number;
  readonly hits: number;
  readonly recall: number | null;
}

export interface CategoryRecall extends RecallFigure {
  readonly category: string;
}

export interface TermRecall extends RecallFigure {
  /** per term category, sorted by name; terms without one are under "(none)" */
  readonly byCategory: readonly CategoryRecall[];
}

export const NO_CATEGORY = '(none)';

const recallOf = (hits: number, occurrences: number): number | null => (occurrences > 0 ? hits / occurrences : null);

export class TermMatcher {
  private readonly root = newNode();
  private readonly categories = new Map<string, string>();

  /**
   * Terms whose spoken form normalises to nothing are left out; when two
   * terms share a spoken form the first one's category is kept.
   */
  constructor(terms: Iterable<TermSource>) {
    for (const t of terms) {
      const words = toWords(normalizeText(t.spoken ?? t.term));
      if (words.length === 0) continue;
      let node = this.root;
      for (const w of words) {
        let child = node.next.get(w);
        if (!child) {
          child = newNode();
          node.next.set(w, child);
        }
        node = child;
      }
      const phrase = words.join(' ');
      if (node.phrase === null) {
        node.phrase = phrase;
        this.categories.set(phrase, t.category ?? NO_CATEGORY);
      }
    }
  }

  /** Distinct spoken forms. */
  get size(): number {
    return this.categories.size;
  }

  categoryOf(phrase: string): string {
    return this.categories.get(phrase) ?? NO_CATEGORY;
  }

  /** The terms said in `text`, in order: longest match first, whole words, no overlaps. */
  occurrences(text: string): string[] {
    const words = toWords(normalizeText(text));
    const found: string[] = [];
    let i = 0;
    while (i < words.length) {
      let node: TrieNode | undefined = this.root;
      let longest: { phrase: string; end: number } | null = null;
      for (let j = i; j < words.length; j++) {
        node = node.next.get(words[j]!);
        if (!node) break;
        if (node.phrase !== null) longest = { phrase: node.phrase, end: j + 1 };
      }
      if (longest) {
        found.push(longest.phrase);
        i = longest.end;
      } else {
        i++;
      }
    }
    return found;
  }
}

/** Non-overlapping occurrences of `phrase` (words) in `words`, left to right. */
export function countPhrase(words: readonly string[], phrase: readonly string[]): number {
  if (phrase.length === 0) return 0;
  let count = 0;
  let i = 0;
  while (i + phrase.length <= words.length) {
    let match = true;
    for (let k = 0; k < phrase.length; k++) {
      if (words[i + k] !== phrase[k]) {
        match = false;
        break;
      }
    }
    if (match) {
      count++;
      i += phrase.length;
    } else {
      i++;
    }
  }
  return count;
}

/** Per term of `referenceTerms` (an utterance's occurrences), how many the hypothesis has. */
export function termHits(referenceTerms: readonly string[], hypothesis: string): Map<string, { occurrences: number; hits: number }> {
  const counts = new Map<string, number>();
  for (const t of referenceTerms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const words = toWords(normalizeText(hypothesis));
  const out = new Map<string, { occurrences: number; hits: number }>();
  for (const [phrase, occurrences] of counts) {
    out.set(phrase, { occurrences, hits: Math.min(occurrences, countPhrase(words, phrase.split(' '))) });
  }
  return out;
}

/**
 * Recall over a corpus: `referenceTerms[i]` are utterance i's term
 * occurrences (from `matcher.occurrences`), `hypotheses[i]` its recognised text.
 */
export function termRecall(matcher: TermMatcher, referenceTerms: readonly (readonly string[])[], hypotheses: readonly string[]): TermRecall {
  if (referenceTerms.length !== hypotheses.length) {
    throw new RangeError(`termRecall: ${referenceTerms.length} references but ${hypotheses.length} hypotheses`);
  }
  let occurrences = 0;
  let hits = 0;
  const byCategory = new Map<string, { occurrences: number; hits: number }>();
  referenceTerms.forEach((terms, i) => {
    for (const [phrase, c] of termHits(terms, hypotheses[i]!)) {
      occurrences += c.occurrences;
      hits += c.hits;
      const category = matcher.categoryOf(phrase);
      const sum = byCategory.get(category) ?? { occurrences: 0, hits: 0 };
      sum.occurrences += c.occurrences;
      sum.hits += c.hits;
      byCategory.set(category, sum);
    }
  });
  return {
    occurrences,
    hits,
    recall: recallOf(hits, occurrences),
    byCategory: [...byCategory.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([category, c]) => ({ category, ...c, recall: recallOf(c.hits, c.occurrences) })),
  };
}
