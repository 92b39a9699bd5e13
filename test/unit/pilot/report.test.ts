import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../server/pilot/latency-histogram.ts';
import { buildPilotReport, entryMs, type PilotRow } from '../../../server/pilot/report.ts';

const T0 = Date.parse('2026-11-02T09:00:00.000Z');
const iso = (ms: number): string => new Date(T0 + ms).toISOString();

let nextId = 1;
function row(over: Partial<PilotRow> & Pick<PilotRow, 'mode'>): PilotRow {
  return {
    id: nextId++,
    template: 'majokla-pabalsts',
    userId: 1,
    userName: 'default',
    openedAt: iso(0),
    firstInputAt: null,
    savedAt: null,
    activeMs: null,
    keystrokes: null,
    edits: null,
    audioSec: null,
    processingMs: null,
    latencyP50Ms: null,
    fields: {},
    recognised: null,
    ...over,
  };
}

describe('entryMs', () => {
  const r = row({ mode: 'manual', savedAt: iso(90_000), activeMs: 60_000 });
  it('uses active time, wall time, or active falling back to wall', () => {
    expect(entryMs(r, 'active')).toBe(60_000);
    expect(entryMs(r, 'wall')).toBe(90_000);
    expect(entryMs(r, 'auto')).toBe(60_000);
    expect(entryMs({ ...r, activeMs: null }, 'auto')).toBe(90_000);
    expect(entryMs({ ...r, activeMs: null }, 'active')).toBeNull();
    expect(entryMs({ ...r, activeMs: 0, savedAt: null }, 'auto')).toBeNull();
  });
});

describe('buildPilotReport', () => {
  const rows: PilotRow[] = [
    // manual 300, 400, 500, 600 s → median 450 s, q1 375, q3 525
    ...[300, 400, 500, 600].map((s, i) => row({ mode: 'manual', activeMs: s * 1000, keystrokes: 200 + i * 10, edits: i })),
    // dictation 100, 150, 200 s → median 150 s; one by wall-clock time only
    row({ mode: 'dictation', activeMs: 100_000, recognised: { vards: 'Jānis' }, fields: { vards: 'Jānis' }, audioSec: 40, processingMs: 4000 }),
    row({ mode: 'dictation', activeMs: 150_000, recognised: { vards: 'Janis' }, fields: { vards: 'Jānis' }, audioSec: 60, processingMs: 2000 }),
    row({ mode: 'dictation', savedAt: iso(200_000), firstInputAt: iso(5000), recognised: { vards: 'Anna' }, fields: { vards: 'Anna' } }),
    // no time at all: counted, not timed
    row({ mode: 'dictation', template: 'gadijuma-piezime', userId: 2, userName: 'ilze' }),
  ];
  const report = buildPilotReport(rows, { bootstrap: { resamples: 500, seed: 3 } });

  it('summarises time per form by mode', () => {
    const o = report.overall;
    expect(o.records).toBe(8);
    expect(o.manual).toMatchObject({ records: 4, timed: 4, entryMs: { median: 450_000, q1: 375_000, q3: 525_000, min: 300_000, max: 600_000 } });
    expect(o.dictation).toMatchObject({ records: 4, timed: 3, entryMs: { median: 150_000, n: 3 } });
    expect(o.dictation.firstInputMs).toMatchObject({ n: 1, median: 5000 });
    expect(o.manual.keystrokes).toMatchObject({ median: 215, mean: 215 });
    expect(o.manual.edits).toMatchObject({ median: 1.5 });
  });

  it('gives the speed-up with an interval containing it', () => {
    const s = report.overall.speedUp!;
    expect(s.factor).toBeCloseTo(3, 12);
    expect(s.lower!).toBeLessThanOrEqual(3);
    expect(s.upper!).toBeGreaterThanOrEqual(3);
    expect(s).toMatchObject({ resamples: 500, seed: 3, confidence: 0.95 });
  });

  it('bins both modes over shared edges', () => {
    const h = report.overall.histogram;
    // max 600 s / 12 = 50 s → bins of a minute, 11 of them (600 s goes to the last)
    expect(h.width).toBe(60_000);
    expect(h.counts['manual']).toHaveLength(11);
    expect(h.counts['manual']!.reduce((a, b) => a + b, 0)).toBe(4);
    expect(h.counts['dictation']!.reduce((a, b) => a + b, 0)).toBe(3);
    expect(h.counts['dictation']!.slice(0, 4)).toEqual([0, 1, 1, 1]); // 100 s, 150 s, 200 s in the 2nd, 3rd, 4th minute
  });

  it('scores post-edit accuracy and the recogniser totals of dictation forms', () => {
    expect(report.overall.postEdit).toMatchObject({ records: 3, correctedFields: 1, dictatedFields: 3, all: { words: 3, substitutions: 1 } });
    expect(report.overall.recogniser).toMatchObject({ audioSec: 100, processingMs: 6000, rtf: 0.06 });
  });

  it('splits by template and by user', () => {
    expect(report.byTemplate.map((t) => [t.template, t.records])).toEqual([
      ['gadijuma-piezime', 1],
      ['majokla-pabalsts', 7],
    ]);
    expect(report.byTemplate[0]!.speedUp).toBeNull();
    expect(report.byUser.map((u) => [u.userId, u.userName, u.records])).toEqual([
      [1, 'default', 7],
      [2, 'ilze', 1],
    ]);
  });

  it('has no speed-up without both modes and no interval below three forms per mode', () => {
    expect(buildPilotReport(rows.filter((r) => r.mode === 'manual')).overall.speedUp).toBeNull();
    const two = buildPilotReport([...rows.slice(0, 2), ...rows.slice(4, 6)]).overall.speedUp!;
    expect(two.factor).toBeCloseTo(350 / 125, 12);
    expect(two.lower).toBeNull();
  });
});

describe('recogniser figures per mode', () => {
  const hist = (...ms: number[]) => {
    const h = new LatencyHistogram();
    for (const v of ms) h.add(v);
    return h;
  };

  it('medians over measured records only; null is "not measured", never 0; latency pooled over every reply', () => {
    const rows = [
      row({ mode: 'dictation', savedAt: iso(60_000), audioSec: 10, processingMs: 1000, latency: hist(10, 20, 30).toJSON() }),
      row({ mode: 'dictation', savedAt: iso(60_000), audioSec: 30, processingMs: 2000, latency: hist(40).toJSON() }),
      // a dictation record the socket never measured: left out, not counted as 0 s
      row({ mode: 'dictation', savedAt: iso(60_000) }),
      row({ mode: 'manual', savedAt: iso(90_000) }),
    ];
    const g = buildPilotReport(rows, { bootstrap: { resamples: 10 } }).overall;
    expect(g.dictation.recogniser).toMatchObject({ measured: 2, audioSec: { median: 20, n: 2 }, processingMs: { median: 1500 } });
    expect(g.dictation.recogniser.rtf).toBeCloseTo(3 / 40, 12);
    expect(g.dictation.recogniser.latency).toEqual(hist(10, 20, 30, 40).summary());
    expect(g.manual.recogniser).toEqual({ measured: 0, audioSec: null, processingMs: null, rtf: null, latency: null });
  });

  it('an imported latency summary without buckets is not pooled (and does not break the report)', () => {
    const g = buildPilotReport([row({ mode: 'dictation', savedAt: iso(1000), audioSec: 5, processingMs: 50, latency: { n: 3, p50Ms: 9 } as never })]).overall;
    expect(g.dictation.recogniser).toMatchObject({ measured: 1, latency: null });
  });
});
