/**
 * Written Latvian -> the plain spoken form the recogniser is trained to emit
 * (lower case, no punctuation, no digits), mirroring `normalise_plain` in
 * scripts/train/lv_spoken.py so that evaluation text looks like real output.
 * Returns null for text that would need a spoken form we cannot be sure of
 * (digits, ALL-CAPS abbreviations, foreign letters).
 */
const LATVIAN_WORD = /^[aābcčdeēfgģhiījkķlļmnņoprsštuūvzž]+$/u;

export function spokenPlain(text: string): string | null {
  const t = text.normalize('NFC');
  if (/\d/u.test(t)) return null;
  if (/(?<![\p{L}])[A-ZĀČĒĢĪĶĻŅŠŪŽ]{2,}(?![\p{L}])/u.test(t)) return null;
  const words = t
    .replace(/[–—-]/gu, ' ')
    .replace(/[^\p{L}\p{M}\s']/gu, ' ')
    .toLowerCase()
    .replace(/'/gu, ' ')
    .split(/\s+/u)
    .filter((w) => w !== '');
  if (words.length === 0 || !words.every((w) => LATVIAN_WORD.test(w))) return null;
  return words.join(' ');
}

/** Stable 32-bit FNV-1a hash of a string, for deterministic sampling. */
export function stableHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
