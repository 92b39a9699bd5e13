/**
 * Inference worker: one ONNX session for the acoustic model (and one for the
 * VAD) per thread. Stateless per request: stream state travels with the message,
 * so any worker can serve any stream.
 */
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { buildInputs } from './model-input.ts';
import { openSession, type OnnxSession } from './onnx-session.ts';
import { VAD_FRAME_SAMPLES, VAD_STATE_SIZE, type WorkerInit, type WorkerReply, type WorkerRequest } from './worker-messages.ts';

const port = parentPort;
if (!port) throw new Error('inference-worker must run in a worker thread');
const init = workerData as WorkerInit;

const post = (msg: WorkerReply, transfer: ArrayBuffer[] = []): void => port.postMessage(msg, transfer);

async function runVad(vad: OnnxSession, samples: Float32Array, state: Float32Array): Promise<{ probs: Float32Array; state: Float32Array }> {
  const frames = Math.floor(samples.length / VAD_FRAME_SAMPLES);
  const probs = new Float32Array(frames);
  const half = VAD_STATE_SIZE / 2;
  let h = state.slice(0, half);
  let c = state.slice(half);
  const sr = BigInt64Array.of(BigInt(SAMPLE_RATE));
  for (let f = 0; f < frames; f++) {
    const frame = samples.subarray(f * VAD_FRAME_SAMPLES, (f + 1) * VAD_FRAME_SAMPLES);
    const out = await vad.run(
      {
        input: { type: 'float32', data: frame, dims: [1, VAD_FRAME_SAMPLES] },
        sr: { type: 'int64', data: sr, dims: [1] },
        h: { type: 'float32', data: h, dims: [2, 1, 64] },
        c: { type: 'float32', data: c, dims: [2, 1, 64] },
      },
      ['output', 'hn', 'cn'],
    );
    probs[f] = out.output!.data[0]!;
    h = Float32Array.from(out.hn!.data);
    c = Float32Array.from(out.cn!.data);
  }
  const next = new Float32Array(VAD_STATE_SIZE);
  next.set(h, 0);
  next.set(c, half);
  return { probs, state: next };
}

async function main(): Promise<void> {
  let model: OnnxSession;
  let vad: OnnxSession | null = null;
  try {
    model = await openSession(init.spec.modelPath, init.threads);
    if (init.vadModelPath) vad = await openSession(init.vadModelPath, 1);
  } catch (err) {
    post({ type: 'init-error', message: err instanceof Error ? err.message : String(err) });
    return;
  }
  port!.on('message', (req: WorkerRequest) => {
    void handle(req);
  });
  // Requests are handled one at a time: onnxruntime runs synchronously on this
  // thread anyway, and ordering keeps per-stream replies in sequence.
  let chain = Promise.resolve();
  async function handle(req: WorkerRequest): Promise<void> {
    chain = chain.then(async () => {
      const t0 = performance.now();
      try {
        if (req.type === 'infer') {
          const out = await model.run(buildInputs(init.spec, req.samples), [init.spec.outputName]);
          const logits = out[init.spec.outputName]!;
          const dims = logits.dims;
          const frames = dims[1] ?? 0;
          const vocab = dims[2] ?? 0;
          const data = Float32Array.from(logits.data);
          post({ type: 'logits', id: req.id, data, frames, vocab, ms: performance.now() - t0 }, [data.buffer]);
        } else if (req.type === 'vad') {
          if (!vad) throw new Error('this worker has no VAD model');
          const r = await runVad(vad, req.samples, req.state);
          post({ type: 'vad', id: req.id, probs: r.probs, state: r.state, ms: performance.now() - t0 }, [r.probs.buffer as ArrayBuffer, r.state.buffer as ArrayBuffer]);
        }
      } catch (err) {
        post({ type: 'error', id: req.id, message: err instanceof Error ? err.message : String(err) });
      }
    });
    await chain;
  }
  post({ type: 'ready' });
}

void main();
