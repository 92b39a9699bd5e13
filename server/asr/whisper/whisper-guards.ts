/**
 * Guards against Whisper's known failure modes, after openai-whisper's transcribe():
 * a repetition loop (checked while decoding), a text that compresses too well
 * (compression ratio, zlib), a low average log-probability, and the no-speech
 * probability at <|startoftranscript|>. Pure.
 */
import { deflateSync } from 'node:zlib';

export type WhisperFlag = 'no-speech' | 'low-logprob' | 'compression-ratio' | 'repetition' | 'max-length' | 'temperature-fallback';

/** Signs of a hallucinated text (a loop, text that compresses too well, no end of text):
 * a two-pass caller should then keep the first pass's text. `low-logprob` alone is not one. */
export const UNRELIABLE_FLAGS: readonly WhisperFlag[] = Object.freeze(['compression-ratio', 'repetition', 'max-length']);

export const isUnreliable = (flags: readonly string[]): boolean => flags.some((f) => (UNRELIABLE_FLAGS as readonly string[]).includes(f));

export interface GuardThresholds {
  /** openai-whisper's defaults: 0.6, -1.0, 2.4 */
  readonly noSpeechThreshold: number;
  readonly logprobThreshold: number;
  readonly compressionRatioThreshold: number;
}

export const DEFAULT_GUARDS: GuardThresholds = Object.freeze({
  noSpeechThreshold: 0.6,
  logprobThreshold: -1.0,
  compressionRatioThreshold: 2.4,
});

/**
 * If the tail of `tokens` is one n-gram (n <= maxN) repeated back to back at least
 * max(3, ceil(minSpan / n)) times, the length to keep (up to the end of its first
 * copy); else null. Smallest n first. ("ļoti ļoti" survives; twelve "la" do not.)
 */
export function loopCut(tokens: readonly number[], maxN = 8, minSpan = 12): number | null {
  for (let n = 1; n <= maxN; n++) {
    const need = Math.max(3, Math.ceil(minSpan / n));
    if (tokens.length < n * need) continue;
    const end = tokens.length;
    let reps = 1;
    outer: while (end >= n * (reps + 1)) {
      for (let i = 0; i < n; i++) if (tokens[end - n * (reps + 1) + i] !== tokens[end - n + i]) break outer;
      reps++;
    }
    if (reps >= need) return end - n * (reps - 1);
  }
  return null;
}

/** UTF-8 bytes / zlib-compressed bytes; 0 for empty text. Looping text scores high. */
export function compressionRatio(text: string): number {
  const data = Buffer.from(text, 'utf8');
  return data.length === 0 ? 0 : data.length / deflateSync(data).length;
}

export interface WindowVerdict {
  /** true: treat the window as silence and drop its text */
  readonly silent: boolean;
  readonly flags: WhisperFlag[];
}

/** openai-whisper's rule: silent when no-speech > threshold and the text is also unsure. */
export function judgeWindow(
  r: { readonly text: string; readonly avgLogprob: number; readonly noSpeechProb: number | null },
  t: GuardThresholds = DEFAULT_GUARDS,
): WindowVerdict {
  const flags: WhisperFlag[] = [];
  const lowLogprob = r.avgLogprob < t.logprobThreshold;
  if (r.noSpeechProb !== null && r.noSpeechProb > t.noSpeechThreshold && lowLogprob) return { silent: true, flags: ['no-speech'] };
  if (lowLogprob) flags.push('low-logprob');
  if (compressionRatio(r.text) > t.compressionRatioThreshold) flags.push('compression-ratio');
  return { silent: false, flags };
}
