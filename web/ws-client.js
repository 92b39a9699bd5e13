/**
 * WebSocket client for /ws/asr, speaking the vosk-server protocol:
 *   -> text {"config":{"sample_rate":16000}} once per connection
 *   -> binary 16-bit little-endian mono PCM frames
 *   <- one JSON text reply per frame: {"partial":"…"} or {"result":[…],"text":"…"}
 *   -> {"reset":1} forces a final; {"eof":1} asks for the last final, then the server closes
 *   <- {"error":{"code","message"}} at any time; close 1008/1009 when the stream is unusable
 * plus the Diktāts extensions: a final's "diktats.utterances" (raw and corrected
 * text), and typed form messages both ways ({"type":"form.…"}, see server/forms/README.md).
 *
 * If the socket drops mid-dictation the client reconnects with exponential
 * backoff and keeps at most `maxBufferMs` of audio meanwhile, dropping the
 * oldest and saying so. No DOM here: the UI listens to events, and tests inject
 * a WebSocket implementation.
 *
 * Events passed to `onEvent` (discriminated on `type`):
 *   { type: 'state', state: 'connecting'|'open'|'reconnecting'|'closed', attempt?, delayMs? }
 *   { type: 'partial', text }
 *   { type: 'final', text, words, utterances? }  words: [{word,start,end,conf}];
 *                                            utterances: [{raw, corrected}] from a Diktāts server
 *   { type: 'form.opened' | 'form.update' | 'form.saved', ... }  the server's form message as sent
 *   { type: 'server-error', code, message }  the connection may stay open
 *   { type: 'dropped', droppedMs }           audio lost during the current outage, cumulative
 *   { type: 'failed', reason: 'unreachable'|'rejected', closeCode? }  gave up; dictation is over
 */

const CLOSE_POLICY_VIOLATION = 1008;
const CLOSE_MESSAGE_TOO_BIG = 1009;
const BYTES_PER_SAMPLE = 2;

/** Defaults; every one can be overridden through the constructor options. */
export const DEFAULTS = Object.freeze({
  sampleRate: 16000,
  /** Audio kept while reconnecting; older audio is dropped. */
  maxBufferMs: 5000,
  /** Queue locally instead of piling onto a slow socket past this. */
  maxSocketBufferedMs: 1000,
  initialDelayMs: 500,
  maxDelayMs: 8000,
  /** Attempts after a drop, once a connection had opened in this dictation. */
  maxReconnectAttempts: 8,
  /** Attempts when the very first connection fails: fail fast, the user is waiting. */
  maxInitialAttempts: 2,
  connectTimeoutMs: 5000,
  /** How long end() waits for the server's last final and close. */
  endTimeoutMs: 10000,
  /** Text messages (form edits) kept while the socket is down; past this the oldest go. */
  maxQueuedMessages: 100,
});

const FORM_SERVER_TYPES = new Set(['form.opened', 'form.update', 'form.saved']);

/** The Diktāts extension of a final: each utterance's spoken and written form. */
function readUtterances(ext) {
  if (!ext || typeof ext !== 'object' || !Array.isArray(ext.utterances)) return undefined;
  return ext.utterances
    .filter((u) => u && typeof u === 'object' && typeof u.raw === 'string')
    .map((u) => ({ raw: u.raw.trim(), corrected: typeof u.corrected === 'string' ? u.corrected.trim() : u.raw.trim() }));
}

/**
 * Parses one text message from the server into a client event, or null for
 * messages this client does not use. Unknown keys are ignored, so server
 * extensions (e.g. "type", "corrected") do not break the client.
 * @param {string} data
 */
export function parseServerMessage(data) {
  let msg;
  try {
    msg = JSON.parse(data);
  } catch {
    return null;
  }
  if (msg === null || typeof msg !== 'object') return null;
  const err = msg.error && typeof msg.error === 'object' ? msg.error : null;
  if (err) {
    return { type: 'server-error', code: String(err.code ?? 'UNKNOWN'), message: String(err.message ?? '') };
  }
  if (FORM_SERVER_TYPES.has(msg.type)) return msg;
  if (Array.isArray(msg.result) || (typeof msg.text === 'string' && !('partial' in msg))) {
    const words = Array.isArray(msg.result) ? msg.result : [];
    const text = typeof msg.text === 'string' ? msg.text : words.map((w) => w.word).join(' ');
    const utterances = readUtterances(msg.diktats);
    return utterances ? { type: 'final', text: text.trim(), words, utterances } : { type: 'final', text: text.trim(), words };
  }
  if (typeof msg.partial === 'string') return { type: 'partial', text: msg.partial.trim() };
  return null;
}

export class AsrClient {
  /**
   * @param {object} options
   * @param {string} options.url                    ws(s)://host/ws/asr
   * @param {(event: object) => void} options.onEvent
   * @param {typeof WebSocket} [options.WebSocketImpl]
   * @param {() => object[]} [options.greeting]  messages sent after the config on every
   *   (re)connect, e.g. form.open, so server-side state survives a reconnect
   */
  constructor({ url, onEvent, WebSocketImpl = globalThis.WebSocket, greeting = () => [], ...overrides }) {
    this.url = url;
    this.onEvent = onEvent;
    this.greeting = greeting;
    /** @type {{ message: object, key: string | undefined }[]} text messages waiting for an open socket */
    this.messages = [];
    /** @type {object[]} messages left in the queue when the client closed */
    this.undelivered = [];
    this.WebSocketImpl = WebSocketImpl;
    this.options = { ...DEFAULTS, ...overrides };
    this.bytesPerMs = (this.options.sampleRate * BYTES_PER_SAMPLE) / 1000;
    this.state = 'closed';
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {ArrayBuffer[]} frames waiting for an open socket */
    this.queue = [];
    this.queuedBytes = 0;
    this.droppedBytes = 0;
    this.attempt = 0;
    this.everOpened = false;
    this.ending = false;
    /** Connect timeout or reconnect delay; one at a time. */
    this.timer = null;
    this.endTimer = null;
    this.endWaiter = null;
  }

  /** Opens the first connection of a dictation. */
  start() {
    if (this.state !== 'closed') return;
    this.ending = false;
    this.everOpened = false;
    this.attempt = 0;
    this.#connect();
  }

  /** Sends one PCM frame, or queues it (bounded) while the socket is not ready. */
  sendAudio(pcm) {
    if (this.state === 'closed' || this.ending) return;
    this.#enqueue(pcm);
    this.#drain();
  }

  /**
   * Sends a JSON text message now, or after the next (re)connect's greeting;
   * false when no dictation is running (or it is ending), so the caller can
   * take another route.
   * A queued message with the same `key` is replaced (the newest edit of a
   * field is the one that counts), so the queue stays small.
   */
  sendMessage(message, key) {
    // After end() the server stops reading once it has the eof; the caller keeps the message.
    if (this.state === 'closed' || this.ending) return false;
    // A socket that is closing (its onclose not yet run) would drop it silently: queue it for the reconnect.
    if (this.state === 'open' && this.socket?.readyState === 1) {
      this.socket.send(JSON.stringify(message));
      return true;
    }
    const at = key === undefined ? -1 : this.messages.findIndex((m) => m.key === key);
    if (at >= 0) this.messages.splice(at, 1);
    this.messages.push({ message, key });
    if (this.messages.length > this.options.maxQueuedMessages) this.messages.shift();
    return true;
  }

  /** Text messages that never reached a socket (the dictation ended during an outage). */
  takeUndelivered() {
    return this.undelivered.splice(0);
  }

  /** Asks the server for a final now; the session continues. */
  reset() {
    if (this.state === 'open') this.socket.send(JSON.stringify({ reset: 1 }));
  }

  /**
   * Sends the queued audio and {"eof":1}, then waits for the server's last
   * final and close. Resolves in every case; never waits longer than
   * endTimeoutMs (plus connectTimeoutMs when a reconnect is under way).
   */
  end() {
    if (this.state === 'closed') return Promise.resolve();
    this.ending = true;
    return new Promise((resolve) => {
      this.endWaiter = resolve;
      const waitMs = this.options.endTimeoutMs + (this.state === 'open' ? 0 : this.options.connectTimeoutMs);
      this.endTimer = setTimeout(() => this.#finish(), waitMs);
      // While (re)connecting, #onOpen sends the eof once the socket opens.
      if (this.state === 'open') this.#sendEof();
    });
  }

  /** Drops the connection and all queued audio at once. */
  abort() {
    this.ending = true;
    this.#finish();
  }

  #connect() {
    this.#clearTimer();
    this.#setState(this.everOpened || this.attempt > 0 ? 'reconnecting' : 'connecting');
    let socket;
    try {
      socket = new this.WebSocketImpl(this.url);
    } catch {
      this.#onClose({ code: 1006 });
      return;
    }
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    // A connection that neither opens nor fails (black-holed network) is retried.
    this.timer = setTimeout(() => socket.close(), this.options.connectTimeoutMs);
    socket.onopen = () => this.#onOpen(socket);
    socket.onmessage = (event) => {
      if (socket !== this.socket || typeof event.data !== 'string') return;
      const parsed = parseServerMessage(event.data);
      if (parsed) this.onEvent(parsed);
    };
    socket.onclose = (event) => {
      if (socket === this.socket) this.#onClose(event);
    };
    // onerror is always followed by onclose, which decides what to do.
    socket.onerror = () => {};
  }

  #onOpen(socket) {
    if (socket !== this.socket) return;
    this.#clearTimer();
    this.everOpened = true;
    this.attempt = 0;
    socket.send(JSON.stringify({ config: { sample_rate: this.options.sampleRate } }));
    for (const message of this.greeting()) socket.send(JSON.stringify(message));
    for (const { message } of this.messages.splice(0)) socket.send(JSON.stringify(message));
    this.#setState('open');
    if (this.droppedBytes > 0) this.droppedBytes = 0; // that outage is over and reported
    this.#drain();
    if (this.ending) this.#sendEof();
  }

  #onClose(event) {
    this.#clearTimer();
    this.socket = null;
    if (this.state === 'closed') return;
    if (this.ending && this.everOpened && this.queuedBytes === 0) {
      this.#finish();
      return;
    }
    const code = event?.code;
    if (code === CLOSE_POLICY_VIOLATION || code === CLOSE_MESSAGE_TOO_BIG) {
      this.onEvent({ type: 'failed', reason: 'rejected', closeCode: code });
      this.#finish();
      return;
    }
    this.attempt += 1;
    const limit = this.everOpened ? this.options.maxReconnectAttempts : this.options.maxInitialAttempts;
    if (this.attempt > limit) {
      this.onEvent({ type: 'failed', reason: 'unreachable', closeCode: code });
      this.#finish();
      return;
    }
    const base = Math.min(this.options.maxDelayMs, this.options.initialDelayMs * 2 ** (this.attempt - 1));
    // Jitter spreads the reconnects of many clerks after a server restart.
    const delayMs = Math.round(base * (0.75 + Math.random() * 0.5));
    this.#setState('reconnecting', { attempt: this.attempt, delayMs });
    this.timer = setTimeout(() => this.#connect(), delayMs);
  }

  #enqueue(pcm) {
    this.queue.push(pcm);
    this.queuedBytes += pcm.byteLength;
    const maxBytes = this.options.maxBufferMs * this.bytesPerMs;
    let dropped = false;
    while (this.queuedBytes > maxBytes && this.queue.length > 1) {
      const old = this.queue.shift();
      this.queuedBytes -= old.byteLength;
      this.droppedBytes += old.byteLength;
      dropped = true;
    }
    if (dropped) this.onEvent({ type: 'dropped', droppedMs: Math.round(this.droppedBytes / this.bytesPerMs) });
  }

  #drain() {
    if (this.state !== 'open') return;
    const limit = this.options.maxSocketBufferedMs * this.bytesPerMs;
    while (this.queue.length > 0 && this.socket.bufferedAmount < limit) {
      const pcm = this.queue.shift();
      this.queuedBytes -= pcm.byteLength;
      this.socket.send(pcm);
    }
  }

  #sendEof() {
    if (this.state !== 'open') return; // a reconnect will call again from #onOpen
    this.#drain();
    if (this.queue.length > 0) {
      // The socket is backed up; send the rest as room frees, then the eof.
      setTimeout(() => this.#sendEof(), 50);
      return;
    }
    this.socket.send(JSON.stringify({ eof: 1 }));
  }

  #finish() {
    this.#clearTimer();
    if (this.endTimer !== null) clearTimeout(this.endTimer);
    this.endTimer = null;
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= 1) socket.close(1000);
    this.queue = [];
    this.queuedBytes = 0;
    this.droppedBytes = 0;
    this.undelivered.push(...this.messages.splice(0).map((m) => m.message));
    if (this.state !== 'closed') this.#setState('closed');
    const waiter = this.endWaiter;
    this.endWaiter = null;
    waiter?.();
  }

  #setState(state, extra = {}) {
    this.state = state;
    this.onEvent({ type: 'state', state, ...extra });
  }

  #clearTimer() {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
