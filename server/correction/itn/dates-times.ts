/**
 * Ordinals, dates and clock times.
 *
 * Dates are written the official Latvian way, "2024. gada 5. septembrī": the
 * case the speaker used is kept on the month and on "gada/gadā". A day and
 * month followed by a cardinal year ("piektais septembris divi tūkstoši
 * divdesmit četri") is reordered to "2024. gada 5. septembris", because that
 * is the only order a clerk types. An ordinal becomes "N." only in a numeric
 * context (before a year, month or numbered noun, or when it is a compound
 * like "divdesmit piektais"); "otrā pusē", "pirmo reizi" stay words.
 */
import { monthOf, ORDINAL_NOUNS, TIME_PREFIX, UNIT_WORDS, YEAR_WORDS } from './context-words.ts';
import { parseNumber, type ParsedNumber } from '../../latvian/number-parser.ts';
import { halfHourWord, hourWord, numberWord } from '../../latvian/number-words.ts';
import type { ItnContext, ItnMatch, ItnRule } from './rule.ts';

const isYear = (n: number) => n >= 1000 && n <= 2199 && Number.isInteger(n);

/** A cardinal year right after a day-month ("… divi tūkstoši divdesmit četri"). */
function cardinalYearAt(c: ItnContext, i: number): ParsedNumber | null {
  const n = parseNumber(c.toks, i);
  return n && !n.ordinal && n.numWords >= 2 && isYear(n.value) ? n : null;
}

export const dateOrOrdinal: ItnRule = (c, i) => {
  const n = parseNumber(c.toks, i);
  if (!n || !n.ordinal || !Number.isInteger(n.value)) return null;
  const next = c.toks[n.end] ?? '';
  if (monthOf(next) !== undefined && n.value >= 1 && n.value <= 31) {
    const dayMonth = `${n.value}. ${next}`;
    const after = n.end + 1;
    const year = cardinalYearAt(c, after);
    if (year) {
      // "gada" follows the year when the speaker said it; keep only one.
      const end = YEAR_WORDS.has(c.toks[year.end] ?? '') ? year.end + 1 : year.end;
      return { end, text: `${year.value}. gada ${dayMonth}`, kind: 'date' };
    }
    return { end: after, text: dayMonth, kind: 'date' };
  }
  if (YEAR_WORDS.has(next) && isYear(n.value)) return { end: n.end + 1, text: `${n.value}. ${next}`, kind: 'date' };
  if (n.numWords >= 2 || ORDINAL_NOUNS.has(next) || c.digits) return { end: n.end, text: `${n.value}.`, kind: 'ordinal' };
  return null;
};

/** Minutes after an hour: "trīsdesmit" -> 30, "nulle pieci" -> 05. */
function minutesAt(c: ItnContext, i: number): { mm: string; end: number } | null {
  if (c.toks[i] === 'nulle') {
    if (c.toks[i + 1] === 'nulle') return { mm: '00', end: i + 2 };
    const u = numberWord(c.toks[i + 1] ?? '');
    return u?.kind === 'unit' ? { mm: `0${u.value}`, end: i + 2 } : null;
  }
  const n = parseNumber(c.toks, i);
  if (!n || n.ordinal || !Number.isInteger(n.value) || n.value > 59) return null;
  // "desmitos trīs bērni": a counted noun after the number means it is not minutes.
  if (n.small && n.value < 10) return null;
  if (UNIT_WORDS.has(c.toks[n.end] ?? '') && !/^minūt/u.test(c.toks[n.end] ?? '')) return null;
  return { mm: String(n.value).padStart(2, '0'), end: n.end };
}

/** "desmitos trīsdesmit" -> "10.30", "pulksten desmitos" -> "pulksten 10.00", "pusdivos" -> "1.30". */
export const clockTime: ItnRule = (c, i) => {
  const tok = c.toks[i]!;
  const prefixed = TIME_PREFIX.has(tok);
  const h = prefixed ? i + 1 : i;
  const hourTok = c.toks[h] ?? '';
  let hour = hourWord(hourTok);
  let end = h + 1;
  const half = halfHourWord(hourTok);
  if (half !== undefined) {
    const text = `${Math.floor(half)}.30`;
    return { end, text: prefixed ? `${tok} ${text}` : text, kind: 'time' };
  }
  if (hour === undefined && hourTok === 'divdesmit') {
    const u = hourWord(c.toks[h + 1] ?? '');
    if (u !== undefined && u <= 4) {
      hour = 20 + u;
      end = h + 2;
    }
  }
  if (hour === undefined && prefixed) {
    const n = parseNumber(c.toks, h);
    if (n && !n.ordinal && Number.isInteger(n.value) && n.value <= 24) {
      hour = n.value;
      end = n.end;
    }
  }
  if (hour === undefined || hour > 24) return null;
  const minutes = minutesAt(c, end);
  if (!minutes && !prefixed) return null; // "divos gadījumos" is not a time
  const text = `${hour}.${minutes ? minutes.mm : '00'}`;
  return { end: minutes ? minutes.end : end, text: prefixed ? `${tok} ${text}` : text, kind: 'time' };
};
