/**
 * Two stored evaluation runs side by side, utterance by utterance (matched by
 * utterance id, the manifest's audio path). Pure.
 *
 * Runs over different manifests share only some utterances, so besides each
 * run's own totals the comparison gives WER over the shared utterances alone:
 * the only figure in which a difference is the systems', not the test sets'.
 *
 * compareRuns compares two whole runs in memory. The service does not: the
 * repository's `compare` sums the shared utterances in SQL and reads one page,
 * and comparisonPage turns that into the same answer (the tests hold the two
 * equal), so a request's work does not grow with the runs.
 */
import { errorRate } from '../metrics/error-rates.ts';
import type { CompareFilter, ComparePage, ComparedCounts, EvalUtterance } from '../storage/eval-run-repository.ts';

export type Change = 'improved' | 'worsened' | 'same';

export interface ComparedUtterance {
  readonly utteranceId: string;
  readonly a: EvalUtterance;
  readonly b: EvalUtterance;
  /** errors(b) against errors(a): fewer is improved */
  readonly change: Change;
  /** the two runs scored this utterance against different reference texts */
  readonly referenceChanged: boolean;
}

export interface RunComparison {
  readonly shared: {
    readonly utterances: number;
    readonly words: number;
    readonly errorsA: number;
    readonly errorsB: number;
    readonly werA: number;
    readonly werB: number;
    readonly improved: number;
    readonly worsened: number;
    readonly same: number;
    readonly referenceChanged: number;
  };
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  /** manifest order of run a */
  readonly utterances: readonly ComparedUtterance[];
}

const errors = (u: EvalUtterance): number => u.substitutions + u.deletions + u.insertions;

/** One shared utterance: b against a. */
export function compareUtterance(a: EvalUtterance, b: EvalUtterance): ComparedUtterance {
  const ea = errors(a);
  const eb = errors(b);
  const change: Change = eb < ea ? 'improved' : eb > ea ? 'worsened' : 'same';
  return { utteranceId: a.utteranceId, a, b, change, referenceChanged: a.reference !== b.reference };
}

function sharedOf(c: Omit<ComparedCounts, 'changed' | 'onlyA' | 'onlyB'>): RunComparison['shared'] {
  return {
    utterances: c.utterances,
    words: c.words,
    errorsA: c.errorsA,
    errorsB: c.errorsB,
    werA: errorRate(c.errorsA, c.words),
    werB: errorRate(c.errorsB, c.words),
    improved: c.improved,
    worsened: c.worsened,
    same: c.utterances - c.improved - c.worsened,
    referenceChanged: c.referenceChanged,
  };
}

/**
 * Two whole runs. An utterance id that occurs twice in b is paired with its
 * last occurrence; one that occurs twice in a is compared twice.
 */
export function compareRuns(a: readonly EvalUtterance[], b: readonly EvalUtterance[]): RunComparison {
  const bById = new Map(b.map((u) => [u.utteranceId, u]));
  const aIds = new Set(a.map((u) => u.utteranceId));
  const utterances: ComparedUtterance[] = [];
  let words = 0;
  let errorsA = 0;
  let errorsB = 0;
  let improved = 0;
  let worsened = 0;
  let referenceChanged = 0;
  for (const ua of a) {
    const ub = bById.get(ua.utteranceId);
    if (!ub) continue;
    const u = compareUtterance(ua, ub);
    if (u.change === 'improved') improved++;
    if (u.change === 'worsened') worsened++;
    if (u.referenceChanged) referenceChanged++;
    words += ua.words;
    errorsA += errors(ua);
    errorsB += errors(ub);
    utterances.push(u);
  }
  return {
    shared: sharedOf({ utterances: utterances.length, words, errorsA, errorsB, improved, worsened, referenceChanged }),
    onlyA: a.filter((u) => !bById.has(u.utteranceId)).map((u) => u.utteranceId),
    onlyB: b.filter((u) => !aIds.has(u.utteranceId)).map((u) => u.utteranceId),
    utterances,
  };
}

/** What GET /api/eval/compare answers about the two runs: totals, one page of each list, and the lists' lengths. */
export interface ComparisonPage {
  readonly shared: RunComparison['shared'];
  /** a page (idsLimit, idsOffset) of the utterance ids only run a has, manifest order of a */
  readonly onlyA: readonly string[];
  readonly onlyB: readonly string[];
  readonly onlyACount: number;
  readonly onlyBCount: number;
  /** a page of the shared utterances that pass `only`, manifest order of a */
  readonly utterances: readonly ComparedUtterance[];
  /** shared utterances that pass `only`, before limit/offset */
  readonly total: number;
}

/** The repository's SQL comparison (totals and one page) as the route answers it. */
export function comparisonPage(page: ComparePage, only: CompareFilter): ComparisonPage {
  const c = page.counts;
  const total = only === 'all' ? c.utterances : only === 'changed' ? c.changed : only === 'improved' ? c.improved : c.worsened;
  return {
    shared: sharedOf(c),
    onlyA: page.onlyA,
    onlyB: page.onlyB,
    onlyACount: c.onlyA,
    onlyBCount: c.onlyB,
    utterances: page.pairs.map((p) => compareUtterance(p.a, p.b)),
    total,
  };
}
