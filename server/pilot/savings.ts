/**
 * What the pilot's speed-up is worth a year. Pure arithmetic; the defaults are
 * the seed's worked case: 860 000 housing-allowance cases a year, 5 + 3 = 8
 * minutes of manual handling each, €40 000 per employee-year, 2 080 working
 * hours a year (40 h × 52) — about 114 667 hours and €2.2 M a year.
 *
 * Cost per hour is salary / working hours, so costs scale with hours only;
 * overheads, training and the service's running costs are left out and said
 * to be left out wherever the figures are shown.
 */

export interface SavingsParams {
  readonly casesPerYear: number;
  readonly manualMinutes: number;
  readonly dictationMinutes: number;
  /** cost of one employee-year, EUR */
  readonly salaryPerYear: number;
  readonly hoursPerYear: number;
}

export const SAVINGS_DEFAULTS = {
  casesPerYear: 860_000,
  manualMinutes: 8,
  salaryPerYear: 40_000,
  hoursPerYear: 2080,
} as const;

/** Where the dictation minutes came from: given, the pilot's measured median, or the 3× assumption. */
export type DictationSource = 'given' | 'measured' | 'assumed';

export interface Savings extends SavingsParams {
  readonly costPerHour: number;
  readonly manualHoursPerYear: number;
  readonly manualCostPerYear: number;
  readonly dictationHoursPerYear: number;
  readonly dictationCostPerYear: number;
  readonly savedHoursPerYear: number;
  readonly savingsPerYear: number;
  /** saved hours in full-time employees */
  readonly employeeYearsSaved: number;
  /** manual / dictation minutes */
  readonly speedUp: number;
}

const positive = (name: string, v: number): void => {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${name}=${v}: expected a number above 0`);
};

export function computeSavings(p: SavingsParams): Savings {
  positive('casesPerYear', p.casesPerYear);
  positive('manualMinutes', p.manualMinutes);
  positive('dictationMinutes', p.dictationMinutes);
  positive('salaryPerYear', p.salaryPerYear);
  positive('hoursPerYear', p.hoursPerYear);
  const costPerHour = p.salaryPerYear / p.hoursPerYear;
  const manualHoursPerYear = (p.casesPerYear * p.manualMinutes) / 60;
  const dictationHoursPerYear = (p.casesPerYear * p.dictationMinutes) / 60;
  const savedHoursPerYear = manualHoursPerYear - dictationHoursPerYear;
  return {
    ...p,
    costPerHour,
    manualHoursPerYear,
    manualCostPerYear: manualHoursPerYear * costPerHour,
    dictationHoursPerYear,
    dictationCostPerYear: dictationHoursPerYear * costPerHour,
    savedHoursPerYear,
    savingsPerYear: savedHoursPerYear * costPerHour,
    employeeYearsSaved: savedHoursPerYear / p.hoursPerYear,
    speedUp: p.manualMinutes / p.dictationMinutes,
  };
}

/**
 * The dictation minutes to use: the given ones, else the measured median of
 * saved dictation-mode forms, else a third of the manual minutes (the
 * project's "3× faster" hypothesis, which the output must then call assumed).
 */
export function resolveDictationMinutes(
  given: number | undefined,
  measuredMedianMs: number | null,
  manualMinutes: number,
): { readonly minutes: number; readonly source: DictationSource } {
  if (given !== undefined) return { minutes: given, source: 'given' };
  if (measuredMedianMs !== null && measuredMedianMs > 0) return { minutes: measuredMedianMs / 60_000, source: 'measured' };
  return { minutes: manualMinutes / 3, source: 'assumed' };
}
