/** Types for pcm-resampler.js (plain JS so browsers load it without a build step). */
export declare class BandlimitedResampler {
  constructor(inputSampleRate: number, outputSampleRate: number);
  readonly inputSampleRate: number;
  readonly outputSampleRate: number;
  /** Half-width of the low-pass filter in input samples; the output lags by this much. */
  readonly halfWidth: number;
  /** Feeds input; returns the output samples completed by it. */
  process(input: Float32Array): Float32Array;
}
export declare function writeInt16(samples: Float32Array, target: Int16Array, offset?: number): void;
export declare function rms(samples: Float32Array): number;
