/**
 * `diktats savings`: what the measured (or assumed) speed-up is worth a year.
 * The arithmetic is pilot/savings.ts; this reads the flags and, for the
 * dictation minutes, the median entry time of the saved dictation-mode forms
 * in the service's database (when the database exists and has any).
 */
import fs from 'node:fs';
import { loadConfig } from '../config.ts';
import { buildMeasuredMedians, type MeasuredMedians } from '../pilot/measured-medians.ts';
import { estimateSavings, type SavingsEstimate } from '../pilot/savings-estimate.ts';
import { openDatabase } from '../storage/database.ts';
import { createPilotRepository } from '../storage/pilot-repository.ts';
import { EXIT_OK, EXIT_USAGE, UsageError, parseCommandArgs, writeLine, type CommandIo } from './command-io.ts';

export const SAVINGS_USAGE = `Usage: diktats savings [options]

Yearly hours and cost of manual form handling against dictation.
Defaults are the worked case: 860 000 cases a year, 5 + 3 = 8 minutes of manual
handling, EUR 40 000 per employee-year, 2 080 working hours a year.

Options:
  --cases N           cases a year (default 860000)
  --manual-min M      minutes of manual handling per case (default 8)
  --dictation-min D   minutes with dictation (default: the median entry time of
                      saved dictation-mode forms in the database; without any,
                      manual / 3, reported as assumed)
  --salary S          EUR per employee-year (default 40000)
  --hours H           working hours per employee-year (default 2080)
  --template ID       measure only forms of this template
  --db FILE           the service's database (default: $DIKTATS_DB, else data/diktats.db)
  --json              print one JSON object
  -h, --help          show this text
`;

const ARGS = {
  cases: { type: 'string' },
  'manual-min': { type: 'string' },
  'dictation-min': { type: 'string' },
  salary: { type: 'string' },
  hours: { type: 'string' },
  template: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function positive(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  // spaces and underscores are thousands separators people type ("860 000")
  const v = Number(raw.replace(/[\s_]/g, ''));
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`--${flag} ${JSON.stringify(raw)}: expected a number above 0`);
  return v;
}

/** The measured medians from the database at `dbPath`; null when it does not exist yet. */
function readMeasured(dbPath: string, template: string | undefined): MeasuredMedians | null {
  if (dbPath !== ':memory:' && !fs.existsSync(dbPath)) return null;
  const db = openDatabase(dbPath);
  try {
    return buildMeasuredMedians(createPilotRepository(db).savedRows({ template }));
  } finally {
    db.close();
  }
}

export function savingsFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): { output: SavingsEstimate; json: boolean } | null {
  const { values, positionals } = parseCommandArgs(argv, ARGS, false);
  if (values.help) return null;
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const config = loadConfig(env, new Map(values.db ? [['db', values.db]] : []));
  const output = estimateSavings(
    {
      casesPerYear: positive('cases', values.cases),
      manualMinutes: positive('manual-min', values['manual-min']),
      dictationMinutes: positive('dictation-min', values['dictation-min']),
      salaryPerYear: positive('salary', values.salary),
      hoursPerYear: positive('hours', values.hours),
    },
    readMeasured(config.dbPath, values.template),
  );
  return { output, json: values.json ?? false };
}

const eur = (v: number): string => `EUR ${Math.round(v).toLocaleString('en-US').replace(/,/g, ' ')}`;
const num = (v: number, digits = 0): string =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }).replace(/,/g, ' ');

export function formatSavings(s: SavingsEstimate): string {
  const rows: [string, string][] = [
    ['Cases a year', num(s.casesPerYear)],
    ['Manual minutes / case', num(s.manualMinutes, 2)],
    ['Dictation minutes / case', `${num(s.dictationMinutes, 2)}  (${s.dictationMinutesSource})`],
    ['Speed-up', `${num(s.speedUp, 2)}x`],
    ['Cost per hour', `EUR ${num(s.costPerHour, 2)}  (${num(s.salaryPerYear)} / ${num(s.hoursPerYear)} h)`],
    ['Manual hours a year', num(s.manualHoursPerYear)],
    ['Manual cost a year', eur(s.manualCostPerYear)],
    ['Dictation hours a year', num(s.dictationHoursPerYear)],
    ['Dictation cost a year', eur(s.dictationCostPerYear)],
    ['Saved hours a year', `${num(s.savedHoursPerYear)}  (${num(s.employeeYearsSaved, 1)} employee-years)`],
    ['Savings a year', eur(s.savingsPerYear)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}${v}`);
  const m = s.measured;
  if (m && (m.dictation || m.manual)) {
    const part = (label: string, x: MeasuredMedians['dictation']) =>
      x ? `${label} ${num(x.medianMs / 60_000, 2)} min (${x.forms} forms)` : `${label} none`;
    lines.push('', `Measured medians: ${part('dictation', m.dictation)}, ${part('manual', m.manual)}`);
  }
  lines.push('', `Note: ${s.note}.`);
  return `${lines.join('\n')}\n`;
}

export async function savingsCommand(argv: string[], io: CommandIo): Promise<number> {
  let parsed: ReturnType<typeof savingsFromArgs>;
  try {
    parsed = savingsFromArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    writeLine(io.stderr, `diktats savings: ${e.message}\n`);
    io.stderr.write(SAVINGS_USAGE);
    return EXIT_USAGE;
  }
  if (parsed === null) {
    io.stdout.write(SAVINGS_USAGE);
    return EXIT_OK;
  }
  if (parsed.json) writeLine(io.stdout, JSON.stringify(parsed.output, null, 2));
  else io.stdout.write(formatSavings(parsed.output));
  return EXIT_OK;
}
