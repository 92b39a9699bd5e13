/**
 * Phrase boosting for the CTC beam search, in the manner of sherpa-onnx's
 * ContextGraph (an Aho–Corasick automaton with a bonus per matched character):
 * a hypothesis earns `boost` nats for every letter that continues a boosted
 * phrase, loses the unconfirmed part when the match breaks, and keeps it for good
 * once the whole phrase is matched. Giving the bonus character by character keeps
 * the term's prefix in the beam before the word is complete.
 *
 * Phrases match whole words: each is stored as " word word " and the beam search
 * feeds a space at every word boundary and at the start. A phrase that is the
 * start of a longer one ("dienas centrs" / "dienas centrs mājās") commits at its
 * end and the longer one goes on from there.
 */

export interface HotwordPhrase {
  /** words separated by spaces, in the case the acoustic model emits (lower case) */
  readonly phrase: string;
  /** nats per character; default: the graph's `boostPerChar` */
  readonly boost?: number;
}

export interface HotwordGraphOptions {
  /** nats per matched letter, default 0.5 */
  readonly boostPerChar?: number;
}

/** Where a hypothesis stands in the automaton; treat as opaque. */
export interface HotwordState {
  readonly node: number;
  /** bonus of the match in progress, not yet confirmed */
  readonly partial: number;
  /** bonus of completed matches */
  readonly committed: number;
}

export const DEFAULT_BOOST_PER_CHAR = 0.5;
const SPACE = 0x20;
const ROOT = 0;

export class HotwordGraph {
  /** per node: character code → child (small-integer keys keep Map look-ups fast) */
  private readonly children: Map<number, number>[] = [new Map()];
  /** per node: memoised transitions through fail links */
  private readonly next: Map<number, number>[] = [new Map()];
  private readonly fail: number[] = [0];
  private readonly charBoost: number[] = [0];
  private readonly depthBonus: number[] = [0];
  private readonly isEnd: boolean[] = [false];
  /** number of distinct phrases */
  readonly size: number;

  constructor(phrases: Iterable<HotwordPhrase>, options: HotwordGraphOptions = {}) {
    const fallback = options.boostPerChar ?? DEFAULT_BOOST_PER_CHAR;
    const seen = new Set<string>();
    for (const p of phrases) {
      const words = p.phrase.trim().split(/\s+/).filter((w) => w.length > 0);
      const boost = p.boost ?? fallback;
      if (words.length === 0) continue;
      if (!(boost >= 0 && Number.isFinite(boost))) throw new RangeError(`hotword boost must be a finite number ≥ 0, got ${p.boost} for "${p.phrase}"`);
      const text = ` ${words.join(' ')} `;
      seen.add(text);
      let node = ROOT;
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        // letters earn the bonus; word boundaries only confirm
        const b = code === SPACE ? 0 : boost;
        let child = this.children[node]!.get(code);
        if (child === undefined) {
          child = this.fail.length;
          this.children[node]!.set(code, child);
          this.children.push(new Map());
          this.next.push(new Map());
          this.fail.push(ROOT);
          this.charBoost.push(b);
          this.depthBonus.push(this.depthBonus[node]! + b);
          this.isEnd.push(false);
        } else if (b > this.charBoost[child]!) {
          this.charBoost[child] = b;
        }
        node = child;
      }
      this.isEnd[node] = true;
    }
    this.size = seen.size;
    this.buildFailLinks();
    this.fixDepthBonus();
  }

  /** The state at the start of an utterance (after an implied word boundary). */
  start(): HotwordState {
    return this.advance({ node: ROOT, partial: 0, committed: 0 }, SPACE);
  }

  /** Total bonus of a state: confirmed plus in-progress. */
  static score(s: HotwordState): number {
    return s.committed + s.partial;
  }

  /** Feed one UTF-16 code unit (a space for a word boundary). */
  advance(s: HotwordState, code: number): HotwordState {
    const direct = this.children[s.node]!.get(code);
    let node: number;
    let partial: number;
    if (direct !== undefined) {
      node = direct;
      partial = s.partial + this.charBoost[direct]!;
    } else {
      node = this.goto(s.node, code);
      partial = this.depthBonus[node]!;
    }
    if (this.isEnd[node]) return { node, partial: 0, committed: s.committed + partial };
    return { node, partial, committed: s.committed };
  }

  /** The state at the end of an utterance: close the last word, drop what is unconfirmed. */
  finish(s: HotwordState): HotwordState {
    const closed = this.advance(s, SPACE);
    return { node: ROOT, partial: 0, committed: closed.committed };
  }

  private goto(from: number, code: number): number {
    const memo = this.next[from]!.get(code);
    if (memo !== undefined) return memo;
    let node = from;
    let target = this.children[node]!.get(code);
    while (target === undefined && node !== ROOT) {
      node = this.fail[node]!;
      target = this.children[node]!.get(code);
    }
    const result = target ?? ROOT;
    this.next[from]!.set(code, result);
    return result;
  }

  private buildFailLinks(): void {
    // breadth-first over the trie: fail(child) = goto(fail(parent), code)
    const queue: number[] = [];
    for (const child of this.children[ROOT]!.values()) {
      this.fail[child] = ROOT;
      queue.push(child);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const node = queue[qi]!;
      for (const [code, child] of this.children[node]!) {
        let f = this.fail[node]!;
        let target = this.children[f]!.get(code);
        while (target === undefined && f !== ROOT) {
          f = this.fail[f]!;
          target = this.children[f]!.get(code);
        }
        this.fail[child] = target ?? ROOT;
        queue.push(child);
      }
    }
  }

  /** A fail target's bonus counts from the last completed phrase on its own path, as a direct walk would. */
  private fixDepthBonus(): void {
    // children are numbered after their parents
    for (let node = 0; node < this.children.length; node++) {
      for (const child of this.children[node]!.values()) {
        this.depthBonus[child] = (this.isEnd[node] ? 0 : this.depthBonus[node]!) + this.charBoost[child]!;
      }
    }
  }
}
