/**
 * Worker side of a SupervisedPool: opens the worker's resources once, answers
 * `ready` (or `init-error`), then handles jobs one at a time in arrival order
 * and answers each with `done` or `failed` under the job's id. The same module
 * serves a worker thread (parentPort, workerData) and a worker process (IPC,
 * the boot handed over by process-entry.mjs).
 *
 *   serveWorker(async (init) => {
 *     const session = await open(init.path);
 *     return async (req) => ({ body: await session.run(req), transfer: [] });
 *   });
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerBoot } from './worker-protocol.ts';

export interface HandlerResult<Res> {
  readonly body: Res;
  /** buffers moved, not copied, to the main thread */
  readonly transfer?: readonly ArrayBuffer[];
}

export type JobHandler<Req, Res> = (req: Req) => Promise<HandlerResult<Res>> | HandlerResult<Res>;

/** The way to the pool: a thread's parentPort, or a child process's IPC channel. */
interface HostChannel {
  readonly boot: WorkerBoot<unknown>;
  post(msg: FromWorker<unknown>, transfer: readonly ArrayBuffer[]): void;
  onMessage(listener: (msg: unknown) => void): void;
}

let processBoot: WorkerBoot<unknown> | null = null;

/** process-entry.mjs: the boot that came as the first IPC message, before the worker module loads. */
export function bootProcessWorker(boot: WorkerBoot<unknown>): void {
  processBoot = boot;
}

function hostChannel(): HostChannel {
  const port = parentPort;
  if (port) {
    return {
      boot: workerData as WorkerBoot<unknown>,
      post: (msg, transfer) => port.postMessage(msg, transfer as ArrayBuffer[]),
      onMessage: (listener) => port.on('message', listener),
    };
  }
  const send = process.send?.bind(process);
  if (send && processBoot) {
    return {
      boot: processBoot,
      // Over IPC buffers are copied (structured clone), so there is nothing to transfer. A failed
      // send means the parent is gone, and 'disconnect' ends this process.
      post: (msg) => void send(msg, undefined, undefined, () => undefined),
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('serveWorker must run in a worker thread (worker-entry.mjs) or a worker process (process-entry.mjs)');
}

export function workerInit<Init>(): Init {
  return hostChannel().boot.init as Init;
}

export interface ServeOptions {
  /**
   * Start each job as it arrives instead of after the previous one: for a worker
   * whose long jobs wait on something else (the beam worker's LM build awaits its
   * own n-gram worker) while short ones (decodes) should not wait behind them.
   */
  readonly concurrent?: boolean;
}

export function serveWorker<Init, Req, Res>(setup: (init: Init) => Promise<JobHandler<Req, Res>> | JobHandler<Req, Res>, options: ServeOptions = {}): void {
  const channel = hostChannel();
  const post = (msg: FromWorker<Res>, transfer: readonly ArrayBuffer[] = []): void => channel.post(msg, transfer);
  const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
  void (async () => {
    let handle: JobHandler<Req, Res>;
    try {
      handle = await setup(channel.boot.init as Init);
    } catch (err) {
      post({ type: 'init-error', message: message(err) });
      return;
    }
    // One job at a time: onnxruntime and the beam search run synchronously here
    // anyway, and ordering keeps a stream's replies in sequence.
    const run = async (msg: Extract<ToWorker<Req>, { type: 'job' }>): Promise<void> => {
      try {
        const out = await handle(msg.body);
        post({ type: 'done', id: msg.id, body: out.body }, out.transfer ?? []);
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        post({ type: 'failed', id: msg.id, message: message(err), ...(typeof code === 'string' ? { code } : {}) });
      }
    };
    let chain = Promise.resolve();
    const running = new Set<Promise<void>>();
    channel.onMessage((raw) => {
      const msg = raw as ToWorker<Req> | null;
      if (msg?.type === 'stop') {
        // Ending a thread while onnxruntime runs a session natively aborts the whole process
        // (its async completion throws into a torn-down environment): wait for the jobs in hand.
        void Promise.all([chain, ...running]).then(() => process.exit(0));
        return;
      }
      if (msg?.type !== 'job') return;
      if (options.concurrent) {
        const p = run(msg).finally(() => running.delete(p));
        running.add(p);
      } else chain = chain.then(() => run(msg));
    });
    post({ type: 'ready' });
  })();
}
