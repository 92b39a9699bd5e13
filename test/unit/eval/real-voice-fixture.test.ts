import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeWav } from '../../../server/audio/wav.ts';
import { readManifest } from '../../../server/eval/manifest.ts';

const DIR = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/real-voice');

describe('real-voice evaluation set (test/fixtures/real-voice)', () => {
  it('every clip exists, is 16 kHz mono and as long as the manifest says; every group has its SOURCE.md', async () => {
    const entries = await readManifest(join(DIR, 'manifest.jsonl'));
    expect(entries.length).toBe(67);
    const groups = new Set<string>();
    for (const e of entries) {
      const wav = decodeWav(new Uint8Array(readFileSync(e.audioPath)));
      expect(wav.sampleRate, e.audioFilepath).toBe(16000);
      expect(wav.numChannels, e.audioFilepath).toBe(1);
      expect(Math.abs(wav.samples.length / 16000 - (e.duration ?? 0)), e.audioFilepath).toBeLessThan(0.01);
      expect(e.text.trim().length, e.audioFilepath).toBeGreaterThan(0);
      groups.add(e.audioFilepath.split('/')[0]!);
    }
    expect([...groups].sort()).toEqual(['common-voice', 'tilde-meetings']);
    for (const g of groups) expect(existsSync(join(DIR, g, 'SOURCE.md')), g).toBe(true);
  });

  it('transcripts are spoken form: no digits, which would have no defined reading', async () => {
    const entries = await readManifest(join(DIR, 'manifest.jsonl'));
    expect(entries.filter((e) => /[0-9]/.test(e.text)).map((e) => e.audioFilepath)).toEqual([]);
  });
});
