/**
 * The pilot demo's printout: the report from /api/pilot/report per template
 * and overall, every line labelled SIMULATED, after the assumptions the
 * figures rest on.
 */

interface Summary {
  median: number;
  q1: number;
  q3: number;
  n: number;
}
interface ModeFigures {
  records: number;
  timed: number;
  entryMs: Summary | null;
  keystrokes: Summary | null;
  edits: Summary | null;
}
export interface SpeedUp {
  factor: number;
  lower: number | null;
  upper: number | null;
  confidence: number;
  resamples: number;
}
export interface Group {
  dictation: ModeFigures;
  manual: ModeFigures;
  speedUp: SpeedUp | null;
  postEdit: {
    records: number;
    all: { wer: number; words: number };
    dictated: { wer: number; words: number };
    correctionRate: number;
    dictatedFields: number;
    correctedFields: number;
    fields: { field: string; dictated: number; corrected: number; rate: number; typedOnly: number }[];
  };
}
export interface Report {
  basis: string;
  overall: Group;
  byTemplate: (Group & { template: string })[];
}

export const LABEL = 'SIMULATED';
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const sec = (m: Summary | null) => (m ? `${(m.median / 1000).toFixed(1)} s (IQR ${(m.q1 / 1000).toFixed(1)}–${(m.q3 / 1000).toFixed(1)} s, n=${m.n})` : '—');
const median = (m: Summary | null) => (m ? String(m.median) : '—');
export const speedUpText = (su: SpeedUp | null) =>
  !su
    ? '—'
    : `${su.factor.toFixed(2)}x` +
      (su.lower !== null ? `  (${Math.round(su.confidence * 100)} % bootstrap CI ${su.lower.toFixed(2)}–${su.upper!.toFixed(2)}x, ${su.resamples} resamples)` : '  (no CI below 3 forms per mode)');

/** The worked case: 8 manual minutes a case, 860 000 cases, EUR 2.2 M a year. */
export interface Savings {
  dictationMinutes: number;
  savingsPerYear: number;
}

function groupLines(g: Group, wall: Group | undefined, savings: Savings | undefined): string[] {
  const pe = g.postEdit;
  return [
    `  Forms saved                    ${g.dictation.records} dictated, ${g.manual.records} typed (timed by the page itself)`,
    `  Median active time, dictation  ${sec(g.dictation.entryMs)}`,
    `  Median active time, manual     ${sec(g.manual.entryMs)}`,
    `  Speed-up (manual / dictation)  ${speedUpText(g.speedUp)}`,
    `    same on wall-clock time      ${speedUpText(wall?.speedUp ?? null)}`,
    `  Keystrokes (median)            dictation ${median(g.dictation.keystrokes)}, manual ${median(g.manual.keystrokes)}; edits: dictation ${median(g.dictation.edits)}, manual ${median(g.manual.edits)}`,
    `  Post-edit WER                  ${pct(pe.all.wer)} of ${pe.all.words} saved words (dictated fields only: ${pct(pe.dictated.wer)} of ${pe.dictated.words})`,
    `  Field correction rate          ${pct(pe.correctionRate)} (${pe.correctedFields} of ${pe.dictatedFields} dictated fields saved other than recognised)`,
    ...pe.fields.map((f) => `    ${f.field.padEnd(28)} ${pct(f.rate)} (${f.corrected}/${f.dictated})${f.typedOnly ? `, typed without dictation ${f.typedOnly}×` : ''}`),
    ...(savings
      ? [
          `  Savings at this speed-up       8 min manual -> ${savings.dictationMinutes.toFixed(2)} min: ` +
            `EUR ${Math.round(savings.savingsPerYear).toLocaleString('en-US')} a year on the worked case (860 000 cases, EUR 2.2 M manual)`,
        ]
      : []),
  ];
}

/** Every figure line carries the label: these numbers describe a script, not clerks. */
export function printReport(assumptions: readonly string[], r: Report, wall: Report, savings: ReadonlyMap<string, Savings>): void {
  const lines = [`PILOT DEMO — ${LABEL}: synthetic voices, each recording replayed, a scripted clerk; not a measurement of clerks`, ...assumptions];
  for (const g of r.byTemplate) {
    lines.push(`Template ${g.template}`, ...groupLines(g, wall.byTemplate.find((w) => w.template === g.template), savings.get(g.template)));
  }
  lines.push('All templates pooled (medians over a mix of short and long forms)', ...groupLines(r.overall, wall.overall, undefined));
  console.log(lines.map((l, i) => (i === 0 ? l : `[${LABEL}] ${l}`)).join('\n'));
}
