/**
 * Reading back the written forms ITN produces, for form fields (issue 5):
 * "2024. gada 5. septembrī" -> "2024-09-05", "180,50 EUR" -> 180.5.
 */
import { monthOf } from './context-words.ts';

const DATE = /(\d{4})\.\s*gad\p{Ll}*\s+(\d{1,2})\.\s*(\p{Ll}+)/u;

/** ISO date of the first written date in `text`, or null (no date, or not a real day). */
export function parseWrittenDate(text: string): string | null {
  const m = DATE.exec(text.toLowerCase());
  if (!m) return null;
  const month = monthOf(m[3]!);
  if (month === undefined) return null;
  const [y, d] = [Number(m[1]), Number(m[2])];
  const date = new Date(Date.UTC(y, month - 1, d));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== d) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Euros of the first written amount ("180,50 EUR", "200 EUR"), or null. */
export function parseWrittenAmount(text: string): number | null {
  const m = /(\d+)(?:,(\d{1,2}))?\s*EUR\b/u.exec(text);
  if (!m) return null;
  return Number(m[1]) + (m[2] ? Number(m[2].padEnd(2, '0')) / 100 : 0);
}
