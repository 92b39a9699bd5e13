/**
 * The pilot's measured median entry time per mode, for the savings calculator
 * (CLI and REST alike). Pure.
 */
import { entryMs, type PilotRow, type TimeBasis } from './report.ts';
import { median } from './stats.ts';

export interface MeasuredMedian {
  readonly medianMs: number;
  readonly forms: number;
}

export interface MeasuredMedians {
  readonly basis: TimeBasis;
  readonly dictation: MeasuredMedian | null;
  readonly manual: MeasuredMedian | null;
}

function measure(rows: readonly PilotRow[], mode: PilotRow['mode'], basis: TimeBasis): MeasuredMedian | null {
  const times = rows.filter((r) => r.mode === mode).map((r) => entryMs(r, basis)).filter((ms): ms is number => ms !== null);
  return times.length > 0 ? { medianMs: median(times), forms: times.length } : null;
}

export function buildMeasuredMedians(rows: readonly PilotRow[], basis: TimeBasis = 'auto'): MeasuredMedians {
  return { basis, dictation: measure(rows, 'dictation', basis), manual: measure(rows, 'manual', basis) };
}
