/**
 * What a SupervisedPool holds of one worker, whether it runs as a thread or as a
 * child process (`isolation`): post a message, listen for 'message' / 'error' /
 * 'exit', terminate.
 *
 * Why two kinds: terminating a worker THREAD while onnxruntime-node runs a session
 * natively aborts the whole Node process (a Napi::Error thrown into a torn-down
 * environment), so a stuck or timed-out thread can only be retired and left to
 * finish. A worker PROCESS can be SIGKILLed at any moment without touching the server.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { ProcessWorker } from './process-worker.ts';
import type { WorkerBoot } from './worker-protocol.ts';

export type Isolation = 'thread' | 'process';
export const ISOLATIONS: readonly Isolation[] = ['thread', 'process'];

export interface WorkerHandle {
  readonly isolation: Isolation;
  /** the thread's threadId, or the child's process id */
  readonly id: number;
  /** the child's process id; null for a thread */
  readonly pid: number | null;
  /** `transfer`: buffers moved to a thread; a process gets copies (structured clone over IPC) */
  postMessage(msg: unknown, transfer?: readonly ArrayBuffer[]): void;
  /**
   * Ends the worker now. A process: SIGKILL, always safe. A thread: Worker.terminate(),
   * which aborts the whole process if onnxruntime is inside a native call — use it for
   * threads only when no such call can be running (see SupervisedPool's retire()).
   */
  terminate(): Promise<void>;
  on(event: 'message', listener: (msg: unknown) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  /** `signal`: set when a process was killed by one (e.g. SIGKILL); a thread's is always null */
  on(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
}

const THREAD_ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export interface SpawnOptions {
  readonly isolation: Isolation;
  /** threads only: a child process has its own V8 heap and no such limits (see ProcessWorker) */
  readonly resourceLimits?: ResourceLimits;
}

export function spawnWorker(boot: WorkerBoot<unknown>, options: SpawnOptions): WorkerHandle {
  return options.isolation === 'process' ? new ProcessWorker(boot) : threadWorker(boot, options.resourceLimits);
}

function threadWorker(boot: WorkerBoot<unknown>, resourceLimits: ResourceLimits | undefined): WorkerHandle {
  const worker = new Worker(THREAD_ENTRY, { workerData: boot, ...(resourceLimits ? { resourceLimits } : {}) });
  const handle: WorkerHandle = {
    isolation: 'thread',
    id: worker.threadId,
    pid: null,
    postMessage: (msg, transfer = []) => worker.postMessage(msg, transfer as ArrayBuffer[]),
    terminate: () => worker.terminate().then(() => undefined, () => undefined),
    on(event: string, listener: (...args: never[]) => void) {
      if (event === 'exit') worker.on('exit', (code: number) => (listener as (c: number, s: null) => void)(code, null));
      else worker.on(event, listener as (...args: unknown[]) => void);
      return handle;
    },
    once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void) {
      worker.once(event, (code: number) => listener(code, null));
      return handle;
    },
  };
  return handle;
}
