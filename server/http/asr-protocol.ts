/**
 * The vosk-server WebSocket protocol, parsed and formatted, and the mapping
 * between it and the dictation session's inputs and events. Pure.
 *
 * Client text messages: {"config":{"sample_rate":N}}, {"eof":1}, {"reset":1}.
 * Server replies: {"partial":"…"} or {"result":[{word,start,end,conf}],"text":"…"};
 * errors {"error":{"code","message"}}. Diktāts extensions live under the
 * "diktats" key, which vosk clients ignore.
 */
import { DiktatsError, isDiktatsError } from '../errors.ts';
import { MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from '../audio/sample-rate.ts';
import type { WordResult } from '../asr/types.ts';
import type { DictationEvent, DictationInput, UtteranceExtension } from '../dictation/events.ts';
import { parseFormClientMessage } from '../forms/form-messages.ts';

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

export interface FinalExtension {
  readonly utterances: readonly UtteranceExtension[];
}

export function partialReply(text: string): string {
  return JSON.stringify({ partial: text });
}

export function finalReply(words: readonly WordResult[], text: string, ext?: FinalExtension): string {
  return JSON.stringify(ext ? { result: words, text, diktats: ext } : { result: words, text });
}

/** The socket's one error shape (vosk-style), form errors included. */
export function errorReply(err: DiktatsError): string {
  return JSON.stringify({ error: { code: err.code, message: err.message } });
}

/** A text message → the session's input; what cannot be decoded becomes an `invalid` input with its coded error. */
export function decodeClientText(text: string): DictationInput {
  try {
    const msg = parseClientText(text);
    if (msg.type !== 'extension') return msg;
    const form = parseFormClientMessage(msg.message);
    if (!form) return { type: 'invalid', error: new DiktatsError('WS_ERR_UNKNOWN_MESSAGE', `type ${JSON.stringify(msg.message.type)}`) };
    return { type: 'form', message: form };
  } catch (err) {
    if (isDiktatsError(err)) return { type: 'invalid', error: err };
    throw err;
  }
}

/** A session event → the text frame to send; `close` events are not sent but acted on by the socket. */
export function encodeEvent(event: Exclude<DictationEvent, { type: 'close' }>): string {
  switch (event.type) {
    case 'partial':
      return partialReply(event.text);
    case 'final':
      return finalReply(event.words, event.text, { utterances: event.utterances });
    case 'form':
      return JSON.stringify(event.message);
    case 'error':
      return errorReply(event.error);
  }
}
