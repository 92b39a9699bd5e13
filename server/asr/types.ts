/**
 * Types every part of recognition shares: the model's vocabulary, a recognised
 * word, and a block of per-frame log-probabilities handed from the acoustic
 * model to a decoder (greedy, beam search, the beam worker).
 */

export interface TokenTable {
  readonly tokens: readonly string[];
  readonly blankId: number;
  readonly wordDelimiter: string | null;
  readonly wordStartPrefix: string | null;
  readonly specialTokens: readonly number[];
}

export interface WordResult {
  readonly word: string;
  /** seconds from the start of the stream */
  readonly start: number;
  readonly end: number;
  /** 0..1 */
  readonly conf: number;
}

/** Row-major [frames][vocab] log-probabilities of the acoustic model's output. */
export interface LogProbMatrix {
  readonly data: Float32Array;
  readonly frames: number;
  readonly vocab: number;
}
