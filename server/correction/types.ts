/** Shared types of the post-correction pipeline (see README.md for the order of steps). */

export type StepName = 'fuzzy' | 'itn' | 'punctuation' | 'names';

/**
 * One rewrite a step made. `start`/`end` are UTF-16 offsets of `from` in the
 * text *that step received* (each step reports against its own input, so
 * offsets stay valid without re-mapping through later steps).
 */
export interface Correction {
  readonly step: StepName;
  /** finer label inside the step: "money", "date", "personal-code", "join", … */
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly start?: number;
  readonly end?: number;
}

export interface StepResult {
  readonly text: string;
  readonly corrections: Correction[];
}

/** A word of a text with its offsets. */
export interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Splits on whitespace, keeping offsets. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/gu)) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}
