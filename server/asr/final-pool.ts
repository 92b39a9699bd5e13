/**
 * The final model's worker pool: a fixed set of worker threads, each holding one
 * UtteranceDecoder of the detected family; least-busy dispatch and a bounded queue
 * (ASR_ERR_BACKLOG past it), like the streaming pool. The pool is itself an
 * UtteranceDecoder, so callers never see the threads.
 */
import { Worker } from 'node:worker_threads';
import { DiktatsError } from '../errors.ts';
import './families/index.ts';
import { detectFamily, type BiasTerms, type FamilyMatch, type UtteranceDecoder, type UtteranceResult } from './final-pass.ts';
import type { FinalWorkerInit, FinalWorkerReply, FinalWorkerRequest } from './final-worker-messages.ts';

export interface FinalPoolOptions {
  readonly workers: number;
  readonly threadsPerWorker: number;
  readonly maxQueued: number;
}

export const DEFAULT_FINAL_POOL: FinalPoolOptions = { workers: 1, threadsPerWorker: 1, maxQueued: 64 };

interface Slot {
  readonly worker: Worker;
  busy: number;
  /** bias-set keys this worker has received */
  biasKey: number;
}

interface Pending {
  readonly resolve: (r: UtteranceResult) => void;
  readonly reject: (e: Error) => void;
  readonly slot: Slot;
}

const ENTRY = new URL('./final-worker-entry.mjs', import.meta.url);

export class FinalPassPool implements UtteranceDecoder {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** one key per distinct term list, so terms cross to a worker once */
  private bias: { terms: readonly string[]; key: number } | null = null;

  private constructor(
    readonly dir: string,
    readonly match: FamilyMatch,
    private readonly options: FinalPoolOptions,
  ) {}

  get family(): string {
    return this.match.family;
  }

  get queued(): number {
    return this.pending.size;
  }

  /** Detects the folder's family (throws naming a missing or mismatched file) and starts the workers. */
  static async start(dir: string, options: Partial<FinalPoolOptions> = {}): Promise<FinalPassPool> {
    const o = { ...DEFAULT_FINAL_POOL, ...options };
    const match = await detectFamily(dir);
    const pool = new FinalPassPool(dir, match, o);
    const init: FinalWorkerInit = { dir, match, threads: o.threadsPerWorker };
    try {
      await Promise.all(Array.from({ length: Math.max(1, o.workers) }, () => pool.spawn(init)));
    } catch (e) {
      await pool.dispose();
      throw e;
    }
    return pool;
  }

  private spawn(init: FinalWorkerInit): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(ENTRY, { workerData: init });
      const slot: Slot = { worker, busy: 0, biasKey: 0 };
      let ready = false;
      worker.on('message', (msg: FinalWorkerReply) => {
        if (msg.type === 'ready') {
          ready = true;
          this.slots.push(slot);
          resolve();
        } else if (msg.type === 'init-error') {
          reject(new DiktatsError('ASR_ERR_MODEL_INVALID', `final model ${init.dir}: ${msg.message}`));
          void worker.terminate();
        } else if (msg.type === 'decoded' || msg.type === 'error') {
          const p = this.pending.get(msg.id);
          if (!p) return;
          this.pending.delete(msg.id);
          slot.busy--;
          if (msg.type === 'error') p.reject(new DiktatsError('ASR_ERR_INFERENCE', `final pass: ${msg.message}`));
          else p.resolve(msg.result);
        }
      });
      worker.on('error', (err) => {
        if (!ready) reject(new DiktatsError('ASR_ERR_MODEL_INVALID', `final model ${init.dir}: ${err.message}`, { cause: err }));
        this.fail(slot, err);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new DiktatsError('ASR_ERR_MODEL_INVALID', `final model worker exited with code ${code}`));
        this.fail(slot, new Error(`final-pass worker exited with code ${code}`));
      });
    });
  }

  private fail(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.slot !== slot) continue;
      this.pending.delete(id);
      p.reject(new DiktatsError('ASR_ERR_INFERENCE', `final pass: ${err.message}`, { cause: err }));
    }
  }

  /** Decodes one utterance in a worker. The samples are copied (the caller keeps its buffer). */
  decode(samples: Float32Array, bias?: BiasTerms): Promise<UtteranceResult> {
    if (this.closed || this.slots.length === 0) return Promise.reject(new DiktatsError('ASR_ERR_NOT_READY', 'the final-pass model is not loaded'));
    if (this.pending.size >= this.options.maxQueued) return Promise.reject(new DiktatsError('ASR_ERR_BACKLOG', `${this.pending.size} final-pass jobs queued`));
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    let biasMsg: { key: number; terms?: readonly string[] } | undefined;
    if (bias && bias.terms.length > 0) {
      if (!this.bias || this.bias.terms !== bias.terms) this.bias = { terms: bias.terms, key: (this.bias?.key ?? 0) + 1 };
      biasMsg = slot.biasKey === this.bias.key ? { key: this.bias.key } : { key: this.bias.key, terms: [...bias.terms] };
      slot.biasKey = this.bias.key;
    }
    const id = this.nextId++;
    const copy = samples.slice();
    const req: FinalWorkerRequest = { type: 'decode', id, samples: copy, ...(biasMsg ? { bias: biasMsg } : {}) };
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, slot });
      slot.worker.postMessage(req, [copy.buffer as ArrayBuffer]);
    });
  }

  async dispose(): Promise<void> {
    this.closed = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new DiktatsError('ASR_ERR_NOT_READY', 'shutting down'));
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
