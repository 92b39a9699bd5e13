/**
 * Two-pass recognition glue: turns the final model's UtteranceResult into the
 * stream's final words, with the corpora's bias applied the way the family can
 * take it (hotwords inside transducer beam search, the LM beam search on a CTC
 * model's log-probabilities, an initial prompt for Whisper on its side).
 */
import { createHash } from 'node:crypto';
import type { CorpusEntry } from '../corpora/corpus-parser.ts';
import type { WordResult } from './types.ts';
import type { BiasTerms, UtteranceDecoder, UtteranceResult } from './final-pass.ts';
import type { FinalDecodeFn, SecondPassFn } from './stream-session.ts';
import { isUnreliable } from './whisper/whisper-guards.ts';

/** Terms that bias finals: the spoken form of every term entry of weight >= 1 (weaker
 * entries, like the calendar names, only widen the LM's lexicon and are left out here). */
export function biasTermsFromCorpus(entries: readonly CorpusEntry[]): string[] {
  const seen = new Set<string>();
  for (const e of entries) if (e.weight >= 1) seen.add((e.spoken ?? e.term).trim());
  seen.delete('');
  return [...seen];
}

/** A fingerprint of a CTC vocabulary, to tell whether the LM beam decoder fits a final model. */
export function tokensFingerprint(tokens: readonly string[]): string {
  return createHash('sha256').update(tokens.join('\n')).digest('hex').slice(0, 16);
}

export interface TwoPassDeps {
  readonly final: UtteranceDecoder;
  /** the corpora's terms now (null: none) */
  readonly bias: () => BiasTerms | null;
  /** the LM beam decoder, when it fits the final model's vocabulary and frame rate (CTC finals only) */
  readonly lm: () => FinalDecodeFn | null;
}

export function secondPassFn(deps: TwoPassDeps): SecondPassFn {
  return async (samples, offsetSec) => {
    const bias = deps.bias();
    const result = await deps.final.decode(samples, bias ?? undefined);
    const flags = [...result.flags];
    // A looping or runaway Whisper decode: the first pass's words are the better final.
    if (isUnreliable(flags)) return { words: null, flags };
    const logProbs = (result as { logProbs?: { data: Float32Array; frames: number; vocab: number } }).logProbs;
    const lm = logProbs && logProbs.frames > 0 ? deps.lm() : null;
    if (lm && logProbs) {
      const words = await lm(logProbs, offsetSec).catch(() => null);
      if (words) return { words, flags: [...flags, 'lm'] };
    }
    return { words: wordsFromResult(result, offsetSec, samples.length / 16000), flags };
  };
}

/**
 * Words with times from a decoder's text. The final model's own word times are not
 * carried through the contract; word boundaries come from the text and times are
 * spread over the utterance in proportion to word length.
 */
export function wordsFromResult(result: UtteranceResult, offsetSec: number, durationSec: number): WordResult[] {
  const words = result.text.split(/\s+/).filter(Boolean);
  const total = words.reduce((n, w) => n + w.length, 0);
  const r3 = (x: number): number => Math.round(x * 1000) / 1000;
  let at = 0;
  return words.map((word) => {
    const start = offsetSec + (durationSec * at) / total;
    at += word.length;
    return { word, start: r3(start), end: r3(offsetSec + (durationSec * at) / total), conf: 1 };
  });
}
