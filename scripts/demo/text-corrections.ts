/**
 * How a clerk fixes a long dictated text: not by retyping it, but by pointing
 * at each wrong stretch, selecting it and typing the right words over it.
 * Pure: the shown text and the target in, the stretches to replace out
 * (word-level longest common subsequence, whitespace kept as tokens, so a
 * fix touches whole words and the spaces between them).
 */

export interface TextFix {
  /** character offsets in the shown text: the selection to type over (start === end: only insert) */
  readonly start: number;
  readonly end: number;
  /** what the clerk types there ('' = delete the selection) */
  readonly insert: string;
}

const tokens = (s: string): string[] => s.match(/\s+|[^\s]+/gu) ?? [];

/** The stretches of `shown` to replace, in text order; applying them from the last to the first gives `target`. */
export function planFixes(shown: string, target: string): TextFix[] {
  const a = tokens(shown);
  const b = tokens(target);
  // lcs[i][j]: the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const fixes: TextFix[] = [];
  let i = 0;
  let j = 0;
  let offset = 0;
  let open: { start: number; end: number; insert: string } | null = null;
  const close = () => {
    if (open) fixes.push(open);
    open = null;
  };
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      close();
      offset += a[i]!.length;
      i++;
      j++;
    } else if (j < b.length && (i === a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      open ??= { start: offset, end: offset, insert: '' };
      open.insert += b[j]!;
      j++;
    } else {
      open ??= { start: offset, end: offset, insert: '' };
      offset += a[i]!.length;
      open.end = offset;
      i++;
    }
  }
  close();
  return fixes;
}

/** The text after the fixes (from the last to the first, so earlier offsets hold). */
export function applyFixes(shown: string, fixes: readonly TextFix[]): string {
  let out = shown;
  for (const f of [...fixes].reverse()) out = out.slice(0, f.start) + f.insert + out.slice(f.end);
  return out;
}

/** Characters the clerk types for these fixes. */
export const typedChars = (fixes: readonly TextFix[]): number => fixes.reduce((n, f) => n + [...f.insert].length, 0);
