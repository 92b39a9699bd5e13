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
import { splitsOf } from './inflection.ts';
import { stripDiacritics } from './latvian.ts';

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

function deletes(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

export class FuzzyIndex {
  readonly targets: FuzzyTarget[] = [];
  private readonly keys = new Map<string, number[]>();
  private readonly minStem: number;

  constructor(lexicon: Lexicon, options: FuzzyIndexOptions) {
    this.minStem = options.minStem;
    const seen = new Set<string>();
    for (const t of lexicon.spokenStems()) {
      if (t.entry.weight < options.minWeight || t.stem.length < options.minStem) continue;
      // Letter names and other literal chunks are matched exactly by ITN, not fuzzily.
      if (t.position < t.entry.spokenAligned) continue;
      const dedup = `${t.entry.id}|${t.position}|${t.stem}`;
      if (seen.has(dedup)) continue;
      seen.add(dedup);
      const id = this.targets.length;
      this.targets.push(t);
      const key = stripDiacritics(t.stem);
      for (const k of new Set([key, ...deletes(key)])) {
        const list = this.keys.get(k);
        if (list) list.push(id);
        else this.keys.set(k, [id]);
      }
    }
  }

  /** Targets whose stem key is within one edit of a stem of `word`, with the ending used. */
  candidates(word: string): Array<{ target: FuzzyTarget; ending: string }> {
    const found = new Map<number, string>();
    for (const [stem, ending] of splitsOf(word, this.minStem)) {
      const key = stripDiacritics(stem);
      for (const probe of new Set([key, ...deletes(key)])) {
        for (const id of this.keys.get(probe) ?? []) if (!found.has(id)) found.set(id, ending);
      }
    }
    return [...found].map(([id, ending]) => ({ target: this.targets[id]!, ending }));
  }
}
