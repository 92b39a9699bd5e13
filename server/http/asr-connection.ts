/**
 * One /ws/asr connection: adapts vosk-protocol messages to a StreamSession and
 * stores every final. Messages are handled strictly in arrival order; audio not
 * yet decoded is bounded by `maxBacklogSec`, past which a frame is refused with
 * an error reply (it still gets exactly one reply) instead of queueing forever.
 *
 * While a dictation form is open (FormSession.meter), it also measures for
 * that form's record: audio seconds received, the stream's processing time,
 * and each reply's server-side latency (binary frame in → partial/final sent).
 */
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { DiktatsError, isDiktatsError } from '../errors.ts';
import { pcm16ToFloat32 } from '../audio/pcm.ts';
import { PolyphaseResampler } from '../audio/resample.ts';
import type { StreamSession, FinalResult } from '../asr/stream-session.ts';
import type { AsrSessionRepository } from '../storage/asr-session-repository.ts';
import type { CorrectedTranscript } from '../correction/pipeline.ts';
import type { FormSession } from '../forms/form-session.ts';
import { parseFormClientMessage } from '../forms/form-messages.ts';
import { errorReply, finalReply, parseClientText, partialReply, type UtteranceExtension } from './asr-protocol.ts';

export interface SocketLike {
  send(data: string): void;
  close(code: number, reason: string): void;
}

export interface LoggerLike {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ConnectionDeps {
  readonly createStream: () => StreamSession;
  readonly modelId: string;
  readonly sessions: AsrSessionRepository;
  readonly userId: number;
  readonly maxBacklogSec: number;
  readonly log: LoggerLike;
  readonly client: string;
  /** post-correction of a final's spoken text */
  readonly correct: (spokenText: string) => CorrectedTranscript;
  /** the voice-filled form extension, created for this connection's session id */
  readonly createFormSession: (asrSessionId: string) => FormSession;
}

/** Protocol errors tolerated before the stream is considered unusable (close 1008). */
const MAX_ERRORS = 20;

export class AsrConnection {
  private sampleRate = SAMPLE_RATE;
  private resampler: PolyphaseResampler | null = null;
  private stream: StreamSession | null = null;
  private readonly sessionId: string;
  private chain: Promise<void> = Promise.resolve();
  private backlogSec = 0;
  private errors = 0;
  private closed = false;
  private ended = false;
  private receivedSec = 0;
  private readonly form: FormSession;

  constructor(
    private readonly socket: SocketLike,
    private readonly deps: ConnectionDeps,
  ) {
    this.sessionId = deps.sessions.start({ userId: deps.userId, modelId: deps.modelId, client: deps.client, sampleRate: SAMPLE_RATE });
    this.form = deps.createFormSession(this.sessionId);
    deps.log.info({ session: this.sessionId }, 'asr session started');
  }

  get id(): string {
    return this.sessionId;
  }

  /** Entry point for every websocket message. */
  onMessage(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    if (this.ended) return;
    const bytes = toBytes(data);
    if (!isBinary) {
      this.enqueue(() => this.onText(bytes.toString('utf8')));
      return;
    }
    if (bytes.length % 2 !== 0) {
      // Reply in order with the others, but do not queue the audio.
      this.enqueue(async () => this.replyError(new DiktatsError('AUDIO_ERR_ODD_BYTES', `${bytes.length} bytes`)));
      return;
    }
    const seconds = bytes.length / 2 / this.sampleRate;
    if (this.backlogSec + seconds > this.deps.maxBacklogSec) {
      this.enqueue(async () =>
        this.replyError(new DiktatsError('ASR_ERR_BACKLOG', `more than ${this.deps.maxBacklogSec} s of audio waiting; this frame was dropped`)),
      );
      return;
    }
    this.backlogSec += seconds;
    const arrivedAt = performance.now();
    // Copy now: ws may reuse the buffer once this handler returns.
    const samples = pcm16ToFloat32(new Uint8Array(bytes));
    this.enqueue(async () => {
      try {
        await this.onAudio(samples, arrivedAt);
      } finally {
        this.backlogSec -= seconds;
      }
    });
  }

  /** The socket closed (client left or server shutting down): keep what was said. */
  onClose(): Promise<void> {
    this.closed = true;
    return this.enqueue(async () => {
      if (this.ended) return;
      if (this.stream && (this.stream.speaking || this.stream.audioSec > 0)) {
        const stream = this.stream;
        const final = await this.measured(stream, () => stream.finish('disconnect'));
        this.sendFinals([final]); // stored; the send is skipped on a closed socket
      }
      this.end('disconnect');
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((err: unknown) => this.onFailure(err));
    return this.chain;
  }

  private async onText(text: string): Promise<void> {
    let msg;
    try {
      msg = parseClientText(text);
    } catch (err) {
      if (isDiktatsError(err)) return this.replyError(err);
      throw err;
    }
    if (msg.type === 'extension') {
      let formMsg;
      try {
        formMsg = parseFormClientMessage(msg.message);
      } catch (err) {
        if (isDiktatsError(err)) return this.replyError(err);
        throw err;
      }
      if (!formMsg) return this.replyError(new DiktatsError('WS_ERR_UNKNOWN_MESSAGE', `type ${JSON.stringify(msg.message.type)}`));
      for (const out of this.form.handleMessage(formMsg)) this.send(JSON.stringify(out));
      return;
    }
    if (msg.type === 'config') {
      if (msg.sampleRate !== null && msg.sampleRate !== this.sampleRate) {
        // A rate change mid-stream would split samples across two resamplers; vosk
        // clients send config first, so refuse it late instead of guessing.
        if (this.receivedSec > 0) return this.replyError(new DiktatsError('WS_ERR_CONFIG_LATE', `sample_rate ${msg.sampleRate}`));
        this.sampleRate = msg.sampleRate;
        this.resampler = msg.sampleRate === SAMPLE_RATE ? null : new PolyphaseResampler(msg.sampleRate, SAMPLE_RATE);
        this.deps.sessions.setSampleRate(this.sessionId, msg.sampleRate);
      }
      return; // vosk sends no reply to a valid config
    }
    const stream = this.ensureStream();
    const finals: FinalResult[] = [];
    const kind = msg.type;
    await this.measured(stream, async () => {
      if (this.resampler) {
        // The resampler holds back a few samples; a reset continues on a fresh one.
        finals.push(...(await stream.push(this.resampler.flush())).finals);
        this.resampler = new PolyphaseResampler(this.sampleRate, SAMPLE_RATE);
      }
      finals.push(await stream.finish(kind));
    });
    this.sendFinals(finals);
    if (msg.type === 'eof') {
      this.end('eof');
      this.socket.close(1000, 'eof');
    }
  }

  private async onAudio(samples: Float32Array, arrivedAt: number): Promise<void> {
    const stream = this.ensureStream();
    const seconds = samples.length / this.sampleRate;
    this.receivedSec += seconds;
    const result = await this.measured(stream, () => stream.push(this.resampler ? this.resampler.push(samples) : samples));
    this.form.meter?.addAudio(seconds);
    if (result.finals.length > 0) {
      this.sendFinals(result.finals, arrivedAt);
    } else {
      this.send(partialReply(result.partial));
      this.replied(arrivedAt);
    }
  }

  /**
   * Runs one stream call and credits the stream's processing time during it to
   * the open form, if any. Calls run one at a time (the chain), so the
   * difference belongs to this call alone.
   */
  private async measured<T>(stream: StreamSession, call: () => Promise<T>): Promise<T> {
    const before = stream.processingMs;
    const result = await call();
    this.form.meter?.addProcessing(stream.processingMs - before);
    return result;
  }

  /** A reply to the audio frame that arrived at `arrivedAt` (performance.now()) has just been sent. */
  private replied(arrivedAt: number | undefined): void {
    if (arrivedAt === undefined || this.closed) return;
    this.form.meter?.addReplyLatency(performance.now() - arrivedAt);
  }

  /**
   * Stores the finals with their corrected text and sends them as one vosk
   * result (one reply per message); form updates follow as typed messages.
   * `arrivedAt`: when the audio frame this replies to arrived, for its latency
   * (absent for finals forced by eof/reset/disconnect).
   */
  private sendFinals(finals: readonly FinalResult[], arrivedAt?: number): void {
    const ext: UtteranceExtension[] = [];
    for (const f of finals) {
      if (f.audioSec === 0 && f.text === '') continue;
      const c = f.text === '' ? { corrected: '', corrections: [] } : this.deps.correct(f.text);
      const row = this.deps.sessions.addUtterance(this.sessionId, {
        startSec: f.startSec,
        endSec: f.endSec,
        audioSec: f.audioSec,
        processingMs: f.processingMs,
        text: f.text,
        words: f.words,
        endReason: f.reason,
        correctedText: c.corrected,
        corrections: c.corrections,
      });
      ext.push({ seq: row.seq, start: f.startSec, end: f.endSec, reason: f.reason, raw: f.text, corrected: c.corrected, corrections: c.corrections });
    }
    const words = finals.flatMap((f) => f.words);
    const text = finals.map((f) => f.text).filter((t) => t.length > 0).join(' ');
    this.send(finalReply(words, text, { utterances: ext }));
    this.replied(arrivedAt);
    for (const f of finals) {
      if (f.text === '') continue;
      for (const out of this.form.handleFinal(f.text)) this.send(JSON.stringify(out));
    }
  }

  private ensureStream(): StreamSession {
    if (!this.stream) this.stream = this.deps.createStream();
    return this.stream;
  }

  private send(text: string): void {
    if (!this.closed) this.socket.send(text);
  }

  private replyError(err: DiktatsError): void {
    this.errors++;
    this.send(errorReply(err));
    if (this.errors > MAX_ERRORS && !this.closed) {
      this.deps.log.warn({ session: this.sessionId, errors: this.errors }, 'closing asr session after repeated bad input');
      this.end('bad-input');
      this.socket.close(1008, 'too many invalid messages');
    }
  }

  private onFailure(err: unknown): void {
    const e = isDiktatsError(err) ? err : new DiktatsError('ASR_ERR_INFERENCE', undefined, { cause: err });
    this.deps.log.error({ session: this.sessionId, code: e.code, err: isDiktatsError(err) ? undefined : String(err) }, 'asr session failed');
    if (e.code === 'ASR_ERR_BACKLOG') return this.replyError(e);
    this.send(errorReply(e));
    if (!this.closed && !this.ended) {
      this.end('error');
      this.socket.close(1011, 'recognition failed');
    }
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stream?.close();
    try {
      this.form.flush(); // what was measured since the form's last autosave
    } catch (err) {
      const code = isDiktatsError(err) ? err.code : undefined;
      this.deps.log.warn({ session: this.sessionId, record: this.form.recordId, code }, 'form recogniser figures not stored');
    }
    this.deps.sessions.end(this.sessionId, reason, Math.round(this.receivedSec * 1000) / 1000);
    this.deps.log.info({ session: this.sessionId, reason, audioSec: Math.round(this.receivedSec * 10) / 10 }, 'asr session ended');
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

