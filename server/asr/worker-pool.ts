/**
 * The inference workers: a SupervisedPool (../workers/) of ONNX sessions. A dead
 * worker is respawned with backoff; inference is stateless, so a job of a dead
 * worker runs once more on the next worker before it fails with a coded error.
 * Jobs wait in a queue that is fair across streams (`key`) and bounded by
 * `maxQueued` (past it: WORKER_ERR_BUSY). Workers are threads, or with
 * `isolation: 'process'` child processes that a timeout or a kill ends at once.
 */
import { DiktatsError, isDiktatsError } from '../errors.ts';
import { SupervisedPool, type PoolEvent, type PoolStats } from '../workers/supervised-pool.ts';
import type { Isolation } from '../workers/worker-handle.ts';
import type { ModelSpec } from './model-spec.ts';
import type { WorkerInit, WorkerReply, WorkerRequest } from './worker-messages.ts';

export interface LogitsResult {
  readonly data: Float32Array;
  readonly frames: number;
  readonly vocab: number;
  readonly ms: number;
}

export interface StatefulLogitsResult extends LogitsResult {
  readonly state: Float32Array[];
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
  /** longest inference job; a worker past it is restarted */
  readonly timeoutMs?: number;
  /** workers as threads (default) or child processes, which can be killed at once (../workers/README.md) */
  readonly isolation?: Isolation;
  readonly onEvent?: (event: PoolEvent) => void;
}

const MODULE = new URL('./inference-worker.ts', import.meta.url);

export class WorkerPool {
  private constructor(private readonly pool: SupervisedPool<WorkerInit, WorkerRequest, WorkerReply>) {}

  static async start(spec: ModelSpec, options: PoolOptions): Promise<WorkerPool> {
    try {
      const pool = await SupervisedPool.start<WorkerInit, WorkerRequest, WorkerReply>({
        name: 'inference',
        module: MODULE,
        init: { spec, vadModelPath: options.vadModelPath, threads: options.threadsPerWorker },
        size: Math.max(1, options.workers),
        maxQueued: options.maxQueued,
        timeoutMs: options.timeoutMs ?? 30_000,
        retries: 1,
        isolation: options.isolation ?? 'thread',
        onEvent: options.onEvent,
      });
      return new WorkerPool(pool);
    } catch (err) {
      if (isDiktatsError(err) && err.code === 'WORKER_ERR_INIT') throw new DiktatsError('ASR_ERR_MODEL_INVALID', err.message, { cause: err });
      throw err;
    }
  }

  get queued(): number {
    const s = this.pool.stats;
    return s.queued + s.inFlight;
  }

  get stats(): PoolStats {
    return this.pool.stats;
  }

  /** workers started and not exited */
  get liveWorkers(): number {
    return this.pool.stats.live;
  }

  /** Acoustic model on 16 kHz mono samples; `key` names the stream (or upload) for fair queueing. */
  async infer(samples: Float32Array, key?: string): Promise<LogitsResult> {
    const reply = await this.pool.request({ type: 'infer', samples }, { key });
    if (reply.type !== 'logits') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply;
  }

  /** A stateful model's chunk: `state` (spec.streaming.stateInputs order) in, the next state out; carried by the caller. */
  async inferState(samples: Float32Array, state: readonly Float32Array[], key?: string): Promise<StatefulLogitsResult> {
    const reply = await this.pool.request({ type: 'infer-state', samples, state }, { key });
    if (reply.type !== 'logits-state') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply;
  }

  /** Silero VAD over whole 512-sample frames; `state` is carried by the caller. */
  async vad(samples: Float32Array, state: Float32Array, key?: string): Promise<VadResult> {
    const reply = await this.pool.request({ type: 'vad', samples, state }, { key });
    if (reply.type !== 'vad') throw new DiktatsError('ASR_ERR_INFERENCE', `unexpected reply ${reply.type}`);
    return reply;
  }

  /** Stops worker `index` as a crash would (fault tests). */
  terminateWorker(index: number): Promise<number> {
    return this.pool.terminateWorker(index);
  }

  close(limitMs?: number): Promise<void> {
    return this.pool.close(limitMs);
  }
}
