/** Writes form_records rows straight into a database, bypassing every service, for tests that recompute figures. */
import type { Database } from '../../../server/storage/database.ts';

export interface RawRecord {
  readonly template?: string;
  readonly userId?: number;
  readonly status?: 'draft' | 'saved';
  readonly mode: 'dictation' | 'manual';
  readonly fields?: Record<string, string | number>;
  readonly recognised?: Record<string, string | number> | null;
  readonly openedAt?: string | null;
  readonly firstInputAt?: string | null;
  readonly savedAt?: string | null;
  readonly activeMs?: number | null;
  readonly keystrokes?: number | null;
  readonly edits?: number | null;
  readonly audioSec?: number | null;
  readonly processingMs?: number | null;
  readonly latency?: Record<string, number> | null;
}

export function insertRecords(db: Database, records: readonly RawRecord[]): number[] {
  const stmt = db.prepare(`INSERT INTO form_records (template_id, template_version, user_id, status, mode, fields_json, issues_json,
      revision, created_at, updated_at, saved_at, recognised_json, opened_at, first_input_at, active_ms, keystrokes, edits, audio_sec,
      processing_ms, latency_json)
    VALUES (?, 1, ?, ?, ?, ?, '[]', 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return records.map((r) => {
    const created = r.openedAt ?? '2026-11-02T08:00:00.000Z';
    const status = r.status ?? 'saved';
    const info = stmt.run(
      r.template ?? 'majokla-pabalsts',
      r.userId ?? 1,
      status,
      r.mode,
      JSON.stringify(r.fields ?? {}),
      created,
      r.savedAt ?? created,
      status === 'saved' ? (r.savedAt ?? null) : null,
      r.recognised ? JSON.stringify(r.recognised) : null,
      r.openedAt ?? null,
      r.firstInputAt ?? null,
      r.activeMs ?? null,
      r.keystrokes ?? null,
      r.edits ?? null,
      r.audioSec ?? null,
      r.processingMs ?? null,
      r.latency ? JSON.stringify(r.latency) : null,
    );
    return Number(info.lastInsertRowid);
  });
}
