/**
 * Spoken -> written Latvian (inverse text normalisation).
 *
 * Scans the tokens left to right; at each position the first rule that
 * matches wins, in this order (most specific first, so a personal code is
 * never read as three numbers and a dash):
 *   abbreviations from the lexicon ("gē em ī" -> "GMI"), IBAN, personal code,
 *   clock time, date / ordinal, money, percentage, digit run (phone, codes),
 *   cardinal.
 * Words no rule claims are copied unchanged, so punctuation commands
 * ("punkts", "domuzīme") pass through to the next step.
 */
import { EMPTY_LEXICON, type Lexicon } from '../domain-lexicon.ts';
import { lower } from '../../latvian/letters.ts';
import { tokenize, type Correction, type StepResult } from '../types.ts';
import { EMPTY_WORD_SET, type WordSet } from '../word-set.ts';
import { cardinal, money, percent } from './amounts.ts';
import { digitRun, iban, personalCode } from './codes.ts';
import { clockTime, dateOrOrdinal } from './dates-times.ts';
import type { ItnContext, ItnRule } from './rule.ts';

export interface SpokenToWrittenOptions {
  /**
   * "prose" (default): single small numbers stay words unless a unit or
   * address word makes them numeric ("viens no viņiem"). "digits": every
   * number is written in digits — for form fields such as "mājsaimniecības
   * locekļu skaits".
   */
  readonly numbers?: 'prose' | 'digits';
  /** ordinary Latvian words; a one-word abbreviation that is also a word ("varam") is then left alone */
  readonly commonWords?: WordSet;
}

/** "gē em ī" -> "GMI", "tele divi" -> "Tele2": literal spoken chunks of lexicon entries. */
const abbreviation: ItnRule = (c, i) => {
  for (const chunk of c.lexicon.literalsStartingWith(c.toks[i]!)) {
    const n = chunk.tokens.length;
    if (i + n > c.toks.length) continue;
    let same = true;
    for (let k = 1; k < n && same; k++) same = c.toks[i + k] === chunk.tokens[k];
    if (!same) continue;
    // A chunk made only of ordinary words ("varam" for VARAM) is too likely to be the word.
    if (chunk.tokens.every((t) => c.commonWords.has(t))) continue;
    return { end: i + n, text: chunk.display, kind: 'abbreviation' };
  }
  return null;
};

const RULES: readonly ItnRule[] = [abbreviation, iban, personalCode, clockTime, dateOrOrdinal, money, percent, digitRun, cardinal];

/** Offsets in the corrections refer to the NFC form of `text` (the same string for recogniser output). */
export function spokenToWritten(input: string, lexicon: Lexicon = EMPTY_LEXICON, options: SpokenToWrittenOptions = {}): StepResult {
  const text = input.normalize('NFC');
  const tokens = tokenize(text);
  const c: ItnContext = {
    toks: tokens.map((t) => lower(t.text)),
    digits: options.numbers === 'digits',
    lexicon,
    commonWords: options.commonWords ?? EMPTY_WORD_SET,
  };
  const out: string[] = [];
  const corrections: Correction[] = [];
  let i = 0;
  while (i < tokens.length) {
    let matched = false;
    for (const rule of RULES) {
      const m = rule(c, i);
      if (!m || m.end <= i) continue;
      const start = tokens[i]!.start;
      const end = tokens[m.end - 1]!.end;
      const from = text.slice(start, end);
      out.push(m.text);
      if (m.text !== from) corrections.push({ step: 'itn', kind: m.kind, from, to: m.text, start, end });
      i = m.end;
      matched = true;
      break;
    }
    if (!matched) {
      out.push(tokens[i]!.text);
      i++;
    }
  }
  return { text: out.join(' '), corrections };
}
