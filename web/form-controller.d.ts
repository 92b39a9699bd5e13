/** Types for form-controller.js (plain JS so browsers load it without a build step). */
import type { EntryTimer, EntryTiming, StoredEntryTiming } from './entry-timer.js';
import type { EntryMode } from './form-timing.js';
import type { FieldIssue, FieldValue, FormClientMessage, FormServerEvent } from './ws-client.js';

export type { EntryMode } from './form-timing.js';

export interface TemplateField {
  id: string;
  label: string;
  type: string;
  required: boolean;
  order: number;
  validation?: Record<string, unknown>;
}
export interface TemplateDetail {
  id: string;
  title: string;
  version: number;
  fields: TemplateField[];
}
export interface RecordLike {
  id: number;
  form: string;
  status: 'draft' | 'saved';
  revision: number;
  mode?: EntryMode;
  fields: Record<string, FieldValue>;
  issues: FieldIssue[];
  updatedAt?: string;
  savedAt?: string | null;
  metrics?: StoredEntryTiming;
}
export interface FormRef {
  form: string;
  record: number | null;
  source?: 'hash' | 'storage';
}

/** What the controller needs of the REST routes (form-api.js createFormApi). */
export interface FormApiLike {
  listTemplates(): Promise<{ id: string; title: string }[]>;
  getTemplate(id: string): Promise<TemplateDetail>;
  listRecords(query?: { form?: string; status?: string; limit?: number }): Promise<RecordLike[]>;
  getRecord(id: number): Promise<RecordLike>;
  createRecord(body: { form: string; status?: string; mode?: string; fields?: Record<string, FieldValue> }): Promise<RecordLike>;
  updateRecord(id: number, body: { status?: string; fields?: Record<string, FieldValue>; revision?: number }, options?: { keepalive?: boolean }): Promise<RecordLike>;
  exportUrl(id: number, format: 'json' | 'csv'): string;
  /** POST /api/forms/records/:id/reopen: a saved record back to draft */
  reopenRecord(id: number): Promise<RecordLike>;
  postTiming(id: number, body: EntryTiming, options?: { keepalive?: boolean }): Promise<unknown>;
}

/** What the controller needs of the panel (form-panel.js FormPanel). */
export interface FormPanelLike {
  setTemplates(list: { id: string; title: string }[]): void;
  setPickerValue(templateId: string): void;
  showTemplate(template: TemplateDetail | null): void;
  setValue(fieldId: string, value: FieldValue | undefined, options?: { flash?: boolean; keepTyping?: boolean }): void;
  setIssues(issues: FieldIssue[]): void;
  setTarget(fieldId: string | null): void;
  setDictating(on: boolean): void;
  setRecord(record: { id: number | null; status: 'draft' | 'saved' } | null): void;
  /** a saved record's fields: read-only (with a hint that "Labot" unlocks them) */
  setReadOnly(on: boolean): void;
  showMessage(text: string, kind?: 'info' | 'error'): void;
  inputText(fieldId: string): string;
  focusedField(): string | null;
  setMode(mode: EntryMode): void;
  /** the last timing report: being sent, stored, or failed */
  setTimingState(state: 'sending' | 'reported' | 'error'): void;
}

/** What the controller needs of the socket client (ws-client.js AsrClient). */
export interface FormSocketLike {
  readonly state: string;
  sendMessage(message: FormClientMessage, key?: string): boolean;
  takeUndelivered(): FormClientMessage[];
}

export interface FormControllerOptions {
  api: FormApiLike;
  panel: FormPanelLike;
  location: { read(): FormRef | null; write(ref: FormRef | null): void };
  onSaved?: () => void;
  onModeChange?: () => void;
  createTimer?: () => EntryTimer;
  debounceMs?: number;
  retryMs?: number;
}

export declare class FormController {
  constructor(options: FormControllerOptions);
  readonly template: TemplateDetail | null;
  readonly record: { id: number | null; status: 'draft' | 'saved'; revision: number | null; savedAt: string | null };
  readonly values: Record<string, FieldValue>;
  readonly mode: EntryMode;
  readonly timer: EntryTimer | null;
  /** the last timing report under way */
  readonly timingReport: Promise<void>;
  setMode(mode: EntryMode): Promise<void>;
  dictationAllowed(): boolean;
  onKey(fieldId: string, key: string): void;
  noteActivity(): void;
  loadTemplates(): Promise<void>;
  restore(): Promise<void>;
  pick(templateId: string): Promise<void>;
  newForm(): void;
  openRecord(id: number): Promise<void>;
  onInput(fieldId: string): void;
  commit(fieldId: string): boolean;
  onFocus(fieldId: string): void;
  save(): Promise<void>;
  /** "Labot": the saved record back to draft, so the clerk can correct it and save again */
  reopen(): Promise<void>;
  exportUrl(format: 'json' | 'csv'): Promise<string | null>;
  listRecords(): Promise<RecordLike[]>;
  flushOnUnload(): void;
  greeting(): FormClientMessage[];
  beforeDictation(): Promise<void>;
  attach(client: FormSocketLike): void;
  detach(client: FormSocketLike): Promise<void>;
  onServerMessage(message: FormServerEvent): void;
  onServerError(code: string): boolean;
}
