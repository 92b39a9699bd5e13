/**
 * Candidate lookup for near-miss correction: a symmetric-delete index
 * (SymSpell) over the *stems* of the lexicon's spoken tokens, keyed without
 * diacritics. Indexing stems instead of every case form keeps a 100 000-entry
 * lexicon small, and lets a mis-heard ending be repaired in the entry's own
 * paradigm ("latvenergu" -> stem "latvenerg" -> "latvenergo").
 *
 * One deletion on each side finds every stem within edit distance 1 of the
 * heard stem (plus any number of diacritic slips, which the key ignores).
 */
import type { CompiledEntry, Lexicon } from './domain-lexicon.ts';
import { splitsOf } from '../latvian/term-inflection.ts';
import { stripDiacritics } from '../latvian/letters.ts';

export interface FuzzyTarget {
  readonly entry: CompiledEntry;
  readonly position: number;
  readonly stem: string;
  readonly endings: readonly string[];
}

export interface FuzzyIndexOptions {
  /** entries lighter than this are never targets (rare calendar names) */
  readonly minWeight: number;
  /** stems shorter than this are not indexed */
  readonly minStem: number;
}

/**
 * Shortest key whose one-letter deletions are indexed. Deletions of shorter
 * stems collide by the thousand in a large lexicon ("ba", "ka") and only
 * matter for words too short to correct anyway.
 */
const MIN_DELETE_KEY = 5;

function deletes(key: string): string[] {
  if (key.length < MIN_DELETE_KEY) return [];
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

function hashKey(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class FuzzyIndex {
  readonly targets: FuzzyTarget[] = [];
  /**
   * 32-bit hash of a key -> target id, or ids when several share it (most have
   * one). Hashing instead of storing ~1 M delete strings keeps a 100 000-entry
   * lexicon's index small; a collision only adds a candidate that the edit
   * cost then rejects.
   */
  private readonly keys = new Map<number, number | number[]>();
  private readonly minStem: number;

  constructor(lexicon: Lexicon, options: FuzzyIndexOptions) {
    this.minStem = options.minStem;
    // Targets are (stem, endings, role): a 100 000-entry lexicon of full names
    // repeats "bērziņ" thousands of times, but it is one target.
    const byShape = new Map<string, number>();
    for (const t of lexicon.spokenStems()) {
      if (t.entry.weight < options.minWeight || t.stem.length < options.minStem) continue;
      // Letter names and other literal chunks are matched exactly by ITN, not fuzzily.
      if (t.position < t.entry.spokenAligned) continue;
      const shape = `${t.stem}|${t.endings.join(',')}|${t.entry.role}`;
      const seen = byShape.get(shape);
      if (seen !== undefined) {
        if (t.entry.weight > this.targets[seen]!.entry.weight) this.targets[seen] = t;
        continue;
      }
      const id = this.targets.length;
      byShape.set(shape, id);
      this.targets.push(t);
      const key = stripDiacritics(t.stem);
      for (const k of new Set([key, ...deletes(key)].map(hashKey))) {
        const cur = this.keys.get(k);
        if (cur === undefined) this.keys.set(k, id);
        else if (typeof cur === 'number') this.keys.set(k, [cur, id]);
        else cur.push(id);
      }
    }
  }

  /** Targets whose stem key is within one edit of a stem of `word`. */
  candidates(word: string): FuzzyTarget[] {
    const found = new Set<number>();
    for (const [stem] of splitsOf(word, this.minStem)) {
      const key = stripDiacritics(stem);
      for (const probe of new Set([key, ...deletes(key)].map(hashKey))) {
        const ids = this.keys.get(probe);
        if (ids === undefined) continue;
        if (typeof ids === 'number') found.add(ids);
        else for (const id of ids) found.add(id);
      }
    }
    return [...found].map((id) => this.targets[id]!);
  }
}
