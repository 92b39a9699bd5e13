/**
 * The whole-text convenience over form-state.ts: one dictation in, the
 * contract JSON out — `{"form","fields","issues"}`, fields not dictated absent.
 * Used by `diktats fill`, `POST /api/forms/:id/fill` and the dev-set test.
 */
import type { CorrectionContext } from '../correction/pipeline.ts';
import type { AutoTexts } from './auto-texts.ts';
import type { FieldIssue } from './field-issues.ts';
import { applyFinal, createFormState, currentIssues } from './form-state.ts';
import type { CompiledTemplate } from './template-loader.ts';
import type { FieldValue } from './template-schema.ts';

export interface FillResult {
  readonly form: string;
  /** in template order */
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly issues: readonly FieldIssue[];
}

export interface FillOptions {
  /** what "šodien" means and the year of a date said without one (default: now) */
  readonly today?: Date;
  /** the post-correction context for free-text fields; without it only punctuation commands apply */
  readonly correction?: CorrectionContext;
  /** auto-texts for free-text fields (the active `autotexts` corpora) */
  readonly autotexts?: AutoTexts;
}

/**
 * Fills a form from spoken text. Each element of `finals` is one final
 * utterance (as the recogniser cuts them); a string is one utterance.
 */
export function fillFromText(compiled: CompiledTemplate, finals: string | readonly string[], options: FillOptions = {}): FillResult {
  let state = createFormState(compiled, { today: options.today, correction: options.correction, autotexts: options.autotexts });
  for (const text of typeof finals === 'string' ? [finals] : finals) state = applyFinal(state, text).state;
  const fields: Record<string, FieldValue> = {};
  for (const f of compiled.fields) {
    const v = state.values[f.id];
    if (v !== undefined) fields[f.id] = v;
  }
  return { form: compiled.template.id, fields, issues: currentIssues(state) };
}
