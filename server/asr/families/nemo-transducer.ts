/**
 * NeMo transducer (TDT or RNNT) as an UtteranceDecoder: NeMo's log-mel front end
 * (as sherpa-onnx computes it), the encoder once per utterance, then greedy search,
 * or modified beam search with hotwords when bias terms are given. Runs in a worker
 * thread (onnxruntime's run() blocks the thread it is called on).
 */
import { computeFbank, normalizePerFeature, SHERPA_NEMO_TRANSDUCER_FBANK, transposeToBinsFirst } from '../../audio/fbank.ts';
import { openSession, type OnnxSession } from '../onnx-session.ts';
import type { BiasTerms, UtteranceDecoder, UtteranceResult } from '../final-pass.ts';
import { buildContextGraph, type ContextGraph } from './context-graph.ts';
import { beamSearch, greedySearch, type DecoderState, type TransducerNet } from './transducer-search.ts';
import { TRANSDUCER_FAMILY, type TransducerSpec } from './transducer-spec.ts';

export interface TransducerOptions {
  readonly threads: number;
  /** hypotheses kept in beam search (sherpa-onnx's max_active_paths default is 4) */
  readonly beam: number;
  /** nats per hotword token (sherpa-onnx's hotwords_score default is 1.5) */
  readonly hotwordBoost: number;
  /** without bias terms: greedy (fast, sherpa-onnx's default) or beam */
  readonly decoding: 'greedy' | 'beam';
}

export const DEFAULT_TRANSDUCER_OPTIONS: TransducerOptions = { threads: 1, beam: 4, hotwordBoost: 1.5, decoding: 'greedy' };

const FEATURE_SHIFT_SEC = 0.01;

export class NemoTransducerDecoder implements UtteranceDecoder {
  readonly family = TRANSDUCER_FAMILY;
  private graph: { key: string; graph: ContextGraph; skipped: number } | null = null;
  private numDurations: number | null;

  private constructor(
    readonly spec: TransducerSpec,
    private readonly encoder: OnnxSession,
    private readonly decoder: OnnxSession,
    private readonly joiner: OnnxSession,
    private readonly options: TransducerOptions,
  ) {
    this.numDurations = spec.numDurations;
  }

  static async open(spec: TransducerSpec, options: Partial<TransducerOptions> = {}): Promise<NemoTransducerDecoder> {
    const o = { ...DEFAULT_TRANSDUCER_OPTIONS, ...options };
    const path = (p: keyof TransducerSpec['files']): string => `${spec.dir}/${spec.files[p]}`;
    const [enc, dec, joi] = await Promise.all([openSession(path('encoder'), o.threads), openSession(path('decoder'), 1), openSession(path('joiner'), 1)]);
    return new NemoTransducerDecoder(spec, enc, dec, joi, o);
  }

  async decode(samples: Float32Array, bias?: BiasTerms): Promise<UtteranceResult> {
    const flags: string[] = [];
    const net = await this.encode(samples);
    if (net.numFrames === 0) return { text: '', tokens: [], flags: ['empty'], tokenStartsSec: [] };
    const graph = bias && bias.terms.length > 0 ? this.contextGraph(bias.terms) : null;
    let result;
    if (graph && graph.size > 0) {
      flags.push('hotwords');
      result = await beamSearch(net, { beam: this.options.beam, graph });
    } else if (this.options.decoding === 'beam') {
      result = await beamSearch(net, { beam: this.options.beam, graph: null });
    } else {
      result = await greedySearch(net);
    }
    const frameSec = FEATURE_SHIFT_SEC * this.spec.subsampling;
    return { text: this.text(result.tokens), tokens: result.tokens, flags, tokenStartsSec: result.frames.map((f) => Math.round(f * frameSec * 1000) / 1000) };
  }

  /** Runs the encoder and returns the network view the search works on. */
  async encode(samples: Float32Array): Promise<TransducerNet> {
    const s = this.spec;
    let fb = computeFbank(samples, { ...SHERPA_NEMO_TRANSDUCER_FBANK, numBins: s.featDim });
    if (s.normalize === 'per_feature') fb = normalizePerFeature(fb);
    const [featName, lenName] = s.names.encoder.inputs as [string, string];
    const outName = s.names.encoder.outputs[0]!;
    if (fb.numFrames === 0) return this.net(new Float32Array(0), 0, 0);
    const out = await this.encoder.run(
      {
        [featName]: { type: 'float32', data: transposeToBinsFirst(fb), dims: [1, s.featDim, fb.numFrames] },
        [lenName]: { type: 'int64', data: BigInt64Array.of(BigInt(fb.numFrames)), dims: [1] },
      },
      [outName],
    );
    const enc = out[outName]!;
    const [, dim, frames] = enc.dims as [number, number, number];
    return this.net(enc.data, dim, frames);
  }

  private net(encoded: Float32Array, dim: number, numFrames: number): TransducerNet {
    const s = this.spec;
    const d = s.names.decoder;
    const j = s.names.joiner;
    const H = s.predHidden;
    const L = s.predLayers;
    // [1, D, T] -> one [1, D, 1] vector per frame, cut on demand.
    const frame = (t: number): Float32Array => {
      const v = new Float32Array(dim);
      for (let k = 0; k < dim; k++) v[k] = encoded[k * numFrames + t]!;
      return v;
    };
    const cache = new Map<number, Float32Array>();
    const self = this;
    return {
      vocabSize: s.vocabSize,
      get numDurations() {
        return self.numDurations ?? 0;
      },
      numFrames,
      initialState: (): DecoderState => [new Float32Array(L * H), new Float32Array(L * H)],
      async decoderStep(token, state) {
        const out = await self.decoder.run(
          {
            [d.inputs[0]!]: { type: 'int32', data: Int32Array.of(token), dims: [1, 1] },
            [d.inputs[1]!]: { type: 'int32', data: Int32Array.of(1), dims: [1] },
            [d.inputs[2]!]: { type: 'float32', data: state[0]!, dims: [L, 1, H] },
            [d.inputs[3]!]: { type: 'float32', data: state[1]!, dims: [L, 1, H] },
          },
          [d.outputs[0]!, d.outputs[2]!, d.outputs[3]!],
        );
        return { out: out[d.outputs[0]!]!.data, state: [out[d.outputs[2]!]!.data, out[d.outputs[3]!]!.data] };
      },
      async joint(t, decoderOut) {
        let e = cache.get(t);
        if (!e) cache.set(t, (e = frame(t)));
        const out = await self.joiner.run(
          {
            [j.inputs[0]!]: { type: 'float32', data: e, dims: [1, dim, 1] },
            [j.inputs[1]!]: { type: 'float32', data: decoderOut, dims: [1, H, 1] },
          },
          [j.outputs[0]!],
        );
        const logits = out[j.outputs[0]!]!.data;
        // A symbolic output size: learn the number of duration classes from the first step.
        if (self.numDurations === null) self.numDurations = s.variant === 'tdt' ? logits.length - s.vocabSize : 0;
        return logits;
      },
    };
  }

  private contextGraph(terms: readonly string[]): ContextGraph {
    const key = terms.join('\n');
    if (this.graph?.key !== key) this.graph = { key, ...buildContextGraph(terms, this.spec.tokens, this.options.hotwordBoost) };
    return this.graph.graph;
  }

  text(tokens: readonly number[]): string {
    const pieces = tokens.map((t) => this.spec.tokens[t]!).filter((p) => !/^<[^<>\s]+>$/.test(p));
    return pieces.join('').replaceAll('▁', ' ').replace(/\s+/g, ' ').trim();
  }

  async dispose(): Promise<void> {
    await Promise.all([this.encoder.release(), this.decoder.release(), this.joiner.release()]);
  }
}
