/** String similarity: the one edit distance (plain, or with cheap Latvian diacritic substitutions) and Jaro–Winkler. */
import { stripDiacritics } from './letters.ts';

/** Substituting a letter by its diacritic twin ("a"/"ā", "n"/"ņ") costs this much. */
export const DIACRITIC_COST = 0.25;

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  return stripDiacritics(a) === stripDiacritics(b) ? DIACRITIC_COST : 1;
}

const unitCost = (a: string, b: string): number => (a === b ? 0 : 1);

/**
 * Optimal-string-alignment Damerau–Levenshtein distance, stopping early once
 * every cell of a row exceeds `limit` (then Infinity). The one edit distance:
 * `editCost` and `editDistance` differ only in what a substitution costs.
 */
function alignmentDistance(a: string, b: string, limit: number, substitution: (x: string, y: string) => number): number {
  if (Math.abs(a.length - b.length) > limit) return Infinity;
  const n = b.length;
  let prev2 = new Float64Array(n + 1);
  let prev = new Float64Array(n + 1);
  let cur = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + substitution(a[i - 1]!, b[j - 1]!));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > limit) return Infinity;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Edit distance with cheap diacritic substitutions ("a"/"ā" costs DIACRITIC_COST); Infinity beyond `limit`. */
export function editCost(a: string, b: string, limit = Infinity): number {
  return alignmentDistance(a, b, limit, substitutionCost);
}

/**
 * Plain edit distance (every edit costs 1) capped at `max` + 1: enough to
 * answer "within one edit?" for folded words, where diacritics are gone.
 */
export function editDistance(a: string, b: string, max = 1): number {
  const d = alignmentDistance(a, b, max, unitCost);
  return d > max ? max + 1 : d;
}

/** Jaro–Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatch = new Uint8Array(a.length);
  const bMatch = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatch[j] || a[i] !== b[j]) continue;
      aMatch[i] = 1;
      bMatch[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatch[i]) continue;
    while (!bMatch[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
