/**
 * Builds an n-gram LM on a worker thread, so a corpus change rebuilds it without
 * blocking the event loop; the model comes back as one transferred buffer.
 *
 *   const next = await buildNgramLmInWorker(sentences, { order: 3 });
 *   decoder = new CtcBeamDecoder(table, buildBeamResources({ lm: next, … }));  // swap
 *
 * The worker is a one-shot SupervisedPool (../workers/), like every other worker
 * kind: a build that crashes or runs past its limit rejects with a coded error.
 * This module is also the worker itself (serveWorker below).
 */
import { isMainThread, workerData } from 'node:worker_threads';
import { isDiktatsError } from '../../errors.ts';
import { SupervisedPool } from '../../workers/supervised-pool.ts';
import { serveWorker } from '../../workers/worker-host.ts';
import type { WorkerBoot } from '../../workers/worker-protocol.ts';
import { buildNgramLm, type NgramLm, type NgramLmOptions } from './ngram-lm.ts';
import { deserializeNgramLm, serializeNgramLm } from './ngram-serialize.ts';

interface BuildRequest {
  readonly sentences: readonly string[];
  readonly options: NgramLmOptions;
}

interface BuildReply {
  readonly bytes: Uint8Array;
  readonly ms: number;
}

export interface WorkerBuildResult {
  readonly lm: NgramLm;
  /** build time inside the worker */
  readonly ms: number;
}

/** A build longer than this is stopped (the worker is terminated). */
const BUILD_TIMEOUT_MS = 240_000;

export async function buildNgramLmInWorker(sentences: readonly string[], options: NgramLmOptions = {}, signal?: AbortSignal): Promise<WorkerBuildResult> {
  try {
    const reply = await SupervisedPool.runOnce<null, BuildRequest, BuildReply>(new URL(import.meta.url), 'ngram', null, { sentences, options }, { timeoutMs: BUILD_TIMEOUT_MS, signal });
    return { lm: deserializeNgramLm(reply.bytes), ms: reply.ms };
  } catch (err) {
    if (isDiktatsError(err) && err.code === 'WORKER_ERR_FAILED') throw new Error(`LM build failed in the worker: ${err.message}`, { cause: err });
    throw err;
  }
}

if (!isMainThread && (workerData as WorkerBoot<null> | undefined)?.module === import.meta.url) {
  serveWorker<null, BuildRequest, BuildReply>(() => (req) => {
    const t0 = performance.now();
    const bytes = serializeNgramLm(buildNgramLm(req.sentences, req.options));
    return { body: { bytes, ms: performance.now() - t0 }, transfer: [bytes.buffer as ArrayBuffer] };
  });
}
