/** What every per-type value normaliser takes and returns. */
import type { IssueDraft } from './field-issues.ts';
import type { FieldValue } from './template-schema.ts';

/** The words dictated into one field: as heard (lower case, diacritics kept) and folded for matching. */
export interface SpokenValue {
  readonly words: readonly string[];
  readonly keys: readonly string[];
}

export interface ValueResult {
  readonly value: FieldValue;
  readonly issues: readonly IssueDraft[];
}

/** The words as heard, for a value that could not be understood: kept, never dropped. */
export const asHeard = (v: SpokenValue): string => v.words.join(' ');

export const ok = (value: FieldValue): ValueResult => ({ value, issues: [] });
export const withIssue = (value: FieldValue, ...issues: (IssueDraft | null)[]): ValueResult => ({
  value,
  issues: issues.filter((i): i is IssueDraft => i !== null),
});
