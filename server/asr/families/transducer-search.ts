/**
 * Transducer decoding over encoder frames: greedy RNNT, greedy TDT (token and
 * duration heads), and modified beam search with hotwords. The networks are
 * injected (`TransducerNet`), so the search is tested without onnxruntime.
 *
 * Greedy follows sherpa-onnx (offline-transducer-greedy-search-nemo-decoder.cc):
 * RNNT emits up to 10 symbols per frame; TDT moves by the duration head's argmax
 * (0 allowed after a token), at most 5 tokens on one frame, and a blank with
 * duration 0 still moves one frame.
 *
 * Beam search keeps `beam` hypotheses, each at its own frame (TDT durations move
 * them unevenly); the least advanced ones are expanded first. Each expansion ranks
 * the tokens by log-probability plus the hotword boost for tokens that continue a
 * term, keeps the top `beam`, and scores them with log P(token) + log P(duration)
 * + the context graph's bonus. No prefix merging. Mirrored token for token by the
 * Python reference in scripts/fixtures/make_family_fixtures.py.
 */
import type { ContextGraph } from './context-graph.ts';

export type DecoderState = readonly Float32Array[];

export interface TransducerNet {
  /** tokens including blank; blank is the last id */
  readonly vocabSize: number;
  /** TDT: number of duration classes (duration = class index); RNNT: 0 */
  readonly numDurations: number;
  readonly numFrames: number;
  initialState(): DecoderState;
  /** prediction network output and next state after feeding `token` */
  decoderStep(token: number, state: DecoderState): Promise<{ out: Float32Array; state: DecoderState }>;
  /** joiner logits (vocabSize + numDurations) for encoder frame `frame` */
  joint(frame: number, decoderOut: Float32Array): Promise<Float32Array>;
}

export interface SearchResult {
  readonly tokens: number[];
  /** encoder frame at which each token was emitted */
  readonly frames: number[];
}

const MAX_SYMBOLS_RNNT = 10;
const MAX_TOKENS_TDT = 5;
const MAX_SYMBOLS_BEAM = 10;

export async function greedySearch(net: TransducerNet): Promise<SearchResult> {
  return net.numDurations > 0 ? greedyTdt(net) : greedyRnnt(net);
}

async function greedyRnnt(net: TransducerNet): Promise<SearchResult> {
  const blank = net.vocabSize - 1;
  let dec = await net.decoderStep(blank, net.initialState());
  const tokens: number[] = [];
  const frames: number[] = [];
  for (let t = 0; t < net.numFrames; t++) {
    for (let q = 0; q < MAX_SYMBOLS_RNNT; q++) {
      const logits = await net.joint(t, dec.out);
      const y = argmax(logits, 0, net.vocabSize);
      if (y === blank) break;
      tokens.push(y);
      frames.push(t);
      dec = await net.decoderStep(y, dec.state);
    }
  }
  return { tokens, frames };
}

async function greedyTdt(net: TransducerNet): Promise<SearchResult> {
  const blank = net.vocabSize - 1;
  let dec = await net.decoderStep(blank, net.initialState());
  const tokens: number[] = [];
  const frames: number[] = [];
  let thisFrame = 0;
  for (let t = 0; t < net.numFrames; ) {
    const logits = await net.joint(t, dec.out);
    const y = argmax(logits, 0, net.vocabSize);
    let skip = argmax(logits, net.vocabSize, net.vocabSize + net.numDurations) - net.vocabSize;
    if (y !== blank) {
      tokens.push(y);
      frames.push(t);
      dec = await net.decoderStep(y, dec.state);
      thisFrame++;
    }
    if (skip > 0) thisFrame = 0;
    if (thisFrame >= MAX_TOKENS_TDT) {
      thisFrame = 0;
      skip = 1;
    }
    if (y === blank && skip === 0) {
      thisFrame = 0;
      skip = 1;
    }
    t += skip;
  }
  return { tokens, frames };
}

interface Hyp {
  readonly tokens: number[];
  readonly frames: number[];
  readonly score: number;
  readonly out: Float32Array;
  readonly state: DecoderState;
  readonly ctx: number;
  readonly frame: number;
  readonly nsym: number;
  /** a token whose decoder step is still to run (done only for survivors) */
  readonly pending: number | null;
}

export async function beamSearch(net: TransducerNet, options: { beam: number; graph: ContextGraph | null }): Promise<SearchResult> {
  const { beam, graph } = options;
  const V = net.vocabSize;
  const blank = V - 1;
  const tdt = net.numDurations > 0;
  const first = await net.decoderStep(blank, net.initialState());
  let hyps: Hyp[] = [{ tokens: [], frames: [], score: 0, out: first.out, state: first.state, ctx: 0, frame: 0, nsym: 0, pending: null }];
  for (;;) {
    let frame = Infinity;
    for (const h of hyps) if (h.frame < net.numFrames && h.frame < frame) frame = h.frame;
    if (frame === Infinity) break;
    const cands: Hyp[] = [];
    for (const h of hyps) {
      if (h.frame !== frame) {
        cands.push({ ...h, pending: null });
        continue;
      }
      if (h.nsym >= MAX_SYMBOLS_BEAM) {
        cands.push({ ...h, frame: frame + 1, nsym: 0, pending: null });
        continue;
      }
      const logits = await net.joint(frame, h.out);
      const lp = logSoftmax(logits, 0, V);
      let skip = 1;
      let dlp = 0;
      if (tdt) {
        const dl = logSoftmax(logits, V, V + net.numDurations);
        const best = argmax(dl, 0, dl.length);
        skip = best;
        dlp = dl[best]!;
      }
      const rank = Float64Array.from(lp);
      if (graph) for (const tok of graph.nextTokens(h.ctx)) if (tok < V) rank[tok] = rank[tok]! + graph.boost;
      for (const tok of topK(rank, beam)) {
        if (tok === blank) {
          cands.push({ ...h, score: h.score + lp[tok]! + dlp, frame: frame + Math.max(1, skip), nsym: 0, pending: null });
          continue;
        }
        const [gain, ctx] = graph ? graph.step(h.ctx, tok) : [0, h.ctx];
        const next = tdt ? frame + skip : frame;
        cands.push({
          ...h,
          tokens: [...h.tokens, tok],
          frames: [...h.frames, frame],
          score: h.score + lp[tok]! + dlp + gain,
          ctx,
          frame: next,
          nsym: next > frame ? 0 : h.nsym + 1,
          pending: tok,
        });
      }
    }
    // Stable: equal scores keep their generation order (as Python's sorted does).
    const kept = cands.map((c, i) => [c, i] as const).sort((a, b) => b[0].score - a[0].score || a[1] - b[1]).slice(0, beam).map(([c]) => c);
    hyps = [];
    for (const c of kept) {
      if (c.pending === null) {
        hyps.push(c);
        continue;
      }
      const step = await net.decoderStep(c.pending, c.state);
      hyps.push({ ...c, out: step.out, state: step.state, pending: null });
    }
  }
  let best = 0;
  let bestScore = -Infinity;
  hyps.forEach((h, i) => {
    const s = h.score + (graph ? graph.finalize(h.ctx) : 0);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  });
  return { tokens: hyps[best]!.tokens, frames: hyps[best]!.frames };
}

/** First index of the largest value in x[from, to), relative to `from`... returned absolute. */
function argmax(x: ArrayLike<number>, from: number, to: number): number {
  let best = from;
  for (let i = from + 1; i < to; i++) if (x[i]! > x[best]!) best = i;
  return best;
}

/** log-softmax of x[from, to) in float64. */
export function logSoftmax(x: ArrayLike<number>, from: number, to: number): Float64Array {
  const out = new Float64Array(to - from);
  let max = -Infinity;
  for (let i = from; i < to; i++) if (x[i]! > max) max = x[i]!;
  let sum = 0;
  for (let i = from; i < to; i++) sum += Math.exp(x[i]! - max);
  const lse = max + Math.log(sum);
  for (let i = from; i < to; i++) out[i - from] = x[i]! - lse;
  return out;
}

/** Indices of the k largest values, larger first, ties by lower index. */
function topK(x: Float64Array, k: number): number[] {
  const idx = Array.from(x.keys());
  idx.sort((a, b) => x[b]! - x[a]! || a - b);
  return idx.slice(0, k);
}
