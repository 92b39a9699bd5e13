/**
 * A fixed pool of inference workers with one bounded queue. Jobs go to the
 * least-busy worker; past `maxQueued` outstanding jobs a request is refused with
 * ASR_ERR_BACKLOG instead of growing memory without limit.
 */
import { Worker } from 'node:worker_threads';
import { DiktatsError } from '../errors.ts';
import type { ModelSpec } from './model-spec.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-messages.ts';

export interface LogitsResult {
  readonly data: Float32Array;
  readonly frames: number;
  readonly vocab: number;
  readonly ms: number;
}

export interface VadResult {
  readonly probs: Float32Array;
  readonly state: Float32Array;
  readonly ms: number;
}

export interface PoolOptions {
  readonly workers: number;
  readonly threadsPerWorker: number;
  readonly maxQueued: number;
  readonly vadModelPath: string | null;
}

interface Pending {
  readonly resolve: (reply: WorkerReply) => void;
  readonly reject: (err: Error) => void;
  readonly worker: Slot;
}

interface Slot {
  readonly worker: Worker;
  busy: number;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  private constructor(private readonly options: PoolOptions) {}

  static async start(spec: ModelSpec, options: PoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    const init: WorkerInit = { spec, vadModelPath: options.vadModelPath, threads: options.threadsPerWorker };
    await Promise.all(Array.from({ length: Math.max(1, options.workers) }, () => pool.spawn(init)));
    return pool;
  }

  get queued(): number {
    return this.pending.size;
  }

  /** workers started and not exited */
  get liveWorkers(): number {
    return this.slots.length;
  }

  private spawn(init: WorkerInit): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(ENTRY, { workerData: init });
      const slot: Slot = { worker, busy: 0 };
      let ready = false;
      worker.on('message', (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          ready = true;
          this.slots.push(slot);
          resolve();
          return;
        }
        if (msg.type === 'init-error') {
          reject(new DiktatsError('ASR_ERR_MODEL_INVALID', msg.message));
          void worker.terminate();
          return;
        }
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        slot.busy--;
        if (msg.type === 'error') p.reject(new DiktatsError('ASR_ERR_INFERENCE', msg.message));
        else p.resolve(msg);
      });
      worker.on('error', (err) => {
        if (!ready) reject(new DiktatsError('ASR_ERR_MODEL_INVALID', err.message, { cause: err }));
        this.failWorker(slot, err);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(new DiktatsError('ASR_ERR_MODEL_INVALID', `worker exited with code ${code}`));
        this.failWorker(slot, new Error(`inference worker exited with code ${code}`));
      });
    });
  }

  private failWorker(slot: Slot, err: Error): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    for (const [id, p] of this.pending) {
      if (p.worker === slot) {
        this.pending.delete(id);
        p.reject(new DiktatsError('ASR_ERR_INFERENCE', err.message, { cause: err }));
      }
    }
  }

  private send(make: (id: number) => WorkerRequest, transfer: ArrayBuffer[]): Promise<WorkerReply> {
    if (this.closed || this.slots.length === 0) return Promise.reject(new DiktatsError('ASR_ERR_NOT_READY'));
    if (this.pending.size >= this.options.maxQueued) {
      return Promise.reject(new DiktatsError('ASR_ERR_BACKLOG', `${this.pending.size} jobs queued`));
    }
    let slot = this.slots[0]!;
    for (const s of this.slots) if (s.busy < slot.busy) slot = s;
    const id = this.nextId++;
    slot.busy++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, worker: slot });
      slot.worker.postMessage(make(id), transfer);
    });
  }

  /** Acoustic model on 16 kHz mono samples. The samples buffer is transferred (unusable afterwards). */
  async infer(samples: Float32Array): Promise<LogitsResult> {
    const own = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength ? samples : samples.slice();
    const reply = await this.send((id) => ({ type: 'infer', id, samples: own }), [own.buffer as ArrayBuffer]);
    if (reply.type !== 'logits') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply;
  }

  /** Silero VAD over whole 512-sample frames; `state` is carried by the caller. */
  async vad(samples: Float32Array, state: Float32Array): Promise<VadResult> {
    const reply = await this.send((id) => ({ type: 'vad', id, samples: samples.slice(), state: state.slice() }), []);
    if (reply.type !== 'vad') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new DiktatsError('ASR_ERR_NOT_READY', 'shutting down'));
    }
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }
}
