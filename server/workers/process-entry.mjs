// The one entry of every supervised worker PROCESS (isolation 'process'; threads use
// worker-entry.mjs). Registers tsx, waits for the boot (module + init) as the first
// IPC message, hands it to worker-host.ts, then loads the worker module, which calls
// serveWorker().
import { register } from 'tsx/esm/api';

register();

// The parent died (or let go of us): end, so no orphan outlives it.
process.on('disconnect', () => process.exit(0));
// Ctrl-C and systemd's stop signal reach the whole process group; the parent decides
// when its workers end (a 'stop' message, or SIGKILL), so its graceful shutdown can
// still use them.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => undefined);

let booted = false;
// Stays registered: a listener keeps the IPC channel (and this process) alive.
process.on('message', (msg) => {
  if (booted || msg?.type !== 'boot') return;
  booted = true;
  void (async () => {
    const host = await import('./worker-host.ts');
    host.bootProcessWorker(msg.boot);
    await import(msg.boot.module);
  })();
});
