/** Types for ws-client.js (plain JS so browsers load it without a build step). */
export interface RecognisedWord {
  word: string;
  start: number;
  end: number;
  conf: number;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** One utterance of a final as a Diktāts server sends it: spoken and written form. */
export interface UtteranceText {
  raw: string;
  corrected: string;
}

export type FieldValue = string | number;

export interface FieldIssue {
  field: string;
  code: string;
  message: string;
}

/** The form messages of server/forms/form-messages.ts, as the client receives them. */
export type FormServerEvent =
  | { type: 'form.opened'; form: string; record: number; status: 'draft' | 'saved'; fields: Record<string, FieldValue>; issues: FieldIssue[]; focus: string }
  | {
      type: 'form.update';
      form: string;
      record: number;
      seq: number;
      fields: Record<string, FieldValue | null>;
      issues: FieldIssue[];
      focus: string;
      saved: boolean;
      commands: string[];
    }
  | { type: 'form.saved'; form: string; record: number; status: 'saved'; savedAt?: string; issues: FieldIssue[] };

export type FormClientMessage =
  | { type: 'form.open'; form: string; record?: number; mode?: 'dictation' | 'manual' }
  | { type: 'form.focus'; field: string }
  | { type: 'form.edit'; field: string; value: FieldValue | null }
  | { type: 'form.save' }
  | { type: 'form.close' };

export type ServerEvent =
  | { type: 'partial'; text: string }
  | { type: 'final'; text: string; words: RecognisedWord[]; utterances?: UtteranceText[] }
  | { type: 'server-error'; code: string; message: string }
  | FormServerEvent;

export type AsrClientEvent =
  | ServerEvent
  | { type: 'state'; state: ConnectionState; attempt?: number; delayMs?: number }
  | { type: 'dropped'; droppedMs: number }
  | { type: 'failed'; reason: 'unreachable' | 'rejected'; closeCode?: number };

export interface AsrClientTuning {
  sampleRate: number;
  maxBufferMs: number;
  maxSocketBufferedMs: number;
  initialDelayMs: number;
  maxDelayMs: number;
  maxReconnectAttempts: number;
  maxInitialAttempts: number;
  connectTimeoutMs: number;
  endTimeoutMs: number;
  maxQueuedMessages: number;
}

/** The subset of the WHATWG WebSocket the client uses (the `ws` package fits too). */
export interface WebSocketLike {
  binaryType: string;
  readonly bufferedAmount: number;
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(code?: number): void;
}

export interface AsrClientOptions extends Partial<AsrClientTuning> {
  url: string;
  onEvent: (event: AsrClientEvent) => void;
  WebSocketImpl?: new (url: string) => WebSocketLike;
  /** Sent after the config on every (re)connect. */
  greeting?: () => FormClientMessage[];
}

export declare const DEFAULTS: Readonly<AsrClientTuning>;

export declare function parseServerMessage(data: string): ServerEvent | null;

export declare class AsrClient {
  constructor(options: AsrClientOptions);
  readonly state: ConnectionState;
  start(): void;
  sendAudio(pcm: ArrayBuffer): void;
  /** Sends now, or queues until the next open (replacing a queued message with the same key); false when closed or ending. */
  sendMessage(message: FormClientMessage, key?: string): boolean;
  takeUndelivered(): FormClientMessage[];
  reset(): void;
  end(): Promise<void>;
  abort(): void;
}
