/**
 * Final-pass worker: one UtteranceDecoder (any registered family) per thread,
 * served by the supervised worker host (workers/worker-host.ts), one job at a time.
 * The bias terms come with every request under a key; a decoder sees a new term
 * list only when the key changes.
 */
import { performance } from 'node:perf_hooks';
import './families/index.ts';
import { createFinalDecoder } from './final-pass.ts';
import type { FinalWorkerInit, FinalWorkerReply, FinalWorkerRequest } from './final-worker-messages.ts';
import { serveWorker } from '../workers/worker-host.ts';

serveWorker<FinalWorkerInit, FinalWorkerRequest, FinalWorkerReply>(async (init) => {
  const decoder = await createFinalDecoder(init.dir, init.match, { threads: init.threads });
  return async (req) => {
    const t0 = performance.now();
    const terms = req.bias?.terms;
    const result = await decoder.decode(req.samples, terms && terms.length > 0 ? { terms } : undefined);
    const logProbs = (result as { logProbs?: { data: Float32Array } }).logProbs;
    return { body: { type: 'decoded', result, ms: performance.now() - t0 }, transfer: logProbs ? [logProbs.data.buffer as ArrayBuffer] : [] };
  };
});
