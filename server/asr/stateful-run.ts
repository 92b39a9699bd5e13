/**
 * One chunk of a stateful (streaming-native) model on an ONNX session: the waveform input plus
 * the carried state tensors in, logits plus the next state out. Used by the inference worker, the
 * CTC final-pass decoder and tests (all run it on the thread that owns the session).
 */
import { buildInputs } from './model-input.ts';
import type { ModelSpec } from './model-spec.ts';
import type { OnnxSession } from './onnx-session.ts';
import type { StatefulInferFn } from './stateful-ctc.ts';

export function statefulInfer(session: OnnxSession, spec: ModelSpec): StatefulInferFn {
  const st = spec.streaming;
  if (!st) throw new Error(`${spec.id} is not a stateful model (model.json has no "streaming")`);
  return async (samples, state) => {
    const inputs = buildInputs(spec, samples);
    st.stateInputs.forEach((name, k) => {
      inputs[name] = { type: 'float32', data: state[k]!, dims: st.stateShapes[k]! };
    });
    const out = await session.run(inputs, [spec.outputName, ...st.stateOutputs]);
    const logits = out[spec.outputName]!;
    return {
      data: Float32Array.from(logits.data),
      frames: logits.dims[1] ?? 0,
      vocab: logits.dims[2] ?? 0,
      state: st.stateOutputs.map((name) => Float32Array.from(out[name]!.data)),
    };
  };
}

/** The decoder settings a stateful model's manifest implies. */
export function statefulOptionsOf(spec: ModelSpec): { frameSamples: number; chunkSamples: number; lookaheadFrames: number; stateShapes: readonly (readonly number[])[] } | null {
  const st = spec.streaming;
  return st
    ? { frameSamples: Math.round((spec.frameShiftMs / 1000) * spec.sampleRate), chunkSamples: st.chunkSamples, lookaheadFrames: st.lookaheadFrames, stateShapes: st.stateShapes }
    : null;
}
