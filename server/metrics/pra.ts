/**
 * An alignment printed as sclite's `pra` report prints it: three lines, REF,
 * HYP and Eval, one column per aligned pair; correct words in lower case,
 * errors in upper case, the missing side of an insertion or deletion as
 * asterisks, and S, D or I under each error. Pure; the researcher page and
 * the REST answers show it, so a stored run reads like `sclite -o pra`.
 */
import type { AlignedPair, AlignOp } from './align.ts';

export interface PraLines {
  readonly ref: string;
  readonly hyp: string;
  readonly eval: string;
}

/** [op, ref, hyp]: the compact form alignments are stored in. */
export type PairTuple = readonly [AlignOp, string | null, string | null];

export const toTuples = (pairs: readonly AlignedPair[]): PairTuple[] => pairs.map((p) => [p.op, p.ref, p.hyp]);

const width = (s: string): number => Array.from(s).length;
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - width(s)));

export function formatPra(pairs: readonly PairTuple[]): PraLines {
  const ref: string[] = [];
  const hyp: string[] = [];
  const ev: string[] = [];
  for (const [op, r, h] of pairs) {
    const error = op !== 'C';
    let rs = r === null ? '' : error ? r.toUpperCase() : r;
    let hs = h === null ? '' : error ? h.toUpperCase() : h;
    const n = Math.max(width(rs), width(hs), 1);
    if (r === null) rs = '*'.repeat(n);
    if (h === null) hs = '*'.repeat(n);
    ref.push(pad(rs, n));
    hyp.push(pad(hs, n));
    ev.push(pad(error ? op : '', n));
  }
  return { ref: ref.join(' ').trimEnd(), hyp: hyp.join(' ').trimEnd(), eval: ev.join(' ').trimEnd() };
}
