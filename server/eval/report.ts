/**
 * Evaluation results: scoring of decoded utterances, per-group figures, and
 * the two ways they are printed (a human summary and the `--json` report).
 * Pure: no model, no files.
 */
import type { DomainDecoderStats } from '../asr/lm/domain-decoder.ts';
import { ratesOf, scoreCorpus, sumCounts, type CorpusScore, type UtteranceScore } from '../metrics/error-rates.ts';
import { scoreWritten, writtenReference, type WrittenScore } from './written.ts';
import type { ManifestEntry } from './manifest.ts';

export type DecoderName = 'greedy' | 'beam' | 'greedy-streaming' | 'beam-streaming';

export interface DecodedUtterance {
  readonly entry: ManifestEntry;
  /** Spoken form, as the recogniser wrote it (what WER is scored on). */
  readonly hypothesis: string;
  /** Seconds of audio actually decoded (from the file, not the manifest's duration). */
  readonly audioSec: number;
  /** Recogniser time for this utterance, file reading excluded. */
  readonly processingMs: number;
  /** Written form from the correction pipeline (beam decoding only). */
  readonly corrected?: string;
  readonly correctionMs?: number;
  /** --compare: the greedy text from the same acoustic pass, and that pass's time. */
  readonly compare?: { readonly greedyHypothesis: string; readonly acousticMs: number };
}

/** The language model a beam evaluation decoded with. */
export interface LanguageModelInfo extends DomainDecoderStats {
  readonly corporaDir: string;
}

export interface GroupScore {
  readonly value: string;
  readonly utterances: number;
  readonly words: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly wer: number;
  readonly cer: number;
}

export interface GroupReport {
  /** The manifest field grouped by, e.g. "condition". */
  readonly field: string;
  /** One row per value, sorted; utterances without the field are under NO_VALUE. */
  readonly values: readonly GroupScore[];
}

export interface EvalReport {
  readonly model: string;
  readonly decoder: DecoderName;
  readonly manifest: string;
  readonly score: CorpusScore;
  readonly audioSec: number;
  readonly processingMs: number;
  /** Processing time over audio time; below 1 is faster than real time. */
  readonly rtf: number;
  readonly utterances: readonly { readonly decoded: DecodedUtterance; readonly score: UtteranceScore }[];
  readonly groups: readonly GroupReport[];
  /** Exact match of corrected against written references; null without corrected output. */
  readonly written: WrittenScore | null;
  readonly languageModel: LanguageModelInfo | null;
}

export const NO_VALUE = '(none)';

const groupValue = (v: unknown): string =>
  v === undefined || v === null ? NO_VALUE : typeof v === 'string' ? v : JSON.stringify(v);

function scoreGroup(value: string, scores: readonly UtteranceScore[]): GroupScore {
  const t = sumCounts(scores);
  return {
    value,
    utterances: scores.length,
    words: t.words,
    substitutions: t.substitutions,
    deletions: t.deletions,
    insertions: t.insertions,
    ...ratesOf(t),
  };
}

/** Groups for each of `fields` that at least one utterance has. */
export function groupScores(
  utterances: readonly { readonly decoded: DecodedUtterance; readonly score: UtteranceScore }[],
  fields: readonly string[],
): GroupReport[] {
  const reports: GroupReport[] = [];
  for (const field of fields) {
    if (!utterances.some((u) => u.decoded.entry.fields[field] !== undefined)) continue;
    const byValue = new Map<string, UtteranceScore[]>();
    for (const u of utterances) {
      const key = groupValue(u.decoded.entry.fields[field]);
      const list = byValue.get(key) ?? [];
      list.push(u.score);
      byValue.set(key, list);
    }
    const values = [...byValue.entries()]
      .sort(([a], [b]) => a.localeCompare(b, 'en'))
      .map(([value, scores]) => scoreGroup(value, scores));
    reports.push({ field, values });
  }
  return reports;
}

/** The id each utterance is scored (and written to trn files) under. */
export const utteranceId = (entry: ManifestEntry): string => entry.audioFilepath;

export interface ReportMeta {
  readonly model: string;
  readonly decoder: DecoderName;
  readonly manifest: string;
  readonly groupBy: readonly string[];
  readonly languageModel?: LanguageModelInfo | null;
}

export function buildReport(decoded: readonly DecodedUtterance[], meta: ReportMeta): EvalReport {
  const score = scoreCorpus(
    decoded.map((d) => ({ id: utteranceId(d.entry), reference: d.entry.text, hypothesis: d.hypothesis })),
  );
  const utterances = decoded.map((d, i) => ({ decoded: d, score: score.utterances[i]! }));
  let audioSec = 0;
  let processingMs = 0;
  for (const d of decoded) {
    audioSec += d.audioSec;
    processingMs += d.processingMs;
  }
  return {
    model: meta.model,
    decoder: meta.decoder,
    manifest: meta.manifest,
    score,
    audioSec,
    processingMs,
    rtf: audioSec > 0 ? processingMs / 1000 / audioSec : 0,
    utterances,
    groups: groupScores(utterances, meta.groupBy),
    written: decoded.some((d) => d.corrected !== undefined) ? scoreWritten(decoded) : null,
    languageModel: meta.languageModel ?? null,
  };
}

/**
 * The `--json` report. The keys the evaluation issue fixes come first, in its
 * order (WER and CER as fractions); the rest are extras. `extra` adds
 * top-level keys before `utterances`, `utteranceExtra(i)` keys to utterance i.
 */
export function reportToJson(
  report: EvalReport,
  extra: Readonly<Record<string, unknown>> = {},
  utteranceExtra: (index: number) => Readonly<Record<string, unknown>> = () => ({}),
): Record<string, unknown> {
  const s = report.score;
  return {
    wer: s.wer,
    cer: s.cer,
    substitutions: s.substitutions,
    deletions: s.deletions,
    insertions: s.insertions,
    words: s.words,
    rtf: report.rtf,
    hits: s.hits,
    chars: s.chars,
    charErrors: s.charErrors,
    audioSec: report.audioSec,
    processingMs: report.processingMs,
    model: report.model,
    decoder: report.decoder,
    manifest: report.manifest,
    groups: Object.fromEntries(report.groups.map((g) => [g.field, g.values])),
    ...(report.written ? { written: report.written } : {}),
    ...(report.languageModel ? { languageModel: report.languageModel } : {}),
    ...extra,
    utterances: report.utterances.map(({ decoded, score }, index) => {
      const labels: Record<string, unknown> = {};
      for (const g of report.groups) {
        const v = decoded.entry.fields[g.field];
        if (v !== undefined) labels[g.field] = v;
      }
      const written = writtenReference(decoded.entry);
      return {
        audio_filepath: decoded.entry.audioFilepath,
        reference: decoded.entry.text,
        hypothesis: decoded.hypothesis,
        wer: score.wer,
        ...(decoded.corrected !== undefined ? { corrected: decoded.corrected } : {}),
        ...(written !== null ? { written } : {}),
        cer: score.cer,
        substitutions: score.substitutions,
        deletions: score.deletions,
        insertions: score.insertions,
        words: score.words,
        audioSec: decoded.audioSec,
        processingMs: decoded.processingMs,
        ...(decoded.correctionMs !== undefined ? { correctionMs: decoded.correctionMs } : {}),
        line: decoded.entry.line,
        labels,
        ...utteranceExtra(index),
      };
    }),
  };
}

export const percent = (fraction: number): string => `${(fraction * 100).toFixed(2)} %`;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/** "N sentences, N terms (N phrases), vocabulary N, built in N s", for a summary line. */
export function describeLanguageModel(lm: DomainDecoderStats): string {
  return (
    `${lm.sentences} LM sentences, ${plural(lm.terms, 'term', 'terms')} (${plural(lm.phrases, 'phrase', 'phrases')}), ` +
    `vocabulary ${lm.lmVocabulary}, built in ${(lm.buildMs / 1000).toFixed(2)} s` +
    (lm.warnings.length > 0 ? `, ${plural(lm.warnings.length, 'warning', 'warnings')}` : '')
  );
}

export function describeWritten(w: WrittenScore): string {
  return w.exactMatch === null ? 'no written references' : `${percent(w.exactMatch)} exact  (${w.exact} / ${w.references} written references)`;
}

/** The human summary printed without `--json`. */
export function formatReport(report: EvalReport): string {
  const s = report.score;
  const wordErrors = s.substitutions + s.deletions + s.insertions;
  const rows: [string, string][] = [
    ['Model', `${report.model} (${report.decoder} decoding)`],
    ['Manifest', report.manifest],
    ['Utterances', `${report.utterances.length} (${report.audioSec.toFixed(1)} s of audio)`],
    ['WER', `${percent(s.wer)}  (${wordErrors} errors / ${s.words} reference words)`],
    ['CER', `${percent(s.cer)}  (${s.charErrors} errors / ${s.chars} reference characters)`],
    ['Substitutions', String(s.substitutions)],
    ['Deletions', String(s.deletions)],
    ['Insertions', String(s.insertions)],
    ['Reference words', String(s.words)],
    ['RTF', `${report.rtf.toFixed(4)}  (${(report.processingMs / 1000).toFixed(2)} s processing / ${report.audioSec.toFixed(1)} s audio)`],
  ];
  if (report.languageModel) rows.push(['Language model', `${describeLanguageModel(report.languageModel)}; corpora ${report.languageModel.corporaDir}`]);
  if (report.written) rows.push(['Written forms', describeWritten(report.written)]);
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}${v}`);
  for (const group of report.groups) {
    lines.push('', `WER by ${group.field}`);
    const valueWidth = Math.max(...group.values.map((g) => g.value.length)) + 2;
    for (const g of group.values) {
      lines.push(
        `  ${g.value.padEnd(valueWidth)}${percent(g.wer).padStart(9)}  CER ${percent(g.cer).padStart(9)}  ` +
          `(${plural(g.words, 'word', 'words')}, ${plural(g.utterances, 'utterance', 'utterances')})`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
