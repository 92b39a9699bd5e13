import { describe, expect, it } from 'vitest';
import { buildCompareReport, compareToJson, compareUtteranceJson, formatCompare, timeStats } from '../../../server/eval/compare.ts';
import type { DecodedUtterance } from '../../../server/eval/report.ts';
import { TermMatcher } from '../../../server/eval/term-recall.ts';

interface Spec {
  text: string;
  greedy: string;
  beam: string;
  corrected: string;
  written?: string;
  acousticMs: number;
  beamMs: number;
  correctionMs: number;
}

function decoded(specs: Spec[]): DecodedUtterance[] {
  return specs.map((s, i) => {
    const audioFilepath = `wav/${i + 1}.wav`;
    const fields: Record<string, unknown> = { audio_filepath: audioFilepath, text: s.text, ...(s.written !== undefined ? { written: s.written } : {}) };
    return {
      entry: { line: i + 1, audioFilepath, audioPath: `/m/${audioFilepath}`, text: s.text, duration: 1, fields },
      hypothesis: s.beam,
      audioSec: 1,
      processingMs: s.acousticMs + s.beamMs,
      corrected: s.corrected,
      correctionMs: s.correctionMs,
      compare: { greedyHypothesis: s.greedy, acousticMs: s.acousticMs },
    };
  });
}

const MATCHER = new TermMatcher([
  { term: 'GMI pabalsts', spoken: 'gē em ī pabalsts', category: 'term' },
  { term: 'Brīvības iela', category: 'street' },
  { term: 'Latvenergo', category: 'provider' },
]);

const LM = { sentences: 12, terms: 3, phrases: 9, lmVocabulary: 40, buildMs: 250, warnings: [] };

const UTTERANCES: Spec[] = [
  // greedy: 1 substitution, misses the term; beam: perfect
  {
    text: 'gē em ī pabalsts divdesmit eiro',
    greedy: 'gē em ī pabalst divdesmit eiro',
    beam: 'gē em ī pabalsts divdesmit eiro',
    corrected: 'GMI pabalsts 20 EUR',
    written: 'GMI pabalsts 20 EUR',
    acousticMs: 10,
    beamMs: 4,
    correctionMs: 1,
  },
  // greedy: 1 deletion; beam: 1 substitution, term right in both
  {
    text: 'brīvības iela sešpadsmit',
    greedy: 'brīvības iela',
    beam: 'brīvības iela sešpadsmi',
    corrected: 'Brīvības iela sešpadsmi',
    written: 'Brīvības iela 16',
    acousticMs: 20,
    beamMs: 6,
    correctionMs: 2,
  },
  // no written reference; both perfect, the term recognised
  { text: 'latvenergo rēķins', greedy: 'latvenergo rēķins', beam: 'latvenergo rēķins', corrected: 'Latvenergo rēķins', acousticMs: 30, beamMs: 8, correctionMs: 3 },
  // greedy: 1 insertion
  { text: 'jā', greedy: 'jā jā', beam: 'jā', corrected: 'Jā', acousticMs: 40, beamMs: 100, correctionMs: 4 },
];

describe('buildCompareReport', () => {
  const report = buildCompareReport(decoded(UTTERANCES), MATCHER, LM);

  it('scores greedy and beam on the spoken references over the same words', () => {
    expect(report.utterances).toBe(4);
    expect(report.words).toBe(6 + 3 + 2 + 1);
    expect(report.greedy).toMatchObject({ substitutions: 1, deletions: 1, insertions: 1 });
    expect(report.greedy.wer).toBeCloseTo(3 / 12, 12);
    expect(report.beam).toMatchObject({ substitutions: 1, deletions: 0, insertions: 0 });
    expect(report.beam.wer).toBeCloseTo(1 / 12, 12);
    expect(report.beam.cer).toBeLessThan(report.greedy.cer);
  });

  it('computes domain-term recall for each decoder from the same reference occurrences', () => {
    expect(report.terms.occurrences).toBe(3);
    expect(report.terms.distinct).toBe(3);
    expect(report.greedy.termRecall).toEqual({ occurrences: 3, hits: 2, recall: 2 / 3 });
    expect(report.beam.termRecall).toEqual({ occurrences: 3, hits: 3, recall: 1 });
    expect(report.terms.byCategory).toEqual([
      { category: 'provider', occurrences: 1, greedyHits: 1, beamHits: 1 },
      { category: 'street', occurrences: 1, greedyHits: 1, beamHits: 1 },
      { category: 'term', occurrences: 1, greedyHits: 0, beamHits: 1 },
    ]);
  });

  it('scores corrected text by exact match, only where a written reference exists', () => {
    expect(report.corrected).toEqual({ references: 2, exact: 1, exactMatch: 0.5 });
  });

  it('reports time per utterance: acoustic, beam search (beam minus acoustic) and correction, mean and p95', () => {
    expect(report.timeMs.acoustic).toEqual({ mean: 25, p95: 40 });
    expect(report.timeMs.beamSearch).toEqual({ mean: (4 + 6 + 8 + 100) / 4, p95: 100 });
    expect(report.timeMs.correction).toEqual({ mean: 2.5, p95: 4 });
  });

  it('keeps per-utterance details in input order', () => {
    expect(report.perUtterance.map((u) => [u.terms, u.greedyTermHits, u.beamTermHits])).toEqual([
      [['gē em ī pabalsts'], 0, 1],
      [['brīvības iela'], 1, 1],
      [['latvenergo'], 1, 1],
      [[], 0, 0],
    ]);
    expect(report.perUtterance[1]!.greedyWer).toBeCloseTo(1 / 3, 12);
    expect(compareUtteranceJson(report, 0)).toEqual({
      greedy: { hypothesis: 'gē em ī pabalst divdesmit eiro', wer: 1 / 6 },
      terms: ['gē em ī pabalsts'],
      termHits: { greedy: 0, beam: 1 },
    });
  });

  it('refuses utterances that were not decoded both ways', () => {
    const [one] = decoded(UTTERANCES.slice(0, 1));
    const { compare: _, ...beamOnly } = one!;
    expect(() => buildCompareReport([beamOnly], MATCHER, LM)).toThrow(/line 1 was not decoded both ways/);
  });
});

describe('timeStats', () => {
  it('uses the nearest-rank 95th percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 1..100, unsorted
    expect(timeStats(values)).toEqual({ mean: 50.5, p95: 95 });
    expect(timeStats([7])).toEqual({ mean: 7, p95: 7 });
    expect(timeStats([])).toEqual({ mean: 0, p95: 0 });
  });
});

describe('compare output', () => {
  const report = buildCompareReport(decoded(UTTERANCES), MATCHER, LM);

  it('--json: figures without the per-utterance list, surviving a JSON round trip', () => {
    const json = compareToJson(report);
    expect(Object.keys(json)).toEqual(['utterances', 'words', 'greedy', 'beam', 'corrected', 'terms', 'timeMs', 'languageModel']);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('prints one row per system with WER, CER, term recall and written exact match', () => {
    const text = formatCompare(report);
    expect(text).toMatch(/^Comparison {2}4 utterances, 12 reference words, 3 domain-term occurrences \(3 distinct terms in the corpora\)$/m);
    expect(text).toMatch(/^ {2}greedy +25\.00 % +\S+ % +66\.67 % \(2\/3\) +—$/m);
    expect(text).toMatch(/^ {2}beam\+LM +8\.33 % +\S+ % +100\.00 % \(3\/3\) +—$/m);
    expect(text).toMatch(/^ {2}beam\+LM\+correction +— +— +— +50\.00 % \(1\/2\)$/m);
    expect(text).toMatch(/^ {2}term +0\/1 +1\/1$/m);
    expect(text).toMatch(/^ {2}beam search \+ LM +29\.5 ms +100\.0 ms$/m);
  });

  it('says "no written references" when no manifest line has one, and "—" for recall without terms', () => {
    const plain = UTTERANCES.map(({ written: _, ...u }) => ({ ...u, text: 'jā', greedy: 'jā', beam: 'jā' }));
    const r = buildCompareReport(decoded(plain), MATCHER, LM);
    expect(r.corrected).toEqual({ references: 0, exact: 0, exactMatch: null });
    expect(r.greedy.termRecall.recall).toBeNull();
    const text = formatCompare(r);
    expect(text).toMatch(/^ {2}beam\+LM\+correction .*no written references$/m);
    expect(text).toMatch(/^ {2}greedy +0\.00 % +0\.00 % +— +—$/m);
    expect(text).not.toMatch(/Term recall by category/);
  });
});
