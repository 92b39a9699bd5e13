import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Fft } from '../../../../server/asr/whisper/fft.ts';
import { WHISPER_FRAMES, WhisperLogMel, slaneyMelFilters, splitWindows } from '../../../../server/asr/whisper/log-mel.ts';

interface MelCase {
  readonly numMelBins: number;
  readonly numFrames: number;
  readonly storedFrames: number;
  readonly data: string;
  readonly tailValue: number;
}

const golden = JSON.parse(readFileSync(new URL('../../../fixtures/whisper/mel-golden.json', import.meta.url), 'utf8')) as {
  signal: { pcm16Base64: string };
  cases: MelCase[];
};
const b64 = (s: string): Buffer => Buffer.from(s, 'base64');
const pcm = new Int16Array(new Uint8Array(b64(golden.signal.pcm16Base64)).buffer);
const signal = Float32Array.from(pcm, (v) => v / 32768);

// Max |ours - numpy float64 reference| over all 30 s of frames; the target is 1e-4.
const TOLERANCE = 1e-4;

describe('WhisperLogMel: golden values (numpy reference)', () => {
  it.each(golden.cases.map((c) => [c.numMelBins, c] as const))('%i bins within 1e-4 over all 3000 frames', (bins, c) => {
    const ref = new Float32Array(new Uint8Array(b64(c.data)).buffer);
    const mel = new WhisperLogMel(bins).compute(signal);
    expect(c.numFrames).toBe(WHISPER_FRAMES);
    expect(mel.length).toBe(bins * WHISPER_FRAMES);
    let max = 0;
    for (let b = 0; b < bins; b++) {
      for (let f = 0; f < WHISPER_FRAMES; f++) {
        const want = f < c.storedFrames ? ref[b * c.storedFrames + f]! : c.tailValue;
        max = Math.max(max, Math.abs(mel[b * WHISPER_FRAMES + f]! - want));
      }
    }
    expect(max).toBeLessThan(TOLERANCE);
  });

  it('is not trivially equal: a different signal is far from the golden', () => {
    const c = golden.cases[0]!;
    const ref = new Float32Array(new Uint8Array(b64(c.data)).buffer);
    const mel = new WhisperLogMel(c.numMelBins).compute(signal.map((v) => v * 0.5));
    let max = 0;
    for (let b = 0; b < c.numMelBins; b++) max = Math.max(max, Math.abs(mel[b * WHISPER_FRAMES + 40]! - ref[b * c.storedFrames + 40]!));
    expect(max).toBeGreaterThan(0.01);
  });

  it('digital silence is a constant (log10(1e-10) clamped, then scaled)', () => {
    const mel = new WhisperLogMel(80).compute(new Float32Array(16000));
    expect(new Set(mel).size).toBe(1);
    expect(mel[0]).toBeCloseTo((-10 + 4) / 4, 6);
  });

  it('treats NaN and Infinity as silence instead of poisoning every value', () => {
    const x = signal.slice();
    x[1000] = NaN;
    x[2000] = Infinity;
    const mel = new WhisperLogMel(80).compute(x);
    expect(mel.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('uses only the first 30 s', () => {
    const long = new Float32Array(31 * 16000).map((_, i) => Math.sin(i / 7) * 0.1);
    const a = new WhisperLogMel(80).compute(long);
    const b = new WhisperLogMel(80).compute(long.subarray(0, 30 * 16000));
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });
});

describe('slaneyMelFilters', () => {
  it('each filter has unit area in Hz (Slaney norm) up to the discrete grid', () => {
    const w = slaneyMelFilters(80);
    for (const b of [0, 40, 79]) {
      let s = 0;
      for (let k = 0; k < 201; k++) s += w[b * 201 + k]! * 40; // 40 Hz per bin
      expect(s).toBeGreaterThan(0.3);
      expect(s).toBeLessThan(1.7);
    }
  });

  it('rejects filters of the wrong shape', () => {
    expect(() => new WhisperLogMel(80, new Float64Array(10))).toThrow(/expected 80 x 201/);
  });
});

describe('Fft', () => {
  it.each([400, 12, 7, 1])('matches a direct DFT for n = %i', (n) => {
    const x = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 1.3) + (i % 3));
    const re = new Float64Array(n);
    const im = new Float64Array(n);
    new Fft(n).transform(x, null, re, im);
    for (const k of new Set([0, Math.min(1, n - 1), Math.floor(n / 2), n - 1])) {
      let r = 0;
      let s = 0;
      for (let j = 0; j < n; j++) {
        r += x[j]! * Math.cos((2 * Math.PI * j * k) / n);
        s -= x[j]! * Math.sin((2 * Math.PI * j * k) / n);
      }
      expect(re[k]).toBeCloseTo(r, 9);
      expect(im[k]).toBeCloseTo(s, 9);
    }
  });
});

describe('splitWindows', () => {
  it('keeps audio up to 30 s whole', () => {
    expect(splitWindows(new Float32Array(480000))).toEqual([[0, 480000]]);
  });

  it('cuts longer audio in its quietest 100 ms between 20 and 30 s', () => {
    const x = new Float32Array(45 * 16000).fill(0.5);
    x.fill(0, 25 * 16000, 25 * 16000 + 1600); // a silent block at 25.0-25.1 s
    const w = splitWindows(x);
    expect(w).toEqual([
      [0, 25 * 16000 + 800],
      [25 * 16000 + 800, 45 * 16000],
    ]);
  });
});
