/** Types for form-rest-writer.js (plain JS so browsers load it without a build step). */
import type { FormApiLike, RecordLike } from './form-controller.js';
import type { FieldValue } from './ws-client.js';

/** The open form as the writer reads it at every write. */
export interface RestWriterForm {
  template: { id: string } | null;
  record: { id: number | null; revision: number | null };
  values: Record<string, FieldValue>;
  mode: string;
}

export interface FormRestWriterOptions {
  api: Pick<FormApiLike, 'getRecord' | 'createRecord' | 'updateRecord'>;
  form: () => RestWriterForm;
  /** a dictation socket owns the record: a due retry goes over it */
  dictating: () => boolean;
  /** hands an edit to that socket; true if it took it */
  sendEdit: (fieldId: string, value: FieldValue | null) => boolean;
  /** a write landed and its form is still open */
  onRecord: (record: RecordLike) => void;
  /** a write (or the re-read before it) failed; the edits are kept and retried */
  onError: (error: unknown) => void;
  retryMs?: number;
}

export declare class FormRestWriter {
  constructor(options: FormRestWriterOptions);
  /** edits not written yet */
  readonly pending: number;
  queue(fieldId: string, value: FieldValue | null): void;
  clear(): void;
  schedule(): Promise<void>;
  save(): Promise<void>;
  resync(reread: () => Promise<void>): Promise<void>;
  settled(): Promise<void>;
  writeOnUnload(): void;
}
