// Per-group greedy and beam WER from a `diktats eval --compare --json` report (the report's own
// groups are the beam decoder's). Usage: node scripts/train/group_summary.mjs REPORT.json [FIELD]
import { readFileSync } from 'node:fs';

const [file, field = 'condition'] = process.argv.slice(2);
const r = JSON.parse(readFileSync(file, 'utf8'));
const groups = new Map();
for (const u of r.utterances) {
  const key = u.labels?.[field] ?? '(none)';
  const g = groups.get(key) ?? { words: 0, greedy: 0, beam: 0, n: 0 };
  g.words += u.words;
  g.greedy += (u.greedy?.wer ?? u.wer) * u.words;
  g.beam += u.wer * u.words;
  g.n += 1;
  groups.set(key, g);
}
const pct = (x) => `${(x * 100).toFixed(2)} %`;
for (const [key, g] of groups) {
  console.log(`${key.padEnd(20)} ${String(g.n).padStart(4)} utts ${String(g.words).padStart(5)} words  greedy WER ${pct(g.greedy / g.words)}  ${r.compare ? 'beam WER ' + pct(g.beam / g.words) : ''}`);
}
