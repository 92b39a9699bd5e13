/**
 * Final-pass worker: one UtteranceDecoder (any registered family) per thread.
 * Requests are handled one at a time, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import './families/index.ts';
import { createFinalDecoder, type UtteranceDecoder } from './final-pass.ts';
import type { FinalWorkerInit, FinalWorkerReply, FinalWorkerRequest } from './final-worker-messages.ts';

const port = parentPort;
if (!port) throw new Error('final-worker must run in a worker thread');
const init = workerData as FinalWorkerInit;
const post = (msg: FinalWorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

async function main(): Promise<void> {
  let decoder: UtteranceDecoder;
  try {
    decoder = await createFinalDecoder(init.dir, init.match, { threads: init.threads });
  } catch (err) {
    post({ type: 'init-error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  const biasByKey = new Map<number, readonly string[]>();
  let chain = Promise.resolve();
  port!.on('message', (req: FinalWorkerRequest) => {
    chain = chain.then(async () => {
      if (req.type === 'dispose') {
        await decoder.dispose();
        post({ type: 'disposed' });
        return;
      }
      const t0 = performance.now();
      try {
        if (req.bias && req.bias.terms) {
          biasByKey.clear(); // one active term set at a time
          biasByKey.set(req.bias.key, req.bias.terms);
        }
        const terms = req.bias ? biasByKey.get(req.bias.key) : undefined;
        if (req.bias && !terms) throw new Error(`bias set ${req.bias.key} was never sent to this worker`);
        const result = await decoder.decode(req.samples, terms ? { terms } : undefined);
        const logProbs = (result as { logProbs?: { data: Float32Array } }).logProbs;
        post({ type: 'decoded', id: req.id, result, ms: performance.now() - t0 }, logProbs ? [logProbs.data.buffer as ArrayBuffer] : []);
      } catch (err) {
        post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
      }
    });
  });
  post({ type: 'ready' });
}

void main();
