import { describe, expect, it } from 'vitest';
import { float32ToInt16, float32ToPcm16, pcm16ToFloat32 } from '../../../server/audio/pcm.ts';
import { DiktatsError } from '../../../server/errors.ts';

describe('pcm16ToFloat32', () => {
  it('reads little-endian signed 16-bit and scales by 1/32768', () => {
    const bytes = new Uint8Array([0x00, 0x80, 0xff, 0x7f, 0x01, 0x00, 0xff, 0xff, 0x00, 0x00]);
    expect(Array.from(pcm16ToFloat32(bytes))).toEqual([-1, 32767 / 32768, 1 / 32768, -1 / 32768, 0]);
  });

  it('reads a Buffer that starts at an odd byteOffset', () => {
    const backing = Buffer.alloc(9);
    const frame = backing.subarray(1); // 8 bytes at byteOffset 1
    frame.set([0x00, 0x40, 0x00, 0xc0, 0x34, 0x12, 0xcc, 0xed]);
    expect(frame.byteOffset % 2).toBe(1);
    expect(Array.from(pcm16ToFloat32(frame))).toEqual([0.5, -0.5, 0x1234 / 32768, (0xedcc - 0x10000) / 32768]);
  });

  it('rejects an odd number of bytes with AUDIO_ERR_ODD_BYTES', () => {
    const call = () => pcm16ToFloat32(new Uint8Array(3));
    expect(call).toThrow(DiktatsError);
    expect(call).toThrow(expect.objectContaining({ code: 'AUDIO_ERR_ODD_BYTES', status: 400 }));
  });

  it('returns nothing for no bytes', () => {
    expect(pcm16ToFloat32(new Uint8Array(0)).length).toBe(0);
  });
});

describe('float32ToPcm16', () => {
  it('round-trips every 16-bit value exactly', () => {
    const bytes = new Uint8Array(65536 * 2);
    for (let v = 0; v < 65536; v++) {
      bytes[2 * v] = v & 0xff;
      bytes[2 * v + 1] = v >> 8;
    }
    expect(Buffer.from(float32ToPcm16(pcm16ToFloat32(bytes))).equals(Buffer.from(bytes))).toBe(true);
  });

  it('rounds, clamps out-of-range values and silences NaN', () => {
    const input = new Float32Array([1, 1.5, -1, -2, 0.4 / 32768, 0.6 / 32768, -0.6 / 32768, Number.NaN]);
    expect(Array.from(float32ToInt16(input))).toEqual([32767, 32767, -32768, -32768, 0, 1, -1, 0]);
    expect(Array.from(float32ToPcm16(new Float32Array([-1, 0.5])))).toEqual([0x00, 0x80, 0x00, 0x40]);
  });
});
