/**
 * Compact binary form of an `NgramLm`, so a model built in a worker can be
 * transferred (one ArrayBuffer, no structured-clone of objects) and swapped in,
 * plus ARPA text export for KenLM / SRILM tools.
 *
 * Layout (little-endian): "DKNG", u32 version, u32 header bytes, header JSON
 * (order, words, discounts, unkLogProb) padded to 4 bytes, u32 nodes, then
 * Int32 nodeWord[nodes], Int32 nodeParent[nodes], Float32 logProb[nodes],
 * Float32 logBackoff[nodes].
 */
import { NgramLm } from './ngram-lm.ts';
import type { Discounts } from './ngram-kneser-ney.ts';

const MAGIC = 0x474e4b44; // "DKNG"
const VERSION = 1;

interface Header {
  readonly order: number;
  readonly words: readonly string[];
  readonly discounts: Discounts;
  readonly unkLogProb: number | null;
}

export function serializeNgramLm(lm: NgramLm): Uint8Array {
  const a = lm.arrays;
  const header: Header = { order: a.order, words: a.words, discounts: a.discounts, unkLogProb: lm.unkLogProb ?? null };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 4) * 4;
  const n = a.nodeWord.length;
  const total = 12 + headerBytes + 4 + n * 16;
  const buf = new ArrayBuffer(total);
  const view = new DataView(buf);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, VERSION, true);
  view.setUint32(8, json.length, true);
  new Uint8Array(buf, 12, json.length).set(json);
  let off = 12 + headerBytes;
  view.setUint32(off, n, true);
  off += 4;
  // typed arrays are little-endian on every platform Node runs on
  for (const arr of [a.nodeWord, a.nodeParent, a.logProb, a.logBackoff]) {
    new Uint8Array(buf, off, n * 4).set(new Uint8Array(arr.buffer, arr.byteOffset, n * 4));
    off += n * 4;
  }
  return new Uint8Array(buf);
}

export function deserializeNgramLm(bytes: Uint8Array): NgramLm {
  const fail = (what: string): never => {
    throw new Error(`Not a Diktāts n-gram LM (${what}); rebuild it with serializeNgramLm`);
  };
  if (bytes.byteLength < 16) fail('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) fail('bad magic');
  if (view.getUint32(4, true) !== VERSION) fail(`version ${view.getUint32(4, true)}, expected ${VERSION}`);
  const jsonLength = view.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength))) as Header;
  let off = 12 + Math.ceil(jsonLength / 4) * 4;
  const n = view.getUint32(off, true);
  off += 4;
  if (bytes.byteLength !== off + n * 16) fail(`length ${bytes.byteLength}, expected ${off + n * 16}`);
  // copy: the source may be unaligned or a view into a larger, transferred buffer
  const take = <T extends Int32Array | Float32Array>(make: (b: ArrayBuffer) => T): T => {
    const copy = bytes.slice(off, off + n * 4);
    off += n * 4;
    return make(copy.buffer);
  };
  const nodeWord = take((b) => new Int32Array(b));
  const nodeParent = take((b) => new Int32Array(b));
  const logProb = take((b) => new Float32Array(b));
  const logBackoff = take((b) => new Float32Array(b));
  return new NgramLm(
    { order: header.order, words: header.words, discounts: header.discounts, nodeWord, nodeParent, logProb, logBackoff },
    header.unkLogProb ?? undefined,
  );
}

/** ARPA text (log10, KenLM conventions: `<s>` has -99, backoffs omitted where zero). */
export function toArpa(lm: NgramLm): string {
  const { nodeWord, nodeParent, logProb, logBackoff, words, order } = lm.arrays;
  const n = nodeWord.length;
  const depth = new Uint8Array(n);
  const byOrder: number[][] = Array.from({ length: order }, () => []);
  for (let i = 1; i < n; i++) {
    depth[i] = depth[nodeParent[i]!]! + 1;
    byOrder[depth[i]! - 1]!.push(i);
  }
  const text = (i: number): string => {
    const parts: string[] = [];
    for (let m = i; m > 0; m = nodeParent[m]!) parts.unshift(words[nodeWord[m]!]!);
    return parts.join(' ');
  };
  const log10 = (x: number): string => (x === -Infinity ? '-99' : (x / Math.LN10).toFixed(6));
  const lines = ['\\data\\', ...byOrder.map((nodes, k) => `ngram ${k + 1}=${nodes.length}`), ''];
  byOrder.forEach((nodes, k) => {
    lines.push(`\\${k + 1}-grams:`);
    for (const i of nodes) {
      const bo = logBackoff[i]!;
      lines.push(`${log10(logProb[i]!)}\t${text(i)}${k + 1 < order && bo !== 0 ? `\t${log10(bo)}` : ''}`);
    }
    lines.push('');
  });
  lines.push('\\end\\', '');
  return lines.join('\n');
}
