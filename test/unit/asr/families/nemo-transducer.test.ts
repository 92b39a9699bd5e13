/**
 * The NeMo transducer family against the Python reference decoder: tiny random-weight
 * TDT and RNNT models in the sherpa-onnx layout (scripts/fixtures/make_family_fixtures.py),
 * decoded here through onnxruntime, must give the reference's tokens exactly.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NemoTransducerDecoder } from '../../../../server/asr/families/nemo-transducer.ts';
import { loadTransducerSpec } from '../../../../server/asr/families/transducer-spec.ts';

const MODELS = fileURLToPath(new URL('../../../fixtures/models/', import.meta.url));

interface Expected {
  variant: 'tdt' | 'rnnt';
  input: { pcm16: number[] };
  beam: { tokens: number[] };
  greedy: { tokens: number[]; text: string };
  biased: { terms: string[]; termTokens: number[][]; tokens: number[] };
  hotwordBoost: number;
  encoderFrames: number;
  fbankOptions: { numBins: number };
}

const samplesOf = (pcm: number[]): Float32Array => Float32Array.from(pcm, (x) => x / 32768);

for (const name of ['nemo-tdt-tiny', 'nemo-rnnt-tiny']) {
  describe(`${name}: token-exact against the Python reference`, () => {
    const dir = MODELS + name;
    const expected = JSON.parse(readFileSync(`${dir}/expected.json`, 'utf8')) as Expected;
    const samples = samplesOf(expected.input.pcm16);
    let greedy: NemoTransducerDecoder;
    let beam: NemoTransducerDecoder;

    beforeAll(async () => {
      const spec = await loadTransducerSpec(dir, new Set(await readdir(dir)));
      greedy = await NemoTransducerDecoder.open(spec, { hotwordBoost: expected.hotwordBoost });
      beam = await NemoTransducerDecoder.open(spec, { hotwordBoost: expected.hotwordBoost, decoding: 'beam' });
    });
    afterAll(async () => {
      await greedy?.dispose();
      await beam?.dispose();
    });

    it('reads the export: variant, feature bins, encoder frames', async () => {
      expect(greedy.spec.variant).toBe(expected.variant);
      expect(greedy.spec.featDim).toBe(expected.fbankOptions.numBins);
      const net = await greedy.encode(samples);
      expect(net.numFrames).toBe(expected.encoderFrames);
      expect(net.numDurations).toBe(expected.variant === 'tdt' ? 5 : 0);
    });

    it('greedy search gives the reference tokens', async () => {
      const r = await greedy.decode(samples);
      expect(r.tokens).toEqual(expected.greedy.tokens);
      expect(r.text).toBe(expected.greedy.text.replace(/\s+/g, ' '));
      expect(r.flags).not.toContain('hotwords');
    });

    it('modified beam search gives the reference tokens', async () => {
      const r = await beam.decode(samples);
      expect(r.tokens).toEqual(expected.beam.tokens);
    });

    it('hotwords: the reference tokens, and they differ from the unbiased search', async () => {
      const r = await greedy.decode(samples, { terms: expected.biased.terms });
      expect(r.flags).toContain('hotwords');
      expect(r.tokens).toEqual(expected.biased.tokens);
      expect(r.tokens).not.toEqual(expected.beam.tokens);
    });
  });
}
