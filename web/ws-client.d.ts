/** Types for ws-client.js (plain JS so browsers load it without a build step). */
export interface RecognisedWord {
  word: string;
  start: number;
  end: number;
  conf: number;
}

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export type ServerEvent =
  | { type: 'partial'; text: string }
  | { type: 'final'; text: string; words: RecognisedWord[] }
  | { type: 'server-error'; code: string; message: string };

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
}

export declare const DEFAULTS: Readonly<AsrClientTuning>;

export declare function parseServerMessage(data: string): ServerEvent | null;

export declare class AsrClient {
  constructor(options: AsrClientOptions);
  readonly state: ConnectionState;
  start(): void;
  sendAudio(pcm: ArrayBuffer): void;
  reset(): void;
  end(): Promise<void>;
  abort(): void;
}
