/**
 * A stored form: what the clerk filled, its issues, and the measurements the
 * pilot (issue 6) needs to compare dictation with manual entry. Types only;
 * storage/form-repository.ts keeps them in SQLite.
 */
import type { RecogniserDelta } from '../pilot/recogniser-meter.ts';
import type { FieldIssue } from './field-issues.ts';
import type { FieldValue } from './template-schema.ts';

export type RecordStatus = 'draft' | 'saved';
export type EntryMode = 'dictation' | 'manual';

/** Timings and counts of one form's entry; each is null until the client reports it. */
export interface EntryMetrics {
  /** when the form was opened, the first value entered (voice or key) */
  readonly openedAt: string | null;
  readonly firstInputAt: string | null;
  /** time with the form in focus, without idle gaps */
  readonly activeMs: number | null;
  readonly keystrokes: number | null;
  /** field visits in which the keyboard changed a value the field already had */
  readonly edits: number | null;
  /**
   * The recogniser's figures, measured by the socket while the record was open
   * in dictation mode and added up over every connection that opened it; null =
   * not measured (manual entry, or no audio streamed). See pilot/recogniser-meter.ts.
   */
  readonly audioSec: number | null;
  /** recogniser processing time (VAD, model, decoding) for this form's audio */
  readonly processingMs: number | null;
  /** server-side reply latency (audio frame in → partial/final out), e.g. {"n":120,"p50Ms":180,"p95Ms":420,"maxMs":610,…} */
  readonly latency: Readonly<Record<string, number>> | null;
}

/**
 * The entry timings the form page measures (opened, first input, active time,
 * keystrokes, edits). One owner: after a record is created they change only
 * through POST /api/forms/records/:id/timing (storage/pilot-repository.ts);
 * content updates (autosave, PUT, save) never write them, so a late autosave
 * cannot overwrite what the page reported. See server/pilot/README.md.
 */
export type ClientTimingKey = 'openedAt' | 'firstInputAt' | 'activeMs' | 'keystrokes' | 'edits';
/**
 * The recogniser's figures for the form's audio. One owner too: after create
 * they change only through `addRecogniserFigures` (the socket's FormSession),
 * which adds to the stored ones.
 */
export type RecogniserMetrics = Pick<EntryMetrics, 'audioSec' | 'processingMs' | 'latency'>;

export const EMPTY_METRICS: EntryMetrics = {
  openedAt: null,
  firstInputAt: null,
  activeMs: null,
  keystrokes: null,
  edits: null,
  audioSec: null,
  processingMs: null,
  latency: null,
};

/** What a record is, whether stored or about to be. */
interface RecordContent {
  readonly form: string;
  readonly templateVersion: number;
  readonly status: RecordStatus;
  readonly mode: EntryMode;
  readonly userId: number;
  readonly fields: Readonly<Record<string, FieldValue>>;
  readonly issues: readonly FieldIssue[];
}

export interface FormRecord extends RecordContent {
  readonly id: number;
  /** the values as dictation last set them, before keyboard corrections (post-edit accuracy) */
  readonly recognised: Readonly<Record<string, FieldValue>> | null;
  readonly asrSessionId: string | null;
  /** bumped by every change; a client may send the one it holds to detect a concurrent change */
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly savedAt: string | null;
  readonly metrics: EntryMetrics;
}

export interface NewFormRecord extends RecordContent {
  readonly recognised?: Readonly<Record<string, FieldValue>> | null;
  readonly asrSessionId?: string | null;
  readonly metrics?: Partial<EntryMetrics>;
}

export interface FormRecordPatch {
  readonly status?: RecordStatus;
  readonly fields?: Readonly<Record<string, FieldValue>>;
  readonly issues?: readonly FieldIssue[];
  readonly recognised?: Readonly<Record<string, FieldValue>> | null;
  readonly asrSessionId?: string | null;
  /** refuse the change (FORM_ERR_CONFLICT) unless the stored revision is this one */
  readonly expectedRevision?: number;
}

export interface RecordFilter {
  readonly form?: string;
  readonly status?: RecordStatus;
  readonly userId?: number;
  readonly limit: number;
  readonly offset: number;
}

/** What form filling needs from storage; storage/form-repository.ts implements it. */
export interface FormRecordStore {
  create(input: NewFormRecord): FormRecord;
  /** throws FORM_ERR_RECORD_NOT_FOUND, FORM_ERR_CONFLICT, FORM_ERR_STATUS */
  update(id: number, patch: FormRecordPatch): FormRecord;
  get(id: number): FormRecord | undefined;
  /** a saved record back to draft, so it can change (saved records are final until reopened) */
  reopen(id: number): FormRecord;
  /**
   * Adds a socket's recogniser figures to the stored ones (a reopened record
   * accumulates); bumps neither `revision` nor `updated_at`, like the timing
   * route, so a measurement never makes the page's next save a conflict.
   * Throws FORM_ERR_RECORD_NOT_FOUND.
   */
  addRecogniserFigures(id: number, delta: RecogniserDelta): FormRecord;
  /** newest change first */
  list(filter: RecordFilter): FormRecord[];
}
