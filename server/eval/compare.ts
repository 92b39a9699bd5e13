/**
 * `diktats eval --compare`: greedy vs beam+LM vs beam+LM+correction on the
 * same acoustic pass. Pure: decoded utterances in, figures and their two
 * printings (table, JSON) out.
 *
 *   greedy, beam+LM      WER/CER on the spoken-form references (`text`), and
 *                        domain-term recall (term-recall.ts)
 *   beam+LM+correction   exact match of the corrected text against the
 *                        written-form references (`written`), where given
 *
 * Times per utterance: the acoustic pass (shared), the beam search with the
 * LM on its log-probabilities, and the correction pipeline; mean and p95
 * (nearest rank). They describe this run; speed targets come from scripts/.
 * The language model's build figures are in the summary above the table.
 */
import type { DomainDecoderStats } from '../asr/lm/domain-decoder.ts';
import { scoreCorpus, type CorpusScore } from '../metrics/error-rates.ts';
import { percent, type DecodedUtterance } from './report.ts';
import { scoreWritten, type WrittenScore } from './written.ts';
import { termHits, termRecall, type RecallFigure, type TermMatcher } from './term-recall.ts';

export interface CompareRow {
  readonly wer: number;
  readonly cer: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly termRecall: RecallFigure;
}

export interface TimeStats {
  readonly mean: number;
  readonly p95: number;
}

export interface CompareReport {
  readonly utterances: number;
  /** reference words (normalised spoken form) */
  readonly words: number;
  readonly greedy: CompareRow;
  readonly beam: CompareRow;
  readonly corrected: WrittenScore;
  readonly terms: {
    /** distinct spoken forms in the corpora */
    readonly distinct: number;
    /** term occurrences in the references */
    readonly occurrences: number;
    readonly byCategory: readonly { readonly category: string; readonly occurrences: number; readonly greedyHits: number; readonly beamHits: number }[];
  };
  readonly timeMs: { readonly acoustic: TimeStats; readonly beamSearch: TimeStats; readonly correction: TimeStats };
  readonly languageModel: DomainDecoderStats;
  /** per utterance, in input order */
  readonly perUtterance: readonly {
    readonly greedyHypothesis: string;
    readonly greedyWer: number;
    readonly terms: readonly string[];
    readonly greedyTermHits: number;
    readonly beamTermHits: number;
  }[];
}

/** Mean and nearest-rank 95th percentile; zeros for no values. */
export function timeStats(values: readonly number[]): TimeStats {
  if (values.length === 0) return { mean: 0, p95: 0 };
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { mean, p95: sorted[Math.ceil(0.95 * sorted.length) - 1]! };
}

const row = (score: CorpusScore, recall: RecallFigure): CompareRow => ({
  wer: score.wer,
  cer: score.cer,
  substitutions: score.substitutions,
  deletions: score.deletions,
  insertions: score.insertions,
  termRecall: { occurrences: recall.occurrences, hits: recall.hits, recall: recall.recall },
});

const hitsIn = (terms: readonly string[], hypothesis: string): number => {
  let n = 0;
  for (const c of termHits(terms, hypothesis).values()) n += c.hits;
  return n;
};

/**
 * `decoded` holds the beam+LM hypotheses, each with its greedy twin
 * (`compare`) and corrected text. Throws if one lacks them.
 */
export function buildCompareReport(decoded: readonly DecodedUtterance[], matcher: TermMatcher, languageModel: DomainDecoderStats): CompareReport {
  const missing = decoded.find((d) => d.compare === undefined || d.corrected === undefined);
  if (missing) throw new Error(`compare: line ${missing.entry.line} was not decoded both ways`);
  const greedyTexts = decoded.map((d) => d.compare!.greedyHypothesis);
  const beamTexts = decoded.map((d) => d.hypothesis);
  const pairs = (texts: readonly string[]) => decoded.map((d, i) => ({ id: String(i), reference: d.entry.text, hypothesis: texts[i]! }));
  const greedyScore = scoreCorpus(pairs(greedyTexts));
  const beamScore = scoreCorpus(pairs(beamTexts));
  const refTerms = decoded.map((d) => matcher.occurrences(d.entry.text));
  const greedyRecall = termRecall(matcher, refTerms, greedyTexts);
  const beamRecall = termRecall(matcher, refTerms, beamTexts);
  const beamHitsByCategory = new Map(beamRecall.byCategory.map((c) => [c.category, c.hits]));
  return {
    utterances: decoded.length,
    words: beamScore.words,
    greedy: row(greedyScore, greedyRecall),
    beam: row(beamScore, beamRecall),
    corrected: scoreWritten(decoded),
    terms: {
      distinct: matcher.size,
      occurrences: greedyRecall.occurrences,
      byCategory: greedyRecall.byCategory.map((c) => ({
        category: c.category,
        occurrences: c.occurrences,
        greedyHits: c.hits,
        beamHits: beamHitsByCategory.get(c.category) ?? 0,
      })),
    },
    timeMs: {
      acoustic: timeStats(decoded.map((d) => d.compare!.acousticMs)),
      beamSearch: timeStats(decoded.map((d) => Math.max(0, d.processingMs - d.compare!.acousticMs))),
      correction: timeStats(decoded.map((d) => d.correctionMs ?? 0)),
    },
    languageModel,
    perUtterance: decoded.map((d, i) => ({
      greedyHypothesis: greedyTexts[i]!,
      greedyWer: greedyScore.utterances[i]!.wer,
      terms: refTerms[i]!,
      greedyTermHits: hitsIn(refTerms[i]!, greedyTexts[i]!),
      beamTermHits: hitsIn(refTerms[i]!, beamTexts[i]!),
    })),
  };
}

/** The `"compare"` object of `--json` (per-utterance details go on the utterances). */
export function compareToJson(c: CompareReport): Record<string, unknown> {
  const { perUtterance: _, ...figures } = c;
  return figures;
}

/** Keys added to utterance `index` of the `--json` report. */
export function compareUtteranceJson(c: CompareReport, index: number): Record<string, unknown> {
  const u = c.perUtterance[index]!;
  return { greedy: { hypothesis: u.greedyHypothesis, wer: u.greedyWer }, terms: u.terms, termHits: { greedy: u.greedyTermHits, beam: u.beamTermHits } };
}

const recallCell = (r: RecallFigure): string => (r.recall === null ? '—' : `${percent(r.recall)} (${r.hits}/${r.occurrences})`);
const ms = (v: number): string => `${v.toFixed(1)} ms`;

/** Rows as lines: the first column left-aligned, the others right-aligned, three spaces apart. */
function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('   ').trimEnd());
}

/** The table printed after the summary. */
export function formatCompare(c: CompareReport): string {
  const table: string[][] = [
    ['', 'WER', 'CER', 'term recall', 'written exact'],
    ['greedy', percent(c.greedy.wer), percent(c.greedy.cer), recallCell(c.greedy.termRecall), '—'],
    ['beam+LM', percent(c.beam.wer), percent(c.beam.cer), recallCell(c.beam.termRecall), '—'],
    [
      'beam+LM+correction',
      '—',
      '—',
      '—',
      c.corrected.exactMatch === null ? 'no written references' : `${percent(c.corrected.exactMatch)} (${c.corrected.exact}/${c.corrected.references})`,
    ],
  ];
  const lines = [
    `Comparison  ${c.utterances} utterances, ${c.words} reference words, ${c.terms.occurrences} domain-term occurrences ` +
      `(${c.terms.distinct} distinct terms in the corpora)`,
    ...alignColumns(table.map(([k, ...cells]) => [`  ${k}`, ...cells])),
  ];
  if (c.terms.byCategory.length > 0) {
    const rows = c.terms.byCategory.map((t) => [t.category, `${t.greedyHits}/${t.occurrences}`, `${t.beamHits}/${t.occurrences}`]);
    lines.push('', ...alignColumns([['Term recall by category', 'greedy', 'beam+LM'], ...rows.map(([k, g, b]) => [`  ${k}`, g!, b!])]));
  }
  const times: [string, TimeStats][] = [
    ['acoustic model', c.timeMs.acoustic],
    ['beam search + LM', c.timeMs.beamSearch],
    ['correction', c.timeMs.correction],
  ];
  lines.push('', ...alignColumns([['Time per utterance', 'mean', 'p95'], ...times.map(([k, t]) => [`  ${k}`, ms(t.mean), ms(t.p95)])]));
  return `${lines.join('\n')}\n`;
}
