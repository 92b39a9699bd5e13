/**
 * Dates as said in Latvian, to ISO 8601: "četrpadsmitais marts divi tūkstoši
 * divdesmit pieci", "divi tūkstoši divdesmit piektā gada četrpadsmitajā
 * martā", "četrpadsmitajā martā" (year from today), "šodien", and the written
 * "14.03.2025" / "2025-03-14".
 */
import { issue } from './field-issues.ts';
import { fold } from '../latvian/folding.ts';
import { caseForms } from '../latvian/label-case-forms.ts';
import { numberWordAt, parseNumberAt } from '../latvian/folded-number-parser.ts';
import { asHeard, ok, withIssue, type SpokenValue, type ValueResult } from './value-types.ts';
import { isCalendarDate } from './validators.ts';

const MONTH_NAMES = [
  'janvāris', 'februāris', 'marts', 'aprīlis', 'maijs', 'jūnijs', 'jūlijs', 'augusts', 'septembris', 'oktobris', 'novembris', 'decembris',
];
const MONTHS: ReadonlyMap<string, number> = new Map(MONTH_NAMES.flatMap((m, i) => caseForms(m).map((f) => [fold(f), i + 1] as const)));
const YEAR_WORDS = new Set(['gads', 'gada', 'gadā', 'gadu', 'g'].map(fold));
const RELATIVE_DAYS: ReadonlyMap<string, number> = new Map(
  ([['aizvakar', -2], ['vakar', -1], ['šodien', 0], ['rīt', 1], ['parīt', 2]] as const).map(([w, d]) => [fold(w), d]),
);

export interface DateOptions {
  /** the date "šodien" means, and the year of a date said without one */
  readonly today: Date;
  /** a date without a year is the next one from today (appointments) */
  readonly future: boolean;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
export const isoDate = (y: number, m: number, d: number): string => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
const todayParts = (t: Date): [number, number, number] => [t.getFullYear(), t.getMonth() + 1, t.getDate()];

/** Written forms: "2025-03-14", "14.03.2025", "14.03.2025." */
export function parseWrittenDate(text: string): [number, number, number] | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/u.exec(text);
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const lv = /^(\d{1,2})\.(\d{1,2})\.(\d{4})\.?$/u.exec(text);
  if (lv) return [Number(lv[3]), Number(lv[2]), Number(lv[1])];
  return null;
}

function yearAt(keys: readonly string[], j: number): { year: number; end: number } | null {
  const n = parseNumberAt(keys, j);
  if (!n || !Number.isInteger(n.value) || n.value < 1900 || n.value > 2100) return null;
  let end = n.end;
  if (keys[end] !== undefined && YEAR_WORDS.has(keys[end]!)) end++;
  return { year: n.value, end };
}

/** A day of the month, "nulle četri" (04) included. */
function dayAt(keys: readonly string[], j: number): { value: number; end: number } | null {
  const day = parseNumberAt(keys, keys[j] === 'nulle' ? j + 1 : j);
  if (!day || !Number.isInteger(day.value) || day.value < 1 || day.value > 31) return null;
  if (keys[j] === 'nulle' && day.value > 9) return null;
  return { value: day.value, end: day.end };
}

/** A year said as a year: "divi tūkstoši divdesmit pieci", "… gada"; not four digits one by one. */
function sayingYearAt(keys: readonly string[], j: number): { year: number; end: number } | null {
  const y = yearAt(keys, j);
  if (!y) return null;
  const said = keys.slice(j, y.end);
  return said.some((k) => k.startsWith('tukst') || YEAR_WORDS.has(k)) ? y : null;
}

/**
 * "divdesmit pieci nulle trīs divi tūkstoši divdesmit pieci" (25.03.2025):
 * a day, a month number and a year said as a year. Eight digits said in
 * groups are a phone number as much as a date, so the year must be said
 * with "tūkstoši" or "gada" for the shape to be a date's.
 */
export function numericDateSpanAt(keys: readonly string[], i: number): { start: number; end: number } | null {
  const day = dayAt(keys, i);
  if (!day) return null;
  const monthAt = keys[day.end] === 'nulle' ? day.end + 1 : day.end;
  const month = parseNumberAt(keys, monthAt);
  if (!month || month.ordinal || !Number.isInteger(month.value) || month.value < 1 || month.value > 12) return null;
  if (keys[day.end] === 'nulle' && month.value > 9) return null;
  const year = sayingYearAt(keys, month.end);
  return year ? { start: i, end: year.end } : null;
}

function spokenDate(keys: readonly string[], opts: DateOptions): [number, number, number] | null {
  let j = 0;
  let year: number | undefined;
  const first = yearAt(keys, j);
  if (first) {
    year = first.year;
    j = first.end;
  }
  const day = dayAt(keys, j);
  if (!day) return null;
  j = day.end;
  let month = MONTHS.get(keys[j] ?? '');
  if (month !== undefined) j++;
  else {
    // "četrpadsmit nulle trīs divi tūkstoši…": a month said as a number needs the year after it
    if (keys[j] === 'nulle') j++;
    const m = parseNumberAt(keys, j);
    if (!m || m.value < 1 || m.value > 12 || !Number.isInteger(m.value)) return null;
    month = m.value;
    j = m.end;
    if (year === undefined && !yearAt(keys, j)) return null;
  }
  if (year === undefined) {
    const after = yearAt(keys, j);
    if (after) {
      year = after.year;
      j = after.end;
    }
  }
  if (j !== keys.length) return null;
  if (year === undefined) {
    const [ty, tm, td] = todayParts(opts.today);
    year = ty;
    if (opts.future && (month < tm || (month === tm && day.value < td))) year++;
  }
  return [year, month, day.value];
}

export function dateValue(v: SpokenValue, opts: DateOptions): ValueResult {
  let parts: [number, number, number] | null = null;
  if (v.words.length === 1) parts = parseWrittenDate(v.words[0]!);
  if (!parts && v.keys.length === 1) {
    const rel = RELATIVE_DAYS.get(v.keys[0]!);
    if (rel !== undefined) {
      const d = new Date(opts.today.getFullYear(), opts.today.getMonth(), opts.today.getDate() + rel);
      parts = todayParts(d);
    }
  }
  parts ??= spokenDate(v.keys, opts);
  if (!parts || !isCalendarDate(...parts) || parts[0] < 1900 || parts[0] > 2100) return withIssue(asHeard(v), issue.dateInvalid());
  return ok(isoDate(...parts));
}

/** Whether a date could start at token `j` (a number, a month, "šodien", a written date). */
export function startsDate(keys: readonly string[], j: number): boolean {
  const k = keys[j];
  if (k === undefined) return false;
  return numberWordAt(keys, j) !== null || MONTHS.has(k) || RELATIVE_DAYS.has(k) || parseWrittenDate(k) !== null;
}

/**
 * A date said without its label, as a span [i, end): a written date,
 * "šodien"/"vakar"/…, or a day and a month name with an optional year before
 * or after ("desmitais marts divi tūkstoši divdesmit pieci"). A day said with
 * a month number needs its year said as a year ("… divi tūkstoši divdesmit
 * pieci", see numericDateSpanAt): "četrpadsmit nulle trīs" alone is also digits.
 */
export function dateSpanAt(keys: readonly string[], i: number): { start: number; end: number } | null {
  const k = keys[i];
  if (k === undefined) return null;
  if (parseWrittenDate(k) !== null || RELATIVE_DAYS.has(k)) return { start: i, end: i + 1 };
  const numeric = numericDateSpanAt(keys, i);
  if (numeric) return numeric;
  // "divi tūkstoši divdesmit piektā gada četrpadsmitajā martā": a year first only with "gada"
  const first = yearAt(keys, i);
  const yearBefore = first !== null && YEAR_WORDS.has(keys[first.end - 1] ?? '');
  const day = parseNumberAt(keys, yearBefore ? first.end : i);
  if (!day || !Number.isInteger(day.value) || day.value < 1 || day.value > 31) return null;
  if (!MONTHS.has(keys[day.end] ?? '')) return null;
  let j = day.end + 1;
  const after = yearBefore ? null : yearAt(keys, j);
  if (after) j = after.end;
  return { start: i, end: j };
}
