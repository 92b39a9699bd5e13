/**
 * Production accuracy of dictated forms: what dictation put in each field
 * (the record's `recognised` values) against what the clerk finally saved.
 * Pure.
 *
 * Post-edit WER treats the saved form as the reference and the recognised
 * values as the hypothesis, field by field, with the same normalisation and
 * sclite-equal alignment as `diktats eval` (error-rates.ts). Two figures:
 *  - `all`: every field that has a value on either side. A field the clerk
 *    typed without dictating counts as deleted words: the recogniser did not
 *    deliver it. This is the share of the final form's words that dictation
 *    did not get right.
 *  - `dictated`: only fields that dictation filled; the accuracy of what was
 *    recognised, ignoring fields the clerk chose to type.
 *
 * Field correction rate: of the fields dictation filled, the share whose saved
 * value differs from the recognised one at all (exact text, so a fixed capital
 * or digit counts: the clerk had to touch the field).
 */
import { alignTokens } from '../metrics/align.ts';
import { errorRate } from '../metrics/error-rates.ts';
import { normalizeText, toWords } from '../metrics/normalize-text.ts';

export type Values = Readonly<Record<string, string | number>>;

export interface PostEditInput {
  readonly recognised: Values;
  readonly saved: Values;
}

export interface WordErrorCounts {
  readonly fields: number;
  readonly words: number;
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly wer: number;
}

export interface FieldCorrection {
  readonly field: string;
  /** records in which dictation filled the field */
  readonly dictated: number;
  /** of those, saved with a different value (or cleared) */
  readonly corrected: number;
  readonly rate: number;
  /** records in which the field was saved with a value dictation never gave */
  readonly typedOnly: number;
}

export interface PostEditScore {
  readonly records: number;
  readonly all: WordErrorCounts;
  readonly dictated: WordErrorCounts;
  /** over all fields: corrected / dictated */
  readonly correctionRate: number;
  readonly dictatedFields: number;
  readonly correctedFields: number;
  /** sorted by field id */
  readonly fields: readonly FieldCorrection[];
}

const text = (v: string | number | undefined | null): string => (v === undefined || v === null ? '' : String(v));
const present = (v: string | number | undefined | null): boolean => text(v).trim() !== '';

class Counter {
  fields = 0;
  words = 0;
  hits = 0;
  substitutions = 0;
  deletions = 0;
  insertions = 0;

  add(s: { words: number; hits: number; substitutions: number; deletions: number; insertions: number }): void {
    this.fields++;
    this.words += s.words;
    this.hits += s.hits;
    this.substitutions += s.substitutions;
    this.deletions += s.deletions;
    this.insertions += s.insertions;
  }

  result(): WordErrorCounts {
    const { fields, words, hits, substitutions, deletions, insertions } = this;
    return { fields, words, hits, substitutions, deletions, insertions, wer: errorRate(substitutions + deletions + insertions, words) };
  }
}

/** One field of one record, scored (words only: the report shows no character rate). */
export interface FieldScore {
  readonly id: string;
  readonly words: number;
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly wasDictated: boolean;
  /** dictated, and saved with a different text */
  readonly corrected: boolean;
}

/** Word counts of hypothesis against reference, as scoreUtterance counts them (equal texts skip the alignment). */
function scoreWords(reference: string, hypothesis: string): Pick<FieldScore, 'words' | 'hits' | 'substitutions' | 'deletions' | 'insertions'> {
  const ref = normalizeText(reference);
  const hyp = hypothesis === reference ? ref : normalizeText(hypothesis);
  if (ref === hyp) {
    const n = toWords(ref).length;
    return { words: n, hits: n, substitutions: 0, deletions: 0, insertions: 0 };
  }
  const a = alignTokens(toWords(ref), toWords(hyp));
  return { words: a.refWords, hits: a.hits, substitutions: a.substitutions, deletions: a.deletions, insertions: a.insertions };
}

/** The scored fields of one record (those with a value on either side). */
export function scoreRecordFields(r: PostEditInput): FieldScore[] {
  const out: FieldScore[] = [];
  const ids = new Set([...Object.keys(r.recognised), ...Object.keys(r.saved)]);
  for (const id of ids) {
    const rec = r.recognised[id];
    const saved = r.saved[id];
    const wasDictated = present(rec);
    if (!wasDictated && !present(saved)) continue;
    out.push({ id, ...scoreWords(text(saved), text(rec)), wasDictated, corrected: wasDictated && text(rec) !== text(saved) });
  }
  return out;
}

export function scorePostEdit(records: readonly PostEditInput[]): PostEditScore {
  return sumPostEdit(records.map(scoreRecordFields));
}

/** The score of records whose fields were scored already (scoreRecordFields), one list per record. */
export function sumPostEdit(records: readonly (readonly FieldScore[])[]): PostEditScore {
  const all = new Counter();
  const dictated = new Counter();
  const perField = new Map<string, { dictated: number; corrected: number; typedOnly: number }>();
  const fieldEntry = (id: string) => {
    let e = perField.get(id);
    if (!e) perField.set(id, (e = { dictated: 0, corrected: 0, typedOnly: 0 }));
    return e;
  };
  for (const scores of records) {
    for (const score of scores) {
      all.add(score);
      const e = fieldEntry(score.id);
      if (score.wasDictated) {
        dictated.add(score);
        e.dictated++;
        if (score.corrected) e.corrected++;
      } else {
        e.typedOnly++;
      }
    }
  }
  const fields = [...perField.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([field, e]) => ({ field, ...e, rate: e.dictated > 0 ? e.corrected / e.dictated : 0 }));
  const dictatedFields = fields.reduce((n, f) => n + f.dictated, 0);
  const correctedFields = fields.reduce((n, f) => n + f.corrected, 0);
  return {
    records: records.length,
    all: all.result(),
    dictated: dictated.result(),
    correctionRate: dictatedFields > 0 ? correctedFields / dictatedFields : 0,
    dictatedFields,
    correctedFields,
    fields,
  };
}
