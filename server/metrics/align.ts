/**
 * Levenshtein alignment of two token sequences (words, or characters for CER).
 *
 * Costs and tie-breaking copy NIST sclite (SCTK src/sclite/net_dp.c with
 * word.c's wwd_WORD): correct 0, substitution 4, insertion 3, deletion 3; at
 * each cell the diagonal (correct or substitution) wins ties, then deletion
 * beats insertion only when strictly cheaper; the back-trace starts at the end
 * of both sequences. The rules matter for the counts, not only for the
 * picture: three substitutions (cost 12) tie with two deletions plus two
 * insertions (also 12), so two aligners that both find a minimum can report
 * different S/D/I. Copying sclite's rules makes ours equal its counts, which
 * test/unit/metrics/sclite.test.ts checks against the real binary.
 */
export type AlignOp = 'C' | 'S' | 'D' | 'I';

export interface AlignedPair {
  readonly op: AlignOp;
  /** null for an insertion. */
  readonly ref: string | null;
  /** null for a deletion. */
  readonly hyp: string | null;
}

export interface AlignCounts {
  readonly hits: number;
  readonly substitutions: number;
  readonly deletions: number;
  readonly insertions: number;
  readonly refWords: number;
}

export interface Alignment extends AlignCounts {
  readonly pairs: AlignedPair[];
}

const COST_SUB = 4;
const COST_INS = 3;
const COST_DEL = 3;

const DIAG = 0;
const DEL = 1;
const INS = 2;

export function alignTokens(ref: readonly string[], hyp: readonly string[]): Alignment {
  const rows = ref.length + 1;
  const cols = hyp.length + 1;
  const cost = new Int32Array(rows * cols);
  const back = new Uint8Array(rows * cols);
  for (let j = 1; j < cols; j++) {
    cost[j] = cost[j - 1]! + COST_INS;
    back[j] = INS;
  }
  for (let i = 1; i < rows; i++) {
    const row = i * cols;
    const prev = row - cols;
    cost[row] = cost[prev]! + COST_DEL;
    back[row] = DEL;
    const r = ref[i - 1];
    for (let j = 1; j < cols; j++) {
      const sub = cost[prev + j - 1]! + (r === hyp[j - 1] ? 0 : COST_SUB);
      const del = cost[prev + j]! + COST_DEL;
      const ins = cost[row + j - 1]! + COST_INS;
      if (sub <= del && sub <= ins) {
        cost[row + j] = sub;
        back[row + j] = DIAG;
      } else if (del < ins) {
        cost[row + j] = del;
        back[row + j] = DEL;
      } else {
        cost[row + j] = ins;
        back[row + j] = INS;
      }
    }
  }

  const reversed: AlignedPair[] = [];
  let hits = 0;
  let substitutions = 0;
  let deletions = 0;
  let insertions = 0;
  let i = ref.length;
  let j = hyp.length;
  while (i > 0 || j > 0) {
    const move = back[i * cols + j];
    if (move === DIAG) {
      const r = ref[i - 1]!;
      const h = hyp[j - 1]!;
      if (r === h) hits++;
      else substitutions++;
      reversed.push({ op: r === h ? 'C' : 'S', ref: r, hyp: h });
      i--;
      j--;
    } else if (move === DEL) {
      deletions++;
      reversed.push({ op: 'D', ref: ref[i - 1]!, hyp: null });
      i--;
    } else {
      insertions++;
      reversed.push({ op: 'I', ref: null, hyp: hyp[j - 1]! });
      j--;
    }
  }
  return {
    pairs: reversed.reverse(),
    hits,
    substitutions,
    deletions,
    insertions,
    refWords: ref.length,
  };
}

/**
 * Plain Levenshtein distance (every edit costs 1), the minimum number of
 * edits. Used for CER, where the convention to match is jiwer's and NeMo's,
 * not sclite's: with sclite's 4/3/3 weights a shifted sequence can come out
 * with more edits than this minimum: "a b c d e" -> "d e x y z" is 5
 * substitutions (weight 20) to Levenshtein but 3 deletions + 3 insertions
 * (weight 18, 6 edits) to sclite.
 */
export function editDistance(ref: readonly string[], hyp: readonly string[]): number {
  let prev = new Int32Array(hyp.length + 1);
  let curr = new Int32Array(hyp.length + 1);
  for (let j = 0; j <= hyp.length; j++) prev[j] = j;
  for (let i = 1; i <= ref.length; i++) {
    curr[0] = i;
    const r = ref[i - 1];
    for (let j = 1; j <= hyp.length; j++) {
      const sub = prev[j - 1]! + (r === hyp[j - 1] ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = curr[j - 1]! + 1;
      curr[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, curr] = [curr, prev];
  }
  return prev[hyp.length]!;
}
