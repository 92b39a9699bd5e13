/**
 * Builds an n-gram LM on a worker thread, so a corpus change rebuilds it without
 * blocking the event loop; the model comes back as one transferred buffer.
 *
 *   const next = await buildNgramLmInWorker(sentences, { order: 3 });
 *   decoder = new CtcBeamDecoder(table, buildBeamResources({ lm: next, … }));  // swap
 *
 * This module is also the worker's entry: started with `workerData.type ===
 * 'ngram-build'` it builds, posts the bytes and exits.
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildNgramLm, type NgramLm, type NgramLmOptions } from './ngram-lm.ts';
import { deserializeNgramLm, serializeNgramLm } from './ngram-serialize.ts';

interface BuildRequest {
  readonly type: 'ngram-build';
  readonly sentences: readonly string[];
  readonly options: NgramLmOptions;
}

type BuildReply = { readonly type: 'built'; readonly bytes: Uint8Array; readonly ms: number } | { readonly type: 'error'; readonly message: string };

export interface WorkerBuildResult {
  readonly lm: NgramLm;
  /** build time inside the worker */
  readonly ms: number;
}

export function buildNgramLmInWorker(sentences: readonly string[], options: NgramLmOptions = {}, signal?: AbortSignal): Promise<WorkerBuildResult> {
  // Worker threads do not inherit the TypeScript loader: register tsx, then load this module.
  // (tsx's CommonJS api cannot register from an eval worker; its ES module build sits beside it.)
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)})
    .then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })
    .catch((e) => { require('node:worker_threads').parentPort.postMessage({ type: 'error', message: String((e && e.stack) || e) }); });`;
  const request: BuildRequest = { type: 'ngram-build', sentences, options };
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: request });
    let settled = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = (): void => finish(() => reject(signal?.reason ?? new Error('LM build aborted')));
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (reply: BuildReply) => {
      if (reply.type === 'built') finish(() => resolve({ lm: deserializeNgramLm(reply.bytes), ms: reply.ms }));
      else finish(() => reject(new Error(`LM build failed in the worker: ${reply.message}`)));
    });
    worker.on('error', (e) => finish(() => reject(new Error('LM build worker crashed', { cause: e }))));
    worker.on('exit', (code) => finish(() => reject(new Error(`LM build worker exited with code ${code} before replying`))));
  });
}

const request = workerData as BuildRequest | undefined;
if (!isMainThread && parentPort && request?.type === 'ngram-build') {
  const port = parentPort;
  try {
    const t0 = performance.now();
    const bytes = serializeNgramLm(buildNgramLm(request.sentences, request.options));
    const reply: BuildReply = { type: 'built', bytes, ms: performance.now() - t0 };
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (e) {
    const reply: BuildReply = { type: 'error', message: e instanceof Error ? e.message : String(e) };
    port.postMessage(reply);
  }
}
