/**
 * GPT-2 byte-level BPE, as Whisper's tokenizer uses it. Decoding maps every text token
 * back to its bytes and decodes the joined bytes as UTF-8 once, so a Latvian letter
 * whose two bytes fall into two tokens (ā = C4 81) comes back whole. Encoding (for the
 * initial prompt of corpus terms) is GPT-2's pre-tokenizer regex plus merges by rank.
 * Pure: the vocabulary and merges come in as data (see whisper-files.ts).
 */

/** GPT-2's reversible byte -> printable character map: printable Latin-1 bytes stand for
 * themselves, the other 68 bytes map to U+0100 onwards in byte order. */
export function bytesToUnicode(): string[] {
  const keep: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) keep.push(b);
  for (let b = 0xa1; b <= 0xac; b++) keep.push(b);
  for (let b = 0xae; b <= 0xff; b++) keep.push(b);
  const map = new Array<string>(256);
  for (const b of keep) map[b] = String.fromCharCode(b);
  let extra = 0;
  for (let b = 0; b < 256; b++) if (map[b] === undefined) map[b] = String.fromCharCode(256 + extra++);
  return map;
}

const PRE_TOKENIZER = /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

export interface BpeData {
  /** token string (byte-mapped) -> id, text tokens and special tokens alike */
  readonly vocab: ReadonlyMap<string, number>;
  /** merge pairs in rank order */
  readonly merges: readonly (readonly [string, string])[];
  /** ids of special tokens (<|endoftext|>, <|lv|>, timestamps, ...): never text */
  readonly specialIds: ReadonlySet<number>;
}

export class ByteBpeTokenizer {
  private readonly vocab: ReadonlyMap<string, number>;
  private readonly idToToken: string[] = [];
  private readonly ranks = new Map<string, number>();
  private readonly specialIds: ReadonlySet<number>;
  private readonly byteToChar = bytesToUnicode();
  private readonly charToByte = new Map<string, number>();
  private readonly cache = new Map<string, readonly number[]>();

  constructor(data: BpeData) {
    this.vocab = data.vocab;
    for (const [tok, id] of data.vocab) this.idToToken[id] = tok;
    data.merges.forEach(([a, b], rank) => {
      const key = `${a} ${b}`;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
    this.specialIds = data.specialIds;
    this.byteToChar.forEach((c, b) => this.charToByte.set(c, b));
  }

  get vocabSize(): number {
    return this.idToToken.length;
  }

  tokenId(token: string): number | undefined {
    return this.vocab.get(token);
  }

  token(id: number): string | undefined {
    return this.idToToken[id];
  }

  isSpecial(id: number): boolean {
    return this.specialIds.has(id);
  }

  /** Text -> ids (no special tokens are recognised in the text). */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const m of text.matchAll(PRE_TOKENIZER)) {
      const piece = m[0];
      let mapped = '';
      for (const b of Buffer.from(piece, 'utf8')) mapped += this.byteToChar[b];
      let pieceIds = this.cache.get(mapped);
      if (!pieceIds) {
        pieceIds = this.bpe(mapped).map((t) => {
          const id = this.vocab.get(t);
          if (id === undefined) throw new Error(`BPE produced ${JSON.stringify(t)}, which is not in the vocabulary; the tokenizer files do not match`);
          return id;
        });
        if (this.cache.size < 10_000) this.cache.set(mapped, pieceIds);
      }
      ids.push(...pieceIds);
    }
    return ids;
  }

  /** The bytes of text tokens, joined (special and unknown ids skipped). */
  bytes(ids: readonly number[]): Uint8Array {
    const out: number[] = [];
    for (const id of ids) {
      if (this.specialIds.has(id)) continue;
      const tok = this.idToToken[id];
      if (tok === undefined) continue;
      for (const c of tok) {
        const b = this.charToByte.get(c);
        if (b !== undefined) out.push(b);
      }
    }
    return Uint8Array.from(out);
  }

  /** Ids -> text: bytes joined first, then one UTF-8 decode (invalid bytes become U+FFFD). */
  decode(ids: readonly number[]): string {
    return new TextDecoder('utf-8', { fatal: false }).decode(this.bytes(ids));
  }

  private bpe(word: string): string[] {
    let parts = Array.from(word);
    while (parts.length > 1) {
      let best = -1;
      let bestRank = Infinity;
      for (let k = 0; k < parts.length - 1; k++) {
        const r = this.ranks.get(`${parts[k]} ${parts[k + 1]}`);
        if (r !== undefined && r < bestRank) {
          bestRank = r;
          best = k;
        }
      }
      if (best < 0) break;
      const a = parts[best]!;
      const b = parts[best + 1]!;
      const merged: string[] = [];
      for (let k = 0; k < parts.length; k++) {
        if (k < parts.length - 1 && parts[k] === a && parts[k + 1] === b) {
          merged.push(a + b);
          k++;
        } else merged.push(parts[k]!);
      }
      parts = merged;
    }
    return parts;
  }
}
