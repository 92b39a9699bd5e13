/**
 * Interpolated modified Kneser–Ney estimation (Chen & Goodman 1998, as in KenLM's lmplz).
 *
 * Output is the back-off form of the interpolated model: for every seen n-gram the
 * full interpolated probability, and for every context its interpolation weight γ(h).
 * Then p(w|h) = p*(hw) when hw was seen, else γ(h)·p(w|h'), which is exactly the
 * interpolated formula because the discounted term of an unseen n-gram is zero.
 *
 * Conventions (KenLM's): one `<s>` pads the left, `</s>` ends each sentence; the
 * highest order and n-grams that start with `<s>` use raw counts, the other orders use
 * continuation counts N1+(•g); `<s>` is never predicted; the unigram level interpolates
 * with a uniform distribution over the vocabulary plus `</s>` and `<unk>`, so `<unk>`
 * gets γ(ε)/|V| and probabilities over the vocabulary sum to one in every context.
 */

export const UNK_ID = 0;
export const BOS_ID = 1;
export const EOS_ID = 2;
export const SPECIAL_WORDS = ['<unk>', '<s>', '</s>'] as const;

/** [D1, D2, D3+] per order (index 0 = unigrams). */
export type Discounts = readonly (readonly [number, number, number])[];

export interface KneserNeyOptions {
  readonly order: number;
  /** fixed discounts per order instead of the count-of-counts estimates (for tests) */
  readonly discounts?: Discounts;
}

/** Flat n-gram table: node 0 is the empty context; parents come before children. */
export interface NgramArrays {
  readonly order: number;
  /** id → word; ids 0..2 are `<unk>`, `<s>`, `</s>` */
  readonly words: readonly string[];
  /** per node: id of the last word (-1 for the root) */
  readonly nodeWord: Int32Array;
  /** per node: node of the n-gram without its last word */
  readonly nodeParent: Int32Array;
  /** natural log p(last word | rest); -Infinity for the root and `<s>` */
  readonly logProb: Float32Array;
  /** natural log γ(this n-gram as a context); 0 where it is no context */
  readonly logBackoff: Float32Array;
  readonly discounts: Discounts;
}

/** KenLM's --discount_fallback values, used where counts-of-counts give no valid discount. */
export const FALLBACK_DISCOUNTS: readonly [number, number, number] = [0.5, 1.0, 1.5];

// n-gram keys: each word id as two UTF-16 code units, so keys are short strings and
// prefixes/suffixes are plain slices.
const encodeId = (id: number): string => String.fromCharCode(id & 0xffff, id >>> 16);
const idAt = (key: string, i: number): number => key.charCodeAt(2 * i) | (key.charCodeAt(2 * i + 1) << 16);

export function estimateKneserNey(sentences: Iterable<readonly string[]>, options: KneserNeyOptions): NgramArrays {
  const N = options.order;
  if (!Number.isInteger(N) || N < 1 || N > 6) throw new RangeError(`LM order must be an integer 1..6, got ${N}`);
  const ids = new Map<string, number>(SPECIAL_WORDS.map((w, i) => [w, i]));
  const words: string[] = [...SPECIAL_WORDS];
  const raw: Map<string, number>[] = Array.from({ length: N }, () => new Map());
  for (const sentence of sentences) {
    const seq: string[] = [encodeId(BOS_ID)];
    for (const w of sentence) {
      let id = ids.get(w);
      if (id === undefined) {
        id = words.length;
        ids.set(w, id);
        words.push(w);
      }
      seq.push(encodeId(id));
    }
    seq.push(encodeId(EOS_ID));
    for (let k = 1; k <= N; k++) {
      const table = raw[k - 1]!;
      for (let i = 0; i + k <= seq.length; i++) {
        const key = k === 1 ? seq[i]! : seq.slice(i, i + k).join('');
        table.set(key, (table.get(key) ?? 0) + 1);
      }
    }
  }

  const adjusted = adjustCounts(raw);
  const bosKey = encodeId(BOS_ID);
  adjusted[0]!.delete(bosKey); // <s> is a context only, never predicted
  const discounts = options.discounts ?? adjusted.map(estimateDiscounts);
  if (discounts.length !== N) throw new RangeError(`discounts must have ${N} entries (one per order), got ${discounts.length}`);

  // Interpolated probabilities, lowest order first; backoff weights of the contexts.
  const prob: Map<string, number>[] = [];
  const backoff = new Map<string, number>();
  const vocabSize = words.length - 1; // all words, </s> and <unk>, but not <s>
  for (let k = 1; k <= N; k++) {
    const counts = adjusted[k - 1]!;
    const [d1, d2, d3] = discounts[k - 1]!;
    const ctx = new Map<string, { total: number; n1: number; n2: number; n3: number }>();
    for (const [key, c] of counts) {
      const h = key.slice(0, 2 * (k - 1));
      let s = ctx.get(h);
      if (!s) ctx.set(h, (s = { total: 0, n1: 0, n2: 0, n3: 0 }));
      s.total += c;
      if (c === 1) s.n1++;
      else if (c === 2) s.n2++;
      else if (c >= 3) s.n3++;
    }
    const gamma = new Map<string, number>();
    for (const [h, s] of ctx) gamma.set(h, (d1 * s.n1 + d2 * s.n2 + d3 * s.n3) / s.total);
    const lower = prob[k - 2];
    const p = new Map<string, number>();
    for (const [key, c] of counts) {
      const h = key.slice(0, 2 * (k - 1));
      const s = ctx.get(h)!;
      const d = c >= 3 ? d3 : c === 2 ? d2 : c === 1 ? d1 : 0;
      const pLower = lower ? lower.get(key.slice(2))! : 1 / vocabSize;
      p.set(key, Math.max(c - d, 0) / s.total + gamma.get(h)! * pLower);
    }
    if (k === 1) p.set(encodeId(UNK_ID), gamma.get('')! / vocabSize);
    for (const [h, g] of gamma) backoff.set(h, g);
    prob.push(p);
  }

  return toArrays(N, words, prob, backoff, discounts);
}

/** Raw counts at the top order and for n-grams starting with <s>; continuation counts elsewhere. */
function adjustCounts(raw: readonly Map<string, number>[]): Map<string, number>[] {
  const N = raw.length;
  const out: Map<string, number>[] = [];
  for (let k = 1; k <= N; k++) {
    if (k === N) {
      out.push(new Map(raw[k - 1]!));
      continue;
    }
    const continuation = new Map<string, number>();
    for (const longer of raw[k]!.keys()) {
      const suffix = longer.slice(2);
      continuation.set(suffix, (continuation.get(suffix) ?? 0) + 1);
    }
    const adj = new Map<string, number>();
    for (const [key, c] of raw[k - 1]!) adj.set(key, idAt(key, 0) === BOS_ID ? c : continuation.get(key)!);
    out.push(adj);
  }
  return out;
}

/** Chen & Goodman's estimates from counts of counts, KenLM's fallback where they are invalid. */
export function estimateDiscounts(counts: ReadonlyMap<string, number>): readonly [number, number, number] {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts.values()) if (c >= 1 && c <= 4) n[c]!++;
  const [, n1, n2, n3, n4] = n as [number, number, number, number, number];
  if (n1 === 0 || n2 === 0 || n3 === 0 || n4 === 0) return FALLBACK_DISCOUNTS;
  const y = n1 / (n1 + 2 * n2);
  const d: [number, number, number] = [1 - (2 * y * n2) / n1, 2 - (3 * y * n3) / n2, 3 - (4 * y * n4) / n3];
  return d.every((x, i) => x > 0 && x <= i + 1) ? d : FALLBACK_DISCOUNTS;
}

function toArrays(
  order: number,
  words: readonly string[],
  prob: readonly Map<string, number>[],
  backoff: ReadonlyMap<string, number>,
  discounts: Discounts,
): NgramArrays {
  // Every prefix of a seen n-gram is a seen n-gram, except "<s>" which only exists as a context.
  const bosKey = encodeId(BOS_ID);
  let count = 1 + 1; // root and <s>
  for (const p of prob) count += p.size;
  const nodeWord = new Int32Array(count);
  const nodeParent = new Int32Array(count);
  const logProb = new Float32Array(count);
  const logBackoff = new Float32Array(count);
  const nodeOf = new Map<string, number>([['', 0]]);
  nodeWord[0] = -1;
  nodeParent[0] = -1;
  logProb[0] = -Infinity;
  let next = 1;
  const add = (key: string, lp: number): void => {
    const k = key.length / 2;
    nodeWord[next] = idAt(key, k - 1);
    nodeParent[next] = nodeOf.get(key.slice(0, key.length - 2))!;
    logProb[next] = lp;
    const g = backoff.get(key);
    logBackoff[next] = g === undefined ? 0 : Math.log(g);
    nodeOf.set(key, next++);
  };
  logBackoff[0] = Math.log(backoff.get('')!);
  add(bosKey, -Infinity);
  for (const p of prob) for (const [key, v] of p) add(key, Math.log(v));
  return { order, words, nodeWord, nodeParent, logProb, logBackoff, discounts };
}
