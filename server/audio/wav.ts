/**
 * WAV in and out. `wavefile` parses the RIFF/RIFX/RF64 container and writes
 * files; the sample bytes are decoded here, because wavefile reads
 * WAVE_FORMAT_EXTENSIBLE float files as integers and would first unpack every
 * sample into a Float64Array.
 */
import wavefile from 'wavefile';
import { DiktatsError } from '../errors.ts';
import { float32ToInt16 } from './pcm.ts';
import { assertSampleRate, resample } from './resample.ts';
import { SAMPLE_RATE } from './sample-rate.ts';

export interface DecodedWav {
  readonly sampleRate: number;
  /** Channels in the file; `samples` is always their mono mix. */
  readonly numChannels: number;
  /** Mono mixdown in [-1, 1]. */
  readonly samples: Float32Array;
}

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;
const COMPRESSED_FORMATS: Record<number, string> = {
  2: 'MS ADPCM',
  6: 'A-law',
  7: 'mu-law',
  17: 'IMA ADPCM',
  85: 'MP3',
};

/** The fields of wavefile's `fmt` chunk that decoding needs (typed `object` upstream). */
interface FmtChunk {
  audioFormat: number;
  numChannels: number;
  sampleRate: number;
  blockAlign: number;
  bitsPerSample: number;
  subformat?: number[];
}

type SampleReader = (view: DataView, offset: number) => number;

function sampleReader(format: number, bytesPerSample: number, littleEndian: boolean): SampleReader | null {
  if (format === FORMAT_FLOAT) {
    if (bytesPerSample === 4) return (v, o) => v.getFloat32(o, littleEndian);
    if (bytesPerSample === 8) return (v, o) => v.getFloat64(o, littleEndian);
    return null;
  }
  switch (bytesPerSample) {
    case 1: // 8-bit WAV is unsigned, centred on 128.
      return (v, o) => (v.getUint8(o) - 128) / 128;
    case 2:
      return (v, o) => v.getInt16(o, littleEndian) / 32768;
    case 3:
      return (v, o) => {
        const b0 = v.getUint8(o);
        const b2 = v.getUint8(o + 2);
        const lo = littleEndian ? b0 : b2;
        const hi = littleEndian ? b2 : b0;
        const u = lo | (v.getUint8(o + 1) << 8) | (hi << 16);
        return ((u << 8) >> 8) / 8388608;
      };
    case 4:
      return (v, o) => v.getInt32(o, littleEndian) / 2147483648;
    default:
      return null;
  }
}

/** Decodes any PCM or IEEE-float WAV at 8-48 kHz to a mono Float32 mix. */
export function decodeWav(bytes: Uint8Array): DecodedWav {
  const wav = new wavefile.WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (cause) {
    const head = Buffer.from(bytes.subarray(0, 4)).toString('latin1').replace(/[^\x20-\x7e]/g, '?');
    const what = bytes.length < 12 ? `${bytes.length} bytes` : `starts with "${head}"`;
    throw new DiktatsError('AUDIO_ERR_FORMAT', `not a readable WAV file (${what})`, { cause });
  }
  const fmt = wav.fmt as FmtChunk;
  const format =
    fmt.audioFormat === FORMAT_EXTENSIBLE ? (fmt.subformat?.[0] ?? 0) : fmt.audioFormat;
  if (format !== FORMAT_PCM && format !== FORMAT_FLOAT) {
    const name = COMPRESSED_FORMATS[format] ?? `format code ${format}`;
    throw new DiktatsError('AUDIO_ERR_FORMAT', `${name} WAV; convert it to PCM`);
  }
  const numChannels = fmt.numChannels;
  const bytesPerSample = Math.ceil(fmt.bitsPerSample / 8);
  const read = sampleReader(format, bytesPerSample, wav.container !== 'RIFX');
  if (numChannels < 1 || !read || fmt.blockAlign !== numChannels * bytesPerSample) {
    const kind = format === FORMAT_FLOAT ? 'float' : 'int';
    throw new DiktatsError(
      'AUDIO_ERR_FORMAT',
      `${fmt.bitsPerSample}-bit ${kind}, ${numChannels} channel(s), block align ${fmt.blockAlign}`,
    );
  }
  assertSampleRate(fmt.sampleRate, 'WAV sample rate');

  const data = (wav.data as { samples: Uint8Array }).samples;
  // A trailing partial frame (truncated upload) is ignored, not an error.
  const numFrames = Math.floor(data.length / fmt.blockAlign);
  if (numFrames === 0) {
    throw new DiktatsError('AUDIO_ERR_FORMAT', 'the WAV data chunk holds no samples');
  }
  const view = new DataView(data.buffer, data.byteOffset, numFrames * fmt.blockAlign);
  const samples = new Float32Array(numFrames);
  for (let frame = 0, offset = 0; frame < numFrames; frame++) {
    let sum = 0;
    for (let ch = 0; ch < numChannels; ch++, offset += bytesPerSample) sum += read(view, offset);
    const s = sum / numChannels;
    // Float files may hold out-of-range or NaN values; the model must not see them.
    samples[frame] = s > 1 ? 1 : s < -1 ? -1 : Number.isNaN(s) ? 0 : s;
  }
  return { sampleRate: fmt.sampleRate, numChannels, samples };
}

/** Decodes a WAV and resamples it to the 16 kHz mono the recogniser expects. */
export function decodeWavTo16kMono(bytes: Uint8Array): Float32Array {
  const { sampleRate, samples } = decodeWav(bytes);
  return sampleRate === SAMPLE_RATE ? samples : resample(samples, sampleRate, SAMPLE_RATE);
}

/** Encodes mono Float32 samples as a 16-bit PCM WAV file. */
export function encodeWav16(samples: Float32Array, sampleRate: number): Uint8Array {
  assertSampleRate(sampleRate);
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, sampleRate, '16', float32ToInt16(samples));
  return wav.toBuffer();
}
