/**
 * What a dictation session needs from the rest of the service, as narrow
 * interfaces: the transport wires the real ones (asr/stream-session.ts,
 * correction, storage, forms/form-session.ts), tests pass fakes.
 */
import type { FinalReason, FinalResult, PushResult } from '../asr/stream-session.ts';
import type { FormClientMessage, FormServerMessage } from '../forms/form-messages.ts';
import type { AsrSessionRepository } from '../storage/asr-session-repository.ts';
import type { StreamMeter } from '../observability/service-metrics.ts';

/** One recognition stream (StreamSession): push audio, finish an utterance. */
export interface DictationStream {
  push(samples: Float32Array): Promise<PushResult>;
  finish(reason: FinalReason): Promise<FinalResult>;
  close(): void;
  readonly speaking: boolean;
  readonly audioSec: number;
  /** processing time spent so far, in ms */
  readonly processingMs: number;
}

/** Where sessions and their final utterances are stored (storage's asr-session repository). */
export type UtteranceStore = Pick<AsrSessionRepository, 'start' | 'setSampleRate' | 'addUtterance' | 'end'>;

/** The recogniser figures of the open dictation record (pilot/recogniser-meter.ts). */
export interface DictationMeter {
  addAudio(seconds: number): void;
  addProcessing(ms: number): void;
  addReplyLatency(ms: number): void;
}

/** The socket's form (forms/form-session.ts). Its meter is per open record: null when none is measured. */
export interface DictationForm {
  handleMessage(message: FormClientMessage): FormServerMessage[];
  handleFinal(text: string): FormServerMessage[];
  /** stores what the meter measured since the last write */
  flush(): void;
  readonly meter: DictationMeter | null;
  readonly recordId: number | null;
}

export interface DictationLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DictationDeps {
  readonly createStream: () => DictationStream;
  /** post-correction of a final's spoken text */
  readonly correct: (spokenText: string) => { readonly corrected: string; readonly corrections: readonly object[] };
  readonly utterances: UtteranceStore;
  /** the socket's form, created for the session id the utterances are stored under */
  readonly createForm: (asrSessionId: string) => DictationForm;
  readonly modelId: string;
  readonly userId: number;
  readonly client: string;
  readonly maxBacklogSec: number;
  readonly log: DictationLogger;
  /** monotonic milliseconds, for reply latency (default performance.now) */
  readonly now?: () => number;
  /** the service's metrics: audio taken in, decode time, partial/final latency */
  readonly metrics?: StreamMeter;
}
