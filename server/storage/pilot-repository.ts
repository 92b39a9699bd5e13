/**
 * The pilot's view of form_records (migration 3): saved records as report rows,
 * and the entry timings a client measures (opened, first input, active time,
 * keystrokes, edits). form-repository.ts owns the records' content; timings
 * written here bump neither `revision` nor `updated_at`, so a late timing
 * report never makes a client's next content change look like a conflict.
 */
import type { LatencyHistogramJson } from '../pilot/latency-histogram.ts';
import type { PilotRow } from '../pilot/report.ts';
import type { Values } from '../pilot/post-edit.ts';
import type { Database } from './database.ts';

export interface PilotFilter {
  readonly template?: string;
  /** a user id, or a user name */
  readonly user?: number | string;
  /** saved at or after / before these ISO instants */
  readonly from?: string;
  readonly to?: string;
}

/** Only the timings given change; null clears one. */
export interface EntryTiming {
  readonly openedAt?: string | null;
  readonly firstInputAt?: string | null;
  readonly activeMs?: number | null;
  readonly keystrokes?: number | null;
  readonly edits?: number | null;
}

export interface StoredTiming
  extends Pick<PilotRow, 'id' | 'mode' | 'openedAt' | 'firstInputAt' | 'savedAt' | 'activeMs' | 'keystrokes' | 'edits'> {
  readonly status: 'draft' | 'saved';
}

export interface PilotRepository {
  /** saved records, oldest first */
  savedRows(filter?: PilotFilter): PilotRow[];
  /** undefined when there is no such record */
  updateTiming(id: number, timing: EntryTiming): StoredTiming | undefined;
  getTiming(id: number): StoredTiming | undefined;
  users(): { id: number; name: string }[];
}

interface Row {
  id: number;
  template_id: string;
  user_id: number;
  user_name: string;
  mode: 'dictation' | 'manual';
  status: 'draft' | 'saved';
  fields_json: string;
  recognised_json: string | null;
  opened_at: string | null;
  first_input_at: string | null;
  saved_at: string | null;
  active_ms: number | null;
  keystrokes: number | null;
  edits: number | null;
  audio_sec: number | null;
  processing_ms: number | null;
  latency_json: string | null;
}

const TIMING_COLUMNS: Readonly<Record<keyof EntryTiming, string>> = {
  openedAt: 'opened_at',
  firstInputAt: 'first_input_at',
  activeMs: 'active_ms',
  keystrokes: 'keystrokes',
  edits: 'edits',
};

function parseLatency(json: string | null): Record<string, unknown> | null {
  if (json === null) return null;
  try {
    const v = JSON.parse(json) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function latencyP50(latency: Record<string, unknown> | null): number | null {
  const v = latency?.['p50Ms'];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The entry timings of a row, as the page reported them (and the save time). */
const timingOf = (r: Row) => ({
  id: r.id,
  mode: r.mode,
  openedAt: r.opened_at,
  firstInputAt: r.first_input_at,
  savedAt: r.saved_at,
  activeMs: r.active_ms,
  keystrokes: r.keystrokes,
  edits: r.edits,
});

const toPilotRow = (r: Row): PilotRow => {
  const latency = parseLatency(r.latency_json);
  return {
    ...timingOf(r),
    template: r.template_id,
    userId: r.user_id,
    userName: r.user_name,
    audioSec: r.audio_sec,
    processingMs: r.processing_ms,
    latencyP50Ms: latencyP50(latency),
    // the report pools it only if it carries buckets (LatencyHistogram.fromJSON checks)
    latency: latency as LatencyHistogramJson | null,
    fields: JSON.parse(r.fields_json) as Values,
    recognised: r.recognised_json === null ? null : (JSON.parse(r.recognised_json) as Values),
  };
};

const toTiming = (r: Row): StoredTiming => ({ ...timingOf(r), status: r.status });

const SELECT = `SELECT r.*, u.name AS user_name FROM form_records r JOIN users u ON u.id = r.user_id`;

export function createPilotRepository(db: Database): PilotRepository {
  const byId = db.prepare(`${SELECT} WHERE r.id = ?`);
  const getTiming = (id: number): StoredTiming | undefined => {
    const row = byId.get(id) as Row | undefined;
    return row ? toTiming(row) : undefined;
  };
  return {
    savedRows(filter: PilotFilter = {}) {
      const where = [`r.status = 'saved'`];
      const params: Record<string, unknown> = {};
      if (filter.template !== undefined) {
        where.push('r.template_id = @template');
        params['template'] = filter.template;
      }
      if (typeof filter.user === 'number') {
        where.push('r.user_id = @user');
        params['user'] = filter.user;
      } else if (typeof filter.user === 'string') {
        where.push('u.name = @user');
        params['user'] = filter.user;
      }
      if (filter.from !== undefined) {
        where.push('r.saved_at >= @from');
        params['from'] = filter.from;
      }
      if (filter.to !== undefined) {
        where.push('r.saved_at < @to');
        params['to'] = filter.to;
      }
      const rows = db.prepare(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY r.id`).all(params) as Row[];
      return rows.map(toPilotRow);
    },
    updateTiming(id, timing) {
      const sets: string[] = [];
      const params: Record<string, unknown> = { id };
      for (const [key, column] of Object.entries(TIMING_COLUMNS) as [keyof EntryTiming, string][]) {
        const v = timing[key];
        if (v === undefined) continue;
        sets.push(`${column} = @${key}`);
        params[key] = v;
      }
      if (sets.length > 0) {
        const info = db.prepare(`UPDATE form_records SET ${sets.join(', ')} WHERE id = @id`).run(params);
        if (info.changes === 0) return undefined;
      }
      return getTiming(id);
    },
    getTiming,
    users: () => db.prepare('SELECT id, name FROM users ORDER BY id').all() as { id: number; name: string }[],
  };
}
