/**
 * The final model's worker pool: worker threads (or processes) each holding one UtteranceDecoder
 * of the detected family, on the supervised worker client (workers/supervised-pool.ts)
 * like every worker kind: a dead worker is respawned with backoff, its in-flight
 * decode fails at once with WORKER_ERR_EXITED (the stream keeps its first-pass
 * words, flagged final-pass-failed), a full queue answers ASR_ERR_BACKLOG, and
 * waiting decodes are served round-robin across streams. The pool is itself an
 * UtteranceDecoder, so callers never see the threads.
 */
import { DiktatsError, isDiktatsError } from '../errors.ts';
import './families/index.ts';
import { detectFamily, type BiasTerms, type FamilyMatch, type UtteranceDecoder, type UtteranceResult } from './final-pass.ts';
import type { FinalWorkerInit, FinalWorkerReply, FinalWorkerRequest } from './final-worker-messages.ts';
import { SupervisedPool, type BackoffOptions, type PoolEvent, type PoolStats } from '../workers/supervised-pool.ts';
import type { Isolation } from '../workers/worker-handle.ts';

export interface FinalPoolOptions {
  readonly workers: number;
  readonly threadsPerWorker: number;
  readonly maxQueued: number;
  /** longest decode of one utterance; past it the worker is restarted */
  readonly timeoutMs: number;
  readonly restart?: BackoffOptions;
  /** workers as threads (default) or child processes, which can be killed at once (../workers/README.md) */
  readonly isolation?: Isolation;
  readonly onEvent?: (event: PoolEvent) => void;
}

export const DEFAULT_FINAL_POOL: FinalPoolOptions = { workers: 1, threadsPerWorker: 1, maxQueued: 64, timeoutMs: 60_000 };

const MODULE = new URL('./final-worker.ts', import.meta.url);

export class FinalPassPool implements UtteranceDecoder {
  private closed = false;
  /** one key per distinct term list, so a worker rebuilds its bias only when the list changes */
  private bias: { terms: readonly string[]; key: number } | null = null;

  private constructor(
    readonly dir: string,
    readonly match: FamilyMatch,
    private readonly pool: SupervisedPool<FinalWorkerInit, FinalWorkerRequest, FinalWorkerReply>,
  ) {}

  get family(): string {
    return this.match.family;
  }

  /** decodes waiting or running */
  get queued(): number {
    const s = this.pool.stats;
    return s.queued + s.inFlight;
  }

  get stats(): PoolStats {
    return this.pool.stats;
  }

  /** Detects the folder's family (throws naming a missing or mismatched file) and starts the workers. */
  static async start(dir: string, options: Partial<FinalPoolOptions> = {}): Promise<FinalPassPool> {
    const o = { ...DEFAULT_FINAL_POOL, ...options };
    const match = await detectFamily(dir);
    try {
      const pool = await SupervisedPool.start<FinalWorkerInit, FinalWorkerRequest, FinalWorkerReply>({
        name: 'final-pass',
        module: MODULE,
        init: { dir, match, threads: o.threadsPerWorker },
        size: Math.max(1, o.workers),
        maxQueued: o.maxQueued,
        timeoutMs: o.timeoutMs,
        isolation: o.isolation ?? 'thread',
        ...(o.restart ? { restart: o.restart } : {}),
        ...(o.onEvent ? { onEvent: o.onEvent } : {}),
      });
      return new FinalPassPool(dir, match, pool);
    } catch (e) {
      throw new DiktatsError('ASR_ERR_MODEL_INVALID', `final model ${dir}: ${(e as Error).message}`, { cause: e });
    }
  }

  /** Decodes one utterance in a worker. The samples are copied (the caller keeps its buffer). */
  async decode(samples: Float32Array, bias?: BiasTerms): Promise<UtteranceResult> {
    if (this.closed) throw new DiktatsError('ASR_ERR_NOT_READY', 'the final-pass model is not loaded');
    let biasMsg: FinalWorkerRequest['bias'];
    if (bias && bias.terms.length > 0) {
      if (!this.bias || this.bias.terms !== bias.terms) this.bias = { terms: bias.terms, key: (this.bias?.key ?? 0) + 1 };
      biasMsg = { key: this.bias.key, terms: bias.terms };
    }
    const copy = samples.slice();
    try {
      const reply = await this.pool.request({ samples: copy, ...(biasMsg ? { bias: biasMsg } : {}) }, { transfer: [copy.buffer as ArrayBuffer] });
      return reply.result;
    } catch (e) {
      if (!isDiktatsError(e)) throw e;
      if (e.code === 'WORKER_ERR_BUSY') throw new DiktatsError('ASR_ERR_BACKLOG', `final pass: ${e.message}`);
      if (e.code === 'WORKER_ERR_FAILED') throw new DiktatsError('ASR_ERR_INFERENCE', `final pass: ${e.message}`);
      throw e; // WORKER_ERR_EXITED, _TIMEOUT, _UNAVAILABLE, _CLOSED: coded as they are
    }
  }

  /** Stops worker `index` as a crash would (fault tests). */
  terminateWorker(index: number): Promise<number> {
    return this.pool.terminateWorker(index);
  }

  async dispose(limitMs?: number): Promise<void> {
    this.closed = true;
    await this.pool.close(limitMs);
  }
}
