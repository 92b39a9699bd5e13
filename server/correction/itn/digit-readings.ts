/**
 * Readings of a digit run that must have an exact length.
 *
 * "astoņdesmit viens" is one group (81) when read greedily, but a speaker
 * reading "80 1" says exactly the same words; text carries no pause. When an
 * identifier has a known length (personal code 6 + 5, IBAN account 13, phone
 * 8), every way of splitting such tens+unit pairs that gives that length is a
 * reading, and a checksum or date picks the right one. Without a validator
 * the reading with the fewest splits wins, then the leftmost split.
 */
import { parseDigitGroup } from '../../latvian/number-parser.ts';
import { numberWord } from '../../latvian/number-words.ts';

interface Group {
  readonly digits: string;
  readonly end: number;
  /** "T0" + "U" for a tens word followed by a unit word */
  readonly split: string | null;
}

export interface DigitReading {
  readonly digits: string;
  readonly end: number;
  readonly splits: number;
}

function groupsFrom(toks: readonly string[], start: number): Group[] {
  const out: Group[] = [];
  let i = start;
  for (;;) {
    const g = parseDigitGroup(toks, i);
    if (!g) break;
    const a = numberWord(toks[i] ?? '');
    const b = numberWord(toks[i + 1] ?? '');
    const pair = g.end === i + 2 && a?.kind === 'tens' && b?.kind === 'unit';
    out.push({ digits: g.digits, end: g.end, split: pair ? `${a.value}${b.value}` : null });
    i = g.end;
  }
  return out;
}

function* choose(n: number, k: number, from = 0): Generator<number[]> {
  if (k === 0) {
    yield [];
    return;
  }
  for (let i = from; i <= n - k; i++) for (const rest of choose(n, k - 1, i + 1)) yield [i, ...rest];
}

/** Every reading of exactly `numDigits` digits from `start` (at most `limit`), fewest splits first. */
export function digitReadings(toks: readonly string[], start: number, numDigits: number, limit = 64): DigitReading[] {
  const groups = groupsFrom(toks, start);
  const out: DigitReading[] = [];
  let base = 0;
  for (let p = 1; p <= groups.length; p++) {
    base += groups[p - 1]!.digits.length;
    if (base > numDigits) break;
    const splittable = groups.slice(0, p).flatMap((g, k) => (g.split ? [k] : []));
    const extra = numDigits - base;
    if (extra > splittable.length) continue;
    for (const pickIdx of choose(splittable.length, extra)) {
      const chosen = new Set(pickIdx.map((k) => splittable[k]!));
      const digits = groups.slice(0, p).map((g, k) => (chosen.has(k) ? g.split! : g.digits)).join('');
      out.push({ digits, end: groups[p - 1]!.end, splits: extra });
      if (out.length >= limit) break;
    }
  }
  return out.sort((a, b) => a.splits - b.splits);
}

/** Latvian personal code check: old format date + checksum, or the new "32…" format. */
export function personalCodeScore(code11: string): number {
  const d = [...code11].map(Number);
  if (d.length !== 11 || d.some((x) => Number.isNaN(x))) return 0;
  if (code11.startsWith('32')) return 1;
  const day = d[0]! * 10 + d[1]!;
  const month = d[2]! * 10 + d[3]!;
  const dateOk = day >= 1 && day <= 31 && month >= 1 && month <= 12;
  const weights = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((s, w, k) => s + w * d[k]!, 0);
  const checksumOk = (((1101 - sum) % 11) + 11) % 11 === d[10];
  return (dateOk ? 1 : 0) + (dateOk && checksumOk ? 1 : 0);
}

/** ISO 13616 mod-97 check of a compact IBAN. */
export function ibanValid(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/u.test(iban)) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = /[A-Z]/u.test(ch) ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of v) rem = (rem * 10 + Number(digit)) % 97;
  }
  return rem === 1;
}
