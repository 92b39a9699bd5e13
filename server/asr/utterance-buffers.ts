/**
 * What the CTC decoders keep of an utterance: its audio (bounded, grown by doubling; the stateful
 * decoder, stateful-ctc.ts) and its committed frames (best-path id, probability, log-softmax row for
 * beam search; both the stateful and the windowed decoder, chunked-ctc.ts — the windowed one keeps
 * its own audio buffer, since it drops audio it no longer needs).  pure
 */
import { SAMPLE_RATE } from '../audio/sample-rate.ts';
import type { LogProbMatrix } from './types.ts';

export class UtteranceAudio {
  private audio: Float32Array;
  length = 0;

  constructor(readonly maxSamples: number) {
    this.audio = new Float32Array(Math.min(maxSamples, SAMPLE_RATE * 4));
  }

  /** the audio so far (a view: copy it before the next append or reset) */
  get samples(): Float32Array {
    return this.audio.subarray(0, this.length);
  }

  get isFull(): boolean {
    return this.length >= this.maxSamples;
  }

  /** Appends what fits; returns how many samples were taken. */
  append(samples: Float32Array): number {
    const take = Math.min(samples.length, this.maxSamples - this.length);
    if (this.length + take > this.audio.length) {
      const grown = new Float32Array(Math.min(this.maxSamples, Math.max(this.length + take, this.audio.length * 2)));
      grown.set(this.audio.subarray(0, this.length));
      this.audio = grown;
    }
    this.audio.set(samples.subarray(0, take), this.length);
    this.length += take;
    return take;
  }
}

export class CommittedFrames {
  private idsBuf = new Int32Array(256);
  private probsBuf = new Float32Array(256);
  private rows = new Float32Array(0);
  private vocab = 0;
  count = 0;

  /** Sets the row width; a change drops the rows kept so far (a new model output shape). */
  setVocab(vocab: number): void {
    if (this.vocab !== vocab) {
      this.vocab = vocab;
      this.rows = new Float32Array(this.idsBuf.length * vocab);
    }
  }

  push(id: number, prob: number, logits: Float32Array): void {
    if (this.count === this.idsBuf.length) {
      const rows = new Float32Array(this.idsBuf.length * 2 * this.vocab);
      rows.set(this.rows);
      this.rows = rows;
      const ids = new Int32Array(this.idsBuf.length * 2);
      ids.set(this.idsBuf);
      this.idsBuf = ids;
      const probs = new Float32Array(this.probsBuf.length * 2);
      probs.set(this.probsBuf);
      this.probsBuf = probs;
    }
    logSoftmaxInto(logits, this.rows, this.count * this.vocab);
    this.idsBuf[this.count] = id;
    this.probsBuf[this.count] = prob;
    this.count++;
  }

  get ids(): Int32Array {
    return this.idsBuf.subarray(0, this.count);
  }

  get probs(): Float32Array {
    return this.probsBuf.subarray(0, this.count);
  }

  logProbs(): LogProbMatrix {
    return { data: this.rows.subarray(0, this.count * this.vocab), frames: this.count, vocab: this.vocab };
  }
}

/** Models may emit raw logits (wav2vec2) or log-probabilities (NeMo); normalising is harmless for both. */
function logSoftmaxInto(row: Float32Array, out: Float32Array, offset: number): void {
  let max = -Infinity;
  for (let v = 0; v < row.length; v++) if (row[v]! > max) max = row[v]!;
  let sum = 0;
  for (let v = 0; v < row.length; v++) sum += Math.exp(row[v]! - max);
  const lse = max + Math.log(sum);
  for (let v = 0; v < row.length; v++) out[offset + v] = row[v]! - lse;
}
