/**
 * Post-correction benchmark: per-utterance latency with a 100 000-entry
 * lexicon, exact match on the dev set (tuned on) and the generated held-out
 * set (not tuned on), and the false-correction rate on ordinary text.
 *
 *   npx tsx scripts/bench/correction-bench.ts [--out FILE.json] [--entries 100000]
 *        [--headwords ../shared/data/hunspell-lv/lv_headwords.txt] [--rounds 3] [--sweep]
 *
 * The large lexicon is the bundled one plus generated entries: every
 * Hunspell headword (as a plain term) and given name x surname pairs (as
 * people) until --entries is reached. Latency is measured over the dev-set
 * and ordinary-sentence utterances after one warm-up pass (index building is
 * reported apart, as a one-off per lexicon). --sweep prints the fuzzy
 * thresholds grid used to choose the defaults.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { resolve } from 'node:path';
import { loadAttestedWords, loadBundledEntries, loadCommonWords } from '../../server/correction/bundled-corpora.ts';
import { buildLexicon, type LexiconEntry } from '../../server/correction/domain-lexicon.ts';
import { evaluateDev, evaluateOrdinary, type DevCase, type OrdinarySentence } from '../../server/correction/evaluation.ts';
import { DEFAULT_FUZZY, fuzzyIndexFor, type FuzzyOptions } from '../../server/correction/fuzzy-terms.ts';
import { correctTranscript, type CorrectionContext } from '../../server/correction/pipeline.ts';
import { parseScriptArgs } from '../script-args.ts';

const args = parseScriptArgs({
  entries: { type: 'string' },
  rounds: { type: 'string' },
  headwords: { type: 'string' },
  out: { type: 'string' },
  sweep: { type: 'boolean' },
});
const ROOT = resolve(new URL('../..', import.meta.url).pathname);
const numEntries = Number(args.entries ?? 100_000);
const rounds = Number(args.rounds ?? 3);
const headwordsPath = resolve(args.headwords ?? resolve(ROOT, '../shared/data/hunspell-lv/lv_headwords.txt'));
const outPath = args.out;

const pct = (xs: readonly number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;

const devCases: DevCase[] = readFileSync(resolve(ROOT, 'test/fixtures/correction/dev.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as DevCase);
const heldoutPath = resolve(ROOT, 'test/fixtures/correction/heldout.jsonl');
const heldoutCases: DevCase[] = existsSync(heldoutPath)
  ? readFileSync(heldoutPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DevCase)
  : [];
const ordinary: OrdinarySentence[] = readFileSync(resolve(ROOT, 'test/fixtures/correction/ordinary-sentences.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [written, spoken] = l.split('\t');
    return { written: written!, spoken: spoken! };
  });

function largeLexiconEntries(bundled: readonly LexiconEntry[]): LexiconEntry[] {
  const out: LexiconEntry[] = [...bundled];
  if (existsSync(headwordsPath)) {
    for (const w of readFileSync(headwordsPath, 'utf8').split('\n')) {
      if (out.length >= numEntries) break;
      if (w.trim()) out.push({ term: w.trim(), category: /^\p{Lu}/u.test(w) ? 'place' : 'term', weight: 1 });
    }
  }
  const given = bundled.filter((e) => e.category === 'given-name').map((e) => e.term);
  const surnames = bundled.filter((e) => e.category === 'surname').map((e) => e.term);
  for (let i = 0; out.length < numEntries; i++) {
    out.push({ term: `${given[i % given.length]} ${surnames[Math.floor(i / given.length) % surnames.length]}`, category: 'person', weight: 1 });
  }
  return out;
}

function measureLatency(ctx: CorrectionContext, texts: readonly string[]) {
  for (const t of texts) correctTranscript(t, ctx); // warm-up: JIT and lazily built indexes
  const times: number[] = [];
  // CPU time as well as wall time: on a shared machine the wall-clock tail
  // measures the neighbours; CPU time per utterance is this code's cost.
  const cpu0 = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    for (const t of texts) {
      const t0 = process.hrtime.bigint();
      correctTranscript(t, ctx);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  return {
    utterances: texts.length,
    rounds,
    meanMs: r3(mean),
    p50Ms: r3(pct(times, 50)),
    p95Ms: r3(pct(times, 95)),
    p99Ms: r3(pct(times, 99)),
    maxMs: r3(Math.max(...times)),
    cpuMsPerUtterance: r3((cpu.user + cpu.system) / 1000 / times.length),
  };
}

function accuracy(ctx: CorrectionContext) {
  const dev = evaluateDev(devCases, ctx);
  const held = evaluateDev(heldoutCases, ctx);
  const ord = evaluateOrdinary(ordinary, ctx);
  return {
    dev: { cases: dev.cases, exact: dev.exact, exactMatch: r3(dev.exactMatch), byTag: dev.byTag, failures: dev.failures },
    heldout: { cases: held.cases, exact: held.exact, exactMatch: r3(held.exactMatch), byTag: held.byTag, failures: held.failures },
    ordinary: {
      sentences: ord.sentences,
      words: ord.words,
      fuzzyChanged: ord.fuzzyChanged,
      fuzzyFalseCorrectionRate: ord.fuzzyRate,
      falseCapitals: ord.falseCapitals,
      falseCapitalRate: ord.falseCapitalRate,
      rightCapitals: ord.rightCapitals,
      examples: ord.examples.slice(0, 10),
    },
  };
}

function sweep(base: CorrectionContext): void {
  console.log('maxCostShort maxCostLong minJW  devExact  fuzzyFalse%');
  for (const maxCostShort of [0.25, 0.5, 0.75, 1]) {
    for (const maxCostLong of [0.5, 1, 1.5, 2]) {
      for (const minJaroWinkler of [0.85, 0.9, 0.93]) {
        const fuzzy: FuzzyOptions = { maxCostShort, maxCostLong, minJaroWinkler };
        const ctx = { ...base, fuzzy };
        const dev = evaluateDev(devCases, ctx);
        const ord = evaluateOrdinary(ordinary, ctx, 0);
        console.log(`${maxCostShort.toFixed(2).padStart(12)} ${maxCostLong.toFixed(2).padStart(11)} ${minJaroWinkler.toFixed(2)}  ${dev.exactMatch.toFixed(3).padStart(8)}  ${(ord.fuzzyRate * 100).toFixed(3).padStart(11)}`);
      }
    }
  }
}

const commonWords = loadCommonWords();
const attestedWords = loadAttestedWords();
const bundled = loadBundledEntries();
const bundledCtx: CorrectionContext = { lexicon: buildLexicon(bundled), commonWords, attestedWords };

if (args.sweep) {
  sweep(bundledCtx);
  process.exit(0);
}

let t0 = performance.now();
const largeEntries = largeLexiconEntries(bundled);
const largeLexicon = buildLexicon(largeEntries);
const lexiconBuildMs = performance.now() - t0;
t0 = performance.now();
fuzzyIndexFor(largeLexicon, DEFAULT_FUZZY.minWeight);
const fuzzyIndexBuildMs = performance.now() - t0;
const largeCtx: CorrectionContext = { lexicon: largeLexicon, commonWords, attestedWords };

const utterances = [...devCases.map((c) => c.spoken), ...ordinary.map((o) => o.spoken)];
const report = {
  node: process.version,
  cpus: os.cpus().length,
  loadAverage1m: r3(os.loadavg()[0]!),
  wordsPerUtterance: r3(utterances.reduce((n, u) => n + u.split(' ').length, 0) / utterances.length),
  thresholds: DEFAULT_FUZZY,
  bundledLexicon: { entries: bundledCtx.lexicon.size, latency: measureLatency(bundledCtx, utterances), ...accuracy(bundledCtx) },
  largeLexicon: {
    entries: largeLexicon.size,
    buildMs: Math.round(lexiconBuildMs),
    fuzzyIndexBuildMs: Math.round(fuzzyIndexBuildMs),
    heapUsedMiB: Math.round(process.memoryUsage().heapUsed / 2 ** 20),
    latency: measureLatency(largeCtx, utterances),
    ...accuracy(largeCtx),
  },
};

const b = report.bundledLexicon;
const l = report.largeLexicon;
console.log(`${report.cpus} CPUs, load ${report.loadAverage1m}; ${report.wordsPerUtterance} words per utterance on average`);
console.log(`bundled lexicon ${b.entries} entries: ${b.latency.meanMs} ms mean, ${b.latency.p50Ms} p50, ${b.latency.p95Ms} p95 per utterance; CPU ${b.latency.cpuMsPerUtterance} ms per utterance`);
console.log(`  dev exact match ${b.dev.exact}/${b.dev.cases} = ${(b.dev.exactMatch * 100).toFixed(1)} %; held-out ${b.heldout.exact}/${b.heldout.cases} = ${(b.heldout.exactMatch * 100).toFixed(1)} %`);
console.log(`  ordinary text (${b.ordinary.sentences} sentences, ${b.ordinary.words} words): fuzzy changed ${b.ordinary.fuzzyChanged} = ${(b.ordinary.fuzzyFalseCorrectionRate * 100).toFixed(3)} %, false capitals ${b.ordinary.falseCapitals} = ${(b.ordinary.falseCapitalRate * 100).toFixed(3)} %`);
console.log(`large lexicon ${l.entries} entries (build ${l.buildMs} ms + fuzzy index ${l.fuzzyIndexBuildMs} ms, heap ${l.heapUsedMiB} MiB): ${l.latency.meanMs} ms mean, ${l.latency.p50Ms} p50, ${l.latency.p95Ms} p95, ${l.latency.p99Ms} p99, ${l.latency.maxMs} max per utterance (${l.latency.utterances} utterances x ${rounds}); CPU ${l.latency.cpuMsPerUtterance} ms per utterance`);
console.log(`  dev exact match ${l.dev.exact}/${l.dev.cases} = ${(l.dev.exactMatch * 100).toFixed(1)} %; held-out ${(l.heldout.exactMatch * 100).toFixed(1)} %; ordinary fuzzy ${(l.ordinary.fuzzyFalseCorrectionRate * 100).toFixed(3)} %, false capitals ${(l.ordinary.falseCapitalRate * 100).toFixed(3)} %`);
if (outPath) {
  writeFileSync(resolve(outPath), JSON.stringify(report, null, 1) + '\n');
  console.log(`wrote ${outPath}`);
}
