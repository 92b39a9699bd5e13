/**
 * Pure helpers for the form panel: how a field of each template type is
 * edited, and how a stored value reads in the input. The server owns
 * canonicalisation and validation (server/forms/written-values.ts); this only
 * formats its values for Latvian readers, in a form the server reads back
 * unchanged ("180,50" → 180.5, "14.03.2025" → "2025-03-14").
 */

/**
 * The input for a field type: element, HTML type, inputmode, placeholder key
 * (in i18n.js; only formats, never a sample value that could pass for data)
 * and spelling hints.
 * @param {{ type: string }} field
 */
export function inputSpec(field) {
  switch (field.type) {
    case 'text':
      return { tag: 'textarea', rows: 3 };
    case 'enum':
      return { tag: 'select' };
    case 'phone':
      return { tag: 'input', type: 'tel', inputMode: 'tel', autocomplete: 'tel-national' };
    case 'integer':
      return { tag: 'input', type: 'text', inputMode: 'numeric' };
    case 'money':
      // Not type=number: it shows nothing for "180,5" in some locales and clears half-typed values.
      return { tag: 'input', type: 'text', inputMode: 'decimal', suffix: '€' };
    case 'date':
      // Not type=date: a date heard wrong is kept as heard, and a date picker would hide it.
      return { tag: 'input', type: 'text', inputMode: 'numeric', placeholder: 'form.placeholder.date' };
    case 'personal_code':
      return { tag: 'input', type: 'text', placeholder: 'form.placeholder.personalCode', spellcheck: false };
    case 'iban':
      return { tag: 'input', type: 'text', spellcheck: false, autocapitalize: 'characters' };
    case 'name':
      return { tag: 'input', type: 'text', autocapitalize: 'words', spellcheck: false };
    case 'organisation':
      return { tag: 'input', type: 'text', datalist: true };
    default: // address, reference
      return { tag: 'input', type: 'text' };
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A stored value as the input shows it: money with a decimal comma and two
 * decimals when it has cents, ISO dates as DD.MM.GGGG; a value that failed
 * validation is shown exactly as heard.
 * @param {{ type: string }} field
 * @param {string | number | undefined | null} value
 */
export function displayValue(field, value) {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') {
    if (field.type === 'money' && !Number.isInteger(value)) return value.toFixed(2).replace('.', ',');
    return String(value);
  }
  if (field.type === 'date') {
    const m = ISO_DATE.exec(value);
    if (m) return `${m[3]}.${m[2]}.${m[1]}`;
  }
  return value;
}

/** What an edit sends: null clears the field (the server treats "" the same, but null says it). */
export function editValue(text) {
  return text.trim() === '' ? null : text;
}

/** Issues grouped by field, in the order the server listed them. */
export function issuesByField(issues) {
  const map = new Map();
  for (const issue of issues ?? []) {
    const list = map.get(issue.field) ?? [];
    list.push(issue);
    map.set(issue.field, list);
  }
  return map;
}

/** Template fields in their spoken order ("nākamais lauks" follows it). */
export function orderedFields(template) {
  return [...template.fields].sort((a, b) => a.order - b.order);
}

/**
 * A record's one-line summary for the list: the first two filled values
 * (names come first in both templates), shortened.
 * @param {{ fields: Record<string, string | number> }} record
 */
export function recordSummary(record, maxLength = 60) {
  const text = Object.values(record.fields ?? {})
    .filter((v) => typeof v === 'string' && v.trim() !== '')
    .slice(0, 2)
    .join(' ');
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** Field values after a form.update: `null` clears. Returns a new object. */
export function mergeValues(values, changed) {
  const out = { ...values };
  for (const [id, value] of Object.entries(changed)) {
    if (value === null) delete out[id];
    else out[id] = value;
  }
  return out;
}
