/**
 * The worklet's resampler (web/pcm-resampler.js) in Node: pure arrays in and
 * out, so it is tested with synthetic sines and explicit tolerances instead of
 * through a browser.
 */
import { describe, expect, it } from 'vitest';
import { BandlimitedResampler, rms, writeInt16 } from '../../web/pcm-resampler.js';

const OUT_RATE = 16000;
const QUANTUM = 128; // Web Audio render quantum: what the worklet receives

function sine(freqHz: number, sampleRate: number, numSamples: number, amplitude = 0.5): Float32Array {
  return Float32Array.from({ length: numSamples }, (_, i) => amplitude * Math.sin((2 * Math.PI * freqHz * i) / sampleRate));
}

function resampleInBlocks(input: Float32Array, inRate: number, blockSize = QUANTUM): Float32Array {
  const resampler = new BandlimitedResampler(inRate, OUT_RATE);
  const parts: Float32Array[] = [];
  for (let i = 0; i < input.length; i += blockSize) parts.push(resampler.process(input.subarray(i, i + blockSize)));
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Least-squares fit of a sine at freqHz; returns its amplitude and the residual power relative to it, in dB. */
function fitSine(y: Float32Array, freqHz: number, sampleRate: number) {
  let ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
  for (let k = 0; k < y.length; k++) {
    const w = (2 * Math.PI * freqHz * k) / sampleRate;
    const s = Math.sin(w), c = Math.cos(w);
    ss += s * s; cc += c * c; sc += s * c; ys += y[k]! * s; yc += y[k]! * c;
  }
  const det = ss * cc - sc * sc;
  const a = (ys * cc - yc * sc) / det;
  const b = (yc * ss - ys * sc) / det;
  let residual = 0, power = 0;
  for (let k = 0; k < y.length; k++) {
    const w = (2 * Math.PI * freqHz * k) / sampleRate;
    const fit = a * Math.sin(w) + b * Math.cos(w);
    residual += (y[k]! - fit) ** 2;
    power += fit * fit;
  }
  return { amplitude: Math.hypot(a, b), residualDb: 10 * Math.log10(residual / power) };
}

/** Skips the filter's start-up transient. */
const steady = (y: Float32Array) => y.subarray(200, y.length - 200);

describe('BandlimitedResampler', () => {
  for (const inRate of [48000, 44100]) {
    it(`keeps speech-band sines at ${inRate} Hz -> 16 kHz: frequency and amplitude`, () => {
      for (const freqHz of [300, 1000, 3400]) {
        const out = resampleInBlocks(sine(freqHz, inRate, inRate), inRate);
        const { amplitude, residualDb } = fitSine(steady(out), freqHz, OUT_RATE);
        expect(amplitude).toBeCloseTo(0.5, 3); // within 0.0005 (0.01 dB)
        // Residual after fitting a sine at exactly freqHz: a wrong rate or distortion shows up here.
        expect(residualDb).toBeLessThan(-80);
      }
    });

    it(`removes content above 8 kHz at ${inRate} Hz instead of folding it into the speech band`, () => {
      for (const freqHz of [9000, 12000, 20000]) {
        const out = resampleInBlocks(sine(freqHz, inRate, inRate), inRate);
        // Sample dropping would alias these at full amplitude (0.35 RMS).
        expect(20 * Math.log10(rms(steady(out)) / 0.3536)).toBeLessThan(-60);
      }
    });
  }

  it('produces the output length the rate ratio implies', () => {
    const out = resampleInBlocks(new Float32Array(44100 * 2), 44100);
    const expected = 2 * OUT_RATE;
    const resampler = new BandlimitedResampler(44100, OUT_RATE);
    // Short by the filter's look-ahead only (halfWidth input samples), never by more.
    const lagSamples = Math.ceil((resampler.halfWidth * OUT_RATE) / 44100) + 1;
    expect(out.length).toBeGreaterThanOrEqual(expected - lagSamples);
    expect(out.length).toBeLessThanOrEqual(expected);
  });

  it('gives the same output whatever the block size', () => {
    const input = sine(700, 48000, 48000);
    const a = resampleInBlocks(input, 48000, 128);
    const b = resampleInBlocks(input, 48000, 4801);
    expect(b.length).toBe(a.length);
    let maxDiff = 0;
    for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i]! - b[i]!));
    expect(maxDiff).toBeLessThan(1e-6);
  });

  it('rejects impossible rates with a message naming them', () => {
    expect(() => new BandlimitedResampler(0, 16000)).toThrow(/0 -> 16000/);
  });
});

describe('writeInt16', () => {
  it('scales, rounds and clamps to 16-bit', () => {
    const target = new Int16Array(6);
    writeInt16(Float32Array.from([0, 1, -1, 0.5, 2, -2]), target);
    expect(Array.from(target)).toEqual([0, 32767, -32768, 16384, 32767, -32768]);
  });

  it('writes little-endian bytes, as the wire protocol requires', () => {
    const target = new Int16Array(1);
    writeInt16(Float32Array.from([1]), target);
    expect(Array.from(new Uint8Array(target.buffer))).toEqual([0xff, 0x7f]);
  });
});
