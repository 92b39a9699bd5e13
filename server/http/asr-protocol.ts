/**
 * The vosk-server WebSocket protocol, parsed and formatted. Pure.
 *
 * Client text messages: {"config":{"sample_rate":N}}, {"eof":1}, {"reset":1}.
 * Server replies: {"partial":"…"} or {"result":[{word,start,end,conf}],"text":"…"};
 * errors {"error":{"code","message"}}. Diktāts extensions live under the
 * "diktats" key, which vosk clients ignore.
 */
import { DiktatsError } from '../errors.ts';
import { MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from '../audio/sample-rate.ts';
import type { WordResult } from '../asr/types.ts';

export type ClientMessage =
  | { readonly type: 'config'; readonly sampleRate: number | null }
  /** a Diktāts extension message ({"type":"form.…"}), handed on as parsed JSON */
  | { readonly type: 'extension'; readonly message: Record<string, unknown> }
  | { readonly type: 'eof' }
  | { readonly type: 'reset' };

export function parseClientText(text: string): ClientMessage {
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    throw new DiktatsError('WS_ERR_BAD_JSON', `could not parse ${JSON.stringify(text.slice(0, 40))}`);
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) {
    throw new DiktatsError('WS_ERR_UNKNOWN_MESSAGE', 'expected a JSON object');
  }
  const m = msg as Record<string, unknown>;
  if (typeof m.type === 'string') return { type: 'extension', message: m };
  if ('config' in m) {
    const config = m.config;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      throw new DiktatsError('WS_ERR_UNKNOWN_MESSAGE', '"config" must be an object');
    }
    const rate = (config as Record<string, unknown>).sample_rate;
    if (rate === undefined) return { type: 'config', sampleRate: null };
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate < MIN_SAMPLE_RATE || rate > MAX_SAMPLE_RATE) {
      throw new DiktatsError('AUDIO_ERR_SAMPLE_RATE', `got ${JSON.stringify(rate)}`);
    }
    return { type: 'config', sampleRate: Math.round(rate) };
  }
  if ('eof' in m) return { type: 'eof' };
  if ('reset' in m) return { type: 'reset' };
  throw new DiktatsError('WS_ERR_UNKNOWN_MESSAGE', `keys: ${Object.keys(m).slice(0, 5).join(', ') || 'none'}`);
}

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

export interface FinalExtension {
  readonly utterances: readonly UtteranceExtension[];
}

export function partialReply(text: string): string {
  return JSON.stringify({ partial: text });
}

export function finalReply(words: readonly WordResult[], text: string, ext?: FinalExtension): string {
  return JSON.stringify(ext ? { result: words, text, diktats: ext } : { result: words, text });
}

export function errorReply(err: DiktatsError): string {
  return JSON.stringify({ error: { code: err.code, message: err.message } });
}
