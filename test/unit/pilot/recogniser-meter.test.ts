/** The per-record accumulator of the recogniser's figures, and the merge that makes reopened records add up. */
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../server/pilot/latency-histogram.ts';
import { mergeRecogniserFigures, RecogniserMeter } from '../../../server/pilot/recogniser-meter.ts';

describe('RecogniserMeter', () => {
  it('has nothing to take until something is measured', () => {
    const m = new RecogniserMeter();
    expect(m.pending).toBe(false);
    expect(m.take()).toBeNull();
    m.addAudio(0);
    m.addProcessing(-3); // a clock step backwards is not processing
    expect(m.take()).toBeNull();
  });

  it('adds audio, processing and reply latencies, hands them over once and starts again', () => {
    const m = new RecogniserMeter();
    m.addAudio(0.2);
    m.addAudio(0.2);
    m.addProcessing(12.5);
    m.addReplyLatency(30);
    m.addReplyLatency(50);
    const d = m.take()!;
    expect(d.audioSec).toBeCloseTo(0.4, 12);
    expect(d.processingMs).toBe(12.5);
    expect(d.latency.summary()).toMatchObject({ n: 2, minMs: 30, maxMs: 50 });
    expect(m.pending).toBe(false);
    expect(m.take()).toBeNull();
    m.addAudio(1);
    expect(m.take()!.latency.n).toBe(0);
  });

  it('stays bounded over a long session: 200 000 replies (11 h at 200 ms) keep only the histogram', () => {
    const m = new RecogniserMeter();
    for (let i = 0; i < 200_000; i++) {
      m.addAudio(0.2);
      m.addReplyLatency(5 + (i % 997) / 3);
    }
    const d = m.take()!;
    expect(d.latency.n).toBe(200_000);
    expect(d.latency.size).toBeLessThanOrEqual(100); // 5…337 ms spans ~72 buckets of 5 %
    expect(d.audioSec).toBeCloseTo(40_000, 6);
  });
});

describe('mergeRecogniserFigures', () => {
  const hist = (...ms: number[]): LatencyHistogram => {
    const h = new LatencyHistogram();
    for (const v of ms) h.add(v);
    return h;
  };

  it('a first measurement fills the empty (null) columns', () => {
    const m = mergeRecogniserFigures({ audioSec: null, processingMs: null, latency: null }, { audioSec: 3.2, processingMs: 410, latency: hist(20, 30) });
    expect(m).toMatchObject({ audioSec: 3.2, processingMs: 410, latency: { n: 2, minMs: 20, maxMs: 30 } });
  });

  it('a reopened record adds to what it had: sums add, latency counts merge as if measured in one go', () => {
    const first = mergeRecogniserFigures({ audioSec: null, processingMs: null, latency: null }, { audioSec: 3.2, processingMs: 410, latency: hist(20, 30) });
    const stored = JSON.parse(JSON.stringify(first)) as typeof first; // as it comes back from latency_json
    const second = mergeRecogniserFigures(stored, { audioSec: 1.8, processingMs: 90, latency: hist(400) });
    expect(second.audioSec).toBeCloseTo(5, 9);
    expect(second.processingMs).toBe(500);
    expect(second.latency).toEqual(hist(20, 30, 400).toJSON());
  });

  it('without new replies the stored latency stays, even one that cannot be merged', () => {
    const imported = { n: 40, p50Ms: 150, p95Ms: 400 };
    expect(mergeRecogniserFigures({ audioSec: 10, processingMs: 5, latency: imported }, { audioSec: 1, processingMs: 1, latency: hist() }).latency).toEqual(imported);
    // with new replies, an unmergeable summary gives way to what was measured (documented, not mixed)
    expect(mergeRecogniserFigures({ audioSec: 10, processingMs: 5, latency: imported }, { audioSec: 1, processingMs: 1, latency: hist(70) }).latency).toMatchObject({ n: 1 });
  });
});
