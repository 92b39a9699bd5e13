import { describe, expect, it } from 'vitest';
import { SAVINGS_DEFAULTS, computeSavings, resolveDictationMinutes } from '../../../server/pilot/savings.ts';

describe('computeSavings', () => {
  it('reproduces the worked case: 860 000 cases × 8 min at €40 000 / 2 080 h', () => {
    const s = computeSavings({ ...SAVINGS_DEFAULTS, dictationMinutes: 8 / 3 });
    // 860 000 × 8 / 60 = 114 666.67 h; €40 000 / 2 080 h = €19.2308/h
    expect(s.manualHoursPerYear).toBeCloseTo(114_666.667, 2);
    expect(s.costPerHour).toBeCloseTo(19.230769, 5);
    // 114 666.67 h × €19.2308 = €2 205 128.21 (≈ €2.2 M)
    expect(s.manualCostPerYear).toBeCloseTo(2_205_128.21, 1);
    // a third of that: 38 222.22 h, €735 042.74; saved €1 470 085.47 = 76 444.44 h = 36.75 employee-years
    expect(s.dictationHoursPerYear).toBeCloseTo(38_222.222, 2);
    expect(s.dictationCostPerYear).toBeCloseTo(735_042.74, 1);
    expect(s.savingsPerYear).toBeCloseTo(1_470_085.47, 1);
    expect(s.savedHoursPerYear).toBeCloseTo(76_444.444, 2);
    expect(s.employeeYearsSaved).toBeCloseTo(36.752, 3);
    expect(s.speedUp).toBeCloseTo(3, 12);
  });

  it('goes negative when dictation is slower, and refuses non-positive parameters', () => {
    expect(computeSavings({ ...SAVINGS_DEFAULTS, dictationMinutes: 10 }).savingsPerYear).toBeLessThan(0);
    expect(() => computeSavings({ ...SAVINGS_DEFAULTS, dictationMinutes: 0 })).toThrow(/dictationMinutes/);
    expect(() => computeSavings({ ...SAVINGS_DEFAULTS, hoursPerYear: Number.NaN, dictationMinutes: 2 })).toThrow(/hoursPerYear/);
  });
});

describe('resolveDictationMinutes', () => {
  it('prefers the given minutes, then the measured median, then a third of manual', () => {
    expect(resolveDictationMinutes(2.5, 90_000, 8)).toEqual({ minutes: 2.5, source: 'given' });
    expect(resolveDictationMinutes(undefined, 90_000, 8)).toEqual({ minutes: 1.5, source: 'measured' });
    expect(resolveDictationMinutes(undefined, null, 9)).toEqual({ minutes: 3, source: 'assumed' });
  });
});
