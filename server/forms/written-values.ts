/**
 * Values typed by keyboard or sent over REST: canonicalised lightly (spaces
 * out of codes, "180,50" → 180.5, "14.03.2025" → "2025-03-14") and validated
 * with the same checks as dictated values. Free text is kept as typed.
 */
import { issue, type FieldIssue, type IssueDraft } from './field-issues.ts';
import { fold } from '../latvian/folding.ts';
import type { CompiledTemplate } from './template-loader.ts';
import type { FieldValue, FieldValues, FormField } from './template-schema.ts';
import { isoDate, parseWrittenDate } from './value-date.ts';
import { ok, withIssue, type ValueResult } from './value-types.ts';
import { checkIban, checkPersonalCode, checkPhone, checkRange, isCalendarDate } from './validators.ts';

function writtenNumber(value: FieldValue, decimals: boolean): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  const text = value.replace(/\s|€|eur$/giu, '');
  const pattern = decimals ? /^-?\d+([.,]\d{1,2})?$/u : /^-?\d+$/u;
  return pattern.test(text) ? Number(text.replace(',', '.')) : null;
}

export function coerceWritten(field: FormField, value: FieldValue): ValueResult {
  const v = field.validation;
  const text = typeof value === 'number' ? String(value) : value.trim();
  switch (field.type) {
    case 'integer': {
      const n = writtenNumber(value, false);
      if (n === null || !Number.isInteger(n)) return withIssue(text, issue.notANumber());
      return withIssue(n, checkRange(n, v?.min, v?.max));
    }
    case 'money': {
      const n = writtenNumber(value, true);
      if (n === null) return withIssue(text, issue.moneyInvalid());
      const amount = Math.round(n * 100) / 100;
      return withIssue(amount, checkRange(amount, v?.min, v?.max));
    }
    case 'personal_code': {
      const compact = text.replace(/\s/gu, '');
      const code = /^\d{11}$/u.test(compact) ? `${compact.slice(0, 6)}-${compact.slice(6)}` : compact;
      return withIssue(code, checkPersonalCode(code));
    }
    case 'phone': {
      let digits = text.replace(/[\s()-]/gu, '');
      if (digits.length > 8) digits = digits.replace(/^(\+|00)?371/u, '');
      return withIssue(digits, checkPhone(digits));
    }
    case 'iban': {
      const iban = text.replace(/\s/gu, '').toUpperCase();
      return withIssue(iban, checkIban(iban));
    }
    case 'date': {
      const parts = parseWrittenDate(text);
      if (!parts || !isCalendarDate(...parts)) return withIssue(text, issue.dateInvalid());
      return ok(isoDate(...parts));
    }
    case 'enum': {
      const options = (v?.options ?? []).map((o) => o.value);
      const match = options.find((o) => fold(o) === fold(text));
      return match !== undefined ? ok(match) : withIssue(text, issue.enumUnknown(options));
    }
    case 'name':
      return /^\p{L}+(?:['’ -]\p{L}+)*$/u.test(text) ? ok(text) : withIssue(text, issue.nameInvalid());
    case 'reference':
      return /^[\p{L}0-9]+([-/ ][\p{L}0-9]+)*$/u.test(text) ? ok(text) : withIssue(text, issue.referenceInvalid());
    case 'text':
      return v?.maxLength !== undefined && text.length > v.maxLength ? withIssue(text, issue.tooLong(v.maxLength)) : ok(text);
    case 'address':
    case 'organisation':
      return ok(text);
  }
  // unreachable while FIELD_TYPES and the switch agree; tsc checks exhaustiveness
  return ok(text);
}

export const attach = (field: string, drafts: readonly IssueDraft[]): FieldIssue[] => drafts.map((d) => ({ field, ...d }));

const isEmpty = (v: FieldValue | undefined): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');

/** "Obligāts lauks nav aizpildīts" for every required field without a value: checked when a record is saved. */
export function requiredIssues(compiled: CompiledTemplate, values: FieldValues): FieldIssue[] {
  return compiled.fields.filter((f) => f.required && isEmpty(values[f.id])).map((f) => ({ field: f.id, ...issue.required() }));
}

/**
 * A whole record's values: each canonicalised and checked; an empty string
 * counts as not filled. With `requireAll`, missing required fields are issues too
 * (a saved record is checked this way, a draft is not).
 */
export function validateValues(
  compiled: CompiledTemplate,
  values: FieldValues,
  requireAll: boolean,
): { values: Record<string, FieldValue>; issues: FieldIssue[] } {
  const out: Record<string, FieldValue> = {};
  const issues: FieldIssue[] = [];
  for (const field of compiled.fields) {
    const raw = values[field.id];
    if (raw === undefined || isEmpty(raw)) continue;
    const r = coerceWritten(field, raw);
    out[field.id] = r.value;
    issues.push(...attach(field.id, r.issues));
  }
  if (requireAll) issues.push(...requiredIssues(compiled, out));
  return { values: out, issues: sortIssues(compiled, issues) };
}

/** Issues in template order (stable within a field). */
export function sortIssues(compiled: CompiledTemplate, issues: readonly FieldIssue[]): FieldIssue[] {
  const order = new Map(compiled.fields.map((f, i) => [f.id, i]));
  return [...issues].sort((a, b) => (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0));
}
