/**
 * Hand-made CTC posteriors for beam-search tests, over the Latvian character
 * vocabulary of models/diktats-lv-synth-v2 (<pad> = blank, '|' between words).
 */
import type { TokenTable } from '../../../../server/asr/types.ts';
import { seededRandom } from '../../../../server/pilot/seeded-random.ts';

export const LV_TOKENS: readonly string[] = ['<pad>', '<unk>', '|', "'", ...'aābcčdeēfgģhiījkķlļmnņoprsštuūvzž'];
export const LV_TABLE: TokenTable = { tokens: LV_TOKENS, blankId: 0, wordDelimiter: '|', wordStartPrefix: null, specialTokens: [1] };
export const VOCAB = LV_TOKENS.length;

/** A frame: one token written as a string ('_' blank), or a token → posterior map. */
export type Frame = string | Readonly<Record<string, number>>;

const idOf = (tok: string): number => {
  const id = LV_TOKENS.indexOf(tok === '_' ? '<pad>' : tok);
  if (id < 0) throw new Error(`unknown token ${tok}`);
  return id;
};

/**
 * Log-posteriors, one row per frame. A string frame gets `peak`; the mass left
 * over is spread evenly over the tokens not named.
 */
export function matrix(frames: readonly Frame[], peak = 0.9): { data: Float32Array; numFrames: number; vocab: number } {
  const data = new Float32Array(frames.length * VOCAB);
  frames.forEach((f, t) => {
    const named: Record<string, number> = typeof f === 'string' ? { [f]: peak } : f;
    const probs = new Float64Array(VOCAB);
    let used = 0;
    for (const [tok, p] of Object.entries(named)) {
      probs[idOf(tok)] = p;
      used += p;
    }
    const others = VOCAB - Object.keys(named).length;
    const rest = Math.max(1 - used, 1e-6) / others;
    for (let v = 0; v < VOCAB; v++) data[t * VOCAB + v] = Math.log(probs[v]! > 0 ? probs[v]! : rest);
  });
  return { data, numFrames: frames.length, vocab: VOCAB };
}

/** Frames for a text: each letter one frame, a blank after each, '|' between words. */
export function spell(text: string): Frame[] {
  const frames: Frame[] = ['_'];
  text.split(' ').forEach((word, i) => {
    if (i > 0) frames.push('|', '_');
    for (const ch of word) frames.push(ch, '_');
  });
  return frames;
}

/** Deterministic PRNG (mulberry32) for randomised-but-repeatable inputs. */
export const rng = seededRandom;
