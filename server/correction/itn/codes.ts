/**
 * Identifiers said digit group by digit group: personal codes, IBANs, phone
 * numbers, invoice and other numbers. These run before any other number rule
 * so that "domuzīme" inside a personal code never becomes a dash.
 */
import { letterOf } from '../../latvian/letters.ts';
import { CODE_CONTEXT, PERSONAL_CODE_CONTEXT, PHONE_CONTEXT } from './context-words.ts';
import { parseDigitGroup, parseDigitRun } from '../../latvian/number-parser.ts';
import { numberWord } from '../../latvian/number-words.ts';
import { digitReadings, ibanValid, personalCodeScore } from './digit-readings.ts';
import { prevTok, type ItnContext, type ItnMatch, type ItnRule } from './rule.ts';

const DASH_WORDS = new Set(['domuzīme', 'defise', 'svītra', 'svītriņa']);

function exactRun(c: ItnContext, i: number, numDigits: number) {
  const run = parseDigitRun(c.toks, i, numDigits);
  return run && run.digits.length === numDigits ? run : null;
}

/**
 * "divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci" -> "210385-12345".
 * Among the readings of 6 + 5 digits (digit-readings.ts) the best by date and checksum wins.
 */
export const personalCode: ItnRule = (c, i) => {
  let best: { text: string; end: number; score: number; splits: number } | null = null;
  const consider = (digits: string, end: number, splits: number) => {
    const score = personalCodeScore(digits);
    if (!best || score > best.score || (score === best.score && splits < best.splits)) {
      best = { text: `${digits.slice(0, 6)}-${digits.slice(6)}`, end, score, splits };
    }
  };
  for (const head of digitReadings(c.toks, i, 6)) {
    if (!DASH_WORDS.has(c.toks[head.end] ?? '')) continue;
    for (const tail of digitReadings(c.toks, head.end + 1, 5)) {
      if (numberWord(c.toks[tail.end] ?? '')) continue; // more digits follow: not where the code ends
      consider(head.digits + tail.digits, tail.end, head.splits + tail.splits);
    }
  }
  // Said without the dash right after "personas kods": 11 digits, written 6-5.
  if (!best && PERSONAL_CODE_CONTEXT.has(prevTok(c, i))) {
    for (const all of digitReadings(c.toks, i, 11)) if (!numberWord(c.toks[all.end] ?? '')) consider(all.digits, all.end, all.splits);
  }
  const found = best as { text: string; end: number } | null;
  return found ? { end: found.end, text: found.text, kind: 'personal-code' } : null;
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

/**
 * "el vē astoņdesmit bē a en kā nulle nulle …" -> "LV80BANK00…" (Latvian IBAN: LV + 2 + 4 letters + 13).
 * An all-digit account part is read to exactly 13 digits, preferring a reading that passes mod 97.
 */
export const iban: ItnRule = (c, i) => {
  if (c.toks[i] !== 'el' || letterOf(c.toks[i + 1] ?? '') !== 'V') return null;
  for (const check of digitReadings(c.toks, i + 2, 2)) {
    const bank = readAlnum(c, check.end, 4, true);
    if (bank.text.length !== 4) continue;
    const head = `LV${check.digits}${bank.text}`;
    const readings = digitReadings(c.toks, bank.end, 13).filter((r) => !numberWord(c.toks[r.end] ?? ''));
    const valid = readings.find((r) => ibanValid(head + r.digits)) ?? readings[0];
    if (valid) return { end: valid.end, text: head + valid.digits, kind: 'iban' };
    const account = readAlnum(c, bank.end, 13);
    if (account.text.length > 0) return { end: account.end, text: head + account.text, kind: 'iban' };
  }
  return null;
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
  let d = run.digits;
  let end = run.end;
  if (prefix === '+') {
    const intl = digitReadings(c.toks, start, 11).find((r) => r.digits.startsWith('371') && !numberWord(c.toks[r.end] ?? ''));
    if (intl) return { end: intl.end, text: `+371 ${intl.digits.slice(3)}`, kind: 'phone' };
  } else if (PHONE_CONTEXT.has(prev) && d.length < 8) {
    // After "tālrunis" the number has 8 digits: "sešdesmit divi" may have been "60 2".
    const whole = digitReadings(c.toks, start, 8).find((r) => r.end === run.end);
    if (whole) ({ digits: d, end } = whole);
  }
  const phone = d.length === 8 && (/^[26]/u.test(d) || PHONE_CONTEXT.has(prev));
  return { end, text: prefix + d, kind: phone ? 'phone' : 'digits' };
};
