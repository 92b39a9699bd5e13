/** `diktats model check` in-process on the family fixtures: report, JSON shape, errors naming the file, strict arguments. */
import { cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../../../server/cli/command-io.ts';
import { modelCommand, parseModelArgs, type ModelCheckReport } from '../../../server/cli/model-command.ts';
import { captureIo, usageError } from '../../unit/cli/capture-io.ts';

const MODELS = fileURLToPath(new URL('../../fixtures/models/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'diktats-model-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('diktats model check', () => {
  it('reports a TDT transducer as text', async () => {
    const io = captureIo();
    expect(await modelCommand(['check', MODELS + 'nemo-tdt-tiny'], io)).toBe(EXIT_OK);
    const out = io.out();
    expect(out).toMatch(/family {8}nemo-transducer \(variant tdt, durations 5, featureBins 128/);
    expect(out).toMatch(/vocabulary {4}43 tokens/);
    expect(out).toMatch(/in {3}audio_signal float32 \[B, 128, T\]/);
    expect(out).toMatch(/out {2}outputs float32 \[B, T, U, 48\]/);
    expect(out).toMatch(/smoke decode {2}1 s of synthetic audio in \d+ ms/);
    expect(out.trimEnd().endsWith('ok')).toBe(true);
  });

  it('--json: one object with graphs, parameters and the smoke decode', async () => {
    const io = captureIo();
    expect(await modelCommand(['check', '--json', MODELS + 'omnilingual-ctc-tiny'], io)).toBe(EXIT_OK);
    const r = JSON.parse(io.out()) as ModelCheckReport & { ok: boolean };
    expect(r.ok).toBe(true);
    expect(r.family).toBe('ctc');
    expect(r.details.format).toBe('omnilingual-ctc');
    expect(r.vocabularySize).toBe(38);
    expect(r.sampleRate).toBe(16000);
    expect(r.parameters).toBeGreaterThan(1000);
    expect(r.graphs).toEqual([expect.objectContaining({ file: 'model.int8.onnx', inputs: [{ name: 'x', type: 'float32', dims: ['N', 'num_samples'] }] })]);
    expect(r.graphs[0]!.metadata.model_type).toBe('omnilingual-asr');
    expect(r.smoke.audioSec).toBe(1);
    expect(r.smoke.tokens).toBeGreaterThan(0);
  });

  it('the Whisper family (registered by server/asr/whisper) is checked the same way', async () => {
    const io = captureIo();
    expect(await modelCommand(['check', '--json', MODELS + 'whisper-tiny-random'], io)).toBe(EXIT_OK);
    const r = JSON.parse(io.out()) as ModelCheckReport;
    expect(r.family).toBe('whisper');
    expect(r.graphs.map((g) => g.file)).toContain('encoder_model.onnx');
    expect(r.smoke.audioSec).toBe(1);
  });

  it('a missing joiner: exit 1, the message names the file', async () => {
    const broken = join(dir, 'rnnt');
    cpSync(MODELS + 'nemo-rnnt-tiny', broken, { recursive: true });
    unlinkSync(join(broken, 'joiner.int8.onnx'));
    const io = captureIo();
    expect(await modelCommand(['check', broken, '--json'], io)).toBe(EXIT_FAILURE);
    expect(io.err()).toMatch(/ASR_ERR_MODEL_INVALID: .*joiner\.onnx \(or joiner\.int8\.onnx\) is missing/);
    expect(JSON.parse(io.out())).toMatchObject({ ok: false, error: expect.stringMatching(/joiner/) });
  });

  it('strict arguments', async () => {
    expect(usageError(() => parseModelArgs(['check']))).toMatch(/give the model folder/);
    expect(usageError(() => parseModelArgs(['inspect', 'x']))).toMatch(/unknown sub-command "inspect"/);
    expect(usageError(() => parseModelArgs(['check', 'a', 'b']))).toMatch(/unexpected "b"/);
    expect(usageError(() => parseModelArgs(['check', 'a', '--jsn']))).toMatch(/--jsn/);
    const io = captureIo();
    expect(await modelCommand(['check'], io)).toBe(EXIT_USAGE);
    expect(parseModelArgs(['--help'])).toBeNull();
  });
});
