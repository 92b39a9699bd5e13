/**
 * Word and character error rates over a corpus, as fractions (0.05 = 5 %).
 *
 * Both sides go through normalizeText first.
 *
 * WER: alignTokens on words, so S/D/I equal sclite's. sclite weighs a
 * substitution 4 and an insertion or deletion 3, so on shifted word sequences
 * it (and we) can count one or two more errors than the plain edit distance
 * that jiwer reports; the sclite figure is the one published ASR results use.
 *
 * CER: plain edit distance over the Unicode code points of the normalised
 * texts, *including the single spaces between words*, exactly as jiwer, NeMo
 * and Hugging Face `evaluate` compute it: a wrongly split or merged word costs
 * a character error. (sclite's `-c` mode differs: weighted, spaces dropped.)
 *
 * Corpus rates are total errors over total reference units, not a mean of
 * per-utterance rates. An empty reference has no denominator: its rate is 0
 * when the hypothesis is empty too, else 1 (a rate over 0 words would be
 * infinite, and Infinity does not survive JSON).
 */
import { alignTokens, editDistance } from './align.ts';
import { normalizeText, toWords } from './normalize-text.ts';

export interface ScoringPair {
  readonly id: string;
  readonly reference: string;
  readonly hypothesis: string;
}

export interface ErrorCounts {
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  /** Words in the normalised reference. */
  readonly words: number;
  /** Character edit distance (unit costs, code points, spaces included). */
  readonly charErrors: number;
  /** Code points in the normalised reference, spaces included. */
  readonly chars: number;
}

export interface UtteranceScore extends ErrorCounts {
  readonly id: string;
  readonly wer: number;
  readonly cer: number;
}

export interface CorpusScore extends ErrorCounts {
  readonly wer: number;
  readonly cer: number;
  readonly utterances: UtteranceScore[];
}

export const errorRate = (errors: number, total: number): number =>
  total > 0 ? errors / total : errors > 0 ? 1 : 0;

export function scoreUtterance(pair: ScoringPair): UtteranceScore {
  const reference = normalizeText(pair.reference);
  const hypothesis = normalizeText(pair.hypothesis);
  const words = alignTokens(toWords(reference), toWords(hypothesis));
  const refChars = Array.from(reference);
  const charErrors = editDistance(refChars, Array.from(hypothesis));
  const wordErrors = words.substitutions + words.deletions + words.insertions;
  return {
    id: pair.id,
    wer: errorRate(wordErrors, words.refWords),
    cer: errorRate(charErrors, refChars.length),
    hits: words.hits,
    substitutions: words.substitutions,
    deletions: words.deletions,
    insertions: words.insertions,
    words: words.refWords,
    charErrors,
    chars: refChars.length,
  };
}

/** Totals of several scores' counts. */
export function sumCounts(scores: readonly ErrorCounts[]): ErrorCounts {
  const t = { hits: 0, substitutions: 0, deletions: 0, insertions: 0, words: 0, charErrors: 0, chars: 0 };
  for (const s of scores) {
    t.hits += s.hits;
    t.substitutions += s.substitutions;
    t.deletions += s.deletions;
    t.insertions += s.insertions;
    t.words += s.words;
    t.charErrors += s.charErrors;
    t.chars += s.chars;
  }
  return t;
}

/** WER and CER of counts (totals over totals). */
export function ratesOf(c: ErrorCounts): { wer: number; cer: number } {
  return { wer: errorRate(c.substitutions + c.deletions + c.insertions, c.words), cer: errorRate(c.charErrors, c.chars) };
}

export function scoreCorpus(pairs: readonly ScoringPair[]): CorpusScore {
  const utterances = pairs.map(scoreUtterance);
  const totals = sumCounts(utterances);
  return { ...ratesOf(totals), ...totals, utterances };
}
