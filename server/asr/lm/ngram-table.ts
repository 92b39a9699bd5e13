/**
 * Open-addressing hash table (parent node, word id) → child node on typed arrays.
 * About 12 bytes a slot at load ≤ 0.5, no per-entry objects, so a million n-grams
 * cost ~24 MB and lookups stay a few nanoseconds.
 */
export class NgramTable {
  private readonly mask: number;
  private readonly parents: Int32Array;
  private readonly words: Int32Array;
  private readonly values: Int32Array;

  constructor(expectedEntries: number) {
    let capacity = 16;
    while (capacity < expectedEntries * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.parents = new Int32Array(capacity);
    this.words = new Int32Array(capacity);
    this.values = new Int32Array(capacity).fill(-1);
  }

  get byteLength(): number {
    return this.parents.byteLength * 3;
  }

  set(parent: number, word: number, value: number): void {
    let i = this.slot(parent, word);
    while (this.values[i]! >= 0) {
      if (this.parents[i] === parent && this.words[i] === word) break;
      i = (i + 1) & this.mask;
    }
    this.parents[i] = parent;
    this.words[i] = word;
    this.values[i] = value;
  }

  /** the child, or -1 */
  get(parent: number, word: number): number {
    let i = this.slot(parent, word);
    for (;;) {
      const v = this.values[i]!;
      if (v < 0) return -1;
      if (this.parents[i] === parent && this.words[i] === word) return v;
      i = (i + 1) & this.mask;
    }
  }

  private slot(parent: number, word: number): number {
    let h = Math.imul(parent, 0x9e3779b1) ^ Math.imul(word + 0x632be5ab, 0x85ebca77);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }
}
