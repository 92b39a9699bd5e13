/**
 * Latvian cardinal and ordinal numbers as the recogniser writes them, turned
 * into values: "simts astoņdesmit" → 180, "divi tūkstoši divdesmit piektā" →
 * 2025 (ordinal), and digit strings said in groups, "divdesmit viens nulle
 * trīs" → "2103". Tokens are folded (folding.ts) before lookup, so a
 * lost macron does not matter; a number word split in two ("div desmit") or
 * with one wrong letter ("divdesmid") is repaired.
 *
 * The forms read numbers with this parser; the correction pipeline reads prose
 * with number-parser.ts over number-words.ts's exact forms. Their lexicons
 * differ on purpose in coverage (folded keys, one-edit repair over long words
 * here); sharing one would widen what forms take for a number, so they stay
 * two readers with one home (see README.md).
 */
import { fold } from './folding.ts';
import { editDistance } from './similarity.ts';

export type NumberKind = 'unit' | 'teen' | 'tens' | 'hundred' | 'hundreds' | 'thousand' | 'thousands' | 'million' | 'digits';

export interface NumberWord {
  readonly value: number;
  readonly kind: NumberKind;
  readonly ordinal: boolean;
}

const LEXICON = new Map<string, NumberWord>();

function put(words: readonly string[], value: number, kind: NumberKind, ordinal = false): void {
  // first entry wins: a cardinal form is never shadowed by a look-alike ordinal form
  for (const w of words) if (!LEXICON.has(fold(w))) LEXICON.set(fold(w), { value, kind, ordinal });
}

const UNIT_STEMS: ReadonlyArray<readonly [string, number]> = [
  ['četr', 4], ['piec', 5], ['seš', 6], ['septiņ', 7], ['astoņ', 8], ['deviņ', 9],
];
put(['nulle', 'nulles', 'nulli', 'nullei', 'nullē', 'nuļļu'], 0, 'unit');
put(['viens', 'viena', 'vienu', 'vienam', 'vienā', 'vienai', 'vienas', 'vieni', 'vieniem'], 1, 'unit');
put(['divi', 'divas', 'divu', 'diviem', 'divām'], 2, 'unit');
put(['trīs', 'trim', 'triju', 'trijiem', 'trijām'], 3, 'unit');
for (const [stem, v] of UNIT_STEMS) put(['i', 'as', 'u', 'iem', 'ām'].map((e) => stem + e), v, 'unit');
put(['pusotra', 'pusotrs', 'pusotru', 'pusotram', 'pusotrā'], 1.5, 'unit');
put(['desmit', 'desmitiem'], 10, 'teen');
const TEEN_PREFIXES: ReadonlyArray<readonly [string, number]> = [
  ['vien', 1], ['div', 2], ['trīs', 3], ['četr', 4], ['piec', 5], ['seš', 6], ['septiņ', 7], ['astoņ', 8], ['deviņ', 9],
];
for (const [p, v] of TEEN_PREFIXES) put([`${p}padsmit`], 10 + v, 'teen');
for (const [p, v] of TEEN_PREFIXES.slice(1)) {
  put([`${p}desmit`], v * 10, 'tens');
  put([`${p}simt`, `${p}simts`], v * 100, 'hundreds');
  put([`${p}tūkstoš`], v * 1000, 'thousands');
}
put(['simts', 'simt', 'simtu', 'simta', 'simti', 'simtiem', 'simtus', 'simtos'], 100, 'hundred');
put(['tūkstotis', 'tūkstoš', 'tūkstoša', 'tūkstošu', 'tūkstoši', 'tūkstošiem', 'tūkstošus', 'tūkstoti', 'tūkstotim'], 1000, 'thousand');
put(['miljons', 'miljona', 'miljonu', 'miljoni', 'miljoniem', 'miljonus'], 1_000_000, 'million');

/** Ordinal stems; every ordinal is a definite adjective: -ais, -ā, -o, -ajā, … */
const ORDINAL_ENDINGS = ['ais', 'ā', 'ajā', 'o', 'ajam', 'ajai', 'ās', 'ie', 'ajos', 'ajiem', 'ajām'];
const ORDINAL_STEMS: ReadonlyArray<readonly [string, number, NumberKind]> = [
  ['pirm', 1, 'unit'], ['otr', 2, 'unit'], ['treš', 3, 'unit'], ['ceturt', 4, 'unit'], ['piekt', 5, 'unit'],
  ['sest', 6, 'unit'], ['septīt', 7, 'unit'], ['astot', 8, 'unit'], ['devīt', 9, 'unit'], ['desmit', 10, 'teen'],
  ...TEEN_PREFIXES.map(([p, v]) => [`${p}padsmit`, 10 + v, 'teen'] as const),
  ...TEEN_PREFIXES.slice(1).map(([p, v]) => [`${p}desmit`, v * 10, 'tens'] as const),
  ['simt', 100, 'hundred'],
  ...TEEN_PREFIXES.slice(1).map(([p, v]) => [`${p}simt`, v * 100, 'hundreds'] as const),
  ['tūkstoš', 1000, 'thousand'],
  ...TEEN_PREFIXES.slice(1).map(([p, v]) => [`${p}tūkstoš`, v * 1000, 'thousands'] as const),
];
for (const [stem, v, kind] of ORDINAL_STEMS) put(ORDINAL_ENDINGS.map((e) => stem + e), v, kind, true);

const FUZZY_KEYS = [...LEXICON.keys()].filter((k) => k.length >= 7);

/** The number word at token `i` (folded tokens), repairing a split or a one-letter slip. */
export function numberWordAt(tokens: readonly string[], i: number): { word: NumberWord; used: number } | null {
  const t = tokens[i];
  if (t === undefined || t === '') return null;
  if (/^\d+$/u.test(t)) return { word: { value: Number(t), kind: 'digits', ordinal: false }, used: 1 };
  // A split compound first: "trīs desmit" is never 3 then 10 in speech, it is "trīsdesmit" torn apart.
  const next = tokens[i + 1];
  if (next !== undefined) {
    const joined = LEXICON.get(t + next);
    if (joined) return { word: joined, used: 2 };
  }
  const exact = LEXICON.get(t);
  if (exact) return { word: exact, used: 1 };
  if (t.length >= 7) {
    for (const k of FUZZY_KEYS) if (editDistance(t, k) <= 1) return { word: LEXICON.get(k)!, used: 1 };
  }
  return null;
}

export interface ParsedNumber {
  readonly value: number;
  readonly ordinal: boolean;
  /** the digits as said, for digit strings ("nulle trīs" is "0" then "3") */
  readonly digits: string;
  readonly start: number;
  readonly end: number;
}

/**
 * One well-formed number starting at token `i`, read greedily: a word that
 * cannot continue the number (a unit after a unit, "nulle" after anything)
 * ends it, which is what splits digit groups. An ordinal word ends it too.
 */
export function parseNumberAt(tokens: readonly string[], i: number): ParsedNumber | null {
  let total = 0;
  let cur = 0;
  let last: NumberKind | null = null;
  let ordinal = false;
  let j = i;
  let digits = '';
  for (;;) {
    const hit = numberWordAt(tokens, j);
    if (!hit) break;
    const { word } = hit;
    const v = word.value;
    const afterThousand = last === 'thousand' || last === 'thousands' || last === 'million';
    const afterHundred = (last === 'hundred' || last === 'hundreds') && cur % 100 === 0;
    let ok = true;
    switch (word.kind) {
      case 'digits':
        if (last !== null) ok = false;
        else {
          cur = v;
          digits = tokens[j]!;
        }
        break;
      case 'unit':
        if (last === null) cur = v;
        else if (v === 0) ok = false;
        else if ((last === 'tens' && cur % 10 === 0) || afterHundred || afterThousand) cur += v;
        else ok = false;
        break;
      case 'teen':
      case 'tens':
        if (last === null) cur = v;
        else if (afterHundred || afterThousand) cur += v;
        else ok = false;
        break;
      case 'hundreds':
        if (last === null) cur = v;
        else if (afterThousand && cur === 0) cur += v;
        else ok = false;
        break;
      case 'hundred':
        if (last === null) cur = 100;
        else if (last === 'unit' && cur >= 1 && cur <= 9) cur *= 100;
        else if (afterThousand && cur === 0) cur = 100;
        else ok = false;
        break;
      case 'thousand':
      case 'million': {
        const scale = word.kind === 'thousand' ? 1000 : 1_000_000;
        if (last === null) total += scale;
        else if (cur > 0 && last !== 'thousand' && last !== 'thousands' && (scale === 1_000_000 || total % 1_000_000 === 0 || total === 0)) {
          total += cur * scale;
          cur = 0;
        } else ok = false;
        break;
      }
      case 'thousands':
        if (last === null) total += v;
        else ok = false;
        break;
    }
    if (!ok) break;
    if (word.kind !== 'digits') digits = String(total + cur);
    j += hit.used;
    last = word.kind;
    if (word.ordinal) {
      ordinal = true;
      break;
    }
  }
  if (last === null) return null;
  return { value: total + cur, ordinal, digits, start: i, end: j };
}

/**
 * Consecutive numbers read as one digit string: the way codes, phones and
 * account numbers are said ("divdesmit seši divpadsmit…" → "2612…").
 * Returns the digits and the token index after them.
 */
export function parseDigitStringAt(tokens: readonly string[], i: number): { digits: string; end: number } | null {
  let j = i;
  let digits = '';
  for (;;) {
    const n = parseNumberAt(tokens, j);
    if (!n || n.ordinal || !Number.isInteger(n.value)) break;
    digits += n.digits;
    j = n.end;
  }
  return j === i ? null : { digits, end: j };
}
