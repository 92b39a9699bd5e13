/**
 * The savings figures the CLI and the REST route both give: the worked-case
 * defaults, dictation minutes given or measured (else assumed), and a note
 * that says which. Pure.
 */
import { computeSavings, resolveDictationMinutes, SAVINGS_DEFAULTS, type DictationSource, type Savings } from './savings.ts';
import type { MeasuredMedians } from './measured-medians.ts';

export interface SavingsInput {
  readonly casesPerYear?: number;
  readonly manualMinutes?: number;
  readonly dictationMinutes?: number;
  readonly salaryPerYear?: number;
  readonly hoursPerYear?: number;
}

export interface SavingsEstimate extends Savings {
  readonly dictationMinutesSource: DictationSource;
  /** the pilot's medians the estimate could use; null without a database */
  readonly measured: MeasuredMedians | null;
  readonly note: string;
}

const SOURCE_NOTE: Record<DictationSource, string> = {
  given: 'dictation minutes as given',
  measured: 'dictation minutes are the median entry time of saved dictation-mode forms (form entry only)',
  assumed: 'no saved dictation-mode forms measured yet: dictation minutes ASSUMED to be a third of manual (the 3x hypothesis)',
};

/** Throws RangeError for a parameter that is not a number above 0. */
export function estimateSavings(input: SavingsInput, measured: MeasuredMedians | null): SavingsEstimate {
  const manualMinutes = input.manualMinutes ?? SAVINGS_DEFAULTS.manualMinutes;
  const { minutes, source } = resolveDictationMinutes(input.dictationMinutes, measured?.dictation?.medianMs ?? null, manualMinutes);
  const savings = computeSavings({
    casesPerYear: input.casesPerYear ?? SAVINGS_DEFAULTS.casesPerYear,
    manualMinutes,
    dictationMinutes: minutes,
    salaryPerYear: input.salaryPerYear ?? SAVINGS_DEFAULTS.salaryPerYear,
    hoursPerYear: input.hoursPerYear ?? SAVINGS_DEFAULTS.hoursPerYear,
  });
  return {
    ...savings,
    dictationMinutesSource: source,
    measured,
    note: `${SOURCE_NOTE[source]}; cost = hours x salary / working hours, overheads and running costs not included`,
  };
}
