/**
 * The post-correction pipeline: recogniser output (lower-case spoken Latvian)
 * in, what a clerk would type out. Order and reasons in README.md:
 *   1 fuzzy        near-miss domain terms, on the spoken words
 *   2 itn          numbers, money, dates, times, codes, IBANs, abbreviations
 *   3 punctuation  dictated marks and breaks, sentence capitals
 *   4 names        proper-name capitals from the lexicon
 */
import { capitalizeNames } from './capitalize-names.ts';
import type { Lexicon } from './domain-lexicon.ts';
import { FuzzyCorrector, type FuzzyOptions } from './fuzzy-terms.ts';
import { spokenToWritten } from './itn/spoken-to-written.ts';
import { applyPunctuation } from './punctuation.ts';
import type { Correction } from './types.ts';
import type { WordSet } from './word-set.ts';

export interface CorrectionContext {
  readonly lexicon: Lexicon;
  /** every ordinary Latvian word form (the bundled Bloom filter): protects words from fuzzy rewrites */
  readonly commonWords?: WordSet;
  /** words seen in lower case in running text: one-word names among them need context to be capitalised */
  readonly attestedWords?: WordSet;
  /** fuzzy thresholds, or false to skip the step */
  readonly fuzzy?: FuzzyOptions | false;
  /** "digits" for form fields: every number in digits */
  readonly numbers?: 'prose' | 'digits';
  /** capitalise the first word (default true) */
  readonly capitalizeFirst?: boolean;
}

export interface CorrectedTranscript {
  /** the recogniser's text as received */
  readonly raw: string;
  readonly corrected: string;
  /** in pipeline order; offsets refer to each step's own input */
  readonly corrections: Correction[];
}

/** NFC and single spaces: the only change made before the steps, never reported. */
export function prepareSpoken(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, ' ').trim();
}

export function correctTranscript(spokenText: string, ctx: CorrectionContext): CorrectedTranscript {
  const corrections: Correction[] = [];
  let text = prepareSpoken(spokenText);
  if (ctx.fuzzy !== false) {
    const r = new FuzzyCorrector(ctx.lexicon, { ...(ctx.fuzzy ?? {}), commonWords: ctx.commonWords, attestedWords: ctx.attestedWords }).correct(text);
    text = r.text;
    corrections.push(...r.corrections);
  }
  for (const step of [
    (t: string) => spokenToWritten(t, ctx.lexicon, { numbers: ctx.numbers, commonWords: ctx.commonWords }),
    (t: string) => applyPunctuation(t, { capitalizeFirst: ctx.capitalizeFirst }),
    (t: string) => capitalizeNames(t, ctx.lexicon, { ambiguous: ctx.attestedWords, commonWords: ctx.commonWords }),
  ]) {
    const r = step(text);
    text = r.text;
    corrections.push(...r.corrections);
  }
  return { raw: spokenText, corrected: text, corrections };
}
