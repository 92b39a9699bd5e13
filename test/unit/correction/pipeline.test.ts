import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBundledContext } from '../../../server/correction/bundled-corpora.ts';
import { evaluateDev, evaluateOrdinary, type DevCase } from '../../../server/correction/evaluation.ts';
import { correctTranscript, type CorrectionContext } from '../../../server/correction/pipeline.ts';

const FIXTURES = new URL('../../fixtures/correction/', import.meta.url);
let ctx: CorrectionContext;
beforeAll(() => {
  ctx = loadBundledContext();
});

describe('correctTranscript with the bundled corpora', () => {
  it('turns the issue example into what a clerk types', () => {
    const spoken =
      'īres maksa simts astoņdesmit eiro un piecdesmit centi personas kods divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci punkts';
    const r = correctTranscript(spoken, ctx);
    expect(r.raw).toBe(spoken);
    expect(r.corrected).toBe('Īres maksa 180,50 EUR personas kods 210385-12345.');
    expect(r.corrections.map((c) => `${c.step}:${c.kind}`)).toEqual(['itn:money', 'itn:personal-code', 'punctuation:sentence-case', 'punctuation:command']);
  });

  it('runs every step in order on a mixed note', () => {
    const r = correctTranscript(
      'klients jānis berzinš dzīvo madonas novadā punkts rēķinu izrakstīja latvenergu komats lēmumu pieņēma bāriņ tiesa divi tūkstoši divdesmit ceturtā gada piektajā septembrī punkts',
      ctx,
    );
    expect(r.corrected).toBe(
      'Klients Jānis Bērziņš dzīvo Madonas novadā. Rēķinu izrakstīja Latvenergo, lēmumu pieņēma bāriņtiesa 2024. gada 5. septembrī.',
    );
    const steps = r.corrections.map((c) => c.step);
    expect(steps.indexOf('fuzzy')).toBeLessThan(steps.indexOf('itn'));
    expect(steps.lastIndexOf('itn')).toBeLessThan(steps.indexOf('punctuation'));
    expect(steps.lastIndexOf('punctuation')).toBeLessThan(steps.indexOf('names'));
    expect(r.corrections.filter((c) => c.step === 'fuzzy').map((c) => c.to)).toEqual(['bērziņš', 'latvenergo', 'bāriņtiesa']);
  });

  it('writes every number in digits for form fields and can skip the fuzzy step', () => {
    expect(correctTranscript('trīs', { ...ctx, numbers: 'digits' }).corrected).toBe('3');
    expect(correctTranscript('rēķins no latvenergu', { ...ctx, fuzzy: false }).corrected).toBe('Rēķins no latvenergu');
  });

  it('returns an empty text for silence', () => {
    expect(correctTranscript('  ', ctx)).toEqual({ raw: '  ', corrected: '', corrections: [] });
  });

  // Regression guards; the figures themselves come from scripts/bench/correction-bench.ts.
  it('keeps the dev set above 95 % exact match', () => {
    const cases = readFileSync(new URL('dev.jsonl', FIXTURES), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DevCase);
    expect(cases.length).toBeGreaterThanOrEqual(150);
    const report = evaluateDev(cases, ctx);
    expect(report.exactMatch).toBeGreaterThan(0.95);
  });

  it('keeps the generated held-out set above 90 % exact match', () => {
    const cases = readFileSync(new URL('heldout.jsonl', FIXTURES), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DevCase);
    expect(evaluateDev(cases, ctx).exactMatch).toBeGreaterThan(0.9);
  });

  it('rewrites at most 0.5 % of the words of ordinary sentences', () => {
    const rows = readFileSync(new URL('ordinary-sentences.tsv', FIXTURES), 'utf8').trim().split('\n').slice(1);
    const sentences = rows.map((r) => {
      const [written, spoken] = r.split('\t');
      return { written: written!, spoken: spoken! };
    });
    const report = evaluateOrdinary(sentences, ctx);
    expect(report.sentences).toBe(1000);
    expect(report.fuzzyRate).toBeLessThanOrEqual(0.005);
    expect(report.falseCapitalRate).toBeLessThanOrEqual(0.005);
    expect(report.rightCapitals).toBeGreaterThan(100);
  });
});
