/**
 * What goes into a dictation session and what comes out, as discriminated
 * unions on `type`. The transport (http/asr-socket.ts) decodes the wire into
 * DictationInput and encodes DictationEvent back (http/asr-protocol.ts).
 */
import type { WordResult } from '../asr/types.ts';
import type { DiktatsError } from '../errors.ts';
import type { FormClientMessage, FormServerMessage } from '../forms/form-messages.ts';

/** A text message, decoded. Binary audio goes to `pushPcm16` instead. */
export type DictationInput =
  | { readonly type: 'config'; readonly sampleRate: number | null }
  | { readonly type: 'eof' }
  | { readonly type: 'reset' }
  | { readonly type: 'form'; readonly message: FormClientMessage }
  /** a message the transport could not decode: answered in order and counted as bad input */
  | { readonly type: 'invalid'; readonly error: DiktatsError };

/** One stored final utterance, as the Diktāts extension of a vosk result carries it. */
export interface UtteranceExtension {
  readonly seq: number;
  readonly start: number;
  readonly end: number;
  readonly reason: string;
  /** recogniser output, spoken form */
  readonly raw: string;
  /** written form after post-correction (numbers, dates, codes, punctuation, names) */
  readonly corrected: string;
  readonly corrections: readonly object[];
}

/** Close codes the session asks for: 1000 after eof, 1008 bad input, 1011 our failure. */
export type DictationCloseCode = 1000 | 1008 | 1011;

export type DictationEvent =
  | { readonly type: 'partial'; readonly text: string }
  | { readonly type: 'final'; readonly words: readonly WordResult[]; readonly text: string; readonly utterances: readonly UtteranceExtension[] }
  | { readonly type: 'form'; readonly message: FormServerMessage }
  | { readonly type: 'error'; readonly error: DiktatsError }
  /** the session is over; the transport closes the socket with this code */
  | { readonly type: 'close'; readonly code: DictationCloseCode; readonly reason: string };
