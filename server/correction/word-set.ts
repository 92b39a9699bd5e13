/**
 * Membership tests for "is this an ordinary Latvian word form?".
 *
 * The full Hunspell expansion has 1.86 M forms (25 MB), too large to bundle, so
 * the bundled corpora ship it as a Bloom filter. A false positive only makes an
 * unknown word look known, which makes the fuzzy step *skip* a correction: the
 * safe direction for a step whose worst failure is rewriting a correct word.
 */
export interface WordSet {
  has(word: string): boolean;
}

export const EMPTY_WORD_SET: WordSet = { has: () => false };

/** Union of several sets; a word is known if any of them knows it. */
export function unionWordSet(...sets: readonly WordSet[]): WordSet {
  return { has: (w) => sets.some((s) => s.has(w)) };
}

const MAGIC = 0x4642_4b44; // "DKBF" little-endian
const HEADER_BYTES = 16;

/** FNV-1a over UTF-16 code units; identical when built and when queried. */
function fnv1a(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x0100_0193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so short words spread over all bits.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85eb_ca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2_ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export class BloomWordSet implements WordSet {
  readonly numBits: number;
  readonly numHashes: number;
  private readonly bits: Uint8Array;

  private constructor(bits: Uint8Array, numBits: number, numHashes: number) {
    this.bits = bits;
    this.numBits = numBits;
    this.numHashes = numHashes;
  }

  /** An empty filter sized for `expectedItems` at false-positive rate `fpRate`. */
  static create(expectedItems: number, fpRate: number): BloomWordSet {
    const numBits = Math.max(64, Math.ceil((-expectedItems * Math.log(fpRate)) / Math.LN2 ** 2));
    const numHashes = Math.max(1, Math.round((numBits / Math.max(1, expectedItems)) * Math.LN2));
    return new BloomWordSet(new Uint8Array(Math.ceil(numBits / 8)), numBits, numHashes);
  }

  /** Reads the file format written by `toBytes`. */
  static fromBytes(bytes: Uint8Array): BloomWordSet {
    if (bytes.length < HEADER_BYTES) throw new Error(`Bloom filter file too short (${bytes.length} bytes); rebuild it with scripts/corpora/build-corpora.ts`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(0, true) !== MAGIC) throw new Error('Not a Diktāts Bloom filter (bad magic); rebuild it with scripts/corpora/build-corpora.ts');
    const numHashes = view.getUint32(4, true);
    const numBits = view.getUint32(8, true);
    const body = bytes.subarray(HEADER_BYTES);
    if (body.length * 8 < numBits || numHashes < 1) throw new Error(`Bloom filter truncated: header says ${numBits} bits, file has ${body.length * 8}`);
    return new BloomWordSet(body, numBits, numHashes);
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(HEADER_BYTES + this.bits.length);
    const view = new DataView(out.buffer);
    view.setUint32(0, MAGIC, true);
    view.setUint32(4, this.numHashes, true);
    view.setUint32(8, this.numBits, true);
    out.set(this.bits, HEADER_BYTES);
    return out;
  }

  add(word: string): void {
    const h1 = fnv1a(word, 0x811c_9dc5);
    const h2 = fnv1a(word, 0x01000193) | 1;
    for (let i = 0; i < this.numHashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const idx = bit % this.numBits;
      this.bits[idx >>> 3]! |= 1 << (idx & 7);
    }
  }

  has(word: string): boolean {
    const h1 = fnv1a(word, 0x811c_9dc5);
    const h2 = fnv1a(word, 0x01000193) | 1;
    for (let i = 0; i < this.numHashes; i++) {
      const bit = (h1 + Math.imul(i, h2)) >>> 0;
      const idx = bit % this.numBits;
      if ((this.bits[idx >>> 3]! & (1 << (idx & 7))) === 0) return false;
    }
    return true;
  }
}
