/**
 * The pilot report: dictation against manual entry, over saved form records.
 * Pure: rows in (storage/pilot-repository.ts reads them), numbers out.
 *
 * Time per form ("entry time"), by `basis`:
 *  - `active`: the client's active time (form in focus, idle gaps removed);
 *  - `wall`:   saved_at − opened_at;
 *  - `auto` (default): active time where the record has it, else wall-clock.
 * Records without a usable (positive) time are counted but left out of the
 * timing figures; `timed` says how many were used.
 *
 * Speed-up = median manual time / median dictation time, with a percentile
 * bootstrap interval (bootstrap.ts). Accuracy figures (post-edit.ts)
 * come from dictation-mode records that kept their recognised values.
 *
 * Recogniser figures per mode count only records the socket measured
 * (audio_sec not null): null is "not measured", never 0. Latency is pooled over
 * every reply of those records by merging their stored histograms.
 */
import { bootstrapRatioOfMedians, type BootstrapOptions } from './bootstrap.ts';
import { scoreRecordFields, sumPostEdit, type FieldScore, type PostEditScore, type Values } from './post-edit.ts';
import { LatencyHistogram, type LatencyHistogramJson, type LatencySummary } from './latency-histogram.ts';
import { niceTimeStepMs, sharedHistogram, summarize, type Histogram, type Summary } from './stats.ts';

export type EntryMode = 'dictation' | 'manual';
export const MODES: readonly EntryMode[] = ['dictation', 'manual'];
export type TimeBasis = 'auto' | 'active' | 'wall';

/** One saved form record as the report needs it. */
export interface PilotRow {
  readonly id: number;
  readonly template: string;
  readonly userId: number;
  readonly userName: string;
  readonly mode: EntryMode;
  readonly openedAt: string | null;
  readonly firstInputAt: string | null;
  readonly savedAt: string | null;
  readonly activeMs: number | null;
  readonly keystrokes: number | null;
  readonly edits: number | null;
  readonly audioSec: number | null;
  readonly processingMs: number | null;
  /** the record's median reply latency, if measured */
  readonly latencyP50Ms: number | null;
  /** the stored latency histogram (latency_json), for pooling; null/absent when not measured or not mergeable */
  readonly latency?: LatencyHistogramJson | null;
  readonly fields: Values;
  readonly recognised: Values | null;
}

export interface ModeFigures {
  readonly records: number;
  /** records with a usable entry time */
  readonly timed: number;
  readonly entryMs: Summary | null;
  /** opened → first value */
  readonly firstInputMs: Summary | null;
  readonly keystrokes: Summary | null;
  readonly edits: Summary | null;
  readonly recogniser: RecogniserFigures;
}

/** The recogniser's figures over the records of one mode that were measured. */
export interface RecogniserFigures {
  /** records with figures; 0 = not measured (manual entry) */
  readonly measured: number;
  /** per record */
  readonly audioSec: Summary | null;
  readonly processingMs: Summary | null;
  /** total processing over total audio time */
  readonly rtf: number | null;
  /** every reply of the measured records pooled (n = replies) */
  readonly latency: LatencySummary | null;
}

export interface SpeedUp {
  /** median manual / median dictation; above 1 = dictation is faster */
  readonly factor: number;
  readonly lower: number | null;
  readonly upper: number | null;
  readonly confidence: number;
  readonly resamples: number;
  readonly seed: number;
}

export interface GroupFigures {
  readonly records: number;
  readonly dictation: ModeFigures;
  readonly manual: ModeFigures;
  /** entry times in ms over shared bins; series "dictation" and "manual" */
  readonly histogram: Histogram;
  readonly speedUp: SpeedUp | null;
  readonly postEdit: PostEditScore;
  readonly recogniser: {
    readonly audioSec: number;
    readonly processingMs: number;
    /** processing over audio time; null without audio */
    readonly rtf: number | null;
    readonly latencyP50Ms: Summary | null;
  };
}

export interface PilotReport {
  readonly basis: TimeBasis;
  readonly overall: GroupFigures;
  readonly byTemplate: readonly ({ readonly template: string } & GroupFigures)[];
  readonly byUser: readonly ({ readonly userId: number; readonly userName: string } & GroupFigures)[];
}

export interface ReportOptions {
  readonly basis?: TimeBasis;
  readonly bootstrap?: BootstrapOptions;
}

const parseTime = (iso: string | null): number | null => {
  if (iso === null) return null;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : null;
};

const between = (from: string | null, to: string | null): number | null => {
  const a = parseTime(from);
  const b = parseTime(to);
  return a === null || b === null ? null : b - a;
};

/** A record's entry time in ms under `basis`, or null when it has none. */
export function entryMs(row: PilotRow, basis: TimeBasis): number | null {
  const wall = between(row.openedAt, row.savedAt);
  const ms = basis === 'active' ? row.activeMs : basis === 'wall' ? wall : (row.activeMs ?? wall);
  return ms !== null && Number.isFinite(ms) && ms > 0 ? ms : null;
}

const numbers = (values: readonly (number | null)[]): number[] => values.filter((v): v is number => v !== null && Number.isFinite(v));

export function recogniserFigures(rows: readonly PilotRow[]): RecogniserFigures {
  const measured = rows.filter((r) => r.audioSec !== null && Number.isFinite(r.audioSec));
  const pooled = new LatencyHistogram();
  let audioSec = 0;
  let processingMs = 0;
  for (const r of measured) {
    audioSec += r.audioSec!;
    processingMs += r.processingMs ?? 0;
    const h = LatencyHistogram.fromJSON(r.latency ?? null);
    if (h) pooled.merge(h);
  }
  return {
    measured: measured.length,
    audioSec: summarize(measured.map((r) => r.audioSec!)),
    processingMs: summarize(numbers(measured.map((r) => r.processingMs))),
    rtf: audioSec > 0 ? processingMs / 1000 / audioSec : null,
    latency: pooled.summary(),
  };
}

function modeFigures(rows: readonly PilotRow[], basis: TimeBasis): ModeFigures {
  const times = numbers(rows.map((r) => entryMs(r, basis)));
  const first = numbers(rows.map((r) => between(r.openedAt, r.firstInputAt))).filter((ms) => ms >= 0);
  return {
    records: rows.length,
    timed: times.length,
    entryMs: summarize(times),
    firstInputMs: summarize(first),
    keystrokes: summarize(numbers(rows.map((r) => r.keystrokes))),
    edits: summarize(numbers(rows.map((r) => r.edits))),
    recogniser: recogniserFigures(rows),
  };
}

/** Each dictated record's fields scored once per report, however many groups it is in. */
type FieldScores = (row: PilotRow) => readonly FieldScore[];
const scoreRow: FieldScores = (r) => scoreRecordFields({ recognised: r.recognised!, saved: r.fields });

function memoScores(): FieldScores {
  const seen = new Map<PilotRow, readonly FieldScore[]>();
  return (r) => {
    let s = seen.get(r);
    if (!s) seen.set(r, (s = scoreRow(r)));
    return s;
  };
}

export function groupFigures(rows: readonly PilotRow[], options: ReportOptions = {}, scores: FieldScores = scoreRow): GroupFigures {
  const basis = options.basis ?? 'auto';
  const byMode = { dictation: rows.filter((r) => r.mode === 'dictation'), manual: rows.filter((r) => r.mode === 'manual') };
  const times = {
    dictation: numbers(byMode.dictation.map((r) => entryMs(r, basis))),
    manual: numbers(byMode.manual.map((r) => entryMs(r, basis))),
  };
  let speedUp: SpeedUp | null = null;
  const medianD = summarize(times.dictation)?.median;
  const medianM = summarize(times.manual)?.median;
  if (medianD !== undefined && medianM !== undefined) {
    const ci = bootstrapRatioOfMedians(times.manual, times.dictation, options.bootstrap);
    speedUp = {
      factor: medianM / medianD,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      confidence: ci?.confidence ?? options.bootstrap?.confidence ?? 0.95,
      resamples: ci?.resamples ?? 0,
      seed: ci?.seed ?? options.bootstrap?.seed ?? 0,
    };
  }
  const dictated = byMode.dictation.filter((r) => r.recognised !== null);
  let audioSec = 0;
  let processingMs = 0;
  for (const r of byMode.dictation) {
    audioSec += r.audioSec ?? 0;
    processingMs += r.processingMs ?? 0;
  }
  return {
    records: rows.length,
    dictation: modeFigures(byMode.dictation, basis),
    manual: modeFigures(byMode.manual, basis),
    // bins of whole seconds or minutes; finer bins of a form's time mean nothing
    histogram: sharedHistogram(times, 12, 1000, niceTimeStepMs),
    speedUp,
    postEdit: sumPostEdit(dictated.map(scores)),
    recogniser: {
      audioSec,
      processingMs,
      rtf: audioSec > 0 ? processingMs / 1000 / audioSec : null,
      latencyP50Ms: summarize(numbers(byMode.dictation.map((r) => r.latencyP50Ms))),
    },
  };
}

function groupBy<K>(rows: readonly PilotRow[], key: (r: PilotRow) => K): Map<K, PilotRow[]> {
  const m = new Map<K, PilotRow[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function buildPilotReport(rows: readonly PilotRow[], options: ReportOptions = {}): PilotReport {
  const scores = memoScores();
  const byTemplate = [...groupBy(rows, (r) => r.template).entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([template, list]) => ({ template, ...groupFigures(list, options, scores) }));
  const byUser = [...groupBy(rows, (r) => r.userId).entries()]
    .sort(([a], [b]) => a - b)
    .map(([userId, list]) => ({ userId, userName: list[0]!.userName, ...groupFigures(list, options, scores) }));
  return { basis: options.basis ?? 'auto', overall: groupFigures(rows, options, scores), byTemplate, byUser };
}
