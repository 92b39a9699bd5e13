/**
 * The recogniser's figures for one form record while it is open on a socket
 * (issue 6): audio seconds streamed, processing time (VAD, model, decoding),
 * and the server-side latency of each reply (binary frame in → partial/final
 * out). The meter holds only what has not been stored yet; `take()` hands it
 * over and starts again, and `mergeRecogniserFigures` adds it to what the
 * record already has, so a record reopened on another connection accumulates.
 * Memory is bounded: three numbers and a LatencyHistogram.
 */
import { LatencyHistogram, type LatencyHistogramJson } from './latency-histogram.ts';

/** Figures not yet stored. */
export interface RecogniserDelta {
  readonly audioSec: number;
  readonly processingMs: number;
  readonly latency: LatencyHistogram;
}

/** The stored columns (form_records.audio_sec, processing_ms, latency_json parsed). */
export interface StoredRecogniserFigures {
  readonly audioSec: number | null;
  readonly processingMs: number | null;
  readonly latency: unknown;
}

export interface MergedRecogniserFigures {
  readonly audioSec: number;
  readonly processingMs: number;
  readonly latency: LatencyHistogramJson | null;
}

export class RecogniserMeter {
  private audioSec = 0;
  private processingMs = 0;
  private latency = new LatencyHistogram();
  private touched = false;

  addAudio(seconds: number): void {
    if (!(seconds > 0)) return;
    this.audioSec += seconds;
    this.touched = true;
  }

  addProcessing(ms: number): void {
    if (!(ms > 0)) return;
    this.processingMs += ms;
    this.touched = true;
  }

  addReplyLatency(ms: number): void {
    this.latency.add(ms);
    this.touched = true;
  }

  /** something to store */
  get pending(): boolean {
    return this.touched;
  }

  /** The figures since the last take (null if none); the meter starts again from zero. */
  take(): RecogniserDelta | null {
    if (!this.touched) return null;
    const delta = { audioSec: this.audioSec, processingMs: this.processingMs, latency: this.latency };
    this.audioSec = 0;
    this.processingMs = 0;
    this.latency = new LatencyHistogram();
    this.touched = false;
    return delta;
  }
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Stored + new. A stored latency without buckets (an imported summary) cannot
 * be merged; the new replies then stand alone rather than inventing a mix.
 */
export function mergeRecogniserFigures(stored: StoredRecogniserFigures, delta: RecogniserDelta): MergedRecogniserFigures {
  const latency = LatencyHistogram.fromJSON(stored.latency) ?? new LatencyHistogram();
  latency.merge(delta.latency);
  return {
    audioSec: round3((stored.audioSec ?? 0) + delta.audioSec),
    processingMs: round3((stored.processingMs ?? 0) + delta.processingMs),
    latency: latency.toJSON() ?? (isObject(stored.latency) ? (stored.latency as LatencyHistogramJson) : null),
  };
}

const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null;
