/**
 * 16-bit little-endian PCM (the wire format) <-> Float32 in [-1, 1] (the
 * internal format).
 *
 * Bytes are read one at a time rather than through an Int16Array view: a
 * websocket frame's Buffer often starts at an odd byteOffset inside Node's
 * pooled memory, where an Int16Array view throws, and a view would also
 * assume the host is little-endian.
 */
import { DiktatsError } from '../errors.ts';

const SCALE = 32768;

export function pcm16ToFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length % 2 !== 0) {
    throw new DiktatsError('AUDIO_ERR_ODD_BYTES', `got ${bytes.length} bytes`);
  }
  const out = new Float32Array(bytes.length / 2);
  for (let i = 0, b = 0; i < out.length; i++, b += 2) {
    const u = bytes[b]! | (bytes[b + 1]! << 8);
    // Sign-extend the 16-bit value.
    out[i] = ((u << 16) >> 16) / SCALE;
  }
  return out;
}

/**
 * Scales by 32768 (the inverse of pcm16ToFloat32, so PCM round-trips exactly),
 * rounds, and clamps: +1.0 becomes 32767. NaN becomes silence rather than
 * garbage.
 */
export function float32ToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round(samples[i]! * SCALE);
    out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : Number.isNaN(v) ? 0 : v;
  }
  return out;
}

/** float32ToInt16, serialised little-endian whatever the host's byte order. */
export function float32ToPcm16(samples: Float32Array): Uint8Array {
  const values = float32ToInt16(samples);
  const out = new Uint8Array(values.length * 2);
  for (let i = 0, b = 0; i < values.length; i++, b += 2) {
    const v = values[i]!;
    out[b] = v & 0xff;
    out[b + 1] = (v >> 8) & 0xff;
  }
  return out;
}
