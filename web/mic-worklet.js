/**
 * AudioWorklet processor: microphone at the context's rate -> 16 kHz 16-bit
 * little-endian PCM in ~100 ms batches, plus an RMS level for the meter.
 *
 * Messages to the main thread (discriminated on `type`):
 *   { type: 'audio', pcm: ArrayBuffer }   transferred, not copied
 *   { type: 'level', rms: number }        input RMS of the last ~50 ms, 0..1
 *   { type: 'flushed' }                   reply to a flush; every sample is out
 * Messages from the main thread:
 *   { type: 'flush' }                     send the partial batch now (on stop)
 */
import { BandlimitedResampler, writeInt16, rms } from './pcm-resampler.js';

const TARGET_SAMPLE_RATE = 16000;
const BATCH_MS = 100;
const LEVEL_INTERVAL_MS = 50;

class MicProcessor extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const targetRate = options?.processorOptions?.targetSampleRate ?? TARGET_SAMPLE_RATE;
    // `sampleRate` is the AudioWorkletGlobalScope's context rate.
    this.resampler = new BandlimitedResampler(sampleRate, targetRate);
    this.batchSamples = Math.round((targetRate * BATCH_MS) / 1000);
    this.batch = new Int16Array(this.batchSamples);
    this.filled = 0;
    this.levelEvery = Math.round((sampleRate * LEVEL_INTERVAL_MS) / 1000);
    this.levelSum = 0;
    this.levelCount = 0;
    this.port.onmessage = (event) => {
      if (event.data?.type === 'flush') {
        this.postBatch();
        this.port.postMessage({ type: 'flushed' });
      }
    };
  }

  process(inputs) {
    // Mono capture; with no input connected (device gone) there is no channel.
    const channel = inputs[0]?.[0];
    if (!channel) return true;
    this.updateLevel(channel);
    const resampled = this.resampler.process(channel);
    let read = 0;
    while (read < resampled.length) {
      const take = Math.min(resampled.length - read, this.batchSamples - this.filled);
      writeInt16(resampled.subarray(read, read + take), this.batch, this.filled);
      this.filled += take;
      read += take;
      if (this.filled === this.batchSamples) this.postBatch();
    }
    return true;
  }

  updateLevel(channel) {
    const r = rms(channel);
    this.levelSum += r * r * channel.length;
    this.levelCount += channel.length;
    if (this.levelCount >= this.levelEvery) {
      this.port.postMessage({ type: 'level', rms: Math.sqrt(this.levelSum / this.levelCount) });
      this.levelSum = 0;
      this.levelCount = 0;
    }
  }

  postBatch() {
    if (this.filled === 0) return;
    const pcm = this.filled === this.batchSamples ? this.batch.buffer : this.batch.slice(0, this.filled).buffer;
    this.port.postMessage({ type: 'audio', pcm }, [pcm]);
    // The transferred buffer is detached; start a fresh one.
    this.batch = new Int16Array(this.batchSamples);
    this.filled = 0;
  }
}

registerProcessor('diktats-mic', MicProcessor);
