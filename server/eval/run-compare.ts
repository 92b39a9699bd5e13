/**
 * Two stored evaluation runs side by side, utterance by utterance (matched by
 * utterance id, the manifest's audio path). Pure.
 *
 * Runs over different manifests share only some utterances, so besides each
 * run's own totals the comparison gives WER over the shared utterances alone:
 * the only figure in which a difference is the systems', not the test sets'.
 */
import { errorRate } from '../metrics/error-rates.ts';
import type { EvalUtterance } from '../storage/eval-run-repository.ts';

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
    const ea = errors(ua);
    const eb = errors(ub);
    const change: Change = eb < ea ? 'improved' : eb > ea ? 'worsened' : 'same';
    if (change === 'improved') improved++;
    if (change === 'worsened') worsened++;
    const changedRef = ua.reference !== ub.reference;
    if (changedRef) referenceChanged++;
    words += ua.words;
    errorsA += ea;
    errorsB += eb;
    utterances.push({ utteranceId: ua.utteranceId, a: ua, b: ub, change, referenceChanged: changedRef });
  }
  return {
    shared: {
      utterances: utterances.length,
      words,
      errorsA,
      errorsB,
      werA: errorRate(errorsA, words),
      werB: errorRate(errorsB, words),
      improved,
      worsened,
      same: utterances.length - improved - worsened,
      referenceChanged,
    },
    onlyA: a.filter((u) => !bById.has(u.utteranceId)).map((u) => u.utteranceId),
    onlyB: b.filter((u) => !aIds.has(u.utteranceId)).map((u) => u.utteranceId),
    utterances,
  };
}
