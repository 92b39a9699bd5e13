import { describe, expect, it } from 'vitest';
import {
  checkIban,
  checkIsoDate,
  checkPersonalCode,
  checkPhone,
  checkRange,
  ibanMod97,
  isCalendarDate,
  personalCodeCheckDigit,
} from '../../../server/forms/validators.ts';

describe('personal code (personas kods)', () => {
  it('computes the old-format check digit as (1101 − Σ wᵢ·dᵢ) mod 11', () => {
    // 2·1 + 1·6 + 0·3 + 3·7 + 8·9 + 5·10 + 1·5 + 2·8 + 3·4 + 4·2 = 192; (1101 − 192) mod 11 = 7
    expect(personalCodeCheckDigit('2103851234')).toBe(7);
    expect(personalCodeCheckDigit('0507791122')).toBe(8);
  });

  it.each(['210385-12347', '050779-11228', '151162-03451', '311290-14561', '010203-25676', '21038512347'])('accepts %s', (code) => {
    expect(checkPersonalCode(code)).toBeNull();
  });

  it('accepts the new format (from 2017) by its "32" prefix alone', () => {
    expect(checkPersonalCode('321234-56789')).toBeNull();
    expect(checkPersonalCode('329999-00000')).toBeNull();
  });

  it('rejects a wrong check digit', () => {
    expect(checkPersonalCode('210385-12345')?.code).toBe('personal_code_checksum');
    expect(checkPersonalCode('210385-12348')?.code).toBe('personal_code_checksum');
  });

  it('rejects an impossible birth date or century digit', () => {
    expect(checkPersonalCode('310285-12345')?.code).toBe('personal_code_date'); // 31 February
    expect(checkPersonalCode('290201-12345')?.code).toBe('personal_code_date'); // 29 Feb 1901, not a leap year
    expect(checkPersonalCode('011390-12345')?.code).toBe('personal_code_date'); // month 13
    expect(checkPersonalCode('010190-32345')?.code).toBe('personal_code_date'); // century digit 3
  });

  it('rejects anything but 11 digits with an optional dash after six', () => {
    for (const bad of ['210385-1234', '210385-123477', '21038-512347', 'abcdef-12345', '']) {
      expect(checkPersonalCode(bad)?.code, bad).toBe('personal_code_format');
    }
  });

  it('says what is wrong in Latvian', () => {
    expect(checkPersonalCode('210385-12345')?.message).toMatch(/kontrolcipars/u);
  });
});

describe('IBAN', () => {
  it.each(['LV80BANK0000435195001', 'LV87HABA0551012345678', 'GB82WEST12345698765432', 'DE89370400440532013000'])('accepts %s', (iban) => {
    expect(ibanMod97(iban)).toBe(1);
    expect(checkIban(iban)).toBeNull();
  });

  it('rejects a changed digit or swapped neighbours by the mod-97 check', () => {
    expect(checkIban('LV80BANK0000435195002')?.code).toBe('iban_checksum');
    expect(checkIban('LV80BANK0000435915001')?.code).toBe('iban_checksum');
  });

  it('knows the Latvian length (21)', () => {
    expect(checkIban('LV80BANK000043519500')?.code).toBe('iban_length');
  });

  it('wants the compact upper-case form', () => {
    for (const bad of ['lv80bank0000435195001', 'LV80 BANK 0000 4351 9500 1', 'LVXXBANK0000435195001', 'LV80']) {
      expect(checkIban(bad)?.code, bad).toBe('iban_format');
    }
  });
});

describe('phone, dates, ranges', () => {
  it('phone: exactly 8 digits', () => {
    expect(checkPhone('26123456')).toBeNull();
    expect(checkPhone('67012345')).toBeNull();
    expect(checkPhone('2612345')?.code).toBe('phone_invalid');
    expect(checkPhone('261234567')?.code).toBe('phone_invalid');
    expect(checkPhone('2612345a')?.code).toBe('phone_invalid');
  });

  it('calendar dates, leap years included', () => {
    expect(isCalendarDate(2024, 2, 29)).toBe(true);
    expect(isCalendarDate(2025, 2, 29)).toBe(false);
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
    expect(isCalendarDate(2025, 4, 31)).toBe(false);
    expect(isCalendarDate(2025, 0, 1)).toBe(false);
    expect(checkIsoDate('2025-03-14')).toBeNull();
    expect(checkIsoDate('14.03.2025')?.code).toBe('date_invalid');
    expect(checkIsoDate('2025-02-30')?.code).toBe('date_invalid');
  });

  it('ranges with the bounds in the message', () => {
    expect(checkRange(5, 1, 30)).toBeNull();
    expect(checkRange(1, 1, 30)).toBeNull();
    const r = checkRange(40, 1, 30);
    expect(r?.code).toBe('out_of_range');
    expect(r?.message).toBe('Vērtībai jābūt no 1 līdz 30.');
    expect(checkRange(-1, 0, undefined)?.message).toBe('Vērtībai jābūt vismaz 0.');
  });
});
