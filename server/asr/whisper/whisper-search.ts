/**
 * Greedy and beam search over Whisper's decoder, with the model injected as a
 * `DecoderStepper` that owns the KV cache, so the search is tested without ONNX.
 * The rules (written identically in scripts/fixtures/whisper_decode_reference.py):
 *   filters     every step: suppress_tokens and every id above <|endoftext|> (specials,
 *               languages, tasks, timestamps) get -inf; the first step also
 *               begin_suppress_tokens. Log-probabilities: float64 log-softmax of that.
 *   greedy      argmax (lowest id on ties); stop at <|endoftext|>, a repetition loop, or
 *               after maxNewTokens
 *   beam        per live beam its best beam+1 tokens (ties by id); candidates by summed
 *               log-prob (stable sort); <|endoftext|> and looping candidates finish (up to
 *               `beam` of them), the others fill the next beams; stop when `beam` have
 *               finished; at maxNewTokens the live beams top the finished list up;
 *               best = highest sum / (tokens + 1)
 * Pure (apart from awaiting the stepper).
 */
import { loopCut, type WhisperFlag } from './whisper-guards.ts';

export interface DecoderStepper {
  /** Runs one token per beam; beam i continues previous row parents[i] (the stepper
   * reorders its KV cache accordingly). Returns row-major [beams][vocab] logits. */
  step(tokens: readonly number[], parents: readonly number[]): Promise<Float32Array>;
}

export interface SearchRules {
  readonly vocabSize: number;
  readonly eot: number;
  readonly suppressTokens: readonly number[];
  readonly beginSuppressTokens: readonly number[];
}

export interface SearchResult {
  readonly tokens: number[];
  readonly sumLogprob: number;
  readonly flags: WhisperFlag[];
}

/** Suppression masks built once per model. */
export class LogitFilter {
  private readonly always: Uint8Array;
  private readonly first: Uint8Array;

  constructor(readonly rules: SearchRules) {
    this.always = new Uint8Array(rules.vocabSize);
    for (const id of rules.suppressTokens) if (id >= 0 && id < rules.vocabSize) this.always[id] = 1;
    for (let id = rules.eot + 1; id < rules.vocabSize; id++) this.always[id] = 1;
    this.first = this.always.slice();
    for (const id of rules.beginSuppressTokens) if (id >= 0 && id < rules.vocabSize) this.first[id] = 1;
  }

  /** float64 log-softmax of one row with suppressed ids at -Infinity. */
  logProbs(logits: Float32Array, row: number, firstStep: boolean): Float64Array {
    const v = this.rules.vocabSize;
    const mask = firstStep ? this.first : this.always;
    const out = new Float64Array(v);
    let max = -Infinity;
    for (let i = 0; i < v; i++) if (!mask[i] && logits[row * v + i]! > max) max = logits[row * v + i]!;
    let sum = 0;
    for (let i = 0; i < v; i++) if (!mask[i]) sum += Math.exp(logits[row * v + i]! - max);
    const lse = max + Math.log(sum);
    for (let i = 0; i < v; i++) out[i] = mask[i] ? -Infinity : logits[row * v + i]! - lse;
    return out;
  }
}

/** Ids of the k highest values, highest first, lower id first on ties. */
export function topK(lp: Float64Array, k: number): number[] {
  const ids: number[] = [];
  for (let i = 0; i < lp.length; i++) {
    const v = lp[i]!;
    if (ids.length === k && v <= lp[ids[k - 1]!]!) continue;
    let at = ids.length;
    while (at > 0 && v > lp[ids[at - 1]!]!) at--;
    ids.splice(at, 0, i);
    if (ids.length > k) ids.pop();
  }
  return ids;
}

/** mulberry32: a small seeded PRNG (uniform [0, 1)), written identically in the Python reference. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t = ((t + Math.imul(t ^ (t >>> 7), t | 61)) ^ t) >>> 0;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a token from softmax(lp / temperature): the first id (ascending) whose cumulative
 * weight exceeds u * total, with u from `random`. Seeded, so a decode is reproducible. */
export function sampler(temperature: number, random: () => number): (lp: Float64Array) => number {
  return (lp) => {
    let max = -Infinity;
    for (const v of lp) if (v > max) max = v;
    const w = new Float64Array(lp.length);
    let total = 0;
    for (let i = 0; i < lp.length; i++) {
      w[i] = lp[i] === -Infinity ? 0 : Math.exp((lp[i]! - max) / temperature);
      total += w[i]!;
    }
    const u = random() * total;
    let cum = 0;
    let last = 0;
    for (let i = 0; i < lp.length; i++) {
      if (w[i] === 0) continue;
      cum += w[i]!;
      last = i;
      if (cum > u) return i;
    }
    return last;
  };
}

/** `first`: logits [1][vocab] after the initial tokens. `pick` replaces argmax (temperature sampling). */
export async function greedySearch(
  first: Float32Array,
  stepper: DecoderStepper,
  filter: LogitFilter,
  maxNewTokens: number,
  pick: (lp: Float64Array) => number = (lp) => topK(lp, 1)[0]!,
): Promise<SearchResult> {
  const eot = filter.rules.eot;
  let tokens: number[] = [];
  let sum = 0;
  const flags: WhisperFlag[] = [];
  let logits = first;
  for (let step = 0; step < maxNewTokens; step++) {
    const lp = filter.logProbs(logits, 0, step === 0);
    const tok = pick(lp);
    sum += lp[tok]!;
    if (tok === eot) break;
    tokens.push(tok);
    const cut = loopCut(tokens);
    if (cut !== null) {
      tokens = tokens.slice(0, cut);
      flags.push('repetition');
      break;
    }
    if (step === maxNewTokens - 1) {
      flags.push('max-length');
      break;
    }
    logits = await stepper.step([tok], [0]);
  }
  return { tokens, sumLogprob: sum, flags };
}

interface Finished {
  readonly tokens: number[];
  readonly score: number;
  readonly flags: WhisperFlag[];
}

export async function beamSearch(first: Float32Array, stepper: DecoderStepper, filter: LogitFilter, beam: number, maxNewTokens: number): Promise<SearchResult> {
  const eot = filter.rules.eot;
  let beams: { tokens: number[]; score: number }[] = [{ tokens: [], score: 0 }];
  const finished: Finished[] = [];
  let logits = first;
  for (let step = 0; step < maxNewTokens; step++) {
    const cands: { score: number; parent: number; token: number }[] = [];
    beams.forEach((b, row) => {
      const lp = filter.logProbs(logits, row, step === 0);
      for (const t of topK(lp, beam + 1)) cands.push({ score: b.score + lp[t]!, parent: row, token: t });
    });
    cands.sort((a, b) => b.score - a.score);
    const next: { tokens: number[]; score: number; parent: number }[] = [];
    for (const c of cands) {
      const prev = beams[c.parent]!.tokens;
      if (c.token === eot) {
        if (finished.length < beam) finished.push({ tokens: prev, score: c.score, flags: [] });
      } else {
        const seq = [...prev, c.token];
        const cut = loopCut(seq);
        if (cut !== null) {
          if (finished.length < beam) finished.push({ tokens: seq.slice(0, cut), score: c.score, flags: ['repetition'] });
        } else next.push({ tokens: seq, score: c.score, parent: c.parent });
      }
      if (next.length === beam) break;
    }
    if (finished.length >= beam || next.length === 0) break;
    if (step === maxNewTokens - 1) {
      for (const n of next) if (finished.length < beam) finished.push({ tokens: n.tokens, score: n.score, flags: ['max-length'] });
      break;
    }
    logits = await stepper.step(
      next.map((n) => n.tokens[n.tokens.length - 1]!),
      next.map((n) => n.parent),
    );
    beams = next.map((n) => ({ tokens: n.tokens, score: n.score }));
  }
  if (finished.length === 0) return { tokens: [], sumLogprob: 0, flags: ['max-length'] };
  let best = 0;
  for (let i = 1; i < finished.length; i++) {
    const f = finished[i]!;
    const b = finished[best]!;
    if (f.score / (f.tokens.length + 1) > b.score / (b.tokens.length + 1)) best = i;
  }
  const f = finished[best]!;
  return { tokens: f.tokens, sumLogprob: f.score, flags: [...f.flags] };
}
