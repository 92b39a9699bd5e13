/**
 * Written-form references: an optional manifest field `"written"` with what a
 * clerk would type for the utterance ("Pabalsts 23 EUR" for "pabalsts
 * divdesmit trīs eiro"). The corrected output is scored against it by exact
 * match: digits, case and punctuation all count, because that is what the
 * correction pipeline is for. Only Unicode form (NFC) and runs of whitespace
 * are forgiven. Pure.
 */
import { DiktatsError } from '../errors.ts';
import type { ManifestEntry } from './manifest.ts';

export const WRITTEN_FIELD = 'written';

/** The utterance's written reference, or null when its manifest line has none. */
export function writtenReference(entry: ManifestEntry): string | null {
  const w = entry.fields[WRITTEN_FIELD];
  return typeof w === 'string' ? w : null;
}

/**
 * Throws EVAL_ERR_MANIFEST naming every line whose "written" is present but
 * not a string (null counts as absent).
 */
export function checkWrittenFields(entries: readonly ManifestEntry[], source: string): void {
  const bad = entries.filter((e) => {
    const w = e.fields[WRITTEN_FIELD];
    return w !== undefined && w !== null && typeof w !== 'string';
  });
  if (bad.length === 0) return;
  const lines = bad.slice(0, 10).map((e) => `  ${source}:${e.line}: "written" must be a string, got ${JSON.stringify(e.fields[WRITTEN_FIELD])}`);
  if (bad.length > 10) lines.push(`  … and ${bad.length - 10} more`);
  throw new DiktatsError('EVAL_ERR_MANIFEST', `${bad.length === 1 ? '1 problem' : `${bad.length} problems`}\n${lines.join('\n')}`);
}

const canonical = (text: string): string => text.normalize('NFC').replace(/\s+/gu, ' ').trim();

export function sameWritten(expected: string, actual: string): boolean {
  return canonical(expected) === canonical(actual);
}

export interface WrittenScore {
  /** utterances with a written reference (and a corrected text to compare) */
  readonly references: number;
  readonly exact: number;
  /** exact / references; null when there are no written references */
  readonly exactMatch: number | null;
}

export function scoreWritten(utterances: readonly { readonly entry: ManifestEntry; readonly corrected?: string }[]): WrittenScore {
  let references = 0;
  let exact = 0;
  for (const u of utterances) {
    const expected = writtenReference(u.entry);
    if (expected === null || u.corrected === undefined) continue;
    references++;
    if (sameWritten(expected, u.corrected)) exact++;
  }
  return { references, exact, exactMatch: references > 0 ? exact / references : null };
}
