/**
 * Keeps a `diktats eval` report in the service's database, so researchers can
 * browse its utterances (REF/HYP/Eval as sclite prints them) and compare runs
 * (GET /api/eval/runs, /api/eval/runs/:id, /api/eval/compare). One call after
 * the report is built:
 *
 *   const runId = storeEvalRun(db, report, { corporaSignature: signCorporaDir(corporaDir) });
 *
 * The input type is structural: anything shaped like report.ts's
 * EvalReport is accepted, and report fields beyond the scores (groups,
 * language model, written-form scores) are kept as they are in `extra`.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { alignTokens } from '../metrics/align.ts';
import type { ErrorCounts } from '../metrics/error-rates.ts';
import { normalizeText, toWords } from '../metrics/normalize-text.ts';
import { toTuples } from '../metrics/pra.ts';
import type { Database } from '../storage/database.ts';
import { createEvalRunRepository, type NewEvalUtterance } from '../storage/eval-run-repository.ts';

type Counts = ErrorCounts & { readonly wer: number; readonly cer: number };

/** What storeEvalRun reads from an eval report (report.ts's EvalReport has all of it). */
export interface StorableEvalReport {
  readonly model: string;
  readonly decoder: string;
  readonly manifest: string;
  readonly score: Counts;
  readonly audioSec: number;
  readonly processingMs: number;
  readonly rtf: number;
  readonly utterances: readonly {
    readonly decoded: {
      readonly entry: { readonly audioFilepath: string; readonly text: string; readonly fields?: Readonly<Record<string, unknown>> };
      readonly hypothesis: string;
      readonly audioSec: number;
      readonly processingMs: number;
      readonly corrected?: string;
    };
    readonly score: Counts;
  }[];
  readonly groups?: readonly { readonly field: string; readonly values: readonly unknown[] }[];
  readonly languageModel?: unknown;
  readonly written?: unknown;
}

export interface EvalRunMeta {
  /** which corpora (language model, lexicon) the run decoded with; see signCorporaDir */
  readonly corporaSignature?: string | null;
  /** a researcher's name for the run */
  readonly label?: string | null;
  readonly createdAt?: Date;
}

/** Manifest fields that are not the utterance itself: grouping labels such as condition or voice. */
const SKIP_FIELDS = new Set(['audio_filepath', 'text', 'duration']);

function labelsOf(fields: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields ?? {})) if (!SKIP_FIELDS.has(k) && v !== undefined) out[k] = v;
  return out;
}

/** Stores the run and its utterances in one transaction; returns the run id. */
export function storeEvalRun(db: Database, report: StorableEvalReport, meta: EvalRunMeta = {}): number {
  const utterances: NewEvalUtterance[] = report.utterances.map(({ decoded, score }) => {
    const alignment = alignTokens(toWords(normalizeText(decoded.entry.text)), toWords(normalizeText(decoded.hypothesis)));
    return {
      utteranceId: decoded.entry.audioFilepath,
      reference: decoded.entry.text,
      hypothesis: decoded.hypothesis,
      corrected: decoded.corrected ?? null,
      words: score.words,
      hits: score.hits,
      substitutions: score.substitutions,
      deletions: score.deletions,
      insertions: score.insertions,
      chars: score.chars,
      charErrors: score.charErrors,
      wer: score.wer,
      cer: score.cer,
      audioSec: decoded.audioSec,
      processingMs: decoded.processingMs,
      alignment: toTuples(alignment.pairs),
      labels: labelsOf(decoded.entry.fields),
    };
  });
  const s = report.score;
  const extra: Record<string, unknown> = {};
  if (report.groups && report.groups.length > 0) extra['groups'] = Object.fromEntries(report.groups.map((g) => [g.field, g.values]));
  if (report.languageModel) extra['languageModel'] = report.languageModel;
  if (report.written) extra['written'] = report.written;
  return createEvalRunRepository(db).insert(
    {
      model: report.model,
      decoder: report.decoder,
      manifest: report.manifest,
      corporaSignature: meta.corporaSignature ?? null,
      label: meta.label ?? null,
      createdAt: (meta.createdAt ?? new Date()).toISOString(),
      utterances: utterances.length,
      words: s.words,
      hits: s.hits,
      substitutions: s.substitutions,
      deletions: s.deletions,
      insertions: s.insertions,
      chars: s.chars,
      charErrors: s.charErrors,
      wer: s.wer,
      cer: s.cer,
      audioSec: report.audioSec,
      processingMs: report.processingMs,
      rtf: report.rtf,
      extra,
    },
    utterances,
  );
}

/**
 * A short fingerprint of a corpora folder: SHA-256 over every file's relative
 * path and bytes, in path order (first 16 hex digits). Two runs with the same
 * signature decoded with the same corpora.
 */
export function signCorporaDir(dir: string): string {
  const hash = createHash('sha256');
  const walk = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.isFile() ? [path.join(d, e.name)] : []));
  for (const file of walk(dir).sort()) {
    hash.update(path.relative(dir, file).split(path.sep).join('/'));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}
