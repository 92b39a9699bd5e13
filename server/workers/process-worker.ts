/**
 * A supervised worker as a child process (`isolation: 'process'`): the WorkerHandle
 * surface over child_process.fork. Messages go over IPC with `serialization:
 * 'advanced'` (structured clone, so Float32Array and Map survive); transfer lists
 * cannot move memory between processes, so buffers are copied.
 *
 * The child (process-entry.mjs) gets its boot (module + init) as the first IPC
 * message (argv would cap the init's size), ends when the IPC channel closes (the
 * parent died: no orphans), and shares the parent's stdout/stderr, so its logs land
 * where the server's do. Worker-thread resourceLimits do not apply: a process has its
 * own V8 heap with Node's default limits; bound it from outside (cgroups) if needed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { WorkerHandle } from './worker-handle.ts';
import type { WorkerBoot } from './worker-protocol.ts';

const PROCESS_ENTRY = fileURLToPath(new URL('./process-entry.mjs', import.meta.url));

/** The parent's node flags, less a debugger's (a second inspector on the same port would fail the child). */
function childExecArgv(): string[] {
  return process.execArgv.filter((a) => !/^--(inspect|debug)/.test(a));
}

const ignore = (): void => undefined;

export class ProcessWorker extends EventEmitter implements WorkerHandle {
  readonly isolation = 'process' as const;
  private readonly child: ChildProcess;
  private exited = false;
  private readonly exit: Promise<void>;

  constructor(boot: WorkerBoot<unknown>) {
    super();
    this.child = fork(PROCESS_ENTRY, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: childExecArgv(),
    });
    this.exit = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.exited = true;
        resolve();
        this.emit('exit', code, signal);
      });
    });
    this.child.on('message', (msg) => this.emit('message', msg));
    // a failed spawn; a failed send is handled by its callback (the exit follows)
    this.child.on('error', (err) => this.emit('error', err));
    this.child.send({ type: 'boot', boot }, ignore);
  }

  get id(): number {
    return this.child.pid ?? 0;
  }

  get pid(): number | null {
    return this.child.pid ?? null;
  }

  postMessage(msg: unknown): void {
    if (!this.child.connected) throw new Error('the worker process has exited');
    // An error here means the child is gone: its 'exit' fails the jobs it held.
    this.child.send(msg as object, ignore);
  }

  /** SIGKILL: safe whatever the child is doing (a native call included). Resolves once it has exited. */
  terminate(): Promise<void> {
    if (!this.exited) this.child.kill('SIGKILL');
    return this.exit;
  }
}
