/**
 * Accuracy measures of the pipeline: dev-set exact match and the rate at which
 * ordinary (correct) Latvian text gets rewritten. Pure; the benchmark script
 * reads the files and prints the figures.
 */
import { capitalizeNames } from './capitalize-names.ts';
import { FuzzyCorrector } from './fuzzy-terms.ts';
import { lower } from '../latvian/letters.ts';
import { correctTranscript, type CorrectionContext } from './pipeline.ts';
import { tokenize } from './types.ts';

export interface DevCase {
  readonly id: string;
  readonly spoken: string;
  readonly expected: string;
  readonly tags?: readonly string[];
}

export interface DevReport {
  readonly cases: number;
  readonly exact: number;
  readonly exactMatch: number;
  /** exact-match share per tag */
  readonly byTag: Record<string, { cases: number; exact: number }>;
  readonly failures: Array<{ id: string; spoken: string; expected: string; got: string }>;
}

export function evaluateDev(cases: readonly DevCase[], ctx: CorrectionContext): DevReport {
  let exact = 0;
  const byTag: Record<string, { cases: number; exact: number }> = {};
  const failures: DevReport['failures'] = [];
  for (const c of cases) {
    const got = correctTranscript(c.spoken, ctx).corrected;
    const ok = got === c.expected;
    if (ok) exact++;
    else failures.push({ id: c.id, spoken: c.spoken, expected: c.expected, got });
    for (const t of c.tags ?? []) {
      const s = (byTag[t] ??= { cases: 0, exact: 0 });
      s.cases++;
      if (ok) s.exact++;
    }
  }
  return { cases: cases.length, exact, exactMatch: cases.length ? exact / cases.length : 0, byTag, failures };
}

export interface OrdinarySentence {
  /** the sentence as published, with its capitals */
  readonly written: string;
  /** the same in recogniser form: lower case, no punctuation, no digits */
  readonly spoken: string;
}

export interface FalseCorrectionReport {
  readonly sentences: number;
  readonly words: number;
  /** words the fuzzy step changed (every change on correct text is wrong) */
  readonly fuzzyChanged: number;
  readonly fuzzyRate: number;
  /** words the names step capitalised that are lower case in the original */
  readonly falseCapitals: number;
  readonly falseCapitalRate: number;
  /** words it capitalised that are capitalised in the original too */
  readonly rightCapitals: number;
  readonly examples: string[];
}

const letterWords = (s: string) => [...s.matchAll(/[\p{L}\p{M}]+/gu)].map((m) => m[0]);

export function evaluateOrdinary(sentences: readonly OrdinarySentence[], ctx: CorrectionContext, maxExamples = 40): FalseCorrectionReport {
  const fuzzy = new FuzzyCorrector(ctx.lexicon, { ...(ctx.fuzzy || {}), commonWords: ctx.commonWords, attestedWords: ctx.attestedWords });
  let words = 0;
  let fuzzyChanged = 0;
  let falseCapitals = 0;
  let rightCapitals = 0;
  const examples: string[] = [];
  for (const s of sentences) {
    const spokenWords = tokenize(s.spoken);
    words += spokenWords.length;
    for (const c of fuzzy.correct(s.spoken).corrections) {
      fuzzyChanged += c.from.split(' ').length;
      if (examples.length < maxExamples) examples.push(`fuzzy: ${c.from} -> ${c.to}  |  ${s.written}`);
    }
    const original = letterWords(s.written);
    if (original.length !== spokenWords.length) continue;
    const names = capitalizeNames(s.spoken, ctx.lexicon, { ambiguous: ctx.attestedWords, commonWords: ctx.commonWords });
    for (const c of names.corrections) {
      const k = spokenWords.findIndex((t) => t.start === c.start);
      const orig = original[k] ?? '';
      if (orig !== lower(orig)) rightCapitals++;
      else if (k > 0) {
        falseCapitals++;
        if (examples.length < maxExamples) examples.push(`names: ${c.from} -> ${c.to}  |  ${s.written}`);
      }
    }
  }
  return {
    sentences: sentences.length,
    words,
    fuzzyChanged,
    fuzzyRate: words ? fuzzyChanged / words : 0,
    falseCapitals,
    falseCapitalRate: words ? falseCapitals / words : 0,
    rightCapitals,
    examples,
  };
}
