/**
 * Worker side of a SupervisedPool: opens the worker's resources once, answers
 * `ready` (or `init-error`), then handles jobs one at a time in arrival order
 * and answers each with `done` or `failed` under the job's id.
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

export function workerInit<Init>(): Init {
  return (workerData as WorkerBoot<Init>).init;
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
  const port = parentPort;
  if (!port) throw new Error('serveWorker must run in a worker thread');
  const post = (msg: FromWorker<Res>, transfer: readonly ArrayBuffer[] = []): void => port.postMessage(msg, transfer as ArrayBuffer[]);
  const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
  void (async () => {
    let handle: JobHandler<Req, Res>;
    try {
      handle = await setup(workerInit<Init>());
    } catch (err) {
      post({ type: 'init-error', message: message(err) });
      return;
    }
    // One job at a time: onnxruntime and the beam search run synchronously here
    // anyway, and ordering keeps a stream's replies in sequence.
    const run = async (msg: ToWorker<Req>): Promise<void> => {
      try {
        const out = await handle(msg.body);
        post({ type: 'done', id: msg.id, body: out.body }, out.transfer ?? []);
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        post({ type: 'failed', id: msg.id, message: message(err), ...(typeof code === 'string' ? { code } : {}) });
      }
    };
    let chain = Promise.resolve();
    port.on('message', (msg: ToWorker<Req>) => {
      if (msg?.type !== 'job') return;
      if (options.concurrent) void run(msg);
      else chain = chain.then(() => run(msg));
    });
    post({ type: 'ready' });
  })();
}
