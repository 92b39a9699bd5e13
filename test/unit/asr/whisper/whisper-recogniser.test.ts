import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhisperLogMel, slaneyMelFilters } from '../../../../server/asr/whisper/log-mel.ts';
import { loadWhisperFiles } from '../../../../server/asr/whisper/whisper-files.ts';
import { WhisperOnnx } from '../../../../server/asr/whisper/whisper-onnx.ts';
import { WhisperRecogniser } from '../../../../server/asr/whisper/whisper-recogniser.ts';
import { tempDirs } from '../../../support/temp-dirs.ts';
import { WHISPER_FIXTURE_DIR, expected, firstStepLogits, signalFor, speech } from './fixture.ts';

const tmp = tempDirs('diktats-whisper-');

describe('Whisper on the tiny random-weight fixture: token for token with the Python reference', () => {
  const recognisers = new Map<number, WhisperRecogniser>();
  let withFallback: WhisperRecogniser;
  beforeAll(async () => {
    for (const beam of [1, 3]) recognisers.set(beam, await WhisperRecogniser.load(WHISPER_FIXTURE_DIR, { beamSize: beam }));
    withFallback = await WhisperRecogniser.load(WHISPER_FIXTURE_DIR, { temperatureFallback: [0.2, 0.4, 0.6, 0.8, 1.0] });
  });
  afterAll(async () => {
    for (const r of recognisers.values()) await r.dispose();
    await withFallback.dispose();
  });

  it('the merged decoder is the one chosen', () => {
    expect(recognisers.get(1)!.files.decoder.kind).toBe('merged');
  });

  it.each(expected.cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    if (c.temperatureFallback.length > 0) expect(c.temperatureFallback).toEqual([0.2, 0.4, 0.6, 0.8, 1.0]);
    const rec = c.temperatureFallback.length > 0 ? withFallback : recognisers.get(c.beam)!;
    const r = await rec.decode(signalFor(c.name), c.promptTerms ? { terms: c.promptTerms } : undefined);
    expect(r.windows.map((w) => [w.startSample, w.endSample])).toEqual(c.windows.map((w) => [w.start, w.end]));
    r.windows.forEach((w, i) => {
      const want = c.windows[i]!;
      expect(w.tokens).toEqual(want.tokens);
      expect(w.text).toBe(want.text);
      expect(w.sumLogprob).toBeCloseTo(want.sumLogprob, 3);
      expect(w.avgLogprob).toBeCloseTo(want.avgLogprob, 3);
      expect(Math.abs(w.noSpeechProb! - want.noSpeechProb)).toBeLessThan(1e-4);
      expect(w.silent).toBe(want.silent);
      expect(Math.abs(w.compressionRatio - want.compressionRatio)).toBeLessThan(0.1);
      expect([...w.flags].sort()).toEqual([...want.flags].sort());
    });
    expect(r.windows.length).toBe(c.windows.length);
  });

  it('silence: no-speech probability 0.9 at <|startoftranscript|> and an unsure text -> no text, flagged', async () => {
    const want = expected.cases.find((x) => x.name === 'silence-greedy')!.windows[0]!;
    expect(want.noSpeechProb).toBeGreaterThan(0.6);
    expect(want.silent).toBe(true);
    const r = await recognisers.get(1)!.decode(signalFor('silence-greedy'));
    expect(r.text).toBe('');
    expect(r.tokens).toEqual([]);
    expect(r.flags).toContain('no-speech');
    const speechResult = await recognisers.get(1)!.decode(speech);
    expect(speechResult.flags).not.toContain('no-speech');
    expect(speechResult.text.length).toBeGreaterThan(0);
  });

  it('temperature fallback: a looping greedy text is replaced by a seeded sample, a reliable one is kept', () => {
    const fallback = expected.cases.find((x) => x.name === 'speech-greedy-fallback')!.windows[0]!;
    const plain = expected.cases.find((x) => x.name === 'speech-greedy')!.windows[0]!;
    expect(plain.flags).toContain('compression-ratio');
    expect(fallback.flags).toContain('temperature-fallback');
    expect(fallback.tokens).not.toEqual(plain.tokens);
    const kept = expected.cases.find((x) => x.name === 'speech-prompt-greedy-fallback')!.windows[0]!;
    expect(kept.flags).not.toContain('temperature-fallback');
  });

  it('the initial prompt is <|startofprev|> + terms + the forced task prompt', () => {
    const c = expected.cases.find((x) => x.name === 'speech-prompt-greedy')!;
    const rec = recognisers.get(1)!;
    expect(rec.initialTokens(rec.promptIds(c.promptTerms!))).toEqual(c.windows[0]!.initialTokens);
    expect(rec.initialTokens()).toEqual(expected.cases[0]!.windows[0]!.initialTokens);
  });

  it('first-step logits of ONNX equal torch within 1e-4', async () => {
    const files = await loadWhisperFiles(WHISPER_FIXTURE_DIR);
    const onnx = await WhisperOnnx.open(files);
    try {
      const enc = await onnx.encode(new WhisperLogMel(files.numMelBins).compute(speech));
      const init = expected.cases[0]!.windows[0]!.initialTokens;
      const { logits } = await onnx.start(enc, init);
      const last = logits.subarray((init.length - 1) * files.vocabSize);
      let max = 0;
      for (let i = 0; i < files.vocabSize; i++) max = Math.max(max, Math.abs(last[i]! - firstStepLogits[i]!));
      expect(max).toBeLessThan(1e-4);
    } finally {
      await onnx.release();
    }
  });
});

describe('other layouts of the same model', () => {
  it('decoder_model.onnx + decoder_with_past_model.onnx and vocab.json + merges.txt give the same tokens', async () => {
    const dir = join(tmp(), 'split');
    cpSync(WHISPER_FIXTURE_DIR, dir, { recursive: true });
    rmSync(join(dir, 'decoder_model_merged.onnx'));
    rmSync(join(dir, 'tokenizer.json'));
    for (const beam of [1, 3]) {
      const rec = await WhisperRecogniser.load(dir, { beamSize: beam });
      try {
        expect(rec.files.decoder.kind).toBe('split');
        const c = expected.cases.find((x) => x.name === (beam === 1 ? 'speech-greedy' : 'speech-beam3'))!;
        const r = await rec.decode(speech);
        expect(r.windows[0]!.tokens).toEqual(c.windows[0]!.tokens);
      } finally {
        await rec.dispose();
      }
    }
  });

  it('ONNX files in onnx/ with optimum quantize names, and mel_filters in preprocessor_config.json', async () => {
    const dir = join(tmp(), 'sub');
    cpSync(WHISPER_FIXTURE_DIR, dir, { recursive: true });
    mkdirSync(join(dir, 'onnx'));
    renameSync(join(dir, 'encoder_model.onnx'), join(dir, 'onnx', 'encoder_model_quantized.onnx'));
    renameSync(join(dir, 'decoder_model_merged.onnx'), join(dir, 'onnx', 'decoder_model_merged_quantized.onnx'));
    // HF's layout of mel_filters: [201 frequencies][numMelBins]
    const w = slaneyMelFilters(128);
    const rows = Array.from({ length: 201 }, (_, k) => Array.from({ length: 128 }, (_, b) => w[b * 201 + k]!));
    const pre = JSON.parse(readFileSync(join(dir, 'preprocessor_config.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'preprocessor_config.json'), JSON.stringify({ ...pre, mel_filters: rows }));
    const rec = await WhisperRecogniser.load(dir);
    try {
      expect(rec.files.encoderPath).toBe(join(dir, 'onnx', 'encoder_model_quantized.onnx'));
      expect(rec.files.melFilters).not.toBeNull();
      const r = await rec.decode(speech);
      expect(r.windows[0]!.tokens).toEqual(expected.cases[0]!.windows[0]!.tokens);
    } finally {
      await rec.dispose();
    }
  });
});

describe('bad folders: a clear error naming the file', () => {
  const without = (files: string[]): string => {
    const dir = join(tmp(), 'm');
    cpSync(WHISPER_FIXTURE_DIR, dir, { recursive: true });
    for (const f of files) rmSync(join(dir, f));
    return dir;
  };
  it.each([
    [['encoder_model.onnx'], /encoder_model\.onnx is missing/],
    [['decoder_model_merged.onnx', 'decoder_with_past_model.onnx'], /decoder_with_past_model\.onnx is missing/],
    [['decoder_model_merged.onnx', 'decoder_model.onnx', 'decoder_with_past_model.onnx'], /decoder_model_merged\.onnx \(or decoder_model\.onnx/],
    [['config.json'], /config\.json is missing/],
    [['generation_config.json'], /generation_config\.json is missing/],
    [['preprocessor_config.json'], /preprocessor_config\.json is missing/],
    [['tokenizer.json', 'merges.txt'], /tokenizer\.json is missing, and so is merges\.txt/],
  ])('without %j', async (files, message) => {
    await expect(loadWhisperFiles(without(files))).rejects.toMatchObject({ code: 'ASR_ERR_MODEL_INVALID', message });
  });

  const edited = (file: string, change: Record<string, unknown>): string => {
    const dir = without([]);
    const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, file), JSON.stringify({ ...json, ...change }));
    return dir;
  };

  it('generation_config.json and the tokenizer from different Whisper versions', async () => {
    const gen = JSON.parse(readFileSync(join(WHISPER_FIXTURE_DIR, 'generation_config.json'), 'utf8')) as { no_timestamps_token_id: number };
    await expect(loadWhisperFiles(edited('generation_config.json', { no_timestamps_token_id: gen.no_timestamps_token_id + 1 }))).rejects.toThrow(
      /gives <\|notimestamps\|> id \d+ but the tokenizer files give \d+; they come from different Whisper versions/,
    );
  });

  it('a config whose attention heads do not match the decoder graph', async () => {
    await expect(loadWhisperFiles(edited('config.json', { decoder_attention_heads: 4 }))).rejects.toThrow(/caches 2 heads of 16, config\.json says 4 heads of 8/);
  });

  it('a language the model lacks', async () => {
    await expect(loadWhisperFiles(WHISPER_FIXTURE_DIR, 'et')).rejects.toThrow(/no <\|et\|> \(language\) token/);
  });
});
