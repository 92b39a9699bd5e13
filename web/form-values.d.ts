/** Types for form-values.js (plain JS so browsers load it without a build step). */
import type { FieldIssue, FieldValue } from './ws-client.js';

export interface InputSpec {
  tag: 'input' | 'textarea' | 'select';
  type?: string;
  inputMode?: string;
  placeholder?: string;
  autocomplete?: string;
  autocapitalize?: string;
  spellcheck?: boolean;
  rows?: number;
  suffix?: string;
  datalist?: boolean;
}
export declare function inputSpec(field: { type: string }): InputSpec;
export declare function displayValue(field: { type: string }, value: FieldValue | undefined | null): string;
export declare function editValue(text: string): string | null;
export declare function issuesByField(issues: readonly FieldIssue[] | undefined): Map<string, FieldIssue[]>;
export declare function orderedFields<F extends { order: number }>(template: { fields: readonly F[] }): F[];
export declare function recordSummary(record: { fields: Record<string, FieldValue> }, maxLength?: number): string;
export declare function mergeValues(values: Record<string, FieldValue>, changed: Record<string, FieldValue | null>): Record<string, FieldValue>;
