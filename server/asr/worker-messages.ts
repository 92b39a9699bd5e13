/** Messages between the worker pool and inference workers (discriminated on `type`). */
import type { ModelSpec } from './model-spec.ts';

export interface WorkerInit {
  readonly spec: ModelSpec;
  /** Silero VAD model, or null when the pool only decodes (e.g. eval). */
  readonly vadModelPath: string | null;
  readonly threads: number;
}

export type WorkerRequest =
  | { readonly type: 'infer'; readonly id: number; readonly samples: Float32Array }
  | { readonly type: 'vad'; readonly id: number; readonly samples: Float32Array; readonly state: Float32Array };

export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly message: string }
  | { readonly type: 'logits'; readonly id: number; readonly data: Float32Array; readonly frames: number; readonly vocab: number; readonly ms: number }
  | { readonly type: 'vad'; readonly id: number; readonly probs: Float32Array; readonly state: Float32Array; readonly ms: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

/** Silero VAD v4 works on 512-sample frames at 16 kHz, with an LSTM state of 2 x (2 x 1 x 64). */
export const VAD_FRAME_SAMPLES = 512;
export const VAD_STATE_SIZE = 256;
