/**
 * The pilot report as CSV, for spreadsheets and R: three tables.
 *  - `summary`: one line per scope (overall, each template, each user) and mode;
 *  - `fields`:  per-field correction rates per scope;
 *  - `records`: one line per saved record with its raw timings and counts
 *    (no field values: those are personal data), so every figure can be
 *    recomputed outside the service.
 * Times in seconds (latencies in ms), rates as fractions, "." as the decimal
 * point; empty = no data (a manual record's recogniser figures: not measured, not 0).
 */
import { entryMs, MODES, type GroupFigures, type PilotReport, type PilotRow, type RecogniserFigures, type TimeBasis } from './report.ts';
import type { Summary } from './stats.ts';

export type CsvTable = 'summary' | 'fields' | 'records';
type Cell = string | number | null | undefined;

const cell = (v: Cell, delimiter: string): string => {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 1e6) / 1e6) : v;
  return s.includes(delimiter) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const toCsv = (header: readonly string[], rows: readonly Cell[][], delimiter: string): string =>
  [header, ...rows].map((r) => r.map((v) => cell(v, delimiter)).join(delimiter)).join('\r\n') + '\r\n';

const sec = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : ms / 1000);

type Scoped = { scope: string; key: string; figures: GroupFigures };

function scopes(report: PilotReport): Scoped[] {
  return [
    { scope: 'overall', key: '', figures: report.overall },
    ...report.byTemplate.map((t) => ({ scope: 'template', key: t.template, figures: t })),
    ...report.byUser.map((u) => ({ scope: 'user', key: u.userName, figures: u })),
  ];
}

const SUMMARY_HEADER = [
  'scope', 'key', 'mode', 'records', 'timed', 'entry_median_s', 'entry_q1_s', 'entry_q3_s', 'entry_min_s', 'entry_max_s', 'entry_mean_s',
  'keystrokes_median', 'edits_median', 'speedup', 'speedup_lower', 'speedup_upper', 'confidence',
  'post_edit_wer', 'post_edit_wer_dictated_fields', 'field_correction_rate', 'basis',
  'recogniser_measured', 'audio_median_s', 'processing_median_s', 'rtf', 'latency_replies', 'latency_p50_ms', 'latency_p95_ms', 'latency_max_ms',
];

function summaryRows(report: PilotReport): Cell[][] {
  const rows: Cell[][] = [];
  for (const { scope, key, figures } of scopes(report)) {
    for (const mode of MODES) {
      const m = figures[mode];
      const t: Summary | null = m.entryMs;
      const s = figures.speedUp;
      const dictation = mode === 'dictation';
      rows.push([
        scope, key, mode, m.records, m.timed, sec(t?.median), sec(t?.q1), sec(t?.q3), sec(t?.min), sec(t?.max), sec(t?.mean),
        m.keystrokes?.median, m.edits?.median, s?.factor, s?.lower, s?.upper, s ? s.confidence : null,
        // accuracy belongs to dictated forms only
        dictation && figures.postEdit.records > 0 ? figures.postEdit.all.wer : null,
        dictation && figures.postEdit.records > 0 ? figures.postEdit.dictated.wer : null,
        dictation && figures.postEdit.dictatedFields > 0 ? figures.postEdit.correctionRate : null,
        report.basis,
        ...recogniserCells(m.recogniser),
      ]);
    }
  }
  return rows;
}

function recogniserCells(r: RecogniserFigures): Cell[] {
  return [r.measured, r.audioSec?.median, sec(r.processingMs?.median), r.rtf, r.latency?.n, r.latency?.p50Ms, r.latency?.p95Ms, r.latency?.maxMs];
}

function fieldRows(report: PilotReport): Cell[][] {
  return scopes(report).flatMap(({ scope, key, figures }) =>
    figures.postEdit.fields.map((f) => [scope, key, f.field, f.dictated, f.corrected, f.dictated > 0 ? f.rate : null, f.typedOnly]),
  );
}

function recordRows(rows: readonly PilotRow[], basis: TimeBasis): Cell[][] {
  return rows.map((r) => {
    let dictated = 0;
    let corrected = 0;
    for (const [id, v] of Object.entries(r.recognised ?? {})) {
      if (String(v).trim() === '') continue;
      dictated++;
      if (String(r.fields[id] ?? '') !== String(v)) corrected++;
    }
    return [
      r.id, r.template, r.userName, r.mode, r.openedAt, r.firstInputAt, r.savedAt, sec(r.activeMs), sec(entryMs(r, basis)),
      r.keystrokes, r.edits, r.audioSec, sec(r.processingMs), r.recognised ? dictated : null, r.recognised ? corrected : null,
      latencyCell(r, 'n'), latencyCell(r, 'p50Ms'), latencyCell(r, 'p95Ms'), latencyCell(r, 'maxMs'),
    ];
  });
}

const latencyCell = (r: PilotRow, key: 'n' | 'p50Ms' | 'p95Ms' | 'maxMs'): number | null => {
  const v = r.latency?.[key];
  return typeof v === 'number' ? v : null;
};

export function pilotCsv(table: CsvTable, report: PilotReport, rows: readonly PilotRow[], delimiter: ',' | ';'): string {
  switch (table) {
    case 'summary':
      return toCsv(SUMMARY_HEADER, summaryRows(report), delimiter);
    case 'fields':
      return toCsv(['scope', 'key', 'field', 'dictated', 'corrected', 'correction_rate', 'typed_only'], fieldRows(report), delimiter);
    case 'records':
      return toCsv(
        ['id', 'template', 'user', 'mode', 'opened_at', 'first_input_at', 'saved_at', 'active_s', 'entry_s', 'keystrokes', 'edits',
          'audio_s', 'processing_s', 'dictated_fields', 'corrected_fields', 'latency_replies', 'latency_p50_ms', 'latency_p95_ms', 'latency_max_ms'],
        recordRows(rows, report.basis),
        delimiter,
      );
  }
}
