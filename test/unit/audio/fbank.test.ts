import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeFbank,
  normalizePerFeature,
  numFbankFrames,
  SHERPA_DEFAULT_FBANK,
  SHERPA_NEMO_CTC_FBANK,
  transposeToBinsFirst,
  type FbankOptions,
} from '../../../server/audio/fbank.ts';

interface GoldenCase {
  readonly name: string;
  readonly source: string;
  readonly options: FbankOptions;
  readonly numFrames: number;
  readonly numBins: number;
  readonly data: number[];
}

const golden = JSON.parse(
  readFileSync(new URL('../../fixtures/fbank/golden.json', import.meta.url), 'utf8'),
) as { signal: { pcm16: number[] }; cases: GoldenCase[] };
const signal = Float32Array.from(golden.signal.pcm16, (v) => v / 32768);

// Max |ours - golden| on log-mel values. The torchaudio goldens are float32
// (their own gap to a float64 reference is ~1.6e-4); ours runs in float64.
const LOG_TOLERANCE = 5e-4; // measured: 1.6e-4 (sherpa-default), 1.1e-4 (kaldi-int16), 5.5e-5 (sherpa-nemo-ctc)

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
};

const sine = (hz: number, numSamples: number, amplitude = 0.5): Float32Array =>
  Float32Array.from({ length: numSamples }, (_, i) => amplitude * Math.sin((2 * Math.PI * hz * i) / 16000));

describe('computeFbank: golden values', () => {
  it.each(golden.cases.map((c) => [c.name, c] as const))('matches %s', (_name, c) => {
    const fbank = computeFbank(signal, c.options);
    expect(fbank.numFrames).toBe(c.numFrames);
    expect(fbank.numBins).toBe(c.numBins);
    expect(fbank.data.length).toBe(c.data.length);
    expect(maxAbsDiff(fbank.data, c.data)).toBeLessThan(LOG_TOLERANCE);
  });

  it('the golden sherpa-nemo-ctc case uses exactly the exported preset', () => {
    const c = golden.cases.find((x) => x.name === 'sherpa-nemo-ctc');
    expect(c?.options).toEqual({ ...SHERPA_NEMO_CTC_FBANK });
    expect(golden.cases.find((x) => x.name === 'sherpa-default')?.options).toEqual({ ...SHERPA_DEFAULT_FBANK });
  });

  it('floors the log at FLT_EPSILON on digital silence', () => {
    const fbank = computeFbank(new Float32Array(1600));
    expect(fbank.numFrames).toBe(10);
    for (const v of fbank.data) expect(v).toBeCloseTo(Math.log(1.1920928955078125e-7), 6);
  });
});

describe('computeFbank: framing and spectrum', () => {
  it('gives one frame per 10 ms shift without snip-edges, whole frames only with it', () => {
    expect(numFbankFrames(16000)).toBe(100);
    expect(numFbankFrames(16079)).toBe(100);
    expect(numFbankFrames(16080)).toBe(101);
    expect(numFbankFrames(16000, { snipEdges: true })).toBe(98);
    expect(numFbankFrames(399, { snipEdges: true })).toBe(0);
    expect(computeFbank(new Float32Array(0)).numFrames).toBe(0);
    expect(computeFbank(sine(440, 8000), { snipEdges: true }).numFrames).toBe(48);
  });

  it('puts a tone in the mel bin whose band contains it', () => {
    for (const opts of [SHERPA_DEFAULT_FBANK, SHERPA_NEMO_CTC_FBANK]) {
      for (const hz of [300, 1000, 3000]) {
        const { numBins, data } = computeFbank(sine(hz, 4000), opts);
        const row = data.subarray(10 * numBins, 11 * numBins);
        const peak = row.indexOf(Math.max(...row));
        // Bin centres of an 80-bin 0..8 kHz bank lie within ~one bin width of hz.
        const centre = melBinCentreHz(peak, opts);
        expect(Math.abs(centre - hz) / hz).toBeLessThan(0.12);
      }
    }
  });

  it('scales log energy by 2*log(k) when the input is scaled by k (above the floor)', () => {
    // The golden signal's noise keeps every bin far above FLT_EPSILON once past its leading zeros.
    const x = signal.subarray(1600);
    const a = computeFbank(x);
    const b = computeFbank(x, { inputScale: 32768 });
    const shift = 2 * Math.log(32768);
    const diffs = Array.from(a.data, (v, i) => b.data[i]! - v);
    expect(Math.max(...diffs.map((d) => Math.abs(d - shift)))).toBeLessThan(1e-3);
  });
});

describe('normalizePerFeature and transposeToBinsFirst', () => {
  it('gives each bin zero mean and unit variance over time', () => {
    const fbank = normalizePerFeature(computeFbank(signal, SHERPA_NEMO_CTC_FBANK));
    for (let b = 0; b < fbank.numBins; b++) {
      let sum = 0;
      let sumSq = 0;
      for (let t = 0; t < fbank.numFrames; t++) {
        const v = fbank.data[t * fbank.numBins + b]!;
        sum += v;
        sumSq += v * v;
      }
      expect(Math.abs(sum / fbank.numFrames)).toBeLessThan(1e-5);
      expect(sumSq / fbank.numFrames).toBeCloseTo(1, 3);
    }
  });

  it('transposes [frames][bins] to [bins][frames]', () => {
    const data = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect(Array.from(transposeToBinsFirst({ numFrames: 2, numBins: 3, data }))).toEqual([1, 4, 2, 5, 3, 6]);
  });
});

describe('computeFbank: bad options', () => {
  it.each([
    [{ numBins: 2 }, /numBins/],
    [{ frameLengthMs: 0 }, /frame length/],
    [{ lowFreq: 9000 }, /lowFreq/],
    [{ highFreq: 12000 }, /highFreq/],
    [{ preemphCoeff: 1.5 }, /preemphCoeff/],
    [{ windowType: 'gauss' as never }, /window type/],
  ] as const)('rejects %o', (opts, message) => {
    expect(() => computeFbank(signal, opts)).toThrow(message);
  });
});

function melBinCentreHz(bin: number, o: FbankOptions): number {
  const high = o.highFreq > 0 ? o.highFreq : o.sampleRate / 2 + o.highFreq;
  if (o.melScale === 'kaldi') {
    const mel = (hz: number): number => 1127 * Math.log(1 + hz / 700);
    const m = mel(o.lowFreq) + ((bin + 1) * (mel(high) - mel(o.lowFreq))) / (o.numBins + 1);
    return 700 * (Math.exp(m / 1127) - 1);
  }
  const mel = (hz: number): number => (hz < 1000 ? (hz * 3) / 200 : 15 + (27 * Math.log(hz / 1000)) / Math.log(6.4));
  const m = mel(o.lowFreq) + ((bin + 1) * (mel(high) - mel(o.lowFreq))) / (o.numBins + 1);
  return m < 15 ? (200 * m) / 3 : 1000 * Math.exp(((m - 15) * Math.log(6.4)) / 27);
}
