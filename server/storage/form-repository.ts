/**
 * Form records (migration 3): values, issues, status and the pilot's entry
 * measurements. `create` writes every column (a record's first values);
 * `update` writes content and status only: the client's entry timings change
 * only in pilot-repository.ts, the recogniser's figures only through
 * `addRecogniserFigures` (the socket), which adds to what is stored.
 */
import { DiktatsError } from '../errors.ts';
import type { FieldIssue } from '../forms/field-issues.ts';
import { latencyNumbers } from '../pilot/latency-histogram.ts';
import { mergeRecogniserFigures, type RecogniserDelta } from '../pilot/recogniser-meter.ts';
import {
  EMPTY_METRICS,
  type EntryMetrics,
  type FormRecord,
  type FormRecordPatch,
  type FormRecordStore,
  type NewFormRecord,
  type RecordFilter,
} from '../forms/form-record.ts';
import type { FieldValue } from '../forms/template-schema.ts';
import type { Database } from './database.ts';

export type FormRepository = FormRecordStore;

interface Row {
  id: number;
  template_id: string;
  template_version: number;
  user_id: number;
  status: 'draft' | 'saved';
  mode: 'dictation' | 'manual';
  fields_json: string;
  issues_json: string;
  recognised_json: string | null;
  asr_session_id: string | null;
  revision: number;
  created_at: string;
  updated_at: string;
  saved_at: string | null;
  opened_at: string | null;
  first_input_at: string | null;
  active_ms: number | null;
  keystrokes: number | null;
  edits: number | null;
  audio_sec: number | null;
  processing_ms: number | null;
  latency_json: string | null;
}

const METRIC_COLUMNS: Readonly<Record<keyof EntryMetrics, string>> = {
  openedAt: 'opened_at',
  firstInputAt: 'first_input_at',
  activeMs: 'active_ms',
  keystrokes: 'keystrokes',
  edits: 'edits',
  audioSec: 'audio_sec',
  processingMs: 'processing_ms',
  latency: 'latency_json',
};

function toRecord(r: Row): FormRecord {
  return {
    id: r.id,
    form: r.template_id,
    templateVersion: r.template_version,
    status: r.status,
    mode: r.mode,
    userId: r.user_id,
    fields: JSON.parse(r.fields_json) as Record<string, FieldValue>,
    issues: JSON.parse(r.issues_json) as FieldIssue[],
    recognised: r.recognised_json === null ? null : (JSON.parse(r.recognised_json) as Record<string, FieldValue>),
    asrSessionId: r.asr_session_id,
    revision: r.revision,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    savedAt: r.saved_at,
    metrics: {
      openedAt: r.opened_at,
      firstInputAt: r.first_input_at,
      activeMs: r.active_ms,
      keystrokes: r.keystrokes,
      edits: r.edits,
      audioSec: r.audio_sec,
      processingMs: r.processing_ms,
      // the stored histogram's buckets are for merging, not for the API
      latency: r.latency_json === null ? null : latencyNumbers(parseJson(r.latency_json)),
    },
  };
}

const metricValue = (key: keyof EntryMetrics, v: unknown): unknown => (key === 'latency' && v !== null ? JSON.stringify(v) : v);

export function createFormRepository(db: Database): FormRepository {
  const now = (): string => new Date().toISOString();
  const insert = db.prepare(
    `INSERT INTO form_records (template_id, template_version, user_id, status, mode, fields_json, issues_json, recognised_json,
       asr_session_id, created_at, updated_at, saved_at, opened_at, first_input_at, active_ms, keystrokes, edits, audio_sec,
       processing_ms, latency_json)
     VALUES (@form, @templateVersion, @userId, @status, @mode, @fields, @issues, @recognised, @asrSessionId, @now, @now, @savedAt,
       @openedAt, @firstInputAt, @activeMs, @keystrokes, @edits, @audioSec, @processingMs, @latency)`,
  );
  const byId = db.prepare('SELECT * FROM form_records WHERE id = ?');

  const get = (id: number): FormRecord | undefined => {
    const row = byId.get(id) as Row | undefined;
    return row ? toRecord(row) : undefined;
  };

  const update = db.transaction((id: number, patch: FormRecordPatch): FormRecord => {
    const current = get(id);
    if (!current) throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', String(id));
    if (patch.expectedRevision !== undefined && patch.expectedRevision !== current.revision) {
      throw new DiktatsError('FORM_ERR_CONFLICT', `record ${id} is at revision ${current.revision}, not ${patch.expectedRevision}`);
    }
    if (current.status === 'saved' && patch.status === 'draft') throw new DiktatsError('FORM_ERR_STATUS', `record ${id}`);
    if (current.status === 'saved' && changesContent(current, patch)) throw new DiktatsError('FORM_ERR_RECORD_FINAL', `record ${id}`);
    const sets: string[] = ['revision = revision + 1', 'updated_at = @now'];
    const params: Record<string, unknown> = { id, now: now() };
    if (patch.status !== undefined) {
      sets.push('status = @status');
      params['status'] = patch.status;
      if (patch.status === 'saved') sets.push('saved_at = @now');
    }
    if (patch.fields !== undefined) {
      sets.push('fields_json = @fields');
      params['fields'] = JSON.stringify(patch.fields);
    }
    if (patch.issues !== undefined) {
      sets.push('issues_json = @issues');
      params['issues'] = JSON.stringify(patch.issues);
    }
    if (patch.recognised !== undefined) {
      sets.push('recognised_json = @recognised');
      params['recognised'] = patch.recognised === null ? null : JSON.stringify(patch.recognised);
    }
    if (patch.asrSessionId !== undefined) {
      sets.push('asr_session_id = @asrSessionId');
      params['asrSessionId'] = patch.asrSessionId;
    }
    db.prepare(`UPDATE form_records SET ${sets.join(', ')} WHERE id = @id`).run(params);
    return get(id)!;
  });

  const setRecogniser = db.prepare(
    'UPDATE form_records SET audio_sec = @audioSec, processing_ms = @processingMs, latency_json = @latency WHERE id = @id',
  );
  const addRecogniserFigures = db.transaction((id: number, delta: RecogniserDelta): FormRecord => {
    const row = byId.get(id) as Row | undefined;
    if (!row) throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', String(id));
    const merged = mergeRecogniserFigures(
      { audioSec: row.audio_sec, processingMs: row.processing_ms, latency: row.latency_json === null ? null : parseJson(row.latency_json) },
      delta,
    );
    setRecogniser.run({ id, audioSec: merged.audioSec, processingMs: merged.processingMs, latency: merged.latency === null ? null : JSON.stringify(merged.latency) });
    return get(id)!;
  });

  const reopen = db.prepare(`UPDATE form_records SET status = 'draft', revision = revision + 1, updated_at = ? WHERE id = ? AND status = 'saved'`);

  return {
    addRecogniserFigures: (id, delta) => addRecogniserFigures(id, delta),
    reopen(id) {
      if (!get(id)) throw new DiktatsError('FORM_ERR_RECORD_NOT_FOUND', String(id));
      reopen.run(now(), id);
      return get(id)!;
    },
    create(input: NewFormRecord) {
      const metrics = { ...EMPTY_METRICS, ...input.metrics };
      const t = now();
      const info = insert.run({
        form: input.form,
        templateVersion: input.templateVersion,
        userId: input.userId,
        status: input.status,
        mode: input.mode,
        fields: JSON.stringify(input.fields),
        issues: JSON.stringify(input.issues),
        recognised: input.recognised ? JSON.stringify(input.recognised) : null,
        asrSessionId: input.asrSessionId ?? null,
        now: t,
        savedAt: input.status === 'saved' ? t : null,
        ...Object.fromEntries((Object.keys(METRIC_COLUMNS) as (keyof EntryMetrics)[]).map((k) => [k, metricValue(k, metrics[k])])),
      });
      return get(Number(info.lastInsertRowid))!;
    },
    update: (id, patch) => update(id, patch),
    get,
    list(filter: RecordFilter) {
      const where: string[] = [];
      const params: Record<string, unknown> = { limit: filter.limit, offset: filter.offset };
      if (filter.form !== undefined) {
        where.push('template_id = @form');
        params['form'] = filter.form;
      }
      if (filter.status !== undefined) {
        where.push('status = @status');
        params['status'] = filter.status;
      }
      if (filter.userId !== undefined) {
        where.push('user_id = @userId');
        params['userId'] = filter.userId;
      }
      const sql = `SELECT * FROM form_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY updated_at DESC, id DESC LIMIT @limit OFFSET @offset`;
      return (db.prepare(sql).all(params) as Row[]).map(toRecord);
    },
  };
}

/** Does the patch change what a saved record says (its values or the recognised ones)? Re-sending the same is not a change. */
function changesContent(current: FormRecord, patch: FormRecordPatch): boolean {
  const sorted = (v: unknown) => JSON.stringify(v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v);
  const differs = (a: unknown, b: unknown) => sorted(a) !== sorted(b);
  return (patch.fields !== undefined && differs(patch.fields, current.fields)) || (patch.recognised != null && differs(patch.recognised, current.recognised));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
