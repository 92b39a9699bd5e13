/** Types for open-form.js (plain JS so browsers load it without a build step). */
import type { FormPanelLike, FormRef, RecordLike, TemplateDetail } from './form-controller.js';
import type { FieldIssue, FieldValue, FormServerEvent } from './ws-client.js';

type EventOf<T extends FormServerEvent['type']> = Extract<FormServerEvent, { type: T }>;

export interface OpenFormRecord {
  id: number | null;
  status: 'draft' | 'saved';
  revision: number | null;
  savedAt: string | null;
}

export interface OpenFormOptions {
  panel: FormPanelLike;
  location: { write(ref: FormRef | null): void };
  /** the clerk is typing in that field: its text stays */
  typingIn: (fieldId: string) => boolean;
}

export declare class OpenForm {
  constructor(options: OpenFormOptions);
  readonly template: TemplateDetail | null;
  readonly record: OpenFormRecord;
  readonly values: Record<string, FieldValue>;
  readonly issues: FieldIssue[];
  reset(template: TemplateDetail | null): void;
  showBlank(): void;
  forgetRecord(): void;
  applyRecord(record: RecordLike): void;
  opened(message: EventOf<'form.opened'>, awaitingEcho: (fieldId: string) => boolean): void;
  /** returns how many values dictation set */
  update(message: EventOf<'form.update'>, takeEcho: (fieldId: string) => boolean): number;
  saved(message: EventOf<'form.saved'>): void;
  /** an error is on the message line */
  readonly showingError: boolean;
  showSaved(issues: FieldIssue[]): void;
  /** stays until a write lands (clearError) */
  showError(text: string): void;
  /** a failed request, by its code, in the clerk's words */
  showServerError(error: unknown): void;
  clearError(): void;
}
