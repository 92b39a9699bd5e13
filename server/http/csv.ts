/** One CSV line (RFC 4180 quoting); a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it as a formula. */
export function csvLine(values: readonly (string | number | null | undefined)[], delimiter = ','): string {
  return values
    .map((v) => {
      if (v === null || v === undefined) return '';
      let s = String(v);
      if (typeof v === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
      return /["\r\n]/.test(s) || s.includes(delimiter) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(delimiter);
}
