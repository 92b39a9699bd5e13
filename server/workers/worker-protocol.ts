/**
 * The envelope between a SupervisedPool and its worker threads (discriminated
 * on `type`). Each worker kind puts its own request and reply unions in `body`.
 */

/** workerData of every supervised worker: the module to load and its init data. */
export interface WorkerBoot<Init> {
  /** file URL of the worker module (it calls serveWorker) */
  readonly module: string;
  readonly init: Init;
}

export type ToWorker<Req> =
  | { readonly type: 'job'; readonly id: number; readonly body: Req }
  /** finish the jobs in hand, then end the thread (never tear it down under a native call) */
  | { readonly type: 'stop' };

export type FromWorker<Res> =
  | { readonly type: 'ready' }
  | { readonly type: 'init-error'; readonly message: string }
  | { readonly type: 'done'; readonly id: number; readonly body: Res }
  /** `code`: the job's own coded error (DiktatsError), passed on as is */
  | { readonly type: 'failed'; readonly id: number; readonly message: string; readonly code?: string };
