/**
 * The only onnxruntime-node import. Runs inside a worker thread: `run()` blocks
 * the thread it is called on, which is why nothing here is called from the main one.
 */
import * as ort from 'onnxruntime-node';

export interface TensorIn {
  /** 'bool' takes a Uint8Array of 0/1 (e.g. a merged decoder's use_cache_branch) */
  readonly type: 'float32' | 'int64' | 'int32' | 'bool';
  readonly data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
  readonly dims: readonly number[];
}

export interface TensorOut {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

export interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(inputs: Record<string, TensorIn>, outputs: readonly string[]): Promise<Record<string, TensorOut>>;
  release(): Promise<void>;
}

export async function openSession(modelPath: string, threads = 1): Promise<OnnxSession> {
  const session = await ort.InferenceSession.create(modelPath, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
    executionMode: 'sequential',
  });
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(inputs, outputs) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(inputs)) feeds[name] = new ort.Tensor(t.type, t.data, t.dims as number[]);
      const result = await session.run(feeds, outputs as string[]);
      const out: Record<string, TensorOut> = {};
      for (const name of outputs) {
        const t = result[name];
        if (!t) throw new Error(`model produced no output named ${name}`);
        out[name] = { data: t.data as Float32Array, dims: t.dims };
      }
      return out;
    },
    release: () => session.release(),
  };
}
