/**
 * Checks on canonical (written) values: personal code, IBAN, phone, date.
 * Pure functions of strings, used both for dictated and for typed values.
 */
import { issue, type IssueDraft } from './field-issues.ts';

/** Weights of the old-format personas kods check digit. */
const PERSONAL_CODE_WEIGHTS = [1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/**
 * The check digit of an old-format personal code from its first ten digits:
 * (1101 − Σ wᵢ·dᵢ) mod 11. A result of 10 means no valid code has those digits.
 */
export function personalCodeCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += PERSONAL_CODE_WEIGHTS[i]! * Number(firstTen[i]);
  return (1101 - sum) % 11;
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= days;
}

/**
 * `DDMMYY-NNNNN`. The old format encodes the birth date (the 7th digit is the
 * century: 0 → 1800s, 1 → 1900s, 2 → 2000s) and ends in a check digit; the
 * format issued since 1 July 2017 starts with "32" and carries neither.
 */
export function checkPersonalCode(code: string): IssueDraft | null {
  const m = /^(\d{6})-?(\d{5})$/u.exec(code);
  if (!m) return issue.personalCodeFormat();
  const digits = m[1]! + m[2]!;
  if (digits.startsWith('32')) return null;
  const day = Number(digits.slice(0, 2));
  const month = Number(digits.slice(2, 4));
  const century = Number(digits[6]);
  if (century > 2) return issue.personalCodeDate();
  const year = 1800 + century * 100 + Number(digits.slice(4, 6));
  if (!isCalendarDate(year, month, day)) return issue.personalCodeDate();
  if (personalCodeCheckDigit(digits) !== Number(digits[10])) return issue.personalCodeChecksum();
  return null;
}

/** IBAN lengths of the countries a Latvian municipality pays into most; others need only pass mod 97. */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  LV: 21, LT: 20, EE: 20, FI: 18, SE: 24, DE: 22, PL: 28, NO: 15, DK: 18, IE: 22, GB: 22, NL: 18, FR: 27, ES: 24, IT: 27,
};

/** ISO 13616 mod 97 of a compact IBAN (letters as 10–35, first four characters moved to the end). */
export function ibanMod97(iban: string): number {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const v = ch >= 'A' && ch <= 'Z' ? ch.charCodeAt(0) - 55 : Number(ch);
    rest = v >= 10 ? (rest * 100 + v) % 97 : (rest * 10 + v) % 97;
  }
  return rest;
}

export function checkIban(iban: string): IssueDraft | null {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$/u.test(iban)) return issue.ibanFormat();
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return issue.ibanLength(expected);
  if (ibanMod97(iban) !== 1) return issue.ibanChecksum();
  return null;
}

/** Latvian numbers have 8 digits; mobile ones start with 2, fixed lines with 6. */
export function checkPhone(digits: string): IssueDraft | null {
  return /^\d{8}$/u.test(digits) ? null : issue.phoneInvalid();
}

export function checkIsoDate(value: string): IssueDraft | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/u.exec(value);
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return issue.dateInvalid();
  return null;
}

export function checkRange(value: number, min: number | undefined, max: number | undefined): IssueDraft | null {
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) return issue.outOfRange(min, max);
  return null;
}
