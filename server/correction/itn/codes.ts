/**
 * Identifiers said digit group by digit group: personal codes, IBANs, phone
 * numbers, invoice and other numbers. These run before any other number rule
 * so that "domuzīme" inside a personal code never becomes a dash.
 */
import { letterOf } from '../latvian.ts';
import { CODE_CONTEXT, PERSONAL_CODE_CONTEXT, PHONE_CONTEXT } from './context-words.ts';
import { parseDigitGroup, parseDigitRun } from './number-parser.ts';
import { numberWord } from './number-words.ts';
import { prevTok, type ItnContext, type ItnMatch, type ItnRule } from './rule.ts';

const DASH_WORDS = new Set(['domuzīme', 'defise', 'svītra', 'svītriņa']);

function exactRun(c: ItnContext, i: number, numDigits: number) {
  const run = parseDigitRun(c.toks, i, numDigits);
  return run && run.digits.length === numDigits ? run : null;
}

/** "divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci" -> "210385-12345". */
export const personalCode: ItnRule = (c, i) => {
  const head = exactRun(c, i, 6);
  if (head && DASH_WORDS.has(c.toks[head.end] ?? '')) {
    const tail = exactRun(c, head.end + 1, 5);
    if (tail) return { end: tail.end, text: `${head.digits}-${tail.digits}`, kind: 'personal-code' };
  }
  // Said without the dash right after "personas kods": 11 digits, written 6-5.
  if (PERSONAL_CODE_CONTEXT.has(prevTok(c, i))) {
    const all = exactRun(c, i, 11);
    if (all && !numberWord(c.toks[all.end] ?? '')) return { end: all.end, text: `${all.digits.slice(0, 6)}-${all.digits.slice(6)}`, kind: 'personal-code' };
  }
  return null;
};

/** Letters or digit groups of an account number, up to `maxChars` characters. */
function readAlnum(c: ItnContext, i: number, maxChars: number, lettersOnly = false): { text: string; end: number } {
  let text = '';
  while (i < c.toks.length && text.length < maxChars) {
    const letter = letterOf(c.toks[i]!);
    if (letter) {
      text += letter;
      i++;
      continue;
    }
    if (lettersOnly) break;
    const g = parseDigitGroup(c.toks, i);
    if (!g) break;
    text += g.digits;
    i = g.end;
  }
  return { text, end: i };
}

/** "el vē astoņdesmit bē a en kā nulle nulle …" -> "LV80BANK00…" (Latvian IBAN: LV + 2 + 4 letters + 13). */
export const iban: ItnRule = (c, i) => {
  if (c.toks[i] !== 'el' || letterOf(c.toks[i + 1] ?? '') !== 'V') return null;
  const check = exactRun(c, i + 2, 2);
  if (!check) return null;
  const bank = readAlnum(c, check.end, 4, true);
  if (bank.text.length !== 4) return null;
  const account = readAlnum(c, bank.end, 13);
  if (account.text.length === 0) return null;
  return { end: account.end, text: `LV${check.digits}${bank.text}${account.text}`, kind: 'iban' };
};

/**
 * Two or more digit groups in a row: a phone number (8 digits from 2 or 6,
 * or after "tālrunis"), a code after "numurs"/"kods"/"konts", or any run of
 * 3+ groups or 5+ digits. "divas trīs reizes" (2 groups, 2 digits) is left to
 * the other rules.
 */
export const digitRun: ItnRule = (c, i) => {
  let start = i;
  let prefix = '';
  if (c.toks[i] === 'plus') {
    prefix = '+';
    start = i + 1;
  }
  const run = parseDigitRun(c.toks, start);
  if (!run) return null;
  const prev = prevTok(c, i);
  const context = CODE_CONTEXT.has(prev) || CODE_CONTEXT.has(prevTok(c, i, 2));
  if (prefix === '') {
    if (run.groups < 2) return null;
    if (!context && run.groups < 3 && run.digits.length < 5) return null;
  } else if (run.digits.length < 6) return null;
  const d = run.digits;
  if (prefix === '+' && d.startsWith('371') && d.length === 11) return { end: run.end, text: `+371 ${d.slice(3)}`, kind: 'phone' };
  const phone = d.length === 8 && (/^[26]/u.test(d) || PHONE_CONTEXT.has(prev));
  return { end: run.end, text: prefix + d, kind: phone ? 'phone' : 'digits' };
};
