/** Family detection from a folder's files, with errors that name the missing or mismatched file. */
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { detectFamily, registeredFamilies } from '../../../../server/asr/families/index.ts';
import { CtcUtteranceDecoder } from '../../../../server/asr/families/ctc-final.ts';

const MODELS = fileURLToPath(new URL('../../../fixtures/models/', import.meta.url));
const temps: string[] = [];
function copy(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'diktats-family-'));
  temps.push(dir);
  cpSync(MODELS + name, dir, { recursive: true });
  return dir;
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('detectFamily: the families', () => {
  it('registers transducer before the generic CTC folder', () => {
    const names = registeredFamilies();
    expect(names.indexOf('nemo-transducer')).toBeLessThan(names.indexOf('ctc'));
  });

  it.each([
    ['nemo-tdt-tiny', 'nemo-transducer', 43, { variant: 'tdt', durations: 5, featureBins: 128, normalize: 'per_feature', subsampling: 8 }],
    ['nemo-rnnt-tiny', 'nemo-transducer', 43, { variant: 'rnnt', featureBins: 80, normalize: 'none' }],
    ['omnilingual-ctc-tiny', 'ctc', 38, { format: 'omnilingual-ctc', frameShiftMs: 20, blankId: 0 }],
    ['sherpa-nemo-ctc-tiny', 'ctc', 35, { format: 'sherpa-onnx-nemo-ctc' }],
    ['hf-wav2vec2-tiny', 'ctc', 39, { format: 'wav2vec2' }],
  ])('%s is %s with %i tokens', async (name, family, vocab, details) => {
    const m = await detectFamily(MODELS + name);
    expect(m.family).toBe(family);
    expect(m.vocabularySize).toBe(vocab);
    expect(m.sampleRate).toBe(16000);
    expect(m.details).toMatchObject(details);
  });
});

describe('detectFamily: expected failures name the file', () => {
  it('a transducer without its joiner', async () => {
    const dir = copy('nemo-tdt-tiny');
    unlinkSync(join(dir, 'joiner.int8.onnx'));
    await expect(detectFamily(dir)).rejects.toThrow(/joiner\.onnx \(or joiner\.int8\.onnx\) is missing/);
  });

  it('a transducer without tokens.txt', async () => {
    const dir = copy('nemo-rnnt-tiny');
    unlinkSync(join(dir, 'tokens.txt'));
    await expect(detectFamily(dir)).rejects.toThrow(/tokens\.txt is missing/);
  });

  it('tokens.txt of another model (size mismatch)', async () => {
    const dir = copy('nemo-tdt-tiny');
    const lines = readFileSync(join(dir, 'tokens.txt'), 'utf8').trim().split('\n');
    writeFileSync(join(dir, 'tokens.txt'), [...lines.slice(0, -2), `<blk> ${lines.length - 2}`].join('\n') + '\n');
    await expect(detectFamily(dir)).rejects.toThrow(/tokens\.txt has 42 tokens, encoder\.int8\.onnx metadata says vocab_size 42 \(\+1 blank = 43\)/);
  });

  it('a blank that is not last', async () => {
    const dir = copy('nemo-rnnt-tiny');
    const lines = readFileSync(join(dir, 'tokens.txt'), 'utf8').trim().split('\n');
    const swapped = lines.map((l, i) => (i === 0 ? l.replace('<unk>', '<blk>') : i === lines.length - 1 ? l.replace('<blk>', '<unk>') : l));
    writeFileSync(join(dir, 'tokens.txt'), swapped.join('\n') + '\n');
    await expect(detectFamily(dir)).rejects.toThrow(/tokens\.txt must end with the blank "<blk>"/);
  });

  it('a decoder swapped for the joiner', async () => {
    const dir = copy('nemo-tdt-tiny');
    cpSync(join(dir, 'joiner.int8.onnx'), join(dir, 'decoder.int8.onnx'));
    await expect(detectFamily(dir)).rejects.toThrow(/decoder\.int8\.onnx inputs are \[encoder_outputs:1, decoder_outputs:1\], expected 4 inputs/);
  });

  it('an empty folder lists what each family needs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'diktats-family-'));
    temps.push(dir);
    await expect(detectFamily(dir)).rejects.toThrow(/no model family recognised \(found nothing\).*encoder\/decoder\/joiner/);
  });

  it('a folder that does not exist', async () => {
    await expect(detectFamily('/no/such/model')).rejects.toMatchObject({ code: 'ASR_ERR_MODEL_NOT_FOUND' });
  });
});

describe('omnilingual CTC: token-exact against the Python reference', () => {
  it('greedy CTC over the raw-waveform graph gives the reference tokens', async () => {
    const expected = JSON.parse(readFileSync(MODELS + 'omnilingual-ctc-tiny/expected.json', 'utf8')) as { input: { pcm16: number[] }; outputShape: number[]; greedy: { tokens: number[]; text: string } };
    const decoder = await CtcUtteranceDecoder.open(MODELS + 'omnilingual-ctc-tiny');
    try {
      expect(decoder.spec.family).toBe('omnilingual-ctc');
      expect(decoder.spec.input).toEqual({ kind: 'waveform', name: 'x', normalize: true, varianceEpsilon: 1e-5 });
      const r = await decoder.decode(Float32Array.from(expected.input.pcm16, (x) => x / 32768));
      expect(r.tokens).toEqual(expected.greedy.tokens);
      expect(r.logProbs.frames).toBe(expected.outputShape[1]);
    } finally {
      await decoder.dispose();
    }
  });
});
