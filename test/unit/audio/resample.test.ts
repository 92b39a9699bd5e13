import { describe, expect, it } from 'vitest';
import { PolyphaseResampler, resample } from '../../../server/audio/resample.ts';

const tone = (frequency: number, sampleRate: number, numSamples: number, amplitude = 1): Float32Array => {
  const x = new Float32Array(numSamples);
  for (let i = 0; i < numSamples; i++) x[i] = amplitude * Math.sin((2 * Math.PI * frequency * i) / sampleRate);
  return x;
};

/** The middle 60 %, away from the filter's start and end transients. */
const interior = (y: Float32Array): Float32Array => y.subarray(Math.floor(y.length * 0.2), Math.floor(y.length * 0.8));

/** Amplitude of the component at `frequency` (single-bin DFT). */
const amplitudeAt = (y: Float32Array, frequency: number, sampleRate: number): number => {
  let re = 0;
  let im = 0;
  for (let i = 0; i < y.length; i++) {
    const phase = (2 * Math.PI * frequency * i) / sampleRate;
    re += y[i]! * Math.cos(phase);
    im += y[i]! * Math.sin(phase);
  }
  return (2 * Math.hypot(re, im)) / y.length;
};

const rms = (y: Float32Array): number => Math.sqrt(y.reduce((s, v) => s + v * v, 0) / y.length);

/** Frequency from zero crossings, with linear interpolation of the crossing times. */
const zeroCrossingFrequency = (y: Float32Array, sampleRate: number): number => {
  const crossings: number[] = [];
  for (let i = 1; i < y.length; i++) {
    const a = y[i - 1]!;
    const b = y[i]!;
    if ((a < 0 && b >= 0) || (a >= 0 && b < 0)) crossings.push(i - 1 + a / (a - b));
  }
  const first = crossings[0]!;
  const last = crossings[crossings.length - 1]!;
  return ((crossings.length - 1) / 2 / (last - first)) * sampleRate;
};

const concat = (parts: Float32Array[]): Float32Array => {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

// 47999 Hz forces the interpolated-phase path (16000/47999 does not reduce).
const RATE_PAIRS: Array<[number, number]> = [
  [44100, 16000],
  [48000, 16000],
  [22050, 16000],
  [11025, 16000],
  [8000, 16000],
  [16000, 8000],
  [32000, 48000],
  [47999, 16000],
];

describe('resample: sine waves', () => {
  for (const [from, to] of RATE_PAIRS) {
    const nyquist = Math.min(from, to) / 2;

    it(`${from} -> ${to} Hz keeps passband tones' frequency and amplitude`, () => {
      for (const fraction of [0.05, 0.4, 0.8]) {
        const f = fraction * nyquist;
        const y = interior(resample(tone(f, from, from, 0.8), from, to));
        expect(Math.abs(amplitudeAt(y, f, to) / 0.8 - 1)).toBeLessThan(0.01);
        expect(Math.abs(zeroCrossingFrequency(y, to) / f - 1)).toBeLessThan(1e-3);
      }
    });

    if (from > to) {
      it(`${from} -> ${to} Hz attenuates tones above the target Nyquist by > 40 dB`, () => {
        for (const fraction of [1.05, 1.3]) {
          const f = (fraction * to) / 2;
          if (f >= from / 2) continue;
          const y = interior(resample(tone(f, from, from), from, to));
          // Whatever survives (aliased anywhere), relative to the input tone's RMS.
          expect(20 * Math.log10(rms(y) / Math.SQRT1_2)).toBeLessThan(-40);
        }
      });
    } else {
      it(`${from} -> ${to} Hz suppresses upsampling images by > 40 dB`, () => {
        for (const fraction of [0.4, 0.8]) {
          const f = fraction * nyquist;
          const y = interior(resample(tone(f, from, from), from, to));
          expect(20 * Math.log10(amplitudeAt(y, from - f, to))).toBeLessThan(-40);
        }
      });
    }
  }

  it('passes DC at unity gain', () => {
    const y = interior(resample(new Float32Array(44100).fill(0.5), 44100, 16000));
    for (const v of y) expect(v).toBeCloseTo(0.5, 4);
  });
});

describe('resample: lengths and rates', () => {
  it('returns round(len * to / from) +- 1 samples', () => {
    for (const [from, to] of RATE_PAIRS) {
      for (const len of [0, 1, 2, 7, 160, 1001, 44101]) {
        const out = resample(new Float32Array(len), from, to);
        expect(Math.abs(out.length - Math.round((len * to) / from))).toBeLessThanOrEqual(1);
      }
    }
  });

  it('copies input at equal rates', () => {
    const x = tone(440, 16000, 100);
    const y = resample(x, 16000, 16000);
    expect(y).toEqual(x);
    expect(y).not.toBe(x);
  });

  it('rejects rates outside 8000-48000 Hz or not whole', () => {
    for (const [from, to] of [[7999, 16000], [16000, 48001], [44100.5, 16000]] as const) {
      expect(() => resample(new Float32Array(10), from, to)).toThrow(
        expect.objectContaining({ code: 'AUDIO_ERR_SAMPLE_RATE' }),
      );
      expect(() => new PolyphaseResampler(from, to)).toThrow(expect.objectContaining({ code: 'AUDIO_ERR_SAMPLE_RATE' }));
    }
  });
});

describe('PolyphaseResampler', () => {
  // Noise plus a tone: every tap matters, so any mis-stitched chunk shows.
  const signal = (rate: number): Float32Array => {
    const x = tone(1234, rate, rate);
    let seed = 12345;
    for (let i = 0; i < x.length; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      x[i] = 0.5 * x[i]! + 0.4 * (seed / 2 ** 32 - 0.5);
    }
    return x;
  };

  for (const [from, to] of [[44100, 16000], [8000, 16000], [47999, 16000], [16000, 16000]] as const) {
    it(`${from} -> ${to} Hz: concatenated chunked output equals one-shot for any chunking`, () => {
      const x = signal(from);
      const expected = resample(x, from, to);
      const stream = new PolyphaseResampler(from, to);
      for (const pattern of [[1], [0, 3, 1], [160], [4096, 17, 1000], [x.length]]) {
        const parts: Float32Array[] = [];
        for (let offset = 0, k = 0; offset < x.length; k++) {
          const size = pattern[k % pattern.length]!;
          parts.push(stream.push(x.subarray(offset, offset + size)));
          offset += size;
        }
        parts.push(stream.flush()); // also resets for the next pattern
        const got = concat(parts);
        expect(got.length).toBe(expected.length);
        let maxDiff = 0;
        for (let i = 0; i < got.length; i++) maxDiff = Math.max(maxDiff, Math.abs(got[i]! - expected[i]!));
        expect(maxDiff).toBeLessThan(1e-4);
      }
    });
  }

  it('emits output before flush, holding back only the filter look-ahead', () => {
    const stream = new PolyphaseResampler(48000, 16000);
    const out = stream.push(new Float32Array(4800)); // 100 ms
    expect(out.length).toBeGreaterThan(1600 - 40);
    expect(out.length + stream.flush().length).toBe(1600);
  });

  it('keeps working after its filter table is evicted from the shared cache', () => {
    const first = new PolyphaseResampler(8001, 16000);
    for (let rate = 8002; rate < 8030; rate++) new PolyphaseResampler(rate, 16000);
    const x = tone(500, 8001, 8001);
    const out = concat([first.push(x), first.flush()]);
    expect(out).toEqual(resample(x, 8001, 16000));
    expect(Math.abs(amplitudeAt(interior(out), 500, 16000) - 1)).toBeLessThan(0.01);
  });
});
