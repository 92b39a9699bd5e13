import { describe, expect, it } from 'vitest';
import { bestPath, collapse, tokensToWords, wordsToText, type EmittedToken } from '../../../server/asr/ctc-greedy.ts';
import type { TokenTable } from '../../../server/asr/types.ts';

const F32 = 1e-6;

/** One-hot-ish logits: `ids[t]` gets `strength`, everything else 0. */
function logitsFor(ids: readonly number[], vocab: number, strength = 5): Float32Array {
  const out = new Float32Array(ids.length * vocab);
  ids.forEach((id, t) => (out[t * vocab + id] = strength));
  return out;
}

const emitted = (list: [id: number, frame: number, lastFrame: number, prob: number][]): EmittedToken[] =>
  list.map(([id, frame, lastFrame, prob]) => ({ id, frame, lastFrame, prob }));

describe('bestPath', () => {
  it('takes the argmax per frame and its softmax posterior (golden numbers)', () => {
    // Row 0: logits 1,2,3 -> p(2) = 1 / (e^-2 + e^-1 + 1) = 0.66524096
    // Row 1: log-probabilities of (0.1, 0.7, 0.2) -> p(1) = 0.7 exactly
    // Row 2: a large offset must not overflow: 1000, 999, 998 -> p(0) = 0.66524096
    const logits = new Float32Array([1, 2, 3, Math.log(0.1), Math.log(0.7), Math.log(0.2), 1000, 999, 998]);
    const { ids, probs } = bestPath(logits, 3, 3);
    expect(Array.from(ids)).toEqual([2, 1, 0]);
    expect(probs[0]).toBeCloseTo(0.66524096, 6);
    expect(Math.abs(probs[1]! - 0.7)).toBeLessThan(F32);
    expect(probs[2]).toBeCloseTo(0.66524096, 6);
  });

  it('gives 1/vocab on a flat row and picks the first of equal maxima', () => {
    const { ids, probs } = bestPath(new Float32Array([0.5, 0.5, 0.5, 0.5]), 1, 4);
    expect(ids[0]).toBe(0);
    expect(Math.abs(probs[0]! - 0.25)).toBeLessThan(F32);
  });

  it('reads only numFrames rows (trailing data is ignored)', () => {
    const logits = logitsFor([1, 2, 0], 3);
    const { ids, probs } = bestPath(logits, 2, 3);
    expect(ids.length).toBe(2);
    expect(probs.length).toBe(2);
    expect(Array.from(ids)).toEqual([1, 2]);
  });
});

describe('collapse', () => {
  const probs = (n: number): Float32Array => Float32Array.from({ length: n }, (_, i) => 0.5 + i / 100);

  it('drops blanks and merges repeats, keeping first and last frame and the first posterior', () => {
    const ids = Int32Array.from([0, 3, 3, 3, 0, 0, 4, 0]);
    const p = probs(ids.length);
    expect(collapse(ids, p, 0)).toEqual([
      { id: 3, frame: 1, lastFrame: 3, prob: p[1] },
      { id: 4, frame: 6, lastFrame: 6, prob: p[6] },
    ]);
  });

  it('emits a repeat separated by a blank twice (the CTC double-letter rule)', () => {
    const ids = Int32Array.from([5, 5, 0, 5, 6, 6, 6, 5]);
    const out = collapse(ids, probs(ids.length), 0);
    expect(out.map((e) => [e.id, e.frame, e.lastFrame])).toEqual([
      [5, 0, 1],
      [5, 3, 3],
      [6, 4, 6],
      [5, 7, 7],
    ]);
  });

  it('uses a non-zero blank id', () => {
    const ids = Int32Array.from([9, 1, 9, 1, 1]);
    expect(collapse(ids, probs(5), 9).map((e) => e.id)).toEqual([1, 1]);
  });

  it('offsets frames and does not re-emit a token that continues across a chunk border (prevId)', () => {
    // Chunk 1 ended on token 7; chunk 2 starts with 7 7 then blank then 7.
    const ids = Int32Array.from([7, 7, 0, 7]);
    const across = collapse(ids, probs(4), 0, 100, 7);
    expect(across.map((e) => [e.id, e.frame])).toEqual([[7, 103]]);
    // Without the previous chunk's last id the first 7 is a new token.
    const fresh = collapse(ids, probs(4), 0, 100);
    expect(fresh.map((e) => [e.id, e.frame, e.lastFrame])).toEqual([
      [7, 100, 101],
      [7, 103, 103],
    ]);
    // A previous chunk that ended on blank does not suppress anything.
    expect(collapse(ids, probs(4), 0, 100, 0)).toEqual(fresh);
  });

  it('equals the whole-sequence collapse when a path is split anywhere and stitched with prevId', () => {
    const ids = Int32Array.from([0, 2, 2, 0, 2, 3, 3, 3, 0, 0, 4, 4, 1, 1, 0, 1]);
    const p = probs(ids.length);
    const whole = collapse(ids, p, 0);
    for (let cut = 1; cut < ids.length; cut++) {
      const a = collapse(ids.subarray(0, cut), p.subarray(0, cut), 0);
      const b = collapse(ids.subarray(cut), p.subarray(cut), 0, cut, ids[cut - 1]);
      // A token spanning the cut keeps its first frame in `a`; only lastFrame differs.
      const stitched = [...a, ...b].map((e) => [e.id, e.frame]);
      expect(stitched, `cut at ${cut}`).toEqual(whole.map((e) => [e.id, e.frame]));
    }
  });

  it('returns nothing for an all-blank path', () => {
    expect(collapse(new Int32Array(10), new Float32Array(10), 0)).toEqual([]);
  });
});

describe('tokensToWords', () => {
  // 40 ms frames, as the bundled model and NeMo CTC after 4x subsampling.
  const SHIFT = 0.04;

  it('wav2vec2 style: "|" separates words; times come from the frame shift; conf is the mean posterior', () => {
    const table: TokenTable = {
      tokens: ['<pad>', '<s>', '</s>', '<unk>', '|', 'l', 'a', 'b', 's', 'r', 'ī', 't'],
      blankId: 0,
      wordDelimiter: '|',
      wordStartPrefix: null,
      specialTokens: [1, 2, 3],
    };
    const [l, a, b, s, r, ii, t] = [5, 6, 7, 8, 9, 10, 11];
    // "<s> labs | rīt </s>"
    const tokens = emitted([
      [1, 0, 0, 0.99],
      [l, 2, 3, 0.9],
      [a, 4, 4, 0.8],
      [b, 6, 6, 0.7],
      [s, 7, 9, 0.6],
      [4, 11, 12, 0.95],
      [r, 14, 14, 0.5],
      [ii, 15, 16, 0.6],
      [t, 18, 18, 0.4],
      [2, 20, 20, 0.99],
    ]);
    const words = tokensToWords(tokens, table, SHIFT);
    expect(words.map((w) => w.word)).toEqual(['labs', 'rīt']);
    // start = first frame * shift; end = (last frame of the last token + 1) * shift
    expect(words[0]!.start).toBeCloseTo(0.08, 9);
    expect(words[0]!.end).toBeCloseTo(0.4, 9);
    expect(words[1]!.start).toBeCloseTo(0.56, 9);
    expect(words[1]!.end).toBeCloseTo(0.76, 9);
    // mean of emitted token posteriors; the delimiter and special tokens do not count (rounded to 3 decimals)
    expect(words[0]!.conf).toBeCloseTo((0.9 + 0.8 + 0.7 + 0.6) / 4, 3);
    expect(words[1]!.conf).toBeCloseTo((0.5 + 0.6 + 0.4) / 3, 3);
    expect(wordsToText(words)).toBe('labs rīt');
  });

  it('sentencepiece style: "▁" starts a word, a bare "▁" only separates', () => {
    const table: TokenTable = {
      tokens: ['<blk>', '▁', '▁la', 'bi', '▁rīt', '▁ie', 'rodi', 's', '<unk>'],
      blankId: 0,
      wordDelimiter: null,
      wordStartPrefix: '▁',
      specialTokens: [8],
    };
    // "▁la bi ▁rīt ▁ ▁ie rodi <unk> s"  -> labi rīt ierodis
    const words = tokensToWords(
      emitted([
        [2, 1, 1, 0.9],
        [3, 3, 4, 0.7],
        [4, 6, 7, 0.8],
        [1, 9, 9, 0.99],
        [5, 10, 10, 0.6],
        [6, 11, 13, 0.5],
        [8, 14, 14, 0.1],
        [7, 15, 15, 0.4],
      ]),
      table,
      SHIFT,
    );
    expect(words).toEqual([
      { word: 'labi', start: 0.04, end: 0.2, conf: 0.8 },
      { word: 'rīt', start: 0.24, end: 0.32, conf: 0.8 },
      { word: 'ierodis', start: 0.4, end: 0.64, conf: 0.5 },
    ]);
  });

  it('plain characters with " " between words, including leading, trailing and doubled spaces', () => {
    const table: TokenTable = {
      tokens: ['_', ' ', 'j', 'ā', 'n', 'e'],
      blankId: 0,
      wordDelimiter: null,
      wordStartPrefix: null,
      specialTokens: [],
    };
    const words = tokensToWords(
      emitted([
        [1, 0, 0, 0.9],
        [2, 1, 1, 0.8],
        [3, 2, 2, 0.6],
        [1, 3, 3, 0.9],
        [1, 5, 5, 0.9],
        [4, 6, 6, 0.5],
        [5, 7, 8, 0.7],
        [1, 9, 9, 0.9],
      ]),
      table,
      0.02,
    );
    expect(words).toEqual([
      { word: 'jā', start: 0.02, end: 0.06, conf: 0.7 },
      { word: 'ne', start: 0.12, end: 0.18, conf: 0.6 },
    ]);
  });

  it('treats " " as a separator even when the vocabulary uses "|" (mixed exports)', () => {
    const table: TokenTable = { tokens: ['<pad>', '|', ' ', 'a', 'b'], blankId: 0, wordDelimiter: '|', wordStartPrefix: null, specialTokens: [] };
    const words = tokensToWords(emitted([[3, 0, 0, 1], [2, 1, 1, 1], [4, 2, 2, 1], [1, 3, 3, 1], [3, 4, 4, 1]]), table, SHIFT);
    expect(words.map((w) => w.word)).toEqual(['a', 'b', 'a']);
  });

  it('gives no words for only specials and delimiters, and for nothing', () => {
    const table: TokenTable = { tokens: ['<pad>', '|', '<s>'], blankId: 0, wordDelimiter: '|', wordStartPrefix: null, specialTokens: [2] };
    expect(tokensToWords(emitted([[2, 0, 0, 1], [1, 1, 1, 1], [2, 2, 2, 1]]), table, SHIFT)).toEqual([]);
    expect(tokensToWords([], table, SHIFT)).toEqual([]);
  });

  it('rounds times and confidence to 3 decimals', () => {
    const table: TokenTable = { tokens: ['<pad>', 'x'], blankId: 0, wordDelimiter: null, wordStartPrefix: null, specialTokens: [] };
    const [w] = tokensToWords(emitted([[1, 7, 7, 0.123456]]), table, 0.0201);
    expect(w).toEqual({ word: 'x', start: 0.141, end: 0.161, conf: 0.123 });
  });
});

describe('bestPath → collapse → tokensToWords', () => {
  it('decodes a synthetic wav2vec2-style logit matrix end to end', () => {
    const table: TokenTable = { tokens: ['<pad>', '|', 'l', 'a', 's', 'e'], blankId: 0, wordDelimiter: '|', wordStartPrefix: null, specialTokens: [] };
    // "lasa | sea": frames (blank=0)
    const path = [0, 2, 2, 3, 4, 0, 3, 1, 1, 4, 5, 5, 0, 3, 0];
    const logits = logitsFor(path, table.tokens.length, Math.log(99 * (table.tokens.length - 1)));
    // With logit log(99*(V-1)) against V-1 zeros, the top posterior is exactly 0.99.
    const { ids, probs } = bestPath(logits, path.length, table.tokens.length);
    for (const p of probs) expect(Math.abs(p - 0.99)).toBeLessThan(1e-5);
    const words = tokensToWords(collapse(ids, probs, 0), table, 0.02);
    expect(words).toEqual([
      { word: 'lasa', start: 0.02, end: 0.14, conf: 0.99 },
      { word: 'sea', start: 0.18, end: 0.28, conf: 0.99 },
    ]);
  });
});
