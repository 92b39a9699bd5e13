/**
 * Number and time formatting for the researcher page. Pure; Latvian uses a
 * decimal comma and a (narrow no-break) space between thousands.
 */

/** @param {number|null|undefined} v @param {string} lang @param {number} [digits] */
export function fmtNumber(v, lang, digits = 0) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return new Intl.NumberFormat(lang === 'lv' ? 'lv-LV' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(v);
}

/** A fraction as a percentage: 0.0523 → "5,2 %". */
export function fmtPercent(v, lang, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${fmtNumber(v * 100, lang, digits)} %`;
}

/** Milliseconds as "m:ss" (a form takes minutes; "4:05" reads at a glance). */
export function fmtDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const total = Math.round(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, '0')}`;
}

/** A speed-up factor: 2.94 → "2,94×". */
export function fmtFactor(v, lang) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${fmtNumber(v, lang, 2)}×`;
}

export function fmtEuro(v, lang) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${fmtNumber(v, lang, 0)} €`;
}
