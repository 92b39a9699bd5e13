/**
 * CTC greedy decoding with per-word start/end times and confidence.
 *
 * Works on any CTC vocabulary: wav2vec2-style ("|" between words), sentencepiece
 * ("▁" starts a word) or plain characters with " ". Confidence of a word is the
 * mean of the per-frame max posteriors of its emitted tokens.
 */
import type { TokenTable, WordResult } from './types.ts';

/** One emitted (non-blank, non-repeated) token: the frame it was emitted at and its posterior. */
export interface EmittedToken {
  readonly id: number;
  readonly frame: number;
  readonly lastFrame: number;
  readonly prob: number;
}

/**
 * Best path per frame. `logits` is row-major [frames][vocab]; values may be
 * logits or log-probabilities (softmax is applied to get posteriors either way).
 */
export function bestPath(logits: Float32Array, numFrames: number, vocab: number): { ids: Int32Array; probs: Float32Array } {
  const ids = new Int32Array(numFrames);
  const probs = new Float32Array(numFrames);
  for (let t = 0; t < numFrames; t++) {
    const row = t * vocab;
    let best = 0;
    let max = -Infinity;
    for (let v = 0; v < vocab; v++) {
      const x = logits[row + v]!;
      if (x > max) {
        max = x;
        best = v;
      }
    }
    let sum = 0;
    for (let v = 0; v < vocab; v++) sum += Math.exp(logits[row + v]! - max);
    ids[t] = best;
    probs[t] = 1 / sum;
  }
  return { ids, probs };
}

/**
 * Collapse a best path into emitted tokens. `prevId` is the last frame's id of
 * the previous chunk, so a token spanning a chunk border is not emitted twice.
 */
export function collapse(ids: Int32Array, probs: Float32Array, blankId: number, frameOffset = 0, prevId = -1): EmittedToken[] {
  const out: { id: number; frame: number; lastFrame: number; prob: number }[] = [];
  let prev = prevId;
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t]!;
    if (id !== blankId) {
      if (id !== prev) {
        out.push({ id, frame: frameOffset + t, lastFrame: frameOffset + t, prob: probs[t]! });
      } else {
        const last = out[out.length - 1];
        if (last) last.lastFrame = frameOffset + t;
      }
    }
    prev = id;
  }
  return out;
}

/** Group emitted tokens into words with times (seconds) and confidence. */
export function tokensToWords(emitted: readonly EmittedToken[], table: TokenTable, frameShiftSec: number): WordResult[] {
  const words: WordResult[] = [];
  let text = '';
  let start = 0;
  let end = 0;
  let probSum = 0;
  let count = 0;
  const special = new Set(table.specialTokens);
  const flush = (): void => {
    if (text.length > 0) {
      words.push({ word: text, start: round3(start), end: round3(end), conf: round3(probSum / count) });
    }
    text = '';
    probSum = 0;
    count = 0;
  };
  for (const e of emitted) {
    if (special.has(e.id)) continue;
    const tok = table.tokens[e.id] ?? '';
    if (tok === table.wordDelimiter || tok === ' ') {
      flush();
      continue;
    }
    let piece = tok;
    if (table.wordStartPrefix && piece.startsWith(table.wordStartPrefix)) {
      flush();
      piece = piece.slice(table.wordStartPrefix.length);
      if (piece.length === 0) continue;
    }
    if (text.length === 0) start = e.frame * frameShiftSec;
    text += piece;
    end = (e.lastFrame + 1) * frameShiftSec;
    probSum += e.prob;
    count++;
  }
  flush();
  return words;
}

export const wordsToText = (words: readonly WordResult[]): string => words.map((w) => w.word).join(' ');

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
