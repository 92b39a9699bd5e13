/**
 * Cardinals, decimals, money, percentages and house numbers.
 *
 * Money is written "180,50 EUR" (decimal comma, ISO code after the amount, as
 * Latvian invoices do); whole euros "200 EUR". No thousands separator, so an
 * amount stays one token a form field can parse ("12500 EUR").
 *
 * When a cardinal is written in digits (README, "numbers in prose"):
 *  - always: a number of two or more words or above 10 ("divdesmit trīs" -> 23,
 *    "vienpadsmit" -> 11), money, percentages, decimals, codes;
 *  - a single word 0-10, a bare "simts"/"tūkstotis" or "pusotrs" only before a
 *    unit or counted-time noun ("trīs gadi" -> "3 gadi", "pusotra mēneša" ->
 *    "1,5 mēneša"), after an address or number word ("iela pieci" ->
 *    "iela 5"), or in form fields (`digits` option);
 *  - otherwise it stays a word: "viens no viņiem", "divas reizes", "trīs bērni".
 */
import { letterOf } from '../../latvian/letters.ts';
import { CENT_WORDS, EURO_WORDS, FLAT_WORDS, NUMERIC_CONTEXT, PERCENT_WORDS, STREET_TYPE_WORDS, UNIT_WORDS } from './context-words.ts';
import { parseDigitGroup, parseNumber } from '../../latvian/number-parser.ts';
import { prevTok, type ItnContext, type ItnRule } from './rule.ts';

const DECIMAL_WORDS = new Set(['komats']);

/** Writes a number with a decimal comma: 1.5 -> "1,5". */
export const formatDecimal = (value: number): string => String(value).replace('.', ',');

interface Amount {
  readonly value: number;
  /** the decimal part as spoken ("divdesmit pieci" after "komats" -> "25") */
  readonly fraction: string | null;
  readonly end: number;
  readonly small: boolean;
  readonly numWords: number;
}

/** A cardinal, optionally with "komats" and a decimal part. */
function amountAt(c: ItnContext, i: number): Amount | null {
  const n = parseNumber(c.toks, i);
  if (!n || n.ordinal) return null;
  if (DECIMAL_WORDS.has(c.toks[n.end] ?? '') && Number.isInteger(n.value)) {
    const g = parseDigitGroup(c.toks, n.end + 1);
    if (g) return { value: n.value, fraction: g.digits, end: g.end, small: false, numWords: n.numWords + 2 };
  }
  return { value: n.value, fraction: null, end: n.end, small: n.small, numWords: n.numWords };
}

const plain = (a: Amount) => (a.fraction === null ? formatDecimal(a.value) : `${a.value},${a.fraction}`);

function euros(a: Amount): string {
  if (a.fraction !== null) return `${a.value},${a.fraction.padEnd(2, '0').slice(0, 2)}`;
  return Number.isInteger(a.value) ? String(a.value) : a.value.toFixed(2).replace('.', ',');
}

/** "simts astoņdesmit eiro un piecdesmit centi" -> "180,50 EUR"; "piecdesmit centi" -> "0,50 EUR". */
export const money: ItnRule = (c, i) => {
  const a = amountAt(c, i);
  if (!a) return null;
  const unit = c.toks[a.end] ?? '';
  if (CENT_WORDS.has(unit) && a.fraction === null && Number.isInteger(a.value) && a.value < 100) {
    return { end: a.end + 1, text: `0,${String(a.value).padStart(2, '0')} EUR`, kind: 'money' };
  }
  if (!EURO_WORDS.has(unit)) return null;
  let end = a.end + 1;
  let text = euros(a);
  if (a.fraction === null && Number.isInteger(a.value)) {
    const j = c.toks[end] === 'un' ? end + 1 : end;
    const cents = parseNumber(c.toks, j);
    if (cents && !cents.ordinal && Number.isInteger(cents.value) && cents.value < 100 && CENT_WORDS.has(c.toks[cents.end] ?? '')) {
      text = `${a.value},${String(cents.value).padStart(2, '0')}`;
      end = cents.end + 1;
    }
  }
  return { end, text: `${text} EUR`, kind: 'money' };
};

/** "divi komats pieci procenti" -> "2,5 %". */
export const percent: ItnRule = (c, i) => {
  const a = amountAt(c, i);
  if (!a || !PERCENT_WORDS.has(c.toks[a.end] ?? '')) return null;
  return { end: a.end + 1, text: `${plain(a)} %`, kind: 'percent' };
};

/**
 * Any other cardinal, with the house-number form of addresses:
 * "brīvības iela divdesmit trīs dzīvoklis pieci" -> "… iela 23-5".
 */
export const cardinal: ItnRule = (c, i) => {
  let a = amountAt(c, i);
  if (!a) return null;
  if (a.fraction !== null && !UNIT_WORDS.has(c.toks[a.end] ?? '') && !c.digits) {
    // "divi komats trīs" without a unit is a list with a comma command, not 2,3.
    const whole = parseNumber(c.toks, i)!;
    a = { value: whole.value, fraction: null, end: whole.end, small: whole.small, numWords: whole.numWords };
  }
  const prev = prevTok(c, i);
  const wanted = !a.small || c.digits || UNIT_WORDS.has(c.toks[a.end] ?? '') || NUMERIC_CONTEXT.has(prev);
  if (!wanted) return null;
  let text = plain(a);
  let end = a.end;
  if (STREET_TYPE_WORDS.has(prev) && a.fraction === null) {
    const letter = letterOf(c.toks[end] ?? '');
    // A house-number letter ("23A") is a plain Latin capital said as a letter name.
    if (letter && /^[A-Z]$/u.test(letter)) {
      text += letter;
      end++;
    }
    if (FLAT_WORDS.has(c.toks[end] ?? '')) {
      const flat = parseNumber(c.toks, end + 1);
      if (flat && !flat.ordinal && Number.isInteger(flat.value)) {
        text += `-${flat.value}`;
        end = flat.end;
      }
    }
  }
  return { end, text, kind: 'cardinal' };
};
