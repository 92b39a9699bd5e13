/**
 * Issue 12: one pathological token (20 000 characters, no spaces) through the
 * form filler as POST /api/forms/:id/fill runs it (bundled correction). The
 * phrase matcher's split/join repairs are bounded by the phrase's word lengths;
 * before that bound this took ~25–48 s. Prints the median of 5 runs per case
 * and saves JSON.
 *
 *   node bin/run-ts.mjs scripts/bench/forms-long-token.ts [--out bench-results/forms-long-token.json]
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadBundledContext } from '../../server/correction/bundled-corpora.ts';
import { fillFromText } from '../../server/forms/fill.ts';
import { loadTemplateDir } from '../../server/forms/template-loader.ts';
import { parseScriptArgs } from '../script-args.ts';

const args = parseScriptArgs({ out: { type: 'string', default: 'bench-results/forms-long-token.json' } });
const registry = loadTemplateDir();
const correction = loadBundledContext();
const CASES: Record<string, string> = {
  'one letter x 20000': 'a'.repeat(20_000),
  'label + letters and digits (20 000)': `vārds ${'ab1'.repeat(6_664)}`,
};
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: { case: string; form: string; medianMs: number; runsMs: number[] }[] = [];
for (const [name, text] of Object.entries(CASES)) {
  for (const form of ['majokla-pabalsts', 'gadijuma-piezime']) {
    fillFromText(registry.get(form), 'vārds jānis', { correction }); // warm
    const runs: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t0 = performance.now();
      fillFromText(registry.get(form), text, { correction });
      runs.push(Math.round((performance.now() - t0) * 10) / 10);
    }
    results.push({ case: name, form, medianMs: median(runs), runsMs: runs });
    console.log(`${name.padEnd(38)} ${form.padEnd(18)} median ${median(runs).toFixed(1)} ms (runs ${runs.join(', ')})`);
  }
}
const out = path.resolve(args.out);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, `${JSON.stringify({ target: 'one 20 000-character token in <= 50 ms', results }, null, 2)}\n`);
console.log(`saved ${path.relative(process.cwd(), out)}`);
