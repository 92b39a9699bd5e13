/**
 * Stored evaluation runs (migration 4): one row per `diktats eval` run with its
 * totals, and one per utterance with its texts, counts and word alignment.
 * Writing goes through eval/store.ts, which turns an eval report into these rows.
 */
import type { ErrorCounts } from '../metrics/error-rates.ts';
import type { PairTuple } from '../metrics/pra.ts';
import type { Database } from './database.ts';

/** Counts and rates of a run or an utterance, with the time it took. */
interface Scored extends ErrorCounts {
  readonly wer: number;
  readonly cer: number;
  readonly audioSec: number;
  readonly processingMs: number;
}

export interface EvalTotals extends Scored {
  readonly utterances: number;
  readonly rtf: number;
}

export interface NewEvalRun extends EvalTotals {
  readonly model: string;
  readonly decoder: string;
  readonly manifest: string;
  readonly corporaSignature: string | null;
  readonly label: string | null;
  readonly createdAt: string;
  readonly extra: Readonly<Record<string, unknown>>;
}

export interface EvalRun extends NewEvalRun {
  readonly id: number;
}

export interface NewEvalUtterance extends Scored {
  readonly utteranceId: string;
  readonly reference: string;
  readonly hypothesis: string;
  readonly corrected: string | null;
  readonly alignment: readonly PairTuple[];
  readonly labels: Readonly<Record<string, unknown>>;
}

export interface EvalUtterance extends NewEvalUtterance {
  readonly seq: number;
}

export interface UtteranceQuery {
  readonly limit: number;
  readonly offset: number;
  /** only utterances with at least one word error */
  readonly errorsOnly?: boolean;
  /** manifest order (default) or highest WER first */
  readonly order?: 'seq' | 'wer';
}

export interface EvalRunRepository {
  insert(run: NewEvalRun, utterances: readonly NewEvalUtterance[]): number;
  /** newest first */
  list(limit: number, offset: number): { runs: EvalRun[]; total: number };
  get(id: number): EvalRun | undefined;
  utterances(runId: number, query: UtteranceQuery): { utterances: EvalUtterance[]; total: number };
  /** every utterance of a run, manifest order */
  allUtterances(runId: number): EvalUtterance[];
  delete(id: number): boolean;
}

/** The scored columns both tables share. */
interface ScoredRow {
  words: number;
  hits: number;
  substitutions: number;
  deletions: number;
  insertions: number;
  chars: number;
  char_errors: number;
  wer: number;
  cer: number;
  audio_sec: number;
  processing_ms: number;
}

interface RunRow extends ScoredRow {
  id: number;
  model_id: string;
  decoder: string;
  manifest: string;
  corpora_signature: string | null;
  label: string | null;
  created_at: string;
  utterances: number;
  rtf: number;
  extra_json: string;
}

interface UtteranceRow extends ScoredRow {
  seq: number;
  utterance_id: string;
  reference: string;
  hypothesis: string;
  corrected: string | null;
  alignment_json: string;
  labels_json: string;
}

const scoredOf = (r: ScoredRow) => ({
  words: r.words,
  hits: r.hits,
  substitutions: r.substitutions,
  deletions: r.deletions,
  insertions: r.insertions,
  chars: r.chars,
  charErrors: r.char_errors,
  wer: r.wer,
  cer: r.cer,
  audioSec: r.audio_sec,
  processingMs: r.processing_ms,
});

const toRun = (r: RunRow): EvalRun => ({
  id: r.id,
  model: r.model_id,
  decoder: r.decoder,
  manifest: r.manifest,
  corporaSignature: r.corpora_signature,
  label: r.label,
  createdAt: r.created_at,
  utterances: r.utterances,
  ...scoredOf(r),
  rtf: r.rtf,
  extra: JSON.parse(r.extra_json) as Record<string, unknown>,
});

const toUtterance = (r: UtteranceRow): EvalUtterance => ({
  seq: r.seq,
  utteranceId: r.utterance_id,
  reference: r.reference,
  hypothesis: r.hypothesis,
  corrected: r.corrected,
  ...scoredOf(r),
  alignment: JSON.parse(r.alignment_json) as PairTuple[],
  labels: JSON.parse(r.labels_json) as Record<string, unknown>,
});

export function createEvalRunRepository(db: Database): EvalRunRepository {
  const insertRun = db.prepare(`INSERT INTO eval_runs (model_id, decoder, manifest, corpora_signature, label, created_at, utterances, words,
      hits, substitutions, deletions, insertions, chars, char_errors, wer, cer, audio_sec, processing_ms, rtf, extra_json)
    VALUES (@model, @decoder, @manifest, @corporaSignature, @label, @createdAt, @utterances, @words, @hits, @substitutions, @deletions,
      @insertions, @chars, @charErrors, @wer, @cer, @audioSec, @processingMs, @rtf, @extra)`);
  const insertUtterance = db.prepare(`INSERT INTO eval_utterances (run_id, seq, utterance_id, reference, hypothesis, corrected, words, hits,
      substitutions, deletions, insertions, chars, char_errors, wer, cer, audio_sec, processing_ms, alignment_json, labels_json)
    VALUES (@runId, @seq, @utteranceId, @reference, @hypothesis, @corrected, @words, @hits, @substitutions, @deletions, @insertions, @chars,
      @charErrors, @wer, @cer, @audioSec, @processingMs, @alignment, @labels)`);
  const byId = db.prepare('SELECT * FROM eval_runs WHERE id = ?');

  const insert = db.transaction((run: NewEvalRun, utterances: readonly NewEvalUtterance[]): number => {
    const runId = Number(insertRun.run({ ...run, extra: JSON.stringify(run.extra) }).lastInsertRowid);
    utterances.forEach((u, seq) =>
      insertUtterance.run({ ...u, runId, seq, alignment: JSON.stringify(u.alignment), labels: JSON.stringify(u.labels) }),
    );
    return runId;
  });

  return {
    insert: (run, utterances) => insert(run, utterances),
    list(limit, offset) {
      const rows = db.prepare('SELECT * FROM eval_runs ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?').all(limit, offset) as RunRow[];
      const total = db.prepare('SELECT count(*) FROM eval_runs').pluck().get() as number;
      return { runs: rows.map(toRun), total };
    },
    get(id) {
      const row = byId.get(id) as RunRow | undefined;
      return row ? toRun(row) : undefined;
    },
    utterances(runId, query) {
      const where = `run_id = ?${query.errorsOnly ? ' AND substitutions + deletions + insertions > 0' : ''}`;
      const order = query.order === 'wer' ? 'wer DESC, seq' : 'seq';
      const rows = db
        .prepare(`SELECT * FROM eval_utterances WHERE ${where} ORDER BY ${order} LIMIT ? OFFSET ?`)
        .all(runId, query.limit, query.offset) as UtteranceRow[];
      const total = db.prepare(`SELECT count(*) FROM eval_utterances WHERE ${where}`).pluck().get(runId) as number;
      return { utterances: rows.map(toUtterance), total };
    },
    allUtterances: (runId) =>
      (db.prepare('SELECT * FROM eval_utterances WHERE run_id = ? ORDER BY seq').all(runId) as UtteranceRow[]).map(toUtterance),
    delete: (id) => db.prepare('DELETE FROM eval_runs WHERE id = ?').run(id).changes > 0,
  };
}
