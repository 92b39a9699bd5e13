/**
 * Word n-gram language model for decoding: interpolated modified Kneser–Ney,
 * queried incrementally through opaque states, like KenLM's `Model::Score`.
 *
 * All scores are NATURAL logarithms (the same unit as CTC log-probabilities);
 * `toArpa` converts to log10 for other tools.
 *
 *   const lm = buildNgramLm(sentences, { order: 3 });
 *   let s = lm.start();
 *   for (const w of words) { const r = lm.score(s, w); total += r.logProb; s = r.next; }
 *   total += lm.end(s);
 *
 * Words are matched exactly (callers lower-case and strip punctuation first, see
 * `toLmSentence`). A word outside the vocabulary scores as `<unk>`: its smoothed
 * probability in that context, or the fixed `unkLogProb` when one is given.
 */
import { BOS_ID, EOS_ID, UNK_ID, estimateKneserNey, type Discounts, type NgramArrays } from './ngram-kneser-ney.ts';
import { NgramTable } from './ngram-table.ts';

/** Opaque decoder state: the longest history suffix the model can use. */
export type LmState = number;

export interface LmScore {
  /** natural log p(word | state) */
  readonly logProb: number;
  readonly next: LmState;
  /** false when the word was scored as `<unk>` */
  readonly known: boolean;
}

/** What the beam search needs from a word LM; `NgramLm` implements it. */
export interface WordLm {
  /** known words (for the decoder's lexicon) */
  readonly vocabulary: readonly string[];
  start(): LmState;
  score(state: LmState, word: string): LmScore;
  /** natural log p(</s> | state) */
  end(state: LmState): number;
  has(word: string): boolean;
  /** natural log p(word) without context (`<unk>`'s for unknown words), for look-ahead */
  unigramLogProb(word: string): number;
}

export interface NgramLmOptions {
  /** n-gram order, default 3 */
  readonly order?: number;
  /** natural-log score of an out-of-vocabulary word; default: the model's smoothed p(<unk> | context) */
  readonly unkLogProb?: number;
  /** fixed [D1, D2, D3+] per order instead of estimates (tests, tiny corpora) */
  readonly discounts?: Discounts;
}

export const DEFAULT_LM_ORDER = 3;

export function buildNgramLm(sentences: Iterable<string>, options: NgramLmOptions = {}): NgramLm {
  const order = options.order ?? DEFAULT_LM_ORDER;
  const tokenised = (function* () {
    for (const s of sentences) {
      const words = s.split(/\s+/).filter((w) => w.length > 0);
      if (words.length > 0) yield words;
    }
  })();
  const arrays = estimateKneserNey(tokenised, { order, ...(options.discounts ? { discounts: options.discounts } : {}) });
  return new NgramLm(arrays, options.unkLogProb);
}

export class NgramLm implements WordLm {
  readonly order: number;
  /** known words in id order, without `<unk>`, `<s>`, `</s>` */
  readonly vocabulary: readonly string[];
  readonly arrays: NgramArrays;
  readonly unkLogProb: number | undefined;
  private readonly ids: Map<string, number>;
  private readonly table: NgramTable;
  /** per node: its n-gram's order */
  private readonly depth: Uint8Array;
  /** per node: node of the n-gram without its first word */
  private readonly suffix: Int32Array;
  /** per node: the state after this n-gram (longest suffix that is a context) */
  private readonly nextState: Int32Array;
  private readonly bosNode: number;

  constructor(arrays: NgramArrays, unkLogProb?: number) {
    this.arrays = arrays;
    this.order = arrays.order;
    this.unkLogProb = unkLogProb;
    this.vocabulary = arrays.words.slice(3);
    this.ids = new Map(arrays.words.map((w, i) => [w, i]));
    const { nodeWord, nodeParent } = arrays;
    const n = nodeWord.length;
    this.table = new NgramTable(n);
    this.depth = new Uint8Array(n);
    this.suffix = new Int32Array(n);
    this.nextState = new Int32Array(n);
    const hasChildren = new Uint8Array(n);
    for (let i = 1; i < n; i++) {
      const parent = nodeParent[i]!;
      this.table.set(parent, nodeWord[i]!, i);
      this.depth[i] = this.depth[parent]! + 1;
      hasChildren[parent] = 1;
      // suffix(w1..wk) = child(suffix(w1..wk-1), wk); parents precede children
      this.suffix[i] = parent === 0 ? 0 : this.table.get(this.suffix[parent]!, nodeWord[i]!);
    }
    for (let i = 1; i < n; i++) {
      this.nextState[i] = this.depth[i]! < this.order && hasChildren[i] ? i : this.nextState[this.suffix[i]!]!;
    }
    this.bosNode = this.table.get(0, BOS_ID);
  }

  get numNgrams(): number {
    return this.arrays.nodeWord.length - 1;
  }

  start(): LmState {
    return this.nextState[this.bosNode]!;
  }

  has(word: string): boolean {
    const id = this.ids.get(word);
    return id !== undefined && id > EOS_ID;
  }

  score(state: LmState, word: string): LmScore {
    const id = this.ids.get(word);
    if (id === undefined || id === BOS_ID || id === UNK_ID) return this.unk(state);
    return this.scoreId(state, id);
  }

  end(state: LmState): number {
    return this.scoreId(state, EOS_ID).logProb;
  }

  unigramLogProb(word: string): number {
    const id = this.ids.get(word);
    if (id === undefined || id === BOS_ID || id === UNK_ID) return this.unkLogProb ?? this.arrays.logProb[this.table.get(0, UNK_ID)]!;
    return this.arrays.logProb[this.table.get(0, id)]!;
  }

  /** Natural-log probability of a whole sentence, `</s>` included. */
  sentenceLogProb(words: readonly string[]): number {
    let s = this.start();
    let total = 0;
    for (const w of words) {
      const r = this.score(s, w);
      total += r.logProb;
      s = r.next;
    }
    return total + this.end(s);
  }

  /** Words of the history a state stands for (for debugging and tests). */
  stateWords(state: LmState): string[] {
    const out: string[] = [];
    for (let n = state; n > 0; n = this.arrays.nodeParent[n]!) out.unshift(this.arrays.words[this.arrays.nodeWord[n]!]!);
    return out;
  }

  private scoreId(state: LmState, id: number): LmScore {
    const { logProb, logBackoff } = this.arrays;
    let acc = 0;
    let node = state;
    for (;;) {
      const child = this.table.get(node, id);
      if (child >= 0) return { logProb: acc + logProb[child]!, next: this.nextState[child]!, known: true };
      if (node === 0) return this.unk(state);
      acc += logBackoff[node]!;
      node = this.suffix[node]!;
    }
  }

  private unk(state: LmState): LmScore {
    if (this.unkLogProb !== undefined) return { logProb: this.unkLogProb, next: 0, known: false };
    const { logProb, logBackoff } = this.arrays;
    let acc = 0;
    for (let node = state; node !== 0; node = this.suffix[node]!) acc += logBackoff[node]!;
    // <unk> is never part of a context, so the history restarts after it
    return { logProb: acc + logProb[this.table.get(0, UNK_ID)]!, next: 0, known: false };
  }
}
