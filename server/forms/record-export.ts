/**
 * Records out as JSON or CSV for other systems and spreadsheets. CSV follows
 * RFC 4180 (CRLF, quotes doubled), starts with a UTF-8 byte-order mark so
 * Excel reads "ā" right, and defuses cells a spreadsheet would run as a
 * formula (=, +, -, @ first) by a leading apostrophe.
 */
import type { FormRecord } from './form-record.ts';
import type { CompiledTemplate } from './template-loader.ts';

export type CsvDelimiter = ',' | ';';

const META_COLUMNS = ['record_id', 'form', 'status', 'mode', 'user_id', 'created_at', 'updated_at', 'saved_at'] as const;

function cell(value: unknown, delimiter: CsvDelimiter): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return text.includes(delimiter) || /["\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** One row per record; field columns in template order, then the issues as "field:code" joined by " | ". */
export function recordsToCsv(compiled: CompiledTemplate, records: readonly FormRecord[], delimiter: CsvDelimiter = ','): string {
  const fieldIds = compiled.fields.map((f) => f.id);
  const header = [...META_COLUMNS, ...fieldIds, 'issues'];
  const lines = [header.map((h) => cell(h, delimiter)).join(delimiter)];
  for (const r of records) {
    const row = [
      r.id, r.form, r.status, r.mode, r.userId, r.createdAt, r.updatedAt, r.savedAt,
      ...fieldIds.map((id) => r.fields[id]),
      r.issues.map((i) => `${i.field}:${i.code}`).join(' | '),
    ];
    lines.push(row.map((v) => cell(v, delimiter)).join(delimiter));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
