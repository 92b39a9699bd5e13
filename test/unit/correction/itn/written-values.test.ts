import { describe, expect, it } from 'vitest';
import { spokenToWritten } from '../../../../server/correction/itn/spoken-to-written.ts';
import { parseWrittenAmount, parseWrittenDate } from '../../../../server/correction/itn/written-values.ts';

describe('parseWrittenDate', () => {
  it('reads what ITN writes, in any case of the month', () => {
    const written = spokenToWritten('divi tūkstoši divdesmit ceturtā gada piektajā septembrī').text;
    expect(parseWrittenDate(written)).toBe('2024-09-05');
    expect(parseWrittenDate('2025. gada 14. marts')).toBe('2025-03-14');
    expect(parseWrittenDate('līdz 2023. gada 28. februārim')).toBe('2023-02-28');
  });

  describe('expected failure', () => {
    it('gives null without a year or for a day that does not exist', () => {
      expect(parseWrittenDate('5. septembrī')).toBeNull();
      expect(parseWrittenDate('2023. gada 30. februārī')).toBeNull();
    });
  });
});

describe('parseWrittenAmount', () => {
  it.each([
    ['180,50 EUR', 180.5],
    ['200 EUR', 200],
    ['īre 0,05 EUR mēnesī', 0.05],
  ])('%s -> %d', (text, value) => expect(parseWrittenAmount(text)).toBe(value));

  it('gives null without an amount', () => expect(parseWrittenAmount('divsimt')).toBeNull());
});
