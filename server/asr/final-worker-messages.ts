/** Jobs and replies between the final-pass pool and its workers (inside the supervised pool's envelope). */
import type { FamilyMatch, UtteranceResult } from './final-pass.ts';

export interface FinalWorkerInit {
  readonly dir: string;
  readonly match: FamilyMatch;
  readonly threads: number;
}

export interface FinalWorkerRequest {
  readonly samples: Float32Array;
  /** the corpora's terms now; `key` changes when the list does */
  readonly bias?: { readonly key: number; readonly terms: readonly string[] };
}

export interface FinalWorkerReply {
  readonly type: 'decoded';
  readonly result: UtteranceResult;
  readonly ms: number;
}
