/** Integer and money fields: "trīs" → 3, "simts astoņdesmit eiro un piecdesmit centi" → 180.5. */
import { issue } from './field-issues.ts';
import { fold } from '../latvian/folding.ts';
import { parseDigitStringAt, parseNumberAt } from '../latvian/folded-number-parser.ts';
import type { FieldValidation } from './template-schema.ts';
import { asHeard, ok, withIssue, type SpokenValue, type ValueResult } from './value-types.ts';
import { checkRange } from './validators.ts';

/** Nouns a count may be followed by ("trīs cilvēki"); they add nothing to the number. */
export const COUNT_NOUNS: ReadonlySet<string> = new Set(
  ['cilvēks', 'cilvēki', 'cilvēku', 'cilvēkiem', 'persona', 'personas', 'personu', 'loceklis', 'locekļi', 'locekļu', 'gab', 'gabali'].map(fold),
);
const CURRENCY = new Set(['eiro', 'euro', 'eur', 'eiru', 'eirā', '€'].map(fold));
const CENTS = new Set(['cents', 'centi', 'centu', 'centiem', 'centus', 'centa', 'c'].map(fold));
/** Words around an amount that do not change it ("simts eiro mēnesī", "apmēram divi simti"). */
const MONEY_QUALIFIERS = new Set(['mēnesī', 'mēnesi', 'mēnesis', 'kopā', 'apmēram', 'aptuveni', 'ap', 'vidēji', 'par', 'ir', 'bija', 'būs'].map(fold));
const DECIMAL_COMMA = new Set(['komats', 'komata', 'punkts'].map(fold));

export function integerValue(v: SpokenValue, validation: FieldValidation | undefined): ValueResult {
  const n = parseNumberAt(v.keys, 0);
  const rest = n ? v.keys.slice(n.end) : v.keys;
  if (!n || n.ordinal || !Number.isInteger(n.value) || !rest.every((k) => COUNT_NOUNS.has(k))) {
    return withIssue(asHeard(v), issue.notANumber());
  }
  return withIssue(n.value, checkRange(n.value, validation?.min, validation?.max));
}

/** "180,50", "180.50", "1 250,00 EUR" as written by the normaliser or typed. */
function writtenAmount(v: SpokenValue): number | null {
  const text = v.words.filter((_, i) => !CURRENCY.has(v.keys[i]!)).join('').replace(/€/gu, '');
  if (!/^\d+([.,]\d{1,2})?$/u.test(text)) return null;
  return Number(text.replace(',', '.'));
}

const roundCents = (x: number): number => Math.round(x * 100) / 100;

/**
 * Euros then cents in any of the ways they are said: "simts astoņdesmit eiro
 * un piecdesmit centi", "simts astoņdesmit eiro piecdesmit", "simts
 * astoņdesmit komats pieci" (180.5), "piecdesmit centi".
 */
export function parseMoney(keys: readonly string[]): number | null {
  let j = 0;
  let euros = 0;
  let cents = 0;
  const first = parseNumberAt(keys, j);
  if (!first || first.ordinal) return null;
  j = first.end;
  if (keys[j] !== undefined && CENTS.has(keys[j]!)) {
    if (!Number.isInteger(first.value)) return null;
    cents = first.value;
    j++;
    return j === keys.length ? roundCents(cents / 100) : null;
  }
  euros = first.value;
  if (keys[j] !== undefined && CURRENCY.has(keys[j]!)) j++;
  if (keys[j] !== undefined && DECIMAL_COMMA.has(keys[j]!)) {
    const frac = parseDigitStringAt(keys, j + 1);
    if (!frac) return null;
    j = frac.end;
    if (keys[j] !== undefined && CURRENCY.has(keys[j]!)) j++;
    return j === keys.length ? roundCents(euros + Number(`0.${frac.digits}`)) : null;
  }
  if (keys[j] === 'un') j++;
  const second = parseNumberAt(keys, j);
  if (second && !second.ordinal && Number.isInteger(second.value) && second.value < 100) {
    cents = second.value;
    j = second.end;
    if (keys[j] !== undefined && CENTS.has(keys[j]!)) j++;
  }
  return j === keys.length ? roundCents(euros + cents / 100) : null;
}

export function moneyValue(v: SpokenValue, validation: FieldValidation | undefined): ValueResult {
  const keep = v.keys.map((k, i) => i).filter((i) => !MONEY_QUALIFIERS.has(v.keys[i]!));
  const core: SpokenValue = { words: keep.map((i) => v.words[i]!), keys: keep.map((i) => v.keys[i]!) };
  const amount = core.keys.length === 0 ? null : (writtenAmount(core) ?? parseMoney(core.keys));
  if (amount === null) return withIssue(asHeard(v), issue.moneyInvalid());
  const range = checkRange(amount, validation?.min, validation?.max);
  return range ? withIssue(amount, range) : ok(amount);
}

/** A count said without its label, with its noun: "trīs cilvēki", "divas personas". */
export function countAt(keys: readonly string[], i: number): { start: number; end: number } | null {
  const n = parseNumberAt(keys, i);
  if (!n || n.ordinal || !Number.isInteger(n.value) || !COUNT_NOUNS.has(keys[n.end] ?? '')) return null;
  return { start: i, end: n.end + 1 };
}
