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

/** Which shared utterances a comparison lists: changed = the hypotheses differ; improved/worsened by word errors. */
export type CompareFilter = 'all' | 'changed' | 'improved' | 'worsened';

export interface CompareQuery {
  readonly only: CompareFilter;
  /** page of the shared utterances that pass `only`, run a's manifest order */
  readonly limit: number;
  readonly offset: number;
  /** page of each run's own utterance ids (onlyA, onlyB), each in its run's manifest order */
  readonly idsLimit: number;
  readonly idsOffset: number;
}

/** Sums over the utterances both runs scored (an utterance of a meets the last row of its id in b). */
export interface ComparedCounts {
  readonly utterances: number;
  /** reference words of run a */
  readonly words: number;
  readonly errorsA: number;
  readonly errorsB: number;
  readonly improved: number;
  readonly worsened: number;
  readonly referenceChanged: number;
  /** the hypotheses differ */
  readonly changed: number;
  /** utterances of a whose id b lacks, and of b whose id a lacks */
  readonly onlyA: number;
  readonly onlyB: number;
}

export interface ComparePage {
  readonly counts: ComparedCounts;
  readonly pairs: readonly { readonly a: EvalUtterance; readonly b: EvalUtterance }[];
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
}

export interface EvalRunRepository {
  insert(run: NewEvalRun, utterances: readonly NewEvalUtterance[]): number;
  /** newest first */
  list(limit: number, offset: number): { runs: EvalRun[]; total: number };
  get(id: number): EvalRun | undefined;
  utterances(runId: number, query: UtteranceQuery): { utterances: EvalUtterance[]; total: number };
  /**
   * Two runs compared in SQL: the totals over their shared utterances and one page of them, so
   * the work done here in JavaScript does not grow with the runs (eval/run-compare.ts's
   * compareRuns is the same comparison on whole runs, and the tests hold the two equal).
   */
  compare(runA: number, runB: number, query: CompareQuery): ComparePage;
  /** every utterance of a run, manifest order: the whole run in memory, for tests and tools, not for requests */
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

/**
 * Each utterance of run @a with the row of run @b that compareRuns would pair it with: the last
 * (highest seq) of its id, as a Map keyed by id keeps the last. An index seek per utterance
 * (eval_utterances_id_seq) and a primary-key look-up; the scan of @a follows seq, so
 * ORDER BY a_seq with a LIMIT stops early.
 */
const PAIRS = `
  SELECT ua.seq AS a_seq, ub.seq AS b_seq, ua.words AS words,
    ua.substitutions + ua.deletions + ua.insertions AS ea,
    ub.substitutions + ub.deletions + ub.insertions AS eb,
    ua.reference != ub.reference AS ref_changed,
    ua.hypothesis != ub.hypothesis AS hyp_changed
  FROM eval_utterances ua
  JOIN eval_utterances ub ON ub.run_id = @b
    AND ub.seq = (SELECT max(m.seq) FROM eval_utterances m WHERE m.run_id = @b AND m.utterance_id = ua.utterance_id)
  WHERE ua.run_id = @a`;

const FILTERS: Readonly<Record<CompareFilter, string>> = {
  all: '1',
  changed: 'hyp_changed',
  improved: 'eb < ea',
  worsened: 'eb > ea',
};

/** Utterances of @x whose id @y lacks, manifest order of @x. */
const ONLY_IN = `FROM eval_utterances ux WHERE ux.run_id = @x
  AND NOT EXISTS (SELECT 1 FROM eval_utterances uy WHERE uy.run_id = @y AND uy.utterance_id = ux.utterance_id)`;

interface CountsRow {
  utterances: number;
  words: number;
  errorsA: number;
  errorsB: number;
  improved: number;
  worsened: number;
  referenceChanged: number;
  changed: number;
}

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
  const utteranceAt = db.prepare('SELECT * FROM eval_utterances WHERE run_id = ? AND seq = ?');
  const comparedCounts = db.prepare(`WITH pairs AS (${PAIRS})
    SELECT count(*) AS utterances, coalesce(sum(words), 0) AS words, coalesce(sum(ea), 0) AS errorsA, coalesce(sum(eb), 0) AS errorsB,
      coalesce(sum(eb < ea), 0) AS improved, coalesce(sum(eb > ea), 0) AS worsened,
      coalesce(sum(ref_changed), 0) AS referenceChanged, coalesce(sum(hyp_changed), 0) AS changed
    FROM pairs`);
  const comparedPage = Object.fromEntries(
    Object.entries(FILTERS).map(([only, where]) => [
      only,
      db.prepare(`WITH pairs AS (${PAIRS}) SELECT a_seq, b_seq FROM pairs WHERE ${where} ORDER BY a_seq LIMIT @limit OFFSET @offset`),
    ]),
  ) as Record<CompareFilter, ReturnType<Database['prepare']>>;
  const onlyInIds = db.prepare(`SELECT ux.utterance_id ${ONLY_IN} ORDER BY ux.seq LIMIT @limit OFFSET @offset`).pluck();
  const onlyInCount = db.prepare(`SELECT count(*) ${ONLY_IN}`).pluck();
  const utteranceCount = db.prepare('SELECT count(*) FROM eval_utterances WHERE run_id = ?').pluck();

  // one read transaction: the counts, the page and the ids see the same runs
  const compareRead = db.transaction((a: number, b: number, query: CompareQuery): ComparePage => {
    const counts = comparedCounts.get({ a, b }) as CountsRow;
    const seqs = comparedPage[query.only].all({ a, b, limit: query.limit, offset: query.offset }) as { a_seq: number; b_seq: number }[];
    const at = (runId: number, seq: number) => toUtterance(utteranceAt.get(runId, seq) as UtteranceRow);
    const ids = (x: number, y: number) => onlyInIds.all({ x, y, limit: query.idsLimit, offset: query.idsOffset }) as string[];
    return {
      counts: {
        ...counts,
        // each utterance of a is paired or is a's own
        onlyA: (utteranceCount.get(a) as number) - counts.utterances,
        onlyB: onlyInCount.get({ x: b, y: a }) as number,
      },
      pairs: seqs.map((p) => ({ a: at(a, p.a_seq), b: at(b, p.b_seq) })),
      onlyA: ids(a, b),
      onlyB: ids(b, a),
    };
  });

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
    compare: (a, b, query) => compareRead(a, b, query),
    allUtterances: (runId) =>
      (db.prepare('SELECT * FROM eval_utterances WHERE run_id = ? ORDER BY seq').all(runId) as UtteranceRow[]).map(toUtterance),
    delete: (id) => db.prepare('DELETE FROM eval_runs WHERE id = ?').run(id).changes > 0,
  };
}
