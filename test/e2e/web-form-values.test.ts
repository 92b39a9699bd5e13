/**
 * web/form-values.js: how stored values read in the inputs, in a form the
 * server's written-value parser reads back to the same value.
 */
import { describe, expect, it } from 'vitest';
import { displayValue, editValue, inputSpec, issuesByField, mergeValues, recordSummary } from '../../web/form-values.js';
import { coerceWritten } from '../../server/forms/written-values.ts';
import type { FormField } from '../../server/forms/template-schema.ts';

const field = (type: FormField['type'], validation?: FormField['validation']): FormField => ({
  id: 'x',
  label: 'X',
  spoken: ['x'],
  type,
  required: false,
  order: 1,
  ...(validation ? { validation } : {}),
});

describe('displayValue', () => {
  it('writes money with a decimal comma, dates as DD.MM.GGGG, and a value heard wrong as heard', () => {
    expect(displayValue(field('money'), 180)).toBe('180');
    expect(displayValue(field('money'), 180.5)).toBe('180,50');
    expect(displayValue(field('integer'), 3)).toBe('3');
    expect(displayValue(field('date'), '2025-03-14')).toBe('14.03.2025');
    expect(displayValue(field('date'), 'četrpadsmitais kaut kas')).toBe('četrpadsmitais kaut kas');
    expect(displayValue(field('text'), '2025-03-14')).toBe('2025-03-14');
    expect(displayValue(field('name'), undefined)).toBe('');
  });

  it('round-trips through the server parser for typed values: what is shown is read back unchanged', () => {
    const cases: [FormField, string | number][] = [
      [field('money'), 180.5],
      [field('money'), 1234],
      [field('integer'), 3],
      [field('date'), '2025-03-14'],
      [field('phone'), '26123456'],
      [field('personal_code'), '140325-12345'],
      [field('iban'), 'LV80BANK0000435195001'],
      [field('enum', { options: [{ value: 'mājas vizīte' }] }), 'mājas vizīte'],
    ];
    for (const [f, value] of cases) expect(coerceWritten(f, displayValue(f, value)).value, `${f.type} ${value}`).toEqual(value);
  });
});

describe('inputs and helpers', () => {
  it('picks inputs that keep any heard value visible (no type=number or type=date)', () => {
    for (const type of ['money', 'integer', 'date'] as const) expect(inputSpec({ type })).toMatchObject({ tag: 'input', type: 'text' });
    expect(inputSpec({ type: 'text' }).tag).toBe('textarea');
    expect(inputSpec({ type: 'enum' }).tag).toBe('select');
    expect(inputSpec({ type: 'phone' }).type).toBe('tel');
  });

  it('clears on empty text, merges updates where null clears, groups issues, summarises records', () => {
    expect(editValue('  ')).toBeNull();
    expect(editValue(' Jānis ')).toBe(' Jānis ');
    expect(mergeValues({ a: 1, b: 'x' }, { a: null, c: 'y' })).toEqual({ b: 'x', c: 'y' });
    const issues = [
      { field: 'a', code: 'required', message: 'm1' },
      { field: 'a', code: 'too_long', message: 'm2' },
    ];
    expect(issuesByField(issues).get('a')?.map((i) => i.message)).toEqual(['m1', 'm2']);
    expect(recordSummary({ fields: { vards: 'Jānis', ire: 180, uzvards: 'Bērziņš', adrese: 'Rīga' } })).toBe('Jānis Bērziņš');
    expect(recordSummary({ fields: { piezimes: 'a'.repeat(100) } }, 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
