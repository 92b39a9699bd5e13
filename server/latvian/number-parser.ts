/**
 * Parses spoken Latvian numbers from word tokens.
 *
 * `parseNumber` reads one number the way it is said in a sentence ("divi
 * tūkstoši divdesmit ceturtā" = 2024, ordinal). `parseDigitRun` reads digits
 * said in groups ("divdesmit viens nulle trīs" = "21" "0" "3" -> "2103"), the
 * way people read codes and phone numbers: a group is 0-999 and a new group
 * starts wherever the number grammar cannot continue.
 */
import { numberWord, ordinalWord } from './number-words.ts';

export interface ParsedNumber {
  readonly value: number;
  /** token index after the number */
  readonly end: number;
  readonly ordinal: boolean;
  readonly numWords: number;
  /** a single word for 0-10, a bare "simts"/"tūkstotis", or a fraction: kept as a word in prose */
  readonly small: boolean;
}

/** Stage inside a group below 1000: 0 empty, 1 hundreds, 2 tens, 3 units or teen. */
type Stage = 0 | 1 | 2 | 3;

export function parseNumber(tokens: readonly string[], start: number): ParsedNumber | null {
  let total = 0;
  let group = 0;
  let stage: Stage = 0;
  let lastScale = Infinity;
  let i = start;
  let ordinal = false;
  let fraction = false;

  for (; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const w = numberWord(tok);
    if (w) {
      if (fraction) {
        // "pusotrs tūkstotis" = 1500; nothing else may follow a fraction.
        if (w.kind === 'scale' && w.value < lastScale) {
          total += group * w.value;
          group = 0;
          lastScale = w.value;
          continue;
        }
        break;
      }
      if (w.kind === 'zero') {
        if (i === start) return { value: 0, end: i + 1, ordinal: false, numWords: 1, small: true };
        break;
      }
      if (w.kind === 'unit') {
        if (stage === 3) break;
        group += w.value;
        stage = 3;
      } else if (w.kind === 'teen' || w.kind === 'tens') {
        if (stage >= 2) break;
        group += w.value;
        stage = w.kind === 'teen' ? 3 : 2;
      } else if (w.kind === 'hundred' || w.kind === 'xhundred') {
        if (stage !== 0 || group !== 0) break;
        group = w.kind === 'hundred' ? 100 : w.value;
        stage = 1;
      } else if (w.kind === 'hundreds') {
        // "divi simti": the unit just read becomes the hundreds digit.
        if (stage !== 3 || group < 2 || group > 9 || i === start || numberWord(tokens[i - 1]!)?.kind !== 'unit') break;
        group *= 100;
        stage = 1;
      } else if (w.kind === 'scale') {
        if (w.value >= lastScale) break;
        if (w.plural && group === 0) break; // "tūkstošiem" alone is "thousands of", not a number
        total += (group === 0 ? 1 : group) * w.value;
        group = 0;
        stage = 0;
        lastScale = w.value;
      } else {
        if (i !== start) break;
        group = w.value;
        fraction = true;
      }
      continue;
    }
    const o = fraction ? undefined : ordinalWord(tok);
    if (o) {
      const fits =
        (o.rank === 'unit' && stage <= 2) ||
        ((o.rank === 'teen' || o.rank === 'tens') && stage <= 1) ||
        (o.rank === 'hundreds' && stage === 0 && group === 0) ||
        (o.rank === 'scale' && o.value < lastScale && (stage === 0 || stage === 3));
      if (!fits) break;
      if (o.rank === 'scale' && o.value !== 1000 && o.value !== 1e6) {
        // "divtūkstošais" = 2000th: a multiplier is already inside the word.
        if (group !== 0) break;
        total += o.value;
      } else if (o.rank === 'scale') {
        total += (group === 0 ? 1 : group) * o.value;
        group = 0;
      } else group += o.value;
      ordinal = true;
      i++;
      break;
    }
    break;
  }
  const numWords = i - start;
  if (numWords === 0) return null;
  const value = total + group;
  if (value === 0) return null;
  const only = numberWord(tokens[start]!);
  const small =
    numWords === 1 &&
    (fraction || (!ordinal && (value <= 10 || only?.kind === 'hundred' || (only?.kind === 'scale' && !only.plural))));
  return { value, end: i, ordinal, numWords, small };
}

export interface DigitGroup {
  readonly digits: string;
  readonly end: number;
}

/** One group of a digit run: "nulle" = "0", else a cardinal 1-999 without scales. */
export function parseDigitGroup(tokens: readonly string[], start: number): DigitGroup | null {
  const first = tokens[start] === undefined ? undefined : numberWord(tokens[start]!);
  if (!first || first.kind === 'scale' || first.kind === 'fraction' || first.kind === 'hundreds') return null;
  if (first.kind === 'zero') return { digits: '0', end: start + 1 };
  let end = start;
  // Reuse the sentence grammar but stop before any scale word.
  while (end < tokens.length) {
    const w = numberWord(tokens[end]!);
    if (!w || w.kind === 'scale' || w.kind === 'fraction' || w.kind === 'zero') break;
    end++;
  }
  const parsed = parseNumber(tokens.slice(0, end), start);
  if (!parsed || parsed.ordinal) return null;
  return { digits: String(parsed.value), end: parsed.end };
}

export interface DigitRun {
  readonly digits: string;
  readonly groups: number;
  readonly end: number;
}

/** Consecutive digit groups from `start`; stops at a non-number or once `maxDigits` are read. */
export function parseDigitRun(tokens: readonly string[], start: number, maxDigits = Infinity): DigitRun | null {
  let digits = '';
  let groups = 0;
  let i = start;
  while (i < tokens.length && digits.length < maxDigits) {
    const g = parseDigitGroup(tokens, i);
    if (!g) break;
    digits += g.digits;
    groups++;
    i = g.end;
  }
  return groups === 0 ? null : { digits, groups, end: i };
}
