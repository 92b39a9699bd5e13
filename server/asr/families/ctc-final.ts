/**
 * CTC model folders (bundled, wav2vec2/XLS-R, sherpa-onnx NeMo CTC, omnilingual CTC) as
 * an UtteranceDecoder: one model run over the whole utterance, greedy best path. The
 * log-probabilities travel back with the result, so the main thread can run the
 * corpora's LM beam search on them (the CTC way to bias a final).
 */
import { bestPath, collapse, tokensToWords, wordsToText } from '../ctc-greedy.ts';
import { buildInputs } from '../model-input.ts';
import { loadModelSpec, type ModelSpec } from '../model-spec.ts';
import { readOnnxModelInfo } from '../onnx-model-info.ts';
import { openSession, type OnnxSession } from '../onnx-session.ts';
import type { BiasTerms, FamilyMatch, UtteranceDecoder, UtteranceResult } from '../final-pass.ts';
import { tokensFingerprint } from '../two-pass.ts';
import { StatefulCtcDecoder } from '../stateful-ctc.ts';
import { statefulInfer, statefulOptionsOf } from '../stateful-run.ts';

export const CTC_FAMILY = 'ctc';

/** Log-probabilities of one utterance, [frames][vocab] row-major. */
export interface CtcLogProbs {
  readonly data: Float32Array;
  readonly frames: number;
  readonly vocab: number;
}

export type CtcUtteranceResult = UtteranceResult & { readonly logProbs: CtcLogProbs };

export async function detectCtc(dir: string, files: ReadonlySet<string>): Promise<FamilyMatch | null> {
  if (!['model.onnx', 'onnx/model.onnx', 'model.int8.onnx'].some((f) => files.has(f)) && !files.has('model.json')) return null;
  const spec = await loadModelSpec(dir);
  const info = await readOnnxModelInfo(spec.modelPath);
  return {
    family: CTC_FAMILY,
    modelFiles: [spec.modelPath.slice(spec.dir.length + 1)],
    vocabularySize: spec.tokens.length,
    sampleRate: spec.sampleRate,
    details: {
      format: spec.family,
      input: spec.input.kind,
      frameShiftMs: spec.frameShiftMs,
      blankId: spec.blankId,
      parameters: info.parameterCount,
      tokensFingerprint: tokensFingerprint(spec.tokens),
    },
  };
}

export class CtcUtteranceDecoder implements UtteranceDecoder {
  readonly family = CTC_FAMILY;

  private constructor(
    readonly spec: ModelSpec,
    private readonly session: OnnxSession,
  ) {}

  static async open(dir: string, threads = 1): Promise<CtcUtteranceDecoder> {
    const spec = await loadModelSpec(dir);
    return new CtcUtteranceDecoder(spec, await openSession(spec.modelPath, threads));
  }

  async decode(samples: Float32Array, _bias?: BiasTerms): Promise<CtcUtteranceResult> {
    const spec = this.spec;
    if (samples.length < 400) return { text: '', tokens: [], flags: ['empty'], tokenStartsSec: [], logProbs: { data: new Float32Array(0), frames: 0, vocab: spec.tokens.length } };
    const { logProbs, shiftFrames } = await this.logProbs(samples);
    const { frames, vocab } = logProbs;
    const path = bestPath(logProbs.data, frames, vocab); // argmax and softmax are the same on log-probabilities
    const emitted = collapse(path.ids, path.probs, spec.blankId);
    const words = tokensToWords(emitted, spec, spec.frameShiftMs / 1000);
    return {
      text: wordsToText(words),
      tokens: emitted.map((e) => e.id),
      flags: [],
      tokenStartsSec: emitted.map((e) => Math.round(Math.max(0, e.frame - shiftFrames) * spec.frameShiftMs) / 1000),
      logProbs,
    };
  }

  /** The utterance as one model run; a stateful model gets zero state, the utterance and its flush. */
  private async logProbs(samples: Float32Array): Promise<{ logProbs: CtcLogProbs; shiftFrames: number }> {
    const spec = this.spec;
    const stateful = statefulOptionsOf(spec);
    if (stateful) {
      const d = new StatefulCtcDecoder(statefulInfer(this.session, spec), spec, { ...stateful, maxSamples: samples.length });
      d.append(samples);
      await d.decode(true);
      return { logProbs: d.committedLogProbs(), shiftFrames: stateful.lookaheadFrames };
    }
    const out = await this.session.run(buildInputs(spec, samples), [spec.outputName]);
    const logits = out[spec.outputName]!;
    const frames = logits.dims[1] ?? 0;
    const vocab = logits.dims[2] ?? 0;
    return { logProbs: { data: logSoftmaxRows(logits.data, frames, vocab), frames, vocab }, shiftFrames: 0 };
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}


function logSoftmaxRows(x: Float32Array, frames: number, vocab: number): Float32Array {
  const out = new Float32Array(frames * vocab);
  for (let t = 0; t < frames; t++) {
    const o = t * vocab;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) if (x[o + v]! > max) max = x[o + v]!;
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(x[o + v]! - max);
    const lse = max + Math.log(sum);
    for (let v = 0; v < vocab; v++) out[o + v] = x[o + v]! - lse;
  }
  return out;
}
