/**
 * The service's Prometheus metrics, on a registry of its own (not
 * prom-client's global one, so two apps in one process never share counts).
 * Code elsewhere reports through the narrow functions below and never imports
 * prom-client; gauges of state owned elsewhere (queue, workers, language
 * model) are read through probes at scrape time.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export type ReplyKind = 'partial' | 'final';
export type AudioSource = 'stream' | 'upload';
export type LanguageModelBuildState = 'none' | 'building' | 'ready' | 'failed';
export const LANGUAGE_MODEL_STATES: readonly LanguageModelBuildState[] = ['none', 'building', 'ready', 'failed'];

/** What one live dictation stream reports. */
export interface StreamMeter {
  /** seconds of audio the recogniser has taken in */
  audioDecoded(seconds: number): void;
  /** the recogniser's processing time for one call (one audio frame, or an utterance's end) */
  decodeTook(ms: number): void;
  /** a partial or final reply sent, `latencyMs` after its audio frame arrived */
  replied(kind: ReplyKind, latencyMs: number): void;
}

/** State owned elsewhere, read when Prometheus scrapes. */
export interface ServiceProbes {
  inferenceQueueDepth(): number;
  liveWorkers(): number;
  languageModelState(): LanguageModelBuildState;
}

export interface ServiceMetrics {
  readonly contentType: string;
  readonly stream: StreamMeter;
  streamOpened(): void;
  streamClosed(): void;
  /** a whole file decoded (POST /api/transcribe) */
  fileDecoded(audioSec: number, processingMs: number): void;
  /** `route`: the route's template (`/api/sessions/:id`), never the raw URL */
  httpResponse(method: string, route: string, statusCode: number, seconds: number): void;
  /** the text exposition format */
  scrape(): Promise<string>;
}

/** Seconds: a reply is due well under a second; a whole file may take a minute. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1, 1.5, 2.5, 5, 10];
const DECODE_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createServiceMetrics(probes: ServiceProbes): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const liveStreams = new Gauge({ name: 'diktats_live_streams', help: 'Open /ws/asr dictation sockets', registers });
  const audioSeconds = new Counter({
    name: 'diktats_audio_seconds_total',
    help: 'Seconds of audio taken in by the recogniser',
    labelNames: ['source'] as const,
    registers,
  });
  const decodeSeconds = new Histogram({
    name: 'diktats_decode_seconds',
    help: 'Recogniser processing time: per stream call (stream) or per whole file (upload)',
    labelNames: ['source'] as const,
    buckets: DECODE_BUCKETS,
    registers,
  });
  const partialLatency = new Histogram({
    name: 'diktats_partial_latency_seconds',
    help: 'Audio frame arrived to its partial reply sent',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const finalLatency = new Histogram({
    name: 'diktats_final_latency_seconds',
    help: 'Audio frame arrived to its final result sent (endpointed utterances)',
    buckets: LATENCY_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'diktats_inference_queue_depth',
    help: 'Inference jobs waiting for or running on a worker',
    registers,
    collect() {
      this.set(probes.inferenceQueueDepth());
    },
  });
  new Gauge({
    name: 'diktats_live_workers',
    help: 'Inference worker threads alive',
    registers,
    collect() {
      this.set(probes.liveWorkers());
    },
  });
  new Gauge({
    name: 'diktats_language_model_state',
    help: "The beam decoder's language model: 1 for the current state (none, building, ready, failed)",
    labelNames: ['state'] as const,
    registers,
    collect() {
      const current = probes.languageModelState();
      for (const state of LANGUAGE_MODEL_STATES) this.set({ state }, state === current ? 1 : 0);
    },
  });
  const httpRequests = new Counter({
    name: 'diktats_http_requests_total',
    help: 'HTTP responses by route template, method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    registers,
  });
  const httpDuration = new Histogram({
    name: 'diktats_http_request_duration_seconds',
    help: 'HTTP request time by route template and method',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });

  return {
    contentType: registry.contentType,
    stream: {
      audioDecoded: (seconds) => audioSeconds.inc({ source: 'stream' }, seconds),
      decodeTook: (ms) => decodeSeconds.observe({ source: 'stream' }, ms / 1000),
      replied: (kind, latencyMs) => (kind === 'partial' ? partialLatency : finalLatency).observe(latencyMs / 1000),
    },
    streamOpened: () => liveStreams.inc(),
    streamClosed: () => liveStreams.dec(),
    fileDecoded(audioSec, processingMs) {
      audioSeconds.inc({ source: 'upload' }, audioSec);
      decodeSeconds.observe({ source: 'upload' }, processingMs / 1000);
    },
    httpResponse(method, route, statusCode, seconds) {
      httpRequests.inc({ method, route, status_code: String(statusCode) });
      httpDuration.observe({ method, route }, seconds);
    },
    scrape: () => registry.metrics(),
  };
}
