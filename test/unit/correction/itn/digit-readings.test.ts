import { describe, expect, it } from 'vitest';
import { digitReadings, ibanValid, personalCodeScore } from '../../../../server/correction/itn/digit-readings.ts';

const toks = (s: string) => s.split(' ');

describe('digitReadings', () => {
  it('reads greedily when the length already fits', () => {
    expect(digitReadings(toks('divdesmit viens nulle trīs astoņdesmit pieci'), 0, 6).map((r) => r.digits)).toEqual(['210385']);
  });

  it('splits a tens+unit pair to reach the length, every way it can', () => {
    // "viens trīsdesmit trīs deviņdesmit divi" = 1 33 92 (5 digits) or 1 30 3 92 / 1 33 90 2 (6).
    const r = digitReadings(toks('viens trīsdesmit trīs deviņdesmit divi'), 0, 6);
    expect(r.map((x) => x.digits).sort()).toEqual(['130392', '133902']);
    expect(r.every((x) => x.splits === 1 && x.end === 5)).toBe(true);
  });

  it('has no reading when the words cannot make that many digits', () => {
    expect(digitReadings(toks('viens divi'), 0, 5)).toEqual([]);
  });
});

describe('validators', () => {
  it('score a personal code by date and checksum', () => {
    // 120345-12345: date 12.03.45, check digit (1101 - Σ wᵢdᵢ) mod 11 = 5.
    expect(personalCodeScore('12034512345')).toBe(2);
    expect(personalCodeScore('12034512346')).toBe(1);
    expect(personalCodeScore('13390212340')).toBe(0);
    expect(personalCodeScore('32123456789')).toBe(1);
  });

  it('check an IBAN with mod 97', () => {
    expect(ibanValid('LV80BANK0000435195001')).toBe(true);
    expect(ibanValid('LV81BANK0000435195001')).toBe(false);
  });
});
