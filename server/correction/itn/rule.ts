/** The shape every inverse-text-normalisation rule shares. */
import type { Lexicon } from '../domain-lexicon.ts';
import type { WordSet } from '../word-set.ts';

export interface ItnContext {
  /** lower-case tokens of the utterance */
  readonly toks: readonly string[];
  /** true in form fields: every number is written in digits */
  readonly digits: boolean;
  readonly lexicon: Lexicon;
  readonly commonWords: WordSet;
}

/** Tokens [i, end) are written as `text`. */
export interface ItnMatch {
  readonly end: number;
  readonly text: string;
  /** money, date, time, personal-code, phone, iban, digits, ordinal, cardinal, abbreviation, … */
  readonly kind: string;
}

export type ItnRule = (c: ItnContext, i: number) => ItnMatch | null;

/** The token before i, or "" at the start. */
export const prevTok = (c: ItnContext, i: number, back = 1): string => c.toks[i - back] ?? '';
