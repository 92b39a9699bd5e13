/**
 * Inference worker: one ONNX session for the acoustic model (and one for the
 * VAD) per thread. Stateless per request: stream state (the VAD's, a streaming model's
 * tensors) travels with the message,
 * so any worker can serve any stream (and a job of a dead worker can run again
 * on the next one). Served by the SupervisedPool (../workers/).
 */
import { performance } from 'node:perf_hooks';
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { buildInputs } from './model-input.ts';
import { openSession, type OnnxSession } from './onnx-session.ts';
import { statefulInfer } from './stateful-run.ts';
import { serveWorker } from '../workers/worker-host.ts';
import { VAD_FRAME_SAMPLES, VAD_STATE_SIZE, type WorkerInit, type WorkerReply, type WorkerRequest } from './worker-messages.ts';

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

serveWorker<WorkerInit, WorkerRequest, WorkerReply>(async (init) => {
  const model = await openSession(init.spec.modelPath, init.threads);
  const vad = init.vadModelPath ? await openSession(init.vadModelPath, 1) : null;
  const stateful = init.spec.streaming ? statefulInfer(model, init.spec) : null;
  return async (req) => {
    const t0 = performance.now();
    if (req.type === 'infer-state') {
      if (!stateful) throw new Error('this model has no streaming state');
      const r = await stateful(req.samples, req.state);
      return {
        body: { type: 'logits-state', data: r.data, frames: r.frames, vocab: r.vocab, state: r.state, ms: performance.now() - t0 },
        transfer: [r.data.buffer as ArrayBuffer, ...r.state.map((x) => x.buffer as ArrayBuffer)],
      };
    }
    if (req.type === 'infer') {
      const out = await model.run(buildInputs(init.spec, req.samples), [init.spec.outputName]);
      const logits = out[init.spec.outputName]!;
      const data = Float32Array.from(logits.data);
      return { body: { type: 'logits', data, frames: logits.dims[1] ?? 0, vocab: logits.dims[2] ?? 0, ms: performance.now() - t0 }, transfer: [data.buffer] };
    }
    if (!vad) throw new Error('this worker has no VAD model');
    const r = await runVad(vad, req.samples, req.state);
    return { body: { type: 'vad', probs: r.probs, state: r.state, ms: performance.now() - t0 }, transfer: [r.probs.buffer as ArrayBuffer, r.state.buffer as ArrayBuffer] };
  };
});
