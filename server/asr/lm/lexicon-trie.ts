/**
 * Character trie over the decoder's known words, on typed arrays.
 *
 * The beam search keeps one trie node per hypothesis and asks, a character at a
 * time, whether the partial word can still become a known word (`child`), whether
 * it is one (`isWord`), and the best unigram score of any word below it
 * (`lookahead`, for LM look-ahead). Node 0 is the root (the empty word).
 *
 * Nodes are laid out in depth-first order from a sorted word list, children as a
 * sibling chain; a 1.9 M-form Hunspell list takes ~14 bytes a node.
 */

export const TRIE_ROOT = 0;
export const NO_NODE = -1;

export interface LexiconTrieOptions {
  /** natural-log score of each word for look-ahead (e.g. LM unigram); default 0 */
  readonly logProbOf?: (word: string) => number;
}

export class LexiconTrie {
  private constructor(
    private readonly chars: Uint16Array,
    private readonly firstChild: Int32Array,
    private readonly nextSibling: Int32Array,
    private readonly wordEnd: Uint8Array,
    private readonly best: Float32Array,
    private readonly rootChildren: Map<number, number>,
    /** number of distinct words */
    readonly size: number,
  ) {}

  static fromWords(words: Iterable<string>, options: LexiconTrieOptions = {}): LexiconTrie {
    const sorted = [...new Set(words)].filter((w) => w.length > 0).sort();
    let capacity = 1024;
    let chars = new Uint16Array(capacity);
    let firstChild = new Int32Array(capacity).fill(NO_NODE);
    let nextSibling = new Int32Array(capacity).fill(NO_NODE);
    let lastChild = new Int32Array(capacity).fill(NO_NODE);
    let wordEnd = new Uint8Array(capacity);
    let best = new Float32Array(capacity).fill(-Infinity);
    let parent = new Int32Array(capacity);
    let count = 1;
    const grow = (): void => {
      capacity *= 2;
      const g = <T extends Uint16Array | Int32Array | Uint8Array | Float32Array>(a: T, fill?: number): T => {
        const b = new (a.constructor as new (n: number) => T)(capacity);
        if (fill !== undefined) b.fill(fill);
        b.set(a);
        return b;
      };
      chars = g(chars);
      firstChild = g(firstChild, NO_NODE);
      nextSibling = g(nextSibling, NO_NODE);
      lastChild = g(lastChild, NO_NODE);
      wordEnd = g(wordEnd);
      best = g(best, -Infinity);
      parent = g(parent);
    };
    // path[d] = node of the current word's first d characters
    const path = new Int32Array(64 + sorted.reduce((m, w) => Math.max(m, w.length), 0));
    let prev = '';
    for (const w of sorted) {
      let lcp = 0;
      while (lcp < prev.length && lcp < w.length && prev.charCodeAt(lcp) === w.charCodeAt(lcp)) lcp++;
      for (let d = lcp; d < w.length; d++) {
        if (count === capacity) grow();
        const p = path[d]!;
        const n = count++;
        chars[n] = w.charCodeAt(d);
        parent[n] = p;
        // sorted input: a new child is always the last of its siblings
        if (lastChild[p] === NO_NODE) firstChild[p] = n;
        else nextSibling[lastChild[p]!] = n;
        lastChild[p] = n;
        path[d + 1] = n;
      }
      const end = path[w.length]!;
      wordEnd[end] = 1;
      best[end] = options.logProbOf ? options.logProbOf(w) : 0;
      prev = w;
    }
    // children come after their parents in depth-first order
    for (let n = count - 1; n > 0; n--) if (best[n]! > best[parent[n]!]!) best[parent[n]!] = best[n]!;
    const rootChildren = new Map<number, number>();
    for (let c = firstChild[0]!; c !== NO_NODE; c = nextSibling[c]!) rootChildren.set(chars[c]!, c);
    return new LexiconTrie(
      chars.slice(0, count),
      firstChild.slice(0, count),
      nextSibling.slice(0, count),
      wordEnd.slice(0, count),
      best.slice(0, count),
      rootChildren,
      sorted.length,
    );
  }

  get nodeCount(): number {
    return this.chars.length;
  }

  get byteLength(): number {
    return this.chars.byteLength + this.firstChild.byteLength * 2 + this.wordEnd.byteLength + this.best.byteLength;
  }

  /** the node after UTF-16 code unit `code`, or NO_NODE */
  child(node: number, code: number): number {
    if (node === TRIE_ROOT) return this.rootChildren.get(code) ?? NO_NODE;
    for (let c = this.firstChild[node]!; c !== NO_NODE; c = this.nextSibling[c]!) {
      const ch = this.chars[c]!;
      if (ch === code) return c;
      if (ch > code) return NO_NODE;
    }
    return NO_NODE;
  }

  /** the node after a whole string, or NO_NODE */
  walk(node: number, text: string): number {
    let n = node;
    for (let i = 0; i < text.length && n !== NO_NODE; i++) n = this.child(n, text.charCodeAt(i));
    return n;
  }

  isWord(node: number): boolean {
    return node > 0 && this.wordEnd[node] === 1;
  }

  has(word: string): boolean {
    return this.isWord(this.walk(TRIE_ROOT, word));
  }

  hasPrefix(prefix: string): boolean {
    return this.walk(TRIE_ROOT, prefix) !== NO_NODE;
  }

  /** best `logProbOf` among the words at or below `node` */
  lookahead(node: number): number {
    return this.best[node]!;
  }
}
