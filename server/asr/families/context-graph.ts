/**
 * Hotwords for transducer beam search: corpus terms as token sequences in a trie,
 * and the bonus a hypothesis earns while it spells one.
 *
 * Like sherpa-onnx's ContextGraph in spirit, simpler in shape (no Aho–Corasick fail
 * arcs): each matched token earns `boost`; when the next token leaves the trie, or
 * the utterance ends mid-term, the bonus earned since the last complete term is taken
 * back, so only whole terms keep their bonus. A failed match restarts from the root
 * with the token that broke it. Pure; mirrored by the Python reference decoder in
 * scripts/fixtures/make_family_fixtures.py (token-exact tests depend on both agreeing).
 */

export const WORD_START = '▁';

export class ContextGraph {
  private readonly children: Map<number, number>[] = [new Map()];
  private readonly pending: number[] = [0];
  private readonly isEnd: boolean[] = [false];

  constructor(
    sequences: readonly (readonly number[])[],
    readonly boost: number,
  ) {
    for (const seq of sequences) {
      let node = 0;
      for (const tok of seq) {
        let next = this.children[node]!.get(tok);
        if (next === undefined) {
          next = this.children.length;
          this.children.push(new Map());
          this.pending.push(0);
          this.isEnd.push(false);
          this.children[node]!.set(tok, next);
        }
        node = next;
      }
      if (seq.length > 0) this.isEnd[node] = true;
    }
    // Breadth first: tokens matched since the last complete term on the path.
    const order = [0];
    for (let i = 0; i < order.length; i++) {
      const node = order[i]!;
      for (const child of this.children[node]!.values()) {
        this.pending[child] = this.isEnd[child] ? 0 : this.pending[node]! + 1;
        order.push(child);
      }
    }
  }

  get size(): number {
    return this.children.length - 1;
  }

  /** Tokens that would continue a match from `state` (they are ranked up by `boost`). */
  nextTokens(state: number): IterableIterator<number> {
    return this.children[state]!.keys();
  }

  /** [bonus, next state] for emitting `token` in `state`. */
  step(state: number, token: number): [number, number] {
    const next = this.children[state]!.get(token);
    if (next !== undefined) return [this.boost, this.enter(next)];
    const gain = -this.pending[state]! * this.boost;
    const fromRoot = this.children[0]!.get(token);
    if (fromRoot !== undefined) return [gain + this.boost, this.enter(fromRoot)];
    return [gain, 0];
  }

  /** The bonus taken back when the utterance ends in `state`. */
  finalize(state: number): number {
    return -this.pending[state]! * this.boost;
  }

  /** A complete term with nothing longer after it goes back to the root. */
  private enter(node: number): number {
    return this.isEnd[node] && this.children[node]!.size === 0 ? 0 : node;
  }
}

/**
 * A term as sentencepiece-style pieces: each word gets the '▁' word-start mark, then
 * the longest piece of the vocabulary that matches is taken, left to right. Returns []
 * when some character has no piece (the term cannot be spelled by this model).
 * Greedy longest match is not sentencepiece's own segmentation, but it spells every
 * term the vocabulary can spell, which is what a bias needs.
 */
export function encodeTerm(term: string, pieces: readonly string[]): number[] {
  const index = new Map<string, number>();
  let longest = 1;
  pieces.forEach((p, id) => {
    if (!index.has(p)) index.set(p, id);
    longest = Math.max(longest, [...p].length);
  });
  const ids: number[] = [];
  for (const word of term.split(/\s+/).filter(Boolean)) {
    const chars = [...(WORD_START + word)];
    let pos = 0;
    while (pos < chars.length) {
      let found = false;
      for (let n = Math.min(longest, chars.length - pos); n > 0; n--) {
        const id = index.get(chars.slice(pos, pos + n).join(''));
        if (id !== undefined) {
          ids.push(id);
          pos += n;
          found = true;
          break;
        }
      }
      if (!found) return [];
    }
  }
  return ids;
}

/** Builds the graph for a set of terms; terms the vocabulary cannot spell are counted, not fatal. */
export function buildContextGraph(terms: readonly string[], pieces: readonly string[], boost: number): { graph: ContextGraph; skipped: number } {
  const sequences: number[][] = [];
  let skipped = 0;
  for (const t of terms) {
    const ids = encodeTerm(t, pieces);
    if (ids.length > 0) sequences.push(ids);
    else skipped++;
  }
  return { graph: new ContextGraph(sequences, boost), skipped };
}
