/**
 * Speech/silence state machine over VAD frame probabilities, with hysteresis
 * (like ricky0123/vad's frame processor) and the endpoint rules of dictation:
 * an utterance ends after enough trailing silence, or when it gets too long.
 * Pure: feed it probabilities, it returns events; the model is elsewhere.
 */
export interface EndpointOptions {
  readonly frameMs: number;
  /** probability at or above which a frame counts as speech */
  readonly positiveThreshold: number;
  /** probability below which a frame counts as silence (hysteresis) */
  readonly negativeThreshold: number;
  /** speech frames needed before an utterance starts (filters clicks) */
  readonly minSpeechMs: number;
  /** silence after speech that ends an utterance */
  readonly trailingSilenceMs: number;
  /** an utterance is cut here even without a pause */
  readonly maxUtteranceMs: number;
}

export const DEFAULT_ENDPOINT: EndpointOptions = {
  frameMs: 32,
  positiveThreshold: 0.5,
  negativeThreshold: 0.35,
  minSpeechMs: 96,
  trailingSilenceMs: 640,
  maxUtteranceMs: 20_000,
};

export type EndpointEvent =
  | { readonly type: 'speech-start'; /** frame index where speech began */ readonly frame: number }
  | { readonly type: 'speech-end'; readonly frame: number; readonly reason: 'silence' | 'max-length' };

export class Endpointer {
  private frame = 0;
  private inSpeech = false;
  private speechRun = 0;
  private silenceRun = 0;
  private utteranceStart = 0;

  constructor(private readonly o: EndpointOptions = DEFAULT_ENDPOINT) {
    // A threshold outside 0..1 or a non-positive duration would silently never (or always) detect speech.
    for (const k of ['positiveThreshold', 'negativeThreshold'] as const) {
      if (!(o[k] >= 0 && o[k] <= 1)) throw new RangeError(`${k} must be a probability from 0 to 1, got ${o[k]}`);
    }
    if (!(o.negativeThreshold <= o.positiveThreshold)) throw new RangeError('negativeThreshold must not exceed positiveThreshold');
    for (const k of ['frameMs', 'trailingSilenceMs', 'maxUtteranceMs'] as const) {
      if (!(o[k] > 0 && Number.isFinite(o[k]))) throw new RangeError(`${k} must be a positive number of milliseconds, got ${o[k]}`);
    }
    if (!(o.minSpeechMs >= 0 && Number.isFinite(o.minSpeechMs))) throw new RangeError(`minSpeechMs must be 0 or more, got ${o.minSpeechMs}`);
  }

  get speaking(): boolean {
    return this.inSpeech;
  }

  /** Feeds one frame; returns the events it caused (at most one). */
  push(prob: number): EndpointEvent | null {
    const f = this.frame++;
    const framesFor = (ms: number): number => Math.max(1, Math.round(ms / this.o.frameMs));
    if (!this.inSpeech) {
      this.speechRun = prob >= this.o.positiveThreshold ? this.speechRun + 1 : 0;
      if (this.speechRun >= framesFor(this.o.minSpeechMs)) {
        this.inSpeech = true;
        this.silenceRun = 0;
        this.utteranceStart = f - this.speechRun + 1;
        this.speechRun = 0;
        return { type: 'speech-start', frame: this.utteranceStart };
      }
      return null;
    }
    if (prob < this.o.negativeThreshold) this.silenceRun++;
    else if (prob >= this.o.positiveThreshold) this.silenceRun = 0;
    if (this.silenceRun >= framesFor(this.o.trailingSilenceMs)) {
      this.inSpeech = false;
      this.silenceRun = 0;
      return { type: 'speech-end', frame: f + 1, reason: 'silence' };
    }
    if (f + 1 - this.utteranceStart >= framesFor(this.o.maxUtteranceMs)) {
      this.inSpeech = false;
      this.silenceRun = 0;
      return { type: 'speech-end', frame: f + 1, reason: 'max-length' };
    }
    return null;
  }

  /** Forces the end of any utterance (eof, reset, disconnect). */
  reset(): void {
    this.inSpeech = false;
    this.speechRun = 0;
    this.silenceRun = 0;
  }
}
