/**
 * The one request/reply client for every worker kind (inference, beam search,
 * n-gram builds, WAV decoding, pilot reports), each worker a thread or, with
 * `isolation: 'process'`, a child process (worker-handle.ts). It supervises:
 *
 * - jobs carry ids; each gets a coded error, never silence: WORKER_ERR_BUSY when
 *   the queue is full, WORKER_ERR_UNAVAILABLE when no worker took it in time,
 *   WORKER_ERR_TIMEOUT when a worker ran past `timeoutMs` (that worker is restarted),
 *   WORKER_ERR_EXITED when its worker died, WORKER_ERR_FAILED when the job threw;
 * - a dead worker is respawned with exponential backoff; its in-flight jobs fail
 *   at once (or, for idempotent kinds with `retries`, run again on the next worker);
 * - waiting jobs are served round-robin across keys (FairQueue), one job per
 *   worker at a time (unless `concurrency` says more), so one stream cannot starve another;
 * - close() never hangs: threads that do not stop within the limit are left behind;
 *   processes are killed.
 */
import type { ResourceLimits } from 'node:worker_threads';
import { DiktatsError, ERRORS, type ErrorCode } from '../errors.ts';
import { FairQueue } from './fair-queue.ts';
import { spawnWorker, type Isolation, type WorkerHandle } from './worker-handle.ts';
import type { FromWorker, ToWorker, WorkerBoot } from './worker-protocol.ts';

/** how long a retired worker thread may take to finish its jobs in hand before it is terminated */
const RETIRE_GRACE_MS = 60_000;

/** Asks a worker to end after its jobs in hand; terminates it if it has not after `graceMs`. Resolves when it ended or was terminated. */
function stopGently(worker: WorkerHandle, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      void worker.terminate().then(() => resolve());
    }, graceMs);
    timer.unref();
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      worker.postMessage({ type: 'stop' } satisfies ToWorker<never>);
    } catch {
      clearTimeout(timer);
      void worker.terminate().then(() => resolve());
    }
  });
}

export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 30_000 };

export type PoolEvent =
  | { readonly type: 'ready'; readonly slot: number; readonly restart: boolean }
  | { readonly type: 'exit'; readonly slot: number; readonly reason: string; readonly failedJobs: number; readonly retriedJobs: number }
  | { readonly type: 'respawn-scheduled'; readonly slot: number; readonly delayMs: number; readonly failures: number };

export interface PoolOptions<Init> {
  /** worker kind, in errors and logs */
  readonly name: string;
  /** the worker module (it calls serveWorker) */
  readonly module: URL;
  readonly init: Init;
  readonly size: number;
  /** jobs waiting for a worker, all keys together; more are refused with WORKER_ERR_BUSY */
  readonly maxQueued: number;
  /** longest run of one job on a worker; past it the job fails and the worker is restarted */
  readonly timeoutMs: number;
  /** longest wait for a worker (default timeoutMs) */
  readonly queueTimeoutMs?: number;
  /**
   * For idempotent jobs: how many times a job whose worker died runs again on the
   * next worker. Such jobs are copied, never transferred, so a retry still has its data.
   */
  readonly retries?: number;
  /**
   * Jobs one worker holds at once (default 1, which keeps the queue fair). More
   * only for a worker that overlaps its jobs (serveWorker's `concurrent`).
   */
  readonly concurrency?: number;
  /** respawn dead workers (default DEFAULT_BACKOFF); false for one-shot pools */
  readonly restart?: BackoffOptions | false;
  /**
   * 'thread' (default) or 'process': a worker process can be killed at once, even inside a
   * native call, where a thread can only be retired (see retire()); it costs a process per
   * worker and a copy of each message's buffers (no transfer between processes).
   */
  readonly isolation?: Isolation;
  /** threads only: a worker process has its own heap and Node's default limits */
  readonly resourceLimits?: ResourceLimits;
  readonly onEvent?: (event: PoolEvent) => void;
}

export interface JobOptions {
  /** fairness key: jobs of one key are served in order, keys round-robin */
  readonly key?: string;
  readonly transfer?: readonly ArrayBuffer[];
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface PoolStats {
  readonly name: string;
  readonly size: number;
  readonly live: number;
  readonly queued: number;
  readonly inFlight: number;
  readonly restarts: number;
  readonly lastExit: string | null;
  /** per slot, the process id of its live or starting worker process; null for a thread or an empty slot */
  readonly pids: readonly (number | null)[];
}

interface Job<Req, Res> {
  readonly id: number;
  readonly key: string;
  readonly body: Req;
  readonly transfer: readonly ArrayBuffer[];
  readonly timeoutMs: number;
  attemptsLeft: number;
  timer: NodeJS.Timeout | null;
  slot: Slot<Req, Res> | null;
  settled: boolean;
  readonly resolve: (res: Res) => void;
  readonly reject: (err: Error) => void;
}

interface Slot<Req, Res> {
  readonly index: number;
  worker: WorkerHandle | null;
  state: 'starting' | 'live' | 'stopping' | 'down';
  generation: number;
  /** consecutive deaths without a job done in between (the backoff exponent) */
  failures: number;
  readonly inFlight: Map<number, Job<Req, Res>>;
  respawnTimer: NodeJS.Timeout | null;
  started: boolean;
}

export class SupervisedPool<Init, Req, Res> {
  private readonly slots: Slot<Req, Res>[] = [];
  private readonly queue: FairQueue<Job<Req, Res>>;
  private nextId = 1;
  private closed = false;
  private restarts = 0;
  private lastExit: string | null = null;
  private readonly firstReady: Promise<void>;

  constructor(private readonly options: PoolOptions<Init>) {
    this.queue = new FairQueue(options.maxQueued);
    const waits: Promise<void>[] = [];
    for (let i = 0; i < Math.max(1, options.size); i++) {
      const slot: Slot<Req, Res> = { index: i, worker: null, state: 'down', generation: 0, failures: 0, inFlight: new Map(), respawnTimer: null, started: false };
      this.slots.push(slot);
      waits.push(this.spawn(slot));
    }
    this.firstReady = Promise.all(waits).then(() => undefined);
    this.firstReady.catch(() => undefined);
  }

  /** Starts the pool and waits until every worker has loaded; an init error closes it and rejects. */
  static async start<Init, Req, Res>(options: PoolOptions<Init>): Promise<SupervisedPool<Init, Req, Res>> {
    const pool = new SupervisedPool<Init, Req, Res>(options);
    try {
      await pool.firstReady;
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** One job on a fresh one-shot worker (e.g. an n-gram build): spawn, run, stop. */
  static async runOnce<Init, Req, Res>(module: URL, name: string, init: Init, body: Req, job: JobOptions & { timeoutMs: number }): Promise<Res> {
    const pool = new SupervisedPool<Init, Req, Res>({ name, module, init, size: 1, maxQueued: 1, timeoutMs: job.timeoutMs, restart: false });
    try {
      return await pool.request(body, job);
    } finally {
      await pool.close(1000);
    }
  }

  /** resolves once every first worker answered ready (rejects on an init error) */
  ready(): Promise<void> {
    return this.firstReady;
  }

  get stats(): PoolStats {
    let inFlight = 0;
    for (const s of this.slots) inFlight += s.inFlight.size;
    return {
      name: this.options.name,
      size: this.slots.length,
      live: this.slots.filter((s) => s.state === 'live').length,
      queued: this.queue.size,
      inFlight,
      restarts: this.restarts,
      lastExit: this.lastExit,
      pids: this.slots.map((s) => s.worker?.pid ?? null),
    };
  }

  request(body: Req, job: JobOptions = {}): Promise<Res> {
    if (this.closed) return Promise.reject(this.error('WORKER_ERR_CLOSED', 'shutting down'));
    if (this.options.restart === false && this.slots.every((s) => s.state === 'down' && s.started)) {
      return Promise.reject(this.error('WORKER_ERR_EXITED', 'the worker has stopped'));
    }
    return new Promise<Res>((resolve, reject) => {
      const retries = this.options.retries ?? 0;
      const j: Job<Req, Res> = {
        id: this.nextId++,
        key: job.key ?? '',
        body,
        transfer: retries > 0 ? [] : (job.transfer ?? []),
        timeoutMs: job.timeoutMs ?? this.options.timeoutMs,
        attemptsLeft: retries,
        timer: null,
        slot: null,
        settled: false,
        resolve,
        reject,
      };
      if (!this.queue.push(j.key, j)) {
        reject(this.error('WORKER_ERR_BUSY', `${this.queue.size} jobs waiting`));
        return;
      }
      const signal = job.signal;
      if (signal) {
        const onAbort = (): void => this.abandon(j, signal.reason instanceof Error ? signal.reason : this.error('WORKER_ERR_CLOSED', 'aborted'));
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
      }
      j.timer = setTimeout(() => this.abandon(j, this.error('WORKER_ERR_UNAVAILABLE', `no worker free within ${this.options.queueTimeoutMs ?? j.timeoutMs} ms`)), this.options.queueTimeoutMs ?? j.timeoutMs);
      this.pump();
    });
  }

  /**
   * Stops worker `index` as a crash would, as far as its jobs and the pool can tell (fault
   * injection and tests): its jobs fail at once (or are retried), a new worker is spawned with
   * backoff. An old thread is retired, not torn down under a native call; an old process is
   * killed (see retire()).
   */
  async terminateWorker(index: number): Promise<number> {
    const slot = this.slots[index];
    if (!slot?.worker) return 0;
    this.retire(slot, 'terminated');
    return 1;
  }

  /**
   * Takes a slot's worker out of service now: the slot goes down (in-flight jobs fail or are
   * retried, a respawn is scheduled). A process is SIGKILLed at once. A thread is asked to
   * finish what it holds and end itself: terminating a thread while onnxruntime runs a session
   * natively aborts the whole process (a Napi::Error thrown into a torn-down environment), so
   * it is terminated only if it has not ended after RETIRE_GRACE_MS (a native call truly stuck).
   */
  private retire(slot: Slot<Req, Res>, reason: string): void {
    const worker = slot.worker;
    if (!worker) return;
    if (worker.isolation === 'process') void worker.terminate();
    else void stopGently(worker, RETIRE_GRACE_MS);
    this.onDown(slot, reason);
  }

  /** Rejects everything still waiting, then stops the workers; never waits past `limitMs`. */
  async close(limitMs = 5000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const j of this.queue.drain()) this.settle(j, this.error('WORKER_ERR_CLOSED', 'shutting down'));
    const stops: Promise<unknown>[] = [];
    for (const s of this.slots) {
      if (s.respawnTimer) clearTimeout(s.respawnTimer);
      for (const j of s.inFlight.values()) this.settle(j, this.error('WORKER_ERR_CLOSED', 'shutting down'));
      s.inFlight.clear();
      const worker = s.worker;
      // A process is killed: its jobs were just rejected, so it has nothing left to finish, and
      // a SIGKILL cannot hurt the server (nor leave a process behind if our caller exits next).
      if (worker?.isolation === 'process') stops.push(worker.terminate());
      // A thread is asked to end after its jobs in hand (torn down under a native call it aborts the process).
      else if (worker) stops.push(stopGently(worker, limitMs));
      s.worker = null;
      s.state = 'down';
    }
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise((resolve) => {
      timer = setTimeout(resolve, limitMs);
      timer.unref();
    });
    await Promise.race([Promise.all(stops), limit]);
    clearTimeout(timer);
  }

  private spawn(slot: Slot<Req, Res>): Promise<void> {
    const generation = ++slot.generation;
    const restart = slot.started;
    slot.started = true;
    slot.state = 'starting';
    slot.respawnTimer = null;
    const boot: WorkerBoot<Init> = { module: this.options.module.href, init: this.options.init };
    const worker = spawnWorker(boot, { isolation: this.options.isolation ?? 'thread', ...(this.options.resourceLimits ? { resourceLimits: this.options.resourceLimits } : {}) });
    slot.worker = worker;
    return new Promise((resolve, reject) => {
      let initDone = false;
      const current = (): boolean => slot.generation === generation && !this.closed;
      worker.on('message', (raw) => {
        if (!current()) return;
        const msg = raw as FromWorker<Res>;
        if (msg.type === 'ready') {
          initDone = true;
          slot.state = 'live';
          this.options.onEvent?.({ type: 'ready', slot: slot.index, restart });
          resolve();
          this.pump();
        } else if (msg.type === 'init-error') {
          const err = this.error('WORKER_ERR_INIT', msg.message);
          if (!initDone) reject(err);
          initDone = true;
          void worker.terminate();
        } else {
          this.onReply(slot, msg);
        }
      });
      const down = (reason: string): void => {
        if (!initDone) reject(this.error('WORKER_ERR_INIT', reason));
        initDone = true;
        if (current()) this.onDown(slot, reason);
      };
      worker.on('error', (err) => down(err.message));
      worker.on('exit', (code, signal) => down(signal ? `killed by ${signal}` : `exited with code ${code}`));
    });
  }

  private onReply(slot: Slot<Req, Res>, msg: Extract<FromWorker<Res>, { id: number }>): void {
    const j = slot.inFlight.get(msg.id);
    if (!j) return;
    slot.inFlight.delete(msg.id);
    slot.failures = 0;
    if (msg.type === 'done') this.settle(j, null, msg.body);
    else this.settle(j, msg.code !== undefined && msg.code in ERRORS ? codedError(msg.code as ErrorCode, msg.message) : this.error('WORKER_ERR_FAILED', msg.message));
    this.pump();
  }

  private onDown(slot: Slot<Req, Res>, reason: string): void {
    slot.state = 'down';
    slot.worker = null;
    slot.generation++;
    this.lastExit = `${new Date().toISOString()} ${reason}`;
    let failed = 0;
    let retried = 0;
    for (const j of slot.inFlight.values()) {
      if (j.settled) continue;
      if (j.attemptsLeft > 0) {
        j.attemptsLeft--;
        j.slot = null;
        this.clearTimer(j);
        j.timer = setTimeout(() => this.abandon(j, this.error('WORKER_ERR_UNAVAILABLE', 'no worker took the retried job')), j.timeoutMs);
        this.queue.pushFront(j.key, j);
        retried++;
      } else {
        this.settle(j, this.error('WORKER_ERR_EXITED', reason));
        failed++;
      }
    }
    slot.inFlight.clear();
    this.options.onEvent?.({ type: 'exit', slot: slot.index, reason, failedJobs: failed, retriedJobs: retried });
    const backoff = this.options.restart === false ? null : (this.options.restart ?? DEFAULT_BACKOFF);
    if (!backoff) {
      if (this.slots.every((s) => s.state === 'down')) for (const j of this.queue.drain()) this.settle(j, this.error('WORKER_ERR_EXITED', reason));
      return;
    }
    const delayMs = Math.min(backoff.maxMs, backoff.initialMs * 2 ** slot.failures);
    slot.failures++;
    this.restarts++;
    this.options.onEvent?.({ type: 'respawn-scheduled', slot: slot.index, delayMs, failures: slot.failures });
    slot.respawnTimer = setTimeout(() => {
      if (!this.closed) this.spawn(slot).catch(() => undefined); // a failed init comes back through onDown
    }, delayMs);
    slot.respawnTimer.unref();
    this.pump();
  }

  /** Hands waiting jobs to free live workers, the least loaded first. */
  private pump(): void {
    while (this.queue.size > 0) {
      const limit = this.options.concurrency ?? 1;
      let slot: Slot<Req, Res> | null = null;
      for (const s of this.slots) if (s.state === 'live' && s.inFlight.size < limit && (!slot || s.inFlight.size < slot.inFlight.size)) slot = s;
      if (!slot) return;
      const j = this.queue.shift()!;
      if (j.settled) continue;
      this.clearTimer(j);
      j.slot = slot;
      slot.inFlight.set(j.id, j);
      j.timer = setTimeout(() => this.onTimeout(slot, j), j.timeoutMs);
      const msg: ToWorker<Req> = { type: 'job', id: j.id, body: j.body };
      try {
        slot.worker!.postMessage(msg, j.transfer);
      } catch (err) {
        slot.inFlight.delete(j.id);
        this.settle(j, this.error('WORKER_ERR_FAILED', `the job could not be sent: ${(err as Error).message}`));
      }
    }
  }

  private onTimeout(slot: Slot<Req, Res>, j: Job<Req, Res>): void {
    if (j.settled || j.slot !== slot) return;
    slot.inFlight.delete(j.id);
    this.settle(j, this.error('WORKER_ERR_TIMEOUT', `no reply within ${j.timeoutMs} ms; the worker is restarted`));
    // A worker past its limit is stuck or far behind: replace it (the rest of its jobs are re-queued or fail).
    this.retire(slot, `no reply within ${j.timeoutMs} ms`);
  }

  private abandon(j: Job<Req, Res>, err: Error): void {
    if (j.settled) return;
    if (j.slot) j.slot.inFlight.delete(j.id);
    else this.queue.remove(j.key, j);
    this.settle(j, err);
  }

  private settle(j: Job<Req, Res>, err: Error | null, body?: Res): void {
    if (j.settled) return;
    j.settled = true;
    this.clearTimer(j);
    if (err) j.reject(err);
    else j.resolve(body as Res);
  }

  private clearTimer(j: Job<Req, Res>): void {
    if (j.timer) clearTimeout(j.timer);
    j.timer = null;
  }

  private error(code: 'WORKER_ERR_BUSY' | 'WORKER_ERR_UNAVAILABLE' | 'WORKER_ERR_TIMEOUT' | 'WORKER_ERR_EXITED' | 'WORKER_ERR_FAILED' | 'WORKER_ERR_INIT' | 'WORKER_ERR_CLOSED', detail: string): DiktatsError {
    return new DiktatsError(code, `${this.options.name} worker: ${detail}`);
  }
}

/** A coded error a job threw inside its worker, rebuilt here with its own code and message. */
function codedError(code: ErrorCode, message: string): DiktatsError {
  const err = new DiktatsError(code);
  err.message = message;
  return err;
}
