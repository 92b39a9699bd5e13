/** Jobs and replies of the inference workers (discriminated on `type`), inside the SupervisedPool envelope. */
import type { ModelSpec } from './model-spec.ts';

export interface WorkerInit {
  readonly spec: ModelSpec;
  /** Silero VAD model, or null when the pool only decodes (e.g. eval). */
  readonly vadModelPath: string | null;
  readonly threads: number;
}

export type WorkerRequest =
  | { readonly type: 'infer'; readonly samples: Float32Array }
  /** a stateful model (spec.streaming): one chunk plus the state tensors, in stateInputs order */
  | { readonly type: 'infer-state'; readonly samples: Float32Array; readonly state: readonly Float32Array[] }
  | { readonly type: 'vad'; readonly samples: Float32Array; readonly state: Float32Array };

export type WorkerReply =
  | { readonly type: 'logits'; readonly data: Float32Array; readonly frames: number; readonly vocab: number; readonly ms: number }
  | { readonly type: 'logits-state'; readonly data: Float32Array; readonly frames: number; readonly vocab: number; readonly state: Float32Array[]; readonly ms: number }
  | { readonly type: 'vad'; readonly probs: Float32Array; readonly state: Float32Array; readonly ms: number };

/** Silero VAD v4 works on 512-sample frames at 16 kHz, with an LSTM state of 2 x (2 x 1 x 64). */
export const VAD_FRAME_SAMPLES = 512;
export const VAD_STATE_SIZE = 256;
