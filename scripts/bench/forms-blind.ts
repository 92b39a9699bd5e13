/**
 * Field-exact accuracy of label-free form filling on a held-out set of
 * dictations (issue 15): test/fixtures/forms/blind.jsonl was written before
 * the label-free rules and is never used to write them. Prints the figures
 * and the misses, and saves JSON.
 *
 *   node bin/run-ts.mjs scripts/bench/forms-blind.ts [--set FILE.jsonl] [--out bench-results/forms-blind.json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadBundledContext } from '../../server/correction/bundled-corpora.ts';
import { fillFromText } from '../../server/forms/fill.ts';
import { loadTemplateDir } from '../../server/forms/template-loader.ts';
import type { FieldValue } from '../../server/forms/template-schema.ts';
import { parseScriptArgs } from '../script-args.ts';

interface BlindCase {
  readonly id: string;
  readonly form: string;
  readonly text?: string;
  readonly finals?: string[];
  readonly expected: { fields: Record<string, FieldValue> };
}

const args = parseScriptArgs({
  set: { type: 'string', default: 'test/fixtures/forms/blind.jsonl' },
  out: { type: 'string', default: 'bench-results/forms-blind.json' },
});
const setFile = path.resolve(args.set);
const out = path.resolve(args.out);
/** the day relative dates in the set are read against (as in the dev set) */
const TODAY = new Date(2025, 2, 10);

const cases = fs.readFileSync(setFile, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as BlindCase);
const registry = loadTemplateDir();
const correction = loadBundledContext();

interface Tally {
  fields: number;
  exact: number;
  spurious: number;
}
const perForm = new Map<string, Tally>();
const misses: string[] = [];
for (const c of cases) {
  const got = fillFromText(registry.get(c.form), c.finals ?? c.text ?? '', { today: TODAY, correction });
  const t = perForm.get(c.form) ?? { fields: 0, exact: 0, spurious: 0 };
  perForm.set(c.form, t);
  // every expected field, plus any field filled that should have stayed empty
  const ids = new Set([...Object.keys(c.expected.fields), ...Object.keys(got.fields)]);
  for (const id of ids) {
    t.fields++;
    if (!(id in c.expected.fields)) t.spurious++;
    if (got.fields[id] === c.expected.fields[id]) t.exact++;
    else misses.push(`${c.id} ${id}: expected ${JSON.stringify(c.expected.fields[id])}, got ${JSON.stringify(got.fields[id])}`);
  }
}
const total = [...perForm.values()].reduce((a, t) => ({ fields: a.fields + t.fields, exact: a.exact + t.exact, spurious: a.spurious + t.spurious }), {
  fields: 0,
  exact: 0,
  spurious: 0,
});
const pct = (t: Tally): string => `${((t.exact / t.fields) * 100).toFixed(1)} %`;
console.log(`blind set ${path.relative(process.cwd(), setFile)}: ${cases.length} dictations`);
for (const [form, t] of perForm) console.log(`  ${form}: ${t.exact}/${t.fields} fields exact (${pct(t)}), ${t.spurious} spurious`);
console.log(`  all: ${total.exact}/${total.fields} fields exact (${pct(total)})`);
if (misses.length) console.log(`misses:\n  ${misses.join('\n  ')}`);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(
  out,
  `${JSON.stringify({ set: path.relative(process.cwd(), setFile), cases: cases.length, perForm: Object.fromEntries(perForm), total, accuracy: total.exact / total.fields, misses }, null, 2)}\n`,
);
console.log(`saved ${path.relative(process.cwd(), out)}`);
