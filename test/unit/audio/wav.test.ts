import wavefile from 'wavefile';
import { describe, expect, it } from 'vitest';
import { decodeWav, decodeWavTo16kMono, encodeWav16 } from '../../../server/audio/wav.ts';

/** Full-scale integer value for a bit depth code; floats are already in [-1, 1]. */
const FULL_SCALE: Record<string, number> = { '8': 128, '16': 32768, '24': 8388608, '32': 2147483648, '32f': 1, '64': 1 };
/** Decoded value can be off by one quantisation step (or float rounding). */
const TOLERANCE: Record<string, number> = { '8': 1 / 128, '16': 1 / 32768, '24': 1e-6, '32': 1e-6, '32f': 1e-7, '64': 1e-7 };

const ramp = (n: number, scale: number): number[] => Array.from({ length: n }, (_, i) => scale * Math.sin(i / 7));

/** Expected [-1, 1] values stored as the integers (or floats) of `bitDepth`. */
function toStored(values: number[], bitDepth: string): number[] {
  const full = FULL_SCALE[bitDepth]!;
  if (full === 1) return values;
  const stored = values.map((v) => Math.max(-full, Math.min(full - 1, Math.round(v * full))));
  return bitDepth === '8' ? stored.map((v) => v + 128) : stored; // 8-bit WAV is unsigned
}

function makeWav(numChannels: number, sampleRate: number, bitDepth: string, channels: number[][]): Uint8Array {
  const wav = new wavefile.WaveFile();
  const stored = channels.map((c) => toStored(c, bitDepth));
  wav.fromScratch(numChannels, sampleRate, bitDepth, numChannels === 1 ? stored[0]! : stored);
  return wav.toBuffer();
}

/**
 * Hand-built WAVs for what wavefile cannot write correctly: its toRIFX()
 * mangles the data chunk, and it writes no WAVE_FORMAT_EXTENSIBLE float.
 */
function makeRawWav(opts: { bigEndian: boolean; extensibleFloat: boolean; sampleRate: number; data: Buffer }): Uint8Array {
  const { bigEndian, extensibleFloat, sampleRate, data } = opts;
  const fmtSize = extensibleFloat ? 40 : 16;
  const buf = Buffer.alloc(12 + 8 + fmtSize + 8 + data.length);
  const u16 = (v: number, at: number) => (bigEndian ? buf.writeUInt16BE(v, at) : buf.writeUInt16LE(v, at));
  const u32 = (v: number, at: number) => (bigEndian ? buf.writeUInt32BE(v, at) : buf.writeUInt32LE(v, at));
  const bits = extensibleFloat ? 32 : 16;
  buf.write(bigEndian ? 'RIFX' : 'RIFF', 0, 'latin1');
  u32(buf.length - 8, 4);
  buf.write('WAVEfmt ', 8, 'latin1');
  u32(fmtSize, 16);
  u16(extensibleFloat ? 0xfffe : 1, 20);
  u16(1, 22); // channels
  u32(sampleRate, 24);
  u32((sampleRate * bits) / 8, 28);
  u16(bits / 8, 32); // block align
  u16(bits, 34);
  if (extensibleFloat) {
    u16(22, 36); // cbSize
    u16(32, 38); // valid bits
    u32(4, 40); // channel mask: front centre
    // KSDATAFORMAT_SUBTYPE_IEEE_FLOAT {00000003-0000-0010-8000-00aa00389b71}
    Buffer.from('0300000000001000800000aa00389b71', 'hex').copy(buf, 44);
  }
  buf.write('data', 20 + fmtSize, 'latin1');
  u32(data.length, 24 + fmtSize);
  data.copy(buf, 28 + fmtSize);
  return buf;
}

const expectClose = (actual: Float32Array, expected: number[], tolerance: number): void => {
  expect(actual.length).toBe(expected.length);
  let maxDiff = 0;
  for (let i = 0; i < expected.length; i++) maxDiff = Math.max(maxDiff, Math.abs(actual[i]! - expected[i]!));
  expect(maxDiff).toBeLessThanOrEqual(tolerance);
};

describe('decodeWav', () => {
  for (const bitDepth of ['8', '16', '24', '32', '32f', '64']) {
    it(`decodes ${bitDepth}-bit mono and mixes ${bitDepth}-bit stereo down`, () => {
      const left = ramp(500, 0.9);
      const right = ramp(500, -0.3).map((v, i) => v + (i % 2 ? 0.05 : -0.05));

      const mono = decodeWav(makeWav(1, 8000, bitDepth, [left]));
      expect(mono).toMatchObject({ sampleRate: 8000, numChannels: 1 });
      expectClose(mono.samples, left, TOLERANCE[bitDepth]!);

      const stereo = decodeWav(makeWav(2, 44100, bitDepth, [left, right]));
      expect(stereo).toMatchObject({ sampleRate: 44100, numChannels: 2 });
      expectClose(stereo.samples, left.map((l, i) => (l + right[i]!) / 2), TOLERANCE[bitDepth]!);
    });
  }

  it('decodes big-endian RIFX', () => {
    const data = Buffer.from([0x40, 0x00, 0xe0, 0x00, 0x00, 0x01]);
    const bytes = makeRawWav({ bigEndian: true, extensibleFloat: false, sampleRate: 16000, data });
    expect(Array.from(decodeWav(bytes).samples)).toEqual([0.5, -0.25, 1 / 32768]);
  });

  it('decodes WAVE_FORMAT_EXTENSIBLE float as float', () => {
    const data = Buffer.alloc(12);
    [0.5, -0.75, 0.125].forEach((v, i) => data.writeFloatLE(v, 4 * i));
    const decoded = decodeWav(makeRawWav({ bigEndian: false, extensibleFloat: true, sampleRate: 48000, data }));
    expect(decoded.sampleRate).toBe(48000);
    expect(Array.from(decoded.samples)).toEqual([0.5, -0.75, 0.125]);
  });

  it('clamps out-of-range float samples into [-1, 1]', () => {
    expect(Array.from(decodeWav(makeWav(1, 16000, '32f', [[1.5, -3, 0.25]])).samples)).toEqual([1, -1, 0.25]);
  });

  it('reads a Buffer at an odd byteOffset', () => {
    const bytes = makeWav(1, 16000, '16', [[0.5, -0.5]]);
    const backing = Buffer.alloc(bytes.length + 1);
    backing.set(bytes, 1);
    expect(Array.from(decodeWav(backing.subarray(1)).samples)).toEqual([0.5, -0.5]);
  });
});

describe('decodeWav: bad input', () => {
  const code = (call: () => unknown): string | undefined => {
    try {
      call();
    } catch (e) {
      return (e as { code?: string }).code;
    }
    return undefined;
  };

  it('rejects non-WAV bytes with AUDIO_ERR_FORMAT saying what came', () => {
    expect(code(() => decodeWav(new Uint8Array(0)))).toBe('AUDIO_ERR_FORMAT');
    expect(code(() => decodeWav(Buffer.from('ID3\u0004 this is an mp3, honest')))).toBe('AUDIO_ERR_FORMAT');
    expect(() => decodeWav(Buffer.from('OggS and some more bytes'))).toThrow(/starts with "OggS"/);
  });

  it('rejects compressed WAVs (A-law) with AUDIO_ERR_FORMAT', () => {
    const wav = new wavefile.WaveFile(makeWav(1, 8000, '16', [ramp(100, 0.5)]));
    wav.toALaw();
    expect(code(() => decodeWav(wav.toBuffer()))).toBe('AUDIO_ERR_FORMAT');
    expect(() => decodeWav(wav.toBuffer())).toThrow(/A-law/);
  });

  it('rejects a WAV without samples with AUDIO_ERR_FORMAT', () => {
    expect(code(() => decodeWav(makeWav(1, 16000, '16', [[]])))).toBe('AUDIO_ERR_FORMAT');
  });

  it('rejects sample rates outside 8000-48000 Hz with AUDIO_ERR_SAMPLE_RATE', () => {
    expect(code(() => decodeWav(makeWav(1, 96000, '16', [[0.1, 0.2]])))).toBe('AUDIO_ERR_SAMPLE_RATE');
    expect(code(() => decodeWav(makeWav(1, 4000, '16', [[0.1, 0.2]])))).toBe('AUDIO_ERR_SAMPLE_RATE');
  });
});

describe('decodeWavTo16kMono and encodeWav16', () => {
  it('resamples a 44.1 kHz stereo file to 16 kHz mono', () => {
    const n = 22050; // 0.5 s
    const left = Array.from({ length: n }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 1000 * i) / 44100));
    const out = decodeWavTo16kMono(makeWav(2, 44100, '16', [left, left]));
    expect(Math.abs(out.length - 8000)).toBeLessThanOrEqual(1);
    // Peak of a 1 kHz, 0.5-amplitude tone, away from the edges.
    const peak = out.subarray(2000, 6000).reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(peak).toBeGreaterThan(0.495);
    expect(peak).toBeLessThan(0.505);
  });

  it('passes 16 kHz audio through without resampling', () => {
    const values = [0.25, -0.5, 0.75];
    expect(Array.from(decodeWavTo16kMono(makeWav(1, 16000, '16', [values])))).toEqual(values);
  });

  it('writes 16-bit mono PCM that decodes back within one quantisation step', () => {
    const samples = new Float32Array(ramp(1000, 0.99));
    const bytes = encodeWav16(samples, 16000);
    const header = new wavefile.WaveFile(bytes);
    expect(header.fmt).toMatchObject({ audioFormat: 1, numChannels: 1, sampleRate: 16000, bitsPerSample: 16 });
    expectClose(decodeWav(bytes).samples, Array.from(samples), 1 / 32768);
  });
});
