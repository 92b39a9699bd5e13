import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createFinalDecoder, detectFamily } from '../../../../server/asr/final-pass.ts';
import { readWhisperOptions } from '../../../../server/asr/whisper/whisper-family.ts';
import { tempDirs } from '../../../support/temp-dirs.ts';
import { WHISPER_FIXTURE_DIR, expected, speech } from './fixture.ts';

const tmp = tempDirs('diktats-whisper-family-');
const greedy = expected.cases.find((c) => c.name === 'speech-greedy')!.windows[0]!.tokens;
const beam3 = expected.cases.find((c) => c.name === 'speech-beam3')!.windows[0]!.tokens;

describe('Whisper in the final-pass family registry', () => {
  it('is registered by families/index.ts, before the generic CTC folder', async () => {
    const { registeredFamilies, detectFamily: detect } = await import('../../../../server/asr/families/index.ts');
    const names = registeredFamilies();
    expect(names).toContain('whisper');
    expect(names.indexOf('whisper')).toBeLessThan(names.indexOf('ctc'));
    expect((await detect(WHISPER_FIXTURE_DIR)).family).toBe('whisper');
  });

  it('detects the optimum layout and describes it', async () => {
    const m = await detectFamily(WHISPER_FIXTURE_DIR);
    expect(m.family).toBe('whisper');
    expect(m.modelFiles).toEqual(['encoder_model.onnx', 'decoder_model_merged.onnx']);
    expect(m.vocabularySize).toBe(452); // 256 bytes + 160 merges + 36 specials
    expect(m.details).toMatchObject({ numMelBins: 128, decoderLayout: 'merged', decoderLayers: 2, beamSize: 1, language: 'lv' });
  });

  it('creates an UtteranceDecoder whose tokens equal the reference', async () => {
    const dec = await createFinalDecoder(WHISPER_FIXTURE_DIR, await detectFamily(WHISPER_FIXTURE_DIR), { threads: 1 });
    try {
      expect(dec.family).toBe('whisper');
      expect((await dec.decode(speech)).tokens).toEqual(greedy);
    } finally {
      await dec.dispose();
    }
  });

  it('model.json sets the beam size; a bad value is a clear error', async () => {
    const dir = join(tmp(), 'w');
    cpSync(WHISPER_FIXTURE_DIR, dir, { recursive: true });
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ beamSize: 3 }));
    const dec = await createFinalDecoder(dir, await detectFamily(dir), { threads: 1 });
    try {
      expect((await dec.decode(speech)).tokens).toEqual(beam3);
    } finally {
      await dec.dispose();
    }
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ beamSize: 0 }));
    await expect(readWhisperOptions(dir)).rejects.toThrow(/beamSize must be an integer 1-16, got 0/);
  });

  it('decodes in a worker thread', async () => {
    const worker = new Worker(new URL('./whisper-in-worker.mjs', import.meta.url), { workerData: { dir: WHISPER_FIXTURE_DIR } });
    try {
      const reply = await new Promise<{ family: string; tokens: number[] }>((resolve, reject) => {
        worker.on('error', reject);
        worker.on('message', (m: unknown) => {
          if (m === 'ready') worker.postMessage(speech.slice());
          else resolve(m as { family: string; tokens: number[] });
        });
      });
      expect(reply.family).toBe('whisper');
      expect(reply.tokens).toEqual(greedy);
    } finally {
      await worker.terminate();
    }
  });
});

describe('expected failures while decoding', () => {
  it('an onnxruntime failure becomes ASR_ERR_INFERENCE; empty audio decodes', async () => {
    const dec = await createFinalDecoder(WHISPER_FIXTURE_DIR, await detectFamily(WHISPER_FIXTURE_DIR), { threads: 1 });
    try {
      const r = await dec.decode(new Float32Array(0));
      expect(r.flags.length).toBeGreaterThan(0); // the random model is never sure of anything
      await dec.dispose();
      await expect(dec.decode(speech)).rejects.toMatchObject({ code: 'ASR_ERR_INFERENCE' });
    } finally {
      await dec.dispose().catch(() => undefined);
    }
  });
});
