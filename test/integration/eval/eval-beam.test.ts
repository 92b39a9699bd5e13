/**
 * `diktats eval` with beam search, correction and --compare, in-process, on
 * the tiny random-weight wav2vec2 fixture model, the three espeak-ng
 * utterances of test/fixtures/eval/ (two with a "written" reference) and the
 * small corpora in test/fixtures/eval/corpora/, whose language model builds
 * in about a second. The text is garbage, so these tests check structure and
 * consistency: one acoustic pass gives the same texts as separate greedy and
 * beam runs, the comparison's figures equal independent recomputations from
 * the printed texts, and `corrected` is the correction pipeline's output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readBundledCorpora } from '../../../server/asr/lm/domain-decoder.ts';
import { EXIT_FAILURE, EXIT_OK } from '../../../server/cli/command-io.ts';
import { evalCommand } from '../../../server/cli/eval-command.ts';
import { TermMatcher, termHits } from '../../../server/eval/term-recall.ts';
import { sameWritten } from '../../../server/eval/written.ts';
import { loadAttestedWords, loadCommonWords } from '../../../server/correction/bundled-corpora.ts';
import { buildLexicon } from '../../../server/correction/domain-lexicon.ts';
import { correctTranscript } from '../../../server/correction/pipeline.ts';
import { scoreCorpus } from '../../../server/metrics/error-rates.ts';
import { normalizeText } from '../../../server/metrics/normalize-text.ts';
import { tempDirs } from '../../support/temp-dirs.ts';
import { captureIo } from '../../unit/cli/capture-io.ts';

const fixture = (p: string): string => fileURLToPath(new URL(`../../fixtures/${p}`, import.meta.url));
const MODEL = fixture('models/hf-wav2vec2-tiny');
const MANIFEST = fixture('eval/manifest.jsonl');
const CORPORA = fixture('eval/corpora');
const MANIFEST_LINES = readFileSync(MANIFEST, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as { audio_filepath: string; text: string; written?: string });

interface Utterance {
  audio_filepath: string;
  reference: string;
  hypothesis: string;
  wer: number;
  corrected?: string;
  written?: string;
  greedy?: { hypothesis: string; wer: number };
  terms?: string[];
  termHits?: { greedy: number; beam: number };
}
interface Row {
  wer: number;
  cer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  termRecall: { occurrences: number; hits: number; recall: number | null };
}
interface Report {
  wer: number;
  cer: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  words: number;
  rtf: number;
  decoder: string;
  languageModel?: { sentences: number; terms: number; lmVocabulary: number; buildMs: number; corporaDir: string };
  written?: { references: number; exact: number; exactMatch: number | null };
  compare?: {
    utterances: number;
    words: number;
    greedy: Row;
    beam: Row;
    corrected: { references: number; exact: number; exactMatch: number | null };
    terms: { distinct: number; occurrences: number; byCategory: { category: string; occurrences: number; greedyHits: number; beamHits: number }[] };
    timeMs: Record<'acoustic' | 'beamSearch' | 'correction', { mean: number; p95: number }>;
    languageModel: { terms: number };
  };
  sclite?: { ref: string; hyp: string };
  utterances: Utterance[];
}

const tempDir = tempDirs('diktats-eval-beam-');

async function runJson(args: string[]): Promise<{ code: number; report: Report; stderr: string }> {
  const io = captureIo();
  const code = await evalCommand(['--manifest', MANIFEST, '--model', MODEL, '--json', ...args], io);
  return { code, report: code === EXIT_OK ? (JSON.parse(io.out()) as Report) : ({} as Report), stderr: io.err() };
}

describe('diktats eval --decoder beam and --compare (JSON)', () => {
  const scliteDir = join(tempDir(), 'sclite');
  let greedy: Awaited<ReturnType<typeof runJson>>;
  let beam: Awaited<ReturnType<typeof runJson>>;
  let compared: Awaited<ReturnType<typeof runJson>>;
  let compare: NonNullable<Report['compare']>;

  beforeAll(async () => {
    greedy = await runJson(['--decoder', 'greedy']);
    beam = await runJson(['--corpora', CORPORA]);
    compared = await runJson(['--corpora', CORPORA, '--compare', '--sclite', scliteDir]);
    compare = compared.report.compare!;
  });

  it('exits 0; beam is the decoder, with the language model of the given corpora', () => {
    for (const run of [greedy, beam, compared]) expect(run.code, run.stderr).toBe(EXIT_OK);
    expect(greedy.report.decoder).toBe('greedy');
    expect(beam.report.decoder).toBe('beam');
    expect(compared.report.decoder).toBe('beam');
    expect(beam.report.languageModel).toMatchObject({ terms: 7, corporaDir: CORPORA });
    expect(beam.report.languageModel!.sentences).toBeGreaterThanOrEqual(5);
    expect(beam.report.languageModel!.lmVocabulary).toBeGreaterThan(0);
    expect(compare.languageModel.terms).toBe(7);
    expect(beam.stderr).toMatch(/^eval: language model: \d+ LM sentences, 7 terms/m);
    expect(greedy.report.languageModel).toBeUndefined();
  });

  it('keeps the fixed top-level keys, and gives each utterance a spoken hypothesis and a corrected written form', () => {
    for (const key of ['wer', 'cer', 'substitutions', 'deletions', 'insertions', 'words', 'rtf']) {
      expect(typeof (compared.report as unknown as Record<string, unknown>)[key], key).toBe('number');
    }
    for (const run of [beam, compared]) {
      expect(run.report.utterances.map((u) => [u.audio_filepath, u.reference, u.written])).toEqual(
        MANIFEST_LINES.map((l) => [l.audio_filepath, l.text, l.written]),
      );
      for (const u of run.report.utterances) expect(typeof u.corrected).toBe('string');
    }
    expect(greedy.report.utterances.every((u) => u.corrected === undefined)).toBe(true);
  });

  it('corrects each hypothesis with the correction pipeline and the corpora\'s lexicon', () => {
    const ctx = { lexicon: buildLexicon(readBundledCorpora(CORPORA).terms), commonWords: loadCommonWords(), attestedWords: loadAttestedWords() };
    for (const u of compared.report.utterances) expect(u.corrected).toBe(correctTranscript(u.hypothesis, ctx).corrected);
  });

  it('decodes greedy and beam from one acoustic pass to the same texts as separate runs', () => {
    expect(compared.report.utterances.map((u) => u.greedy!.hypothesis)).toEqual(greedy.report.utterances.map((u) => u.hypothesis));
    expect(compared.report.utterances.map((u) => [u.hypothesis, u.corrected])).toEqual(beam.report.utterances.map((u) => [u.hypothesis, u.corrected]));
  });

  it('has comparison rows equal to the top-level (beam) scores and to a rescoring of the greedy texts', () => {
    const pick = (r: { wer: number; cer: number; substitutions: number; deletions: number; insertions: number }) => ({
      wer: r.wer,
      cer: r.cer,
      substitutions: r.substitutions,
      deletions: r.deletions,
      insertions: r.insertions,
    });
    expect(pick(compare.beam)).toEqual(pick(compared.report));
    expect(pick(compare.greedy)).toEqual(pick(greedy.report));
    const rescored = scoreCorpus(compared.report.utterances.map((u, i) => ({ id: String(i), reference: u.reference, hypothesis: u.greedy!.hypothesis })));
    expect(pick(compare.greedy)).toEqual(pick(rescored));
    expect(compare.utterances).toBe(MANIFEST_LINES.length);
    expect(compare.words).toBe(compared.report.words);
  });

  it('counts the corpus terms said in the references and their exact hits per decoder', () => {
    expect(compared.report.utterances.map((u) => u.terms)).toEqual([['sociālais dienests'], ['pabalsts'], ['brīvības iela']]);
    expect(compare.terms).toMatchObject({ distinct: 7, occurrences: 3 });
    const matcher = new TermMatcher(readBundledCorpora(CORPORA).terms);
    const hits = (texts: string[]) =>
      compared.report.utterances.reduce((n, u, i) => n + [...termHits(matcher.occurrences(u.reference), texts[i]!).values()].reduce((m, c) => m + c.hits, 0), 0);
    const greedyHits = hits(compared.report.utterances.map((u) => u.greedy!.hypothesis));
    const beamHits = hits(compared.report.utterances.map((u) => u.hypothesis));
    expect(compare.greedy.termRecall).toEqual({ occurrences: 3, hits: greedyHits, recall: greedyHits / 3 });
    expect(compare.beam.termRecall).toEqual({ occurrences: 3, hits: beamHits, recall: beamHits / 3 });
    expect(compared.report.utterances.reduce((n, u) => n + u.termHits!.beam, 0)).toBe(beamHits);
    expect(compare.terms.byCategory.map((c) => [c.category, c.occurrences])).toEqual([
      ['institution', 1],
      ['street', 1],
      ['term', 1],
    ]);
  });

  it('scores corrected text by exact match against the two written references', () => {
    const exact = compared.report.utterances.filter((u) => u.written !== undefined && sameWritten(u.written, u.corrected!)).length;
    expect(compare.corrected).toEqual({ references: 2, exact, exactMatch: exact / 2 });
    expect(compared.report.written).toEqual(compare.corrected);
  });

  it('reports time per utterance for the acoustic pass, the beam search and the correction', () => {
    for (const t of Object.values(compare.timeMs)) {
      expect(t.mean).toBeGreaterThanOrEqual(0);
      // nearest-rank p95 of three values is the largest
      expect(t.p95).toBeGreaterThanOrEqual(t.mean);
    }
    expect(compare.timeMs.acoustic.mean).toBeGreaterThan(0);
  });

  it('writes the beam hypotheses to hyp.trn', () => {
    const hyp = readFileSync(join(scliteDir, 'hyp.trn'), 'utf8').trimEnd().split('\n');
    expect(hyp.map((l) => l.replace(/ ?\(spk-[^)]*\)$/, ''))).toEqual(compared.report.utterances.map((u) => normalizeText(u.hypothesis)));
  });
});

describe('diktats eval --compare (summary)', () => {
  it('prints the summary, then the comparison table and the times', async () => {
    const io = captureIo();
    const code = await evalCommand(['--manifest', MANIFEST, '--model', MODEL, '--corpora', CORPORA, '--compare', '--limit', '2'], io);
    expect(code, io.err()).toBe(EXIT_OK);
    const out = io.out();
    expect(out).toMatch(/^Model +hf-wav2vec2-tiny \(beam decoding\)$/m);
    expect(out).toMatch(/^Language model +\d+ LM sentences, 7 terms /m);
    expect(out).toMatch(/^Comparison {2}2 utterances, \d+ reference words, 2 domain-term occurrences \(7 distinct terms in the corpora\)$/m);
    expect(out).toMatch(/^ {2}greedy +\d+\.\d\d % +\d+\.\d\d % +\d+\.\d\d % \(\d\/2\) +—$/m);
    expect(out).toMatch(/^ {2}beam\+LM +\d+\.\d\d % /m);
    expect(out).toMatch(/^ {2}beam\+LM\+correction +— +— +— +\d+\.\d\d % \([01]\/1\)$/m);
    expect(out).toMatch(/^ {2}beam search \+ LM +\d+\.\d ms +\d+\.\d ms$/m);
    expect(out.indexOf('Comparison')).toBeGreaterThan(out.indexOf('RTF'));
  });
});

describe('diktats eval beam failures', () => {
  it('exits 1 naming the corpora folder when it has no index.json', async () => {
    const io = captureIo();
    const empty = tempDir();
    expect(await evalCommand(['--manifest', MANIFEST, '--model', MODEL, '--corpora', empty], io)).toBe(EXIT_FAILURE);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/CORPUS_ERR_FORMAT: .*index\.json not found/);
    expect(io.err()).toContain('--corpora DIR');
  });

  it('exits 1 on a "written" that is not a string, before loading the model', async () => {
    const dir = tempDir();
    const manifest = join(dir, 'written.jsonl');
    const audio = join(fixture('eval/audio'), 'pabalsts.wav');
    writeFileSync(manifest, `${JSON.stringify({ audio_filepath: audio, text: 'pabalsts', written: 23 })}\n`);
    const io = captureIo();
    expect(await evalCommand(['--manifest', manifest, '--model', join(dir, 'no-model'), '--corpora', CORPORA], io)).toBe(EXIT_FAILURE);
    expect(io.err()).toMatch(/EVAL_ERR_MANIFEST.*\n.*written\.jsonl:1: "written" must be a string, got 23/);
  });
});
