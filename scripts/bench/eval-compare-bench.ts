/**
 * What GET /api/eval/compare costs the main thread on big runs: stores two
 * evaluation runs of N utterances each (realistic rows: a dozen-word reference,
 * a hypothesis with a few errors, its word alignment and labels; the runs share
 * all but 2.5 % of their utterances and a few references differ) in a temp
 * database, then times the route through the app (app.inject) for several
 * queries, and samples the main thread's event-loop delay while it runs.
 * Prints medians and saves them as JSON. With --compute the routes get a
 * compute worker, as the service's do (app.ts).
 *
 *   node bin/run-ts.mjs scripts/bench/eval-compare-bench.ts [--utterances 20000] [--rounds 7]
 *        [--compute] [--label new] [--out bench-results/eval-compare-new.json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import Fastify from 'fastify';
import { formRoutes } from '../../server/http/form-routes.ts';
import { pilotRoutes } from '../../server/http/pilot-routes.ts';
import type { PairTuple } from '../../server/metrics/pra.ts';
import type { NewEvalRun, NewEvalUtterance } from '../../server/storage/eval-run-repository.ts';
import { ComputeClient } from '../../server/workers/compute-client.ts';
import { registerFormServices } from '../../test/support/form-services.ts';
import { parseScriptArgs } from '../script-args.ts';
import { seededRandom } from '../../server/pilot/seeded-random.ts';

const args = parseScriptArgs({
  utterances: { type: 'string' },
  rounds: { type: 'string' },
  label: { type: 'string' },
  out: { type: 'string' },
  compute: { type: 'boolean' },
});
const n = Number(args.utterances ?? 20_000);
const rounds = Number(args.rounds ?? 7);
const label = args.label ?? 'run';
const outPath = path.resolve(args.out ?? `bench-results/eval-compare-${label}.json`);

const WORDS = ['pabalsts', 'iesniegums', 'dzīvoklis', 'Rīgas', 'iela', 'divdesmit', 'trīs', 'personas', 'kods', 'mājokļa', 'ģimene', 'bērns', 'summa', 'eiro', 'mēnesī'];

function utterance(id: number, run: number, rand: () => number): NewEvalUtterance {
  const ref = Array.from({ length: 8 + (id % 9) }, (_, k) => WORDS[(id * 7 + k * 3) % WORDS.length]!);
  // a few references were edited between the runs
  if (run === 1 && id % 97 === 0) ref[0] = 'labots';
  const pairs: PairTuple[] = [];
  const hyp: string[] = [];
  let s = 0;
  let d = 0;
  let ins = 0;
  for (const w of ref) {
    const r = rand();
    if (r < 0.06) {
      pairs.push(['S', w, `${w}s`]);
      hyp.push(`${w}s`);
      s++;
    } else if (r < 0.09) {
      pairs.push(['D', w, null]);
      d++;
    } else {
      pairs.push(['C', w, w]);
      hyp.push(w);
    }
    if (rand() < 0.02) {
      pairs.push(['I', null, 'un']);
      hyp.push('un');
      ins++;
    }
  }
  const words = ref.length;
  const errors = s + d + ins;
  const reference = ref.join(' ');
  return {
    utteranceId: `audio/speaker${id % 40}/utt${String(id).padStart(6, '0')}.wav`,
    reference,
    hypothesis: hyp.join(' '),
    corrected: null,
    words,
    hits: words - s - d,
    substitutions: s,
    deletions: d,
    insertions: ins,
    chars: reference.length,
    charErrors: errors * 3,
    wer: errors / words,
    cer: (errors * 3) / reference.length,
    audioSec: 3 + (id % 5),
    processingMs: 120 + (id % 50),
    alignment: pairs,
    labels: { condition: id % 3 === 0 ? 'noisy' : 'clean', speaker: `speaker${id % 40}` },
  };
}

function runRow(model: string, utterances: readonly NewEvalUtterance[]): NewEvalRun {
  const sum = (f: (u: NewEvalUtterance) => number) => utterances.reduce((acc, u) => acc + f(u), 0);
  const words = sum((u) => u.words);
  const errors = sum((u) => u.substitutions + u.deletions + u.insertions);
  return {
    model,
    decoder: 'greedy',
    manifest: 'bench.jsonl',
    corporaSignature: null,
    label: null,
    createdAt: new Date().toISOString(),
    extra: {},
    utterances: utterances.length,
    words,
    hits: sum((u) => u.hits),
    substitutions: sum((u) => u.substitutions),
    deletions: sum((u) => u.deletions),
    insertions: sum((u) => u.insertions),
    chars: sum((u) => u.chars),
    charErrors: sum((u) => u.charErrors),
    wer: errors / words,
    cer: 0,
    audioSec: sum((u) => u.audioSec),
    processingMs: sum((u) => u.processingMs),
    rtf: 0.1,
  };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-eval-compare-bench-'));
const app = Fastify({ logger: false });
await registerFormServices(app, path.join(dir, 'bench.db'));
await app.register(formRoutes);
const compute = args.compute ? new ComputeClient({ workers: 1 }) : undefined;
await app.register(pilotRoutes, compute ? { compute } : {});
await app.ready();

// run a: utterances 0 … n-1; run b: n/40 … n+n/40-1, so each run has n/40 of its own
const only = Math.round(n / 40);
const t0 = performance.now();
const uttsA = Array.from({ length: n }, (_, i) => utterance(i, 0, seededRandom(i)));
const uttsB = Array.from({ length: n }, (_, i) => utterance(i + only, 1, seededRandom(1e6 + i)));
const a = app.storage.evalRuns.insert(runRow('model-a', uttsA), uttsA);
const b = app.storage.evalRuns.insert(runRow('model-b', uttsB), uttsB);
const storeMs = performance.now() - t0;
const dbBytes = fs.statSync(path.join(dir, 'bench.db')).size;

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

const QUERIES = [
  { name: 'all, first page', query: 'only=all&limit=50&offset=0' },
  { name: 'worsened, first page', query: 'only=worsened&limit=50&offset=0' },
  { name: 'changed, page 10', query: 'only=changed&limit=50&offset=450' },
  { name: 'all, last page', query: `only=all&limit=50&offset=${n - only - 50}` },
];
const lag = monitorEventLoopDelay({ resolution: 1 });
const results = [];
console.log(
  `${label}${compute ? ' (compute worker)' : ''}: 2 runs × ${n} utterances (${n - only} shared), db ${(dbBytes / 2 ** 20).toFixed(1)} MiB, stored in ${r1(storeMs)} ms; ` +
    `${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`,
);
for (const q of QUERIES) {
  const url = `/api/eval/compare?a=${a}&b=${b}&${q.query}`;
  const warm = await app.inject({ method: 'GET', url });
  if (warm.statusCode !== 200) throw new Error(`${url}: ${warm.statusCode} ${warm.body.slice(0, 200)}`);
  const body = warm.json() as { total: number; utterances: unknown[]; shared: { utterances: number } };
  const ms: number[] = [];
  const maxLag: number[] = [];
  const heapMiB: number[] = [];
  for (let k = 0; k < rounds; k++) {
    const heap0 = process.memoryUsage().heapUsed;
    lag.reset();
    lag.enable();
    // the histogram's first tick only starts its clock: a block before it would go unseen
    await new Promise((resolve) => setTimeout(resolve, 20));
    const t = performance.now();
    const res = await app.inject({ method: 'GET', url });
    ms.push(performance.now() - t);
    heapMiB.push((process.memoryUsage().heapUsed - heap0) / 2 ** 20);
    // the sampling timer runs late by as long as the loop was blocked; let it fire before reading
    await new Promise((resolve) => setTimeout(resolve, 20));
    lag.disable();
    maxLag.push(lag.max / 1e6);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
  }
  const row = {
    name: q.name,
    query: q.query,
    total: body.total,
    shared: body.shared.utterances,
    returned: body.utterances.length,
    bodyKiB: Math.round(warm.body.length / 1024),
    medianMs: r1(median(ms)),
    minMs: r1(Math.min(...ms)),
    maxMs: r1(Math.max(...ms)),
    medianLoopDelayMaxMs: r1(median(maxLag)),
    medianHeapGrowthMiB: r1(median(heapMiB)),
  };
  results.push(row);
  console.log(
    `  ${q.name.padEnd(22)} total ${String(row.total).padStart(6)}  median ${String(row.medianMs).padStart(7)} ms ` +
      `(min ${row.minMs}, max ${row.maxMs})  loop delay max ${row.medianLoopDelayMaxMs} ms  heap +${row.medianHeapGrowthMiB} MiB  body ${row.bodyKiB} KiB`,
  );
}
await app.close();
await compute?.close();
fs.rmSync(dir, { recursive: true, force: true });

const out = {
  bench: 'eval-compare',
  label,
  computeWorker: Boolean(compute),
  utterancesPerRun: n,
  shared: n - only,
  rounds,
  node: process.version,
  cpus: os.cpus().length,
  loadAvg: os.loadavg(),
  at: new Date().toISOString(),
  storeMs: r1(storeMs),
  results,
};
fs.mkdirSync(path.dirname(outPath), { recursive: true });
fs.writeFileSync(outPath, `${JSON.stringify(out, null, 2)}\n`);
console.log(`saved ${outPath}`);
