/**
 * Values said digit group by digit group and letter by letter: personal code,
 * phone, IBAN, invoice numbers. "el vē astoņdesmit bē a en kā nulle …" →
 * "LV80BANK0…".
 */
import { issue } from './field-issues.ts';
import { fold } from '../latvian/folding.ts';
import { LETTER_NAMES as SPELLED_LETTERS, stripDiacritics } from '../latvian/letters.ts';
import { numberWordAt, parseNumberAt } from '../latvian/folded-number-parser.ts';
import { asHeard, ok, withIssue, type SpokenValue, type ValueResult } from './value-types.ts';
import { checkIban, checkPersonalCode, checkPhone } from './validators.ts';

/**
 * Latvian letter names as said when spelling (the correction pipeline's
 * list), folded so "bē" and a recogniser's "be" are one key. Diacritic
 * letters fold onto their base letter, which is what an IBAN or an invoice
 * number holds; the first name listed for a key wins ("ce" is C, not Č).
 */
const LETTER_NAMES: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [name, letter] of SPELLED_LETTERS) {
    const key = fold(name);
    if (!map.has(key)) map.set(key, stripDiacritics(letter.toLowerCase()).toUpperCase());
  }
  return map;
})();
export const DASH_WORDS: ReadonlySet<string> = new Set(['domuzīme', 'svītra', 'svītriņa', 'defise', 'mīnus', 'defisi'].map(fold));
const SLASH_WORDS = new Set(['slīpsvītra', 'slīpsvītru'].map(fold));
const PLUS_WORDS: ReadonlySet<string> = new Set(['plus', '+']);

type Piece = { kind: 'digits' | 'letters' | 'dash' | 'slash'; text: string };

/** Letter names the recogniser ran together ("elvē" → "LV"), or null when the word is not made of them. */
function joinedLetters(key: string): string | null {
  // best[i]: the letters spelling key[0, i), by dynamic programming over the letter names
  const best: (string | null)[] = [''];
  for (let i = 1; i <= key.length; i++) {
    best[i] = null;
    for (let k = Math.max(0, i - 8); k < i; k++) {
      const letter = LETTER_NAMES.get(key.slice(k, i));
      if (letter && best[k] != null) {
        best[i] = best[k] + letter;
        break;
      }
    }
  }
  const out = best[key.length];
  return out && out.length >= 2 ? out : null;
}

/** A code already written ("210385-12347", "lv80bank…") split into the same pieces as a spelled one. */
function writtenPieces(key: string): Piece[] {
  return [...key.matchAll(/\d+|[a-z]+|-|\//gu)].map(([t]) =>
    /\d/u.test(t) ? { kind: 'digits', text: t } : t === '-' ? { kind: 'dash', text: t } : t === '/' ? { kind: 'slash', text: t } : { kind: 'letters', text: t.toUpperCase() },
  );
}

/** Reads a spelled code; `null` when a word is neither a number, a letter name, a dash nor a written code. */
function spell(v: SpokenValue): Piece[] | null {
  const pieces: Piece[] = [];
  let j = 0;
  while (j < v.keys.length) {
    const key = v.keys[j]!;
    const word = v.words[j]!;
    const n = parseNumberAt(v.keys, j);
    if (n && !n.ordinal && Number.isInteger(n.value)) {
      pieces.push({ kind: 'digits', text: n.digits });
      j = n.end;
      continue;
    }
    const letter = LETTER_NAMES.get(key);
    if (letter) pieces.push({ kind: 'letters', text: letter });
    else if (DASH_WORDS.has(key) || word === '-' || word === '–') pieces.push({ kind: 'dash', text: '-' });
    else if (SLASH_WORDS.has(key) || word === '/') pieces.push({ kind: 'slash', text: '/' });
    else {
      const joined = /\d/u.test(key) ? null : joinedLetters(key);
      if (joined) pieces.push({ kind: 'letters', text: joined });
      else if (/^[a-z0-9][a-z0-9/-]*$/u.test(key) && key.length <= 34) pieces.push(...writtenPieces(key));
      else return null;
    }
    j++;
  }
  return pieces;
}

export function personalCodeValue(v: SpokenValue): ValueResult {
  const pieces = spell(v);
  if (!pieces || pieces.some((p) => p.kind === 'letters' || p.kind === 'slash')) {
    return withIssue(asHeard(v), issue.personalCodeFormat());
  }
  const digits = pieces.filter((p) => p.kind === 'digits').map((p) => p.text).join('');
  if (digits.length !== 11) return withIssue(pieces.map((p) => p.text).join(''), issue.personalCodeFormat());
  const code = `${digits.slice(0, 6)}-${digits.slice(6)}`;
  return withIssue(code, checkPersonalCode(code));
}

export function phoneValue(v: SpokenValue): ValueResult {
  const keep = v.keys.map((k, i) => ({ k, w: v.words[i]! })).filter(({ k, w }) => !PLUS_WORDS.has(k) && !PLUS_WORDS.has(w));
  const pieces = spell({ words: keep.map((x) => x.w), keys: keep.map((x) => x.k) });
  if (!pieces || pieces.some((p) => p.kind !== 'digits')) return withIssue(asHeard(v), issue.phoneInvalid());
  let digits = pieces.map((p) => p.text).join('');
  // the country code, said or not: +371 / 00371
  if (digits.length > 8) digits = digits.replace(/^(00)?371/u, '');
  return withIssue(digits, checkPhone(digits));
}

export function ibanValue(v: SpokenValue): ValueResult {
  const pieces = spell(v);
  if (!pieces) return withIssue(asHeard(v), issue.ibanFormat());
  const iban = pieces.filter((p) => p.kind === 'digits' || p.kind === 'letters').map((p) => p.text).join('').replace(/[-/]/gu, '');
  const problem = checkIban(iban);
  return problem ? withIssue(iban, problem) : ok(iban);
}

export function referenceValue(v: SpokenValue): ValueResult {
  const pieces = spell(v);
  if (!pieces || pieces.length === 0) return withIssue(asHeard(v), issue.referenceInvalid());
  const text = pieces.map((p) => p.text).join('');
  return /^[A-Z0-9]+([-/][A-Z0-9]+)*$/u.test(text) ? ok(text) : withIssue(text, issue.referenceInvalid());
}

/** Whether a spelled code could start at token `j`: a number, a letter name or a written code. */
export function startsSpelled(keys: readonly string[], j: number): boolean {
  const k = keys[j];
  if (k === undefined) return false;
  return numberWordAt(keys, j) !== null || LETTER_NAMES.has(k) || /\d/u.test(k);
}

/** A span of tokens [start, end) that holds one value of a known shape. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Digit groups from token `i` ("divdesmit viens nulle trīs" → "2103"), each group's end noted. */
function digitGroups(keys: readonly string[], i: number, limit: number, dashAt?: number): { digits: string; end: number; dashed: boolean }[] {
  const out: { digits: string; end: number; dashed: boolean }[] = [];
  let digits = '';
  let dashed = false;
  let j = i;
  while (j < keys.length && digits.length < limit) {
    if (dashAt !== undefined && digits.length === dashAt && !dashed && (DASH_WORDS.has(keys[j]!) || keys[j] === '-')) {
      dashed = true;
      j++;
      continue;
    }
    const n = parseNumberAt(keys, j);
    if (!n || n.ordinal || !Number.isInteger(n.value)) break;
    digits += n.digits;
    j = n.end;
    out.push({ digits, end: j, dashed });
  }
  return out;
}

/**
 * A personal code said without its label: 11 digits in groups, either with
 * "domuzīme" after the sixth or with a valid check digit (or the new "32…"
 * format), ending on a group boundary.
 */
export function personalCodeAt(keys: readonly string[], i: number): Span | null {
  if (/^\d{6}-?\d{5}$/u.test(keys[i] ?? '')) return { start: i, end: i + 1 };
  for (const g of digitGroups(keys, i, 11, 6)) {
    if (g.digits.length !== 11) continue;
    const code = `${g.digits.slice(0, 6)}-${g.digits.slice(6)}`;
    // without the dash, the digits must end there: "… pieci divpadsmit trīsdesmit četri pieci" said on is not a code
    if (g.dashed || (checkPersonalCode(code) === null && numberWordAt(keys, g.end) === null)) return { start: i, end: g.end };
  }
  return null;
}

const COUNTRY_CODE = /^(00)?371/u;

/** A Latvian phone number said without its label: 8 digits starting with 2 or 6, "+371" optional. */
export function phoneAt(keys: readonly string[], i: number): Span | null {
  const written = keys[i] ?? '';
  if (/^(\+?371)?[26]\d{7}$/u.test(written)) return { start: i, end: i + 1 };
  let j = i;
  if (PLUS_WORDS.has(keys[j] ?? '')) j++;
  for (const g of digitGroups(keys, j, 13)) {
    const digits = g.digits.length > 8 ? g.digits.replace(COUNTRY_CODE, '') : g.digits;
    // the digits must end there: the first eight of a longer run (a mis-heard code) are not a phone
    if (digits.length === 8 && /^[26]/u.test(digits) && numberWordAt(keys, g.end) === null) return { start: i, end: g.end };
  }
  return null;
}

/** Where an IBAN said without its label may begin: the country letters ("el vē", "elvē", "LV80…"). */
const IBAN_STARTS = new Set(['el', 'elve', 'lv']);

/** An IBAN said letter by letter without its label: the longest run of spelled tokens that passes mod 97. */
export function ibanAt(words: readonly string[], keys: readonly string[], i: number): Span | null {
  const k = keys[i] ?? '';
  if (!IBAN_STARTS.has(k) && !/^[a-z]{2}\d{2}[a-z0-9]{8,30}$/u.test(k)) return null;
  let best: Span | null = null;
  for (let end = i + 1; end <= Math.min(keys.length, i + 40); end++) {
    const r = ibanValue({ words: words.slice(i, end), keys: keys.slice(i, end) });
    if (r.issues.length === 0) best = { start: i, end };
  }
  return best;
}
