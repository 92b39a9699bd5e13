import { describe, expect, it } from 'vitest';
import { createServiceMetrics, type LanguageModelBuildState } from '../../../server/observability/service-metrics.ts';
import { languageModelBuildState } from '../../../server/plugins/metrics.ts';
import { sample } from '../../support/prometheus-text.ts';

function fresh(state: { queue: number; workers: number; lm: LanguageModelBuildState }) {
  return createServiceMetrics({
    inferenceQueueDepth: () => state.queue,
    liveWorkers: () => state.workers,
    languageModelState: () => state.lm,
  });
}

describe('createServiceMetrics', () => {
  it('counts what the narrow functions report', async () => {
    const m = fresh({ queue: 0, workers: 2, lm: 'none' });
    m.streamOpened();
    m.streamOpened();
    m.streamClosed();
    m.stream.audioDecoded(0.2);
    m.stream.audioDecoded(0.3);
    m.stream.decodeTook(40);
    m.stream.replied('partial', 30);
    m.stream.replied('partial', 600);
    m.stream.replied('final', 120);
    m.fileDecoded(12, 900);
    m.httpResponse('GET', '/api/sessions/:id', 404, 0.002);
    m.httpResponse('GET', '/api/sessions/:id', 200, 0.003);
    m.httpResponse('GET', '/api/sessions/:id', 200, 0.004);
    const text = await m.scrape();
    expect(sample(text, 'diktats_live_streams')).toBe(1);
    expect(sample(text, 'diktats_audio_seconds_total', { source: 'stream' })).toBeCloseTo(0.5, 9);
    expect(sample(text, 'diktats_audio_seconds_total', { source: 'upload' })).toBe(12);
    expect(sample(text, 'diktats_decode_seconds_count', { source: 'stream' })).toBe(1);
    expect(sample(text, 'diktats_decode_seconds_sum', { source: 'upload' })).toBeCloseTo(0.9, 9);
    expect(sample(text, 'diktats_partial_latency_seconds_count')).toBe(2);
    expect(sample(text, 'diktats_partial_latency_seconds_bucket', { le: '0.05' })).toBe(1);
    expect(sample(text, 'diktats_final_latency_seconds_sum')).toBeCloseTo(0.12, 9);
    expect(sample(text, 'diktats_http_requests_total', { method: 'GET', route: '/api/sessions/:id', status_code: '200' })).toBe(2);
    expect(sample(text, 'diktats_http_requests_total', { method: 'GET', route: '/api/sessions/:id', status_code: '404' })).toBe(1);
    expect(sample(text, 'diktats_http_request_duration_seconds_count', { method: 'GET', route: '/api/sessions/:id' })).toBe(3);
    // Default process metrics are on the same registry. CPU time is counted from the collector's
    // creation, so on a fast machine it may still be 0 here (kernel accounting is tick-grained).
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('reads the probes at every scrape', async () => {
    const state = { queue: 3, workers: 2, lm: 'building' as LanguageModelBuildState };
    const m = fresh(state);
    let text = await m.scrape();
    expect(sample(text, 'diktats_inference_queue_depth')).toBe(3);
    expect(sample(text, 'diktats_live_workers')).toBe(2);
    expect(sample(text, 'diktats_language_model_state', { state: 'building' })).toBe(1);
    expect(sample(text, 'diktats_language_model_state', { state: 'ready' })).toBe(0);
    Object.assign(state, { queue: 0, workers: 1, lm: 'ready' });
    text = await m.scrape();
    expect(sample(text, 'diktats_inference_queue_depth')).toBe(0);
    expect(sample(text, 'diktats_live_workers')).toBe(1);
    expect(sample(text, 'diktats_language_model_state', { state: 'building' })).toBe(0);
    expect(sample(text, 'diktats_language_model_state', { state: 'ready' })).toBe(1);
  });

  it('keeps two instances apart (own registries)', async () => {
    const a = fresh({ queue: 0, workers: 1, lm: 'none' });
    const b = fresh({ queue: 0, workers: 1, lm: 'none' });
    a.streamOpened();
    expect(sample(await a.scrape(), 'diktats_live_streams')).toBe(1);
    expect(sample(await b.scrape(), 'diktats_live_streams')).toBe(0);
  });
});

describe('languageModelBuildState', () => {
  it.each([
    [{ building: false, error: null, stats: null }, 'none'],
    [{ building: true, error: null, stats: null }, 'building'],
    [{ building: true, error: null, stats: {} }, 'building'],
    [{ building: false, error: null, stats: {} }, 'ready'],
    [{ building: false, error: 'boom', stats: {} }, 'failed'],
  ] as const)('%j is %s', (lm, state) => {
    expect(languageModelBuildState(lm as never)).toBe(state);
  });
});
