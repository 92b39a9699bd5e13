/**
 * Worker isolation benchmark: the inference workers as threads vs child processes
 * (DIKTATS_WORKER_ISOLATION). Per job, the round trip (request → reply in this process)
 * and the worker's own time (its reply's `ms`), so the transport's share is their difference:
 *
 * - `infer`: one streaming decode of the bundled model on the default window
 *   (left 1280 + chunk 480 + right 640 ms = 2.4 s of speech), sent every 480 ms of audio;
 * - `vad`: Silero VAD on one 200 ms frame (what a vosk client sends), every frame.
 *
 * Jobs run one at a time on one worker (latency, not throughput). Modes alternate in
 * blocks so that other load on the machine falls on both alike. Also: start-up time
 * and resident memory of each mode (threads: the growth of this process; processes:
 * this process's growth plus the workers' own).
 *
 *   node bin/run-ts.mjs scripts/bench/worker-isolation.ts [--model DIR] [--jobs 200] [--out FILE.json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeWav } from '../../server/audio/wav.ts';
import { loadModelSpec } from '../../server/asr/model-spec.ts';
import { sileroModelPath } from '../../server/asr/recogniser.ts';
import { WorkerPool } from '../../server/asr/worker-pool.ts';
import { VAD_STATE_SIZE } from '../../server/asr/worker-messages.ts';
import { DEFAULT_MODEL_DIR, PROJECT_ROOT } from '../../server/config.ts';
import type { Isolation } from '../../server/workers/worker-handle.ts';
import { parseScriptArgs } from '../script-args.ts';

const args = parseScriptArgs({ model: { type: 'string' }, jobs: { type: 'string' }, out: { type: 'string' } });
const modelDir = path.resolve(args.model ?? DEFAULT_MODEL_DIR);
const jobsPerKind = Number(args.jobs ?? 200);
const BLOCK = 20;
const WARMUP = 10;
const WINDOW_MS = 1280 + 480 + 640;
const FRAME_MS = 200;
const MODES: readonly Isolation[] = ['thread', 'process'];

const speech = decodeWav(new Uint8Array(fs.readFileSync(path.join(PROJECT_ROOT, 'test/fixtures/audio/stream-lv.wav')))).samples;
const spec = await loadModelSpec(modelDir);
const vadModelPath = sileroModelPath();

/** resident memory of a process, in MiB, from /proc (Linux; null elsewhere) */
function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}
const selfRssMiB = (): number => process.memoryUsage().rss / 2 ** 20;
const settle = async (): Promise<void> => {
  (globalThis as { gc?: () => void }).gc?.();
  await new Promise((r) => setTimeout(r, 500));
};

function summary(values: readonly number[]): { median: number; p95: number; mean: number; n: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  const round = (x: number): number => Math.round(x * 100) / 100;
  return { median: round(at(0.5)), p95: round(at(0.95)), mean: round(s.reduce((a, b) => a + b, 0) / s.length), n: s.length };
}

interface Sample {
  roundTripMs: number;
  workerMs: number;
}

let cursor = 0;
/** the next window of the speech fixture, `ms` long (wrapping round) */
function window(ms: number): Float32Array {
  const n = (ms * 16_000) / 1000;
  if (cursor + n > speech.length) cursor = 0;
  const w = speech.slice(cursor, cursor + n);
  cursor += (FRAME_MS * 16_000) / 1000;
  return w;
}

async function timeJob(pool: WorkerPool, kind: 'infer' | 'vad'): Promise<Sample> {
  if (kind === 'infer') {
    const samples = window(WINDOW_MS);
    const t0 = performance.now();
    const r = await pool.infer(samples, 'bench');
    return { roundTripMs: performance.now() - t0, workerMs: r.ms };
  }
  const samples = window(FRAME_MS);
  const t0 = performance.now();
  const r = await pool.vad(samples, new Float32Array(VAD_STATE_SIZE), 'bench');
  return { roundTripMs: performance.now() - t0, workerMs: r.ms };
}

// Start-up and memory, one mode at a time (processes first: a closed thread's memory may stay in this process).
const memory: Record<string, unknown> = {};
const pools = new Map<Isolation, WorkerPool>();
await settle();
const baseRss = selfRssMiB();
for (const mode of ['process', 'thread'] as const) {
  const before = selfRssMiB();
  const t0 = performance.now();
  const pool = await WorkerPool.start(spec, { workers: 1, threadsPerWorker: 1, maxQueued: 16, vadModelPath, isolation: mode });
  const startMs = performance.now() - t0;
  for (let i = 0; i < WARMUP; i++) await timeJob(pool, 'infer');
  await settle();
  const pid = pool.stats.pids[0];
  const child = pid ? rssMiB(pid) : null;
  const parentGrowth = selfRssMiB() - before;
  memory[mode] = {
    startMs: Math.round(startMs),
    parentRssGrowthMiB: Math.round(parentGrowth),
    workerProcessRssMiB: child === null ? null : Math.round(child),
    totalMiB: Math.round(parentGrowth + (child ?? 0)),
  };
  pools.set(mode, pool);
}

const samples: Record<Isolation, Record<'infer' | 'vad', Sample[]>> = { thread: { infer: [], vad: [] }, process: { infer: [], vad: [] } };
for (const mode of MODES) for (let i = 0; i < WARMUP; i++) await timeJob(pools.get(mode)!, 'vad');
for (let done = 0; done < jobsPerKind; done += BLOCK) {
  for (const mode of done % (2 * BLOCK) === 0 ? MODES : [...MODES].reverse()) {
    for (const kind of ['infer', 'vad'] as const) {
      for (let i = 0; i < Math.min(BLOCK, jobsPerKind - done); i++) samples[mode][kind].push(await timeJob(pools.get(mode)!, kind));
    }
  }
}
for (const pool of pools.values()) await pool.close();

const results: Record<string, unknown> = {};
for (const mode of MODES) {
  for (const kind of ['infer', 'vad'] as const) {
    const s = samples[mode][kind];
    results[`${mode}/${kind}`] = {
      roundTripMs: summary(s.map((x) => x.roundTripMs)),
      workerMs: summary(s.map((x) => x.workerMs)),
      transportMs: summary(s.map((x) => x.roundTripMs - x.workerMs)),
    };
  }
}

const report = {
  script: 'scripts/bench/worker-isolation.ts',
  date: new Date().toISOString(),
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? null,
  loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  model: spec.id,
  jobs: { perKindAndMode: jobsPerKind, block: BLOCK, warmup: WARMUP, inferWindowMs: WINDOW_MS, vadFrameMs: FRAME_MS },
  baseRssMiB: Math.round(baseRss),
  memory,
  results,
};
console.log('mode/job          round trip median / p95 ms   worker median ms   transport median / p95 ms');
for (const [key, r] of Object.entries(results) as [string, { roundTripMs: { median: number; p95: number }; workerMs: { median: number }; transportMs: { median: number; p95: number } }][]) {
  console.log(`${key.padEnd(18)}${`${r.roundTripMs.median} / ${r.roundTripMs.p95}`.padEnd(29)}${String(r.workerMs.median).padEnd(19)}${r.transportMs.median} / ${r.transportMs.p95}`);
}
console.log('start-up and memory:', JSON.stringify(memory));
console.log('load average (1, 5, 15 min):', report.loadAverage.join(', '));
const out = path.resolve(args.out ?? path.join(PROJECT_ROOT, 'bench-results', `worker-isolation-${report.date.slice(0, 10)}.json`));
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
console.log(`saved ${path.relative(process.cwd(), out)}`);
