/**
 * One socket's dictation: audio in, events out. Resamples to the model rate,
 * bounds the audio waiting to be decoded, runs the recognition stream, corrects
 * and stores every final, drives the open form, and measures the recogniser's
 * figures for it. Knows nothing of WebSockets or JSON: the transport hands in
 * decoded messages (`handle`) and PCM bytes (`pushPcm16`) and turns the events
 * into replies. Every collaborator is injected, so it is tested with fakes.
 *
 * Inputs are handled strictly in arrival order (one chain). Audio not yet
 * decoded is bounded by `maxBacklogSec`: past it a frame is refused with an
 * error event (it still gets exactly one reply) instead of queueing forever.
 */
import { pcm16ToFloat32 } from '../audio/pcm.ts';
import { PolyphaseResampler } from '../audio/resample.ts';
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import { DiktatsError, isDiktatsError } from '../errors.ts';
import type { DictationDeps, DictationForm, DictationStream } from './collaborators.ts';
import type { DictationEvent, DictationInput, UtteranceExtension } from './events.ts';
import type { FinalResult } from '../asr/stream-session.ts';
import type { ReplyKind } from '../observability/service-metrics.ts';

/** Protocol errors tolerated before the stream is considered unusable (close 1008). */
const MAX_ERRORS = 20;

export class DictationSession {
  private sampleRate = SAMPLE_RATE;
  private resampler: PolyphaseResampler | null = null;
  private stream: DictationStream | null = null;
  private readonly sessionId: string;
  private readonly form: DictationForm;
  private chain: Promise<void> = Promise.resolve();
  private backlogSec = 0;
  private errors = 0;
  /** the transport is gone: nothing more is emitted */
  private closed = false;
  /** the session is over: nothing more is accepted */
  private ended = false;
  private receivedSec = 0;
  private readonly now: () => number;

  constructor(
    private readonly deps: DictationDeps,
    private readonly onEvent: (event: DictationEvent) => void,
  ) {
    this.now = deps.now ?? (() => performance.now());
    this.sessionId = deps.utterances.start({ userId: deps.userId, modelId: deps.modelId, client: deps.client, sampleRate: SAMPLE_RATE });
    this.form = deps.createForm(this.sessionId);
    deps.log.info({ session: this.sessionId }, 'asr session started');
  }

  get id(): string {
    return this.sessionId;
  }

  /** A binary frame of 16-bit little-endian PCM at the configured rate. Copied before this returns. */
  pushPcm16(bytes: Uint8Array): void {
    if (this.ended) return;
    if (bytes.length % 2 !== 0) {
      // Reply in order with the others, but do not queue the audio.
      this.enqueue(async () => this.reject(new DiktatsError('AUDIO_ERR_ODD_BYTES', `${bytes.length} bytes`)));
      return;
    }
    const seconds = bytes.length / 2 / this.sampleRate;
    if (this.backlogSec + seconds > this.deps.maxBacklogSec) {
      this.enqueue(async () =>
        this.reject(new DiktatsError('ASR_ERR_BACKLOG', `more than ${this.deps.maxBacklogSec} s of audio waiting; this frame was dropped`)),
      );
      return;
    }
    this.backlogSec += seconds;
    const arrivedAt = this.now();
    // Copy now: the transport may reuse the buffer once this returns.
    const samples = pcm16ToFloat32(new Uint8Array(bytes));
    this.enqueue(async () => {
      try {
        await this.onAudio(samples, arrivedAt);
      } finally {
        this.backlogSec -= seconds;
      }
    });
  }

  /** A decoded text message. Resolves once it (and everything before it) is handled. */
  handle(input: DictationInput): Promise<void> {
    if (this.ended) return this.chain;
    return this.enqueue(() => this.onInput(input));
  }

  /** The transport closed (client left or server shutting down): keep what was said. */
  close(): Promise<void> {
    this.closed = true;
    return this.enqueue(async () => {
      if (this.ended) return;
      if (this.stream && (this.stream.speaking || this.stream.audioSec > 0)) {
        const stream = this.stream;
        const final = await this.measured(stream, () => stream.finish('disconnect'));
        this.emitFinals([final]); // stored; nothing is emitted on a closed transport
      }
      this.end('disconnect');
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((err: unknown) => this.onFailure(err));
    return this.chain;
  }

  private async onInput(input: DictationInput): Promise<void> {
    switch (input.type) {
      case 'invalid':
        return this.reject(input.error);
      case 'form':
        try {
          for (const message of this.form.handleMessage(input.message)) this.emit({ type: 'form', message });
        } catch (err) {
          // The form's own expected failures (no such template or record) are answered, not counted.
          if (!isDiktatsError(err)) throw err;
          this.emit({ type: 'error', error: err });
        }
        return;
      case 'config':
        if (input.sampleRate !== null && input.sampleRate !== this.sampleRate) {
          // A rate change mid-stream would split samples across two resamplers; vosk
          // clients send config first, so refuse it late instead of guessing.
          if (this.receivedSec > 0) return this.reject(new DiktatsError('WS_ERR_CONFIG_LATE', `sample_rate ${input.sampleRate}`));
          this.sampleRate = input.sampleRate;
          this.resampler = input.sampleRate === SAMPLE_RATE ? null : new PolyphaseResampler(input.sampleRate, SAMPLE_RATE);
          this.deps.utterances.setSampleRate(this.sessionId, input.sampleRate);
        }
        return; // vosk sends no reply to a valid config
      case 'eof':
      case 'reset':
        return this.finishUtterance(input.type);
    }
  }

  private async finishUtterance(kind: 'eof' | 'reset'): Promise<void> {
    const stream = this.ensureStream();
    const finals: FinalResult[] = [];
    await this.measured(stream, async () => {
      if (this.resampler) {
        // The resampler holds back a few samples; a reset continues on a fresh one.
        finals.push(...(await stream.push(this.resampler.flush())).finals);
        this.resampler = new PolyphaseResampler(this.sampleRate, SAMPLE_RATE);
      }
      finals.push(await stream.finish(kind));
    });
    this.emitFinals(finals);
    if (kind === 'eof') {
      this.end('eof');
      this.onEvent({ type: 'close', code: 1000, reason: 'eof' });
    }
  }

  private async onAudio(samples: Float32Array, arrivedAt: number): Promise<void> {
    const stream = this.ensureStream();
    const seconds = samples.length / this.sampleRate;
    this.receivedSec += seconds;
    const result = await this.measured(stream, () => stream.push(this.resampler ? this.resampler.push(samples) : samples));
    this.form.meter?.addAudio(seconds);
    this.deps.metrics?.audioDecoded(seconds);
    if (result.finals.length > 0) {
      this.emitFinals(result.finals, arrivedAt);
    } else {
      this.emit({ type: 'partial', text: result.partial });
      this.replied(arrivedAt, 'partial');
    }
  }

  /**
   * Runs one stream call and credits the stream's processing time during it to
   * the open form, if any. Calls run one at a time (the chain), so the
   * difference belongs to this call alone.
   */
  private async measured<T>(stream: DictationStream, call: () => Promise<T>): Promise<T> {
    const before = stream.processingMs;
    const result = await call();
    this.form.meter?.addProcessing(stream.processingMs - before);
    this.deps.metrics?.decodeTook(stream.processingMs - before);
    return result;
  }

  /** A reply to the audio frame that arrived at `arrivedAt` has just been emitted. */
  private replied(arrivedAt: number | undefined, kind: ReplyKind): void {
    if (arrivedAt === undefined || this.closed) return;
    const latencyMs = this.now() - arrivedAt;
    this.form.meter?.addReplyLatency(latencyMs);
    this.deps.metrics?.replied(kind, latencyMs);
  }

  /**
   * Stores the finals with their corrected text and emits them as one final
   * event (one reply per message); form updates follow as form events.
   * `arrivedAt`: when the audio frame this replies to arrived, for its latency
   * (absent for finals forced by eof/reset/disconnect).
   */
  private emitFinals(finals: readonly FinalResult[], arrivedAt?: number): void {
    const utterances: UtteranceExtension[] = [];
    for (const f of finals) {
      if (f.audioSec === 0 && f.text === '') continue;
      const c = f.text === '' ? { corrected: '', corrections: [] } : this.deps.correct(f.text);
      const row = this.deps.utterances.addUtterance(this.sessionId, {
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
      utterances.push({ seq: row.seq, start: f.startSec, end: f.endSec, reason: f.reason, raw: f.text, corrected: c.corrected, corrections: c.corrections });
    }
    const words = finals.flatMap((f) => f.words);
    const text = finals.map((f) => f.text).filter((t) => t.length > 0).join(' ');
    this.emit({ type: 'final', words, text, utterances });
    this.replied(arrivedAt, 'final');
    for (const f of finals) {
      if (f.text === '') continue;
      try {
        for (const message of this.form.handleFinal(f.text)) this.emit({ type: 'form', message });
      } catch (err) {
        // e.g. dictating into a saved (final) record: the clerk is told, the socket stays up
        if (!isDiktatsError(err)) throw err;
        this.emit({ type: 'error', error: err });
      }
    }
  }

  private ensureStream(): DictationStream {
    if (!this.stream) this.stream = this.deps.createStream();
    return this.stream;
  }

  private emit(event: DictationEvent): void {
    if (!this.closed) this.onEvent(event);
  }

  /** Bad input: answered with an error event, and counted; too much of it closes the session. */
  private reject(err: DiktatsError): void {
    this.errors++;
    this.emit({ type: 'error', error: err });
    if (this.errors > MAX_ERRORS && !this.closed) {
      this.deps.log.warn({ session: this.sessionId, errors: this.errors }, 'closing asr session after repeated bad input');
      this.end('bad-input');
      this.onEvent({ type: 'close', code: 1008, reason: 'too many invalid messages' });
    }
  }

  private onFailure(err: unknown): void {
    const e = isDiktatsError(err) ? err : new DiktatsError('ASR_ERR_INFERENCE', undefined, { cause: err });
    this.deps.log.error({ session: this.sessionId, code: e.code, err: isDiktatsError(err) ? undefined : String(err) }, 'asr session failed');
    if (e.code === 'ASR_ERR_BACKLOG') return this.reject(e);
    this.emit({ type: 'error', error: e });
    if (!this.closed && !this.ended) {
      this.end('error');
      this.onEvent({ type: 'close', code: 1011, reason: 'recognition failed' });
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
    this.deps.utterances.end(this.sessionId, reason, Math.round(this.receivedSec * 1000) / 1000);
    this.deps.log.info({ session: this.sessionId, reason, audioSec: Math.round(this.receivedSec * 10) / 10 }, 'asr session ended');
  }
}
