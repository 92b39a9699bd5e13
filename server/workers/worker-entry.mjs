// The one entry of every supervised worker thread. Worker threads do not inherit
// the TypeScript loader, so register tsx here, then load the worker module named
// in workerData (a file URL); that module calls serveWorker().
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
