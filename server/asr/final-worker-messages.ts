/** Messages between the final-pass pool and its workers (discriminated on `type`). */
import type { FamilyMatch, UtteranceResult } from './final-pass.ts';

export interface FinalWorkerInit {
  readonly dir: string;
  readonly match: FamilyMatch;
  readonly threads: number;
}

export type FinalWorkerRequest =
  | {
      readonly type: 'decode';
      readonly id: number;
      readonly samples: Float32Array;
      /** terms travel once per worker and set; later requests name the set by key */
      readonly bias?: { readonly key: number; readonly terms?: readonly string[] };
    }
  | { readonly type: 'dispose' };

export type FinalWorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly message: string }
  | { readonly type: 'decoded'; readonly id: number; readonly result: UtteranceResult; readonly ms: number }
  | { readonly type: 'error'; readonly id: number; readonly message: string }
  | { readonly type: 'disposed' };
