/**
 * Partial stability and word emission latency of a streaming model, plus streaming vs whole-file
 * WER on the same utterances.
 *
 *   node bin/run-ts.mjs scripts/bench/stream-stability.ts --model DIR [--ref-model models/diktats-lv-synth-v2]
 *        [--manifest work-train/synth/test/manifest.jsonl] [--limit 100] [--push-ms 100] [--out FILE.json]
 *
 * Each utterance is pushed through a live stream (Silero VAD endpointing, as the service does) in
 * `--push-ms` pieces as fast as the machine allows; time is the audio's own clock (samples pushed).
 * - stability: every word a partial shows at position k (counting from the stream's start, finals
 *   before it included) is "shown"; it "changed" if the final transcript does not have that word at k.
 *   Reported over all shown words and over the "settled" ones: shown at least once with another word
 *   after them (a word that was only ever the last one may still have been being spoken).
 * - emission latency: for each word of the final transcript matched (word alignment) to a word of the
 *   reference model's whole-file decode, (audio pushed when a partial or final first showed it at its
 *   place) - (the word's end in the reference decode's CTC alignment). The reference is a bidirectional
 *   model's CTC path, a stand-in for a forced alignment. Compute time per push is reported apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Recogniser } from '../../server/asr/recogniser.ts';
import { decodeWavTo16kMono } from '../../server/audio/wav.ts';
import { alignTokens, editDistance } from '../../server/metrics/align.ts';
import { parseScriptArgs } from '../script-args.ts';

const args = parseScriptArgs({
  model: { type: 'string' },
  'ref-model': { type: 'string' },
  manifest: { type: 'string' },
  limit: { type: 'string' },
  'push-ms': { type: 'string' },
  out: { type: 'string' },
});
if (!args.model) throw new Error('--model DIR is required');
const manifest = path.resolve(args.manifest ?? 'work-train/synth/test/manifest.jsonl');
const limit = Number(args.limit ?? 100);
const push = Math.round((Number(args['push-ms'] ?? 100) / 1000) * 16000);

const rows = fs.readFileSync(manifest, 'utf8').split('\n').filter(Boolean).slice(0, limit)
  .map((l) => JSON.parse(l) as { audio_filepath: string; text: string });
const rec = await Recogniser.load(args.model, { workers: 1 });
const ref = await Recogniser.load(args['ref-model'] ?? 'models/diktats-lv-synth-v2', { workers: 1, withVad: false });

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const words = (t: string): string[] => t.split(/\s+/).filter(Boolean);

/** Index pairs (i, j) of the words that one best alignment (server/metrics, as `diktats eval` aligns) matches. */
function matchedPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  for (const p of alignTokens(a, b).pairs) {
    if (p.op === 'C') pairs.push([i, j]);
    if (p.op !== 'I') i++;
    if (p.op !== 'D') j++;
  }
  return pairs;
}

const latencies: number[] = [];
const pushMs: number[] = [];
let shown = 0;
let changed = 0;
let shownStable = 0;
let changedStable = 0;
let refWords = 0;
let streamErrors = 0;
let wholeErrors = 0;
for (const row of rows) {
  const samples = decodeWavTo16kMono(new Uint8Array(fs.readFileSync(path.resolve(path.dirname(manifest), row.audio_filepath))));
  const refDecode = await ref.transcribe(samples, 'greedy');
  const whole = await rec.transcribe(samples, 'greedy');
  const stream = rec.createStream();
  const finals: string[] = [];
  /** per push: audio seconds pushed, the displayed words, how many of them come from the partial */
  const displays: { at: number; shown: string[]; partialFrom: number }[] = [];
  for (let i = 0; i < samples.length; i += push) {
    const t0 = performance.now();
    const r = await stream.push(samples.slice(i, i + push));
    pushMs.push(performance.now() - t0);
    finals.push(...r.finals.map((f) => f.text).filter(Boolean));
    const fixed = words(finals.join(' '));
    displays.push({ at: Math.min(samples.length, i + push) / 16000, shown: [...fixed, ...words(r.partial)], partialFrom: fixed.length });
  }
  const last = await stream.finish('eof');
  stream.close();
  if (last.text) finals.push(last.text);
  const final = words(finals.join(' '));
  displays.push({ at: samples.length / 16000, shown: final, partialFrom: final.length });
  // Each distinct (position, word) a partial showed; `settled`: it was shown with a word after it.
  const seen = new Map<string, { changed: boolean; settled: boolean }>();
  for (const d of displays) {
    for (let k = d.partialFrom; k < d.shown.length; k++) {
      const key = `${k}:${d.shown[k]}`;
      const e = seen.get(key) ?? { changed: final[k] !== d.shown[k], settled: false };
      e.settled ||= k < d.shown.length - 1;
      seen.set(key, e);
    }
  }
  for (const e of seen.values()) {
    shown++;
    changed += e.changed ? 1 : 0;
    if (e.settled) {
      shownStable++;
      changedStable += e.changed ? 1 : 0;
    }
  }
  for (const [k, j] of matchedPairs(final, refDecode.words.map((w) => w.word))) {
    const first = displays.find((d) => d.shown[k] === final[k]);
    if (first) latencies.push(first.at - refDecode.words[j]!.end);
  }
  const refText = words(row.text);
  refWords += refText.length;
  streamErrors += editDistance(refText, final);
  wholeErrors += editDistance(refText, words(whole.text));
}

const report = {
  date: new Date().toISOString(),
  model: rec.modelId,
  streaming: rec.spec.streaming ? 'stateful' : 'windowed',
  referenceAlignment: ref.modelId,
  manifest: path.relative(process.cwd(), manifest),
  utterances: rows.length,
  pushMs: push / 16,
  wer: { streaming: r3(streamErrors / refWords), wholeFile: r3(wholeErrors / refWords), referenceWords: refWords },
  partialStability: {
    shownWords: shown,
    changedLater: changed,
    changeRate: r3(changed / shown),
    shownWordsExceptLast: shownStable,
    changedLaterExceptLast: changedStable,
    changeRateExceptLast: r3(changedStable / shownStable),
  },
  emissionLatencySec: { p50: r3(pct(latencies, 50)), p95: r3(pct(latencies, 95)), mean: r3(latencies.reduce((a, b) => a + b, 0) / latencies.length), words: latencies.length },
  computePerPushMs: { p50: r3(pct(pushMs, 50)), p95: r3(pct(pushMs, 95)) },
};
console.log(JSON.stringify(report));
if (args.out) fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
await Promise.all([rec.close(), ref.close()]);
