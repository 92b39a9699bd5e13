/**
 * Whisper engine cost at a known model size, and an extrapolation to large-v3.
 *
 * Measures, with 1 and 2 onnxruntime threads: log-mel per 30 s window, encoder per window,
 * first decoder pass (4 prompt tokens + cross-attention K/V), and one decoder step per
 * token for 1 and 5 beams (KV gather included). Then scales to whisper-large-v3 by FLOPs
 * (encoder, cross K/V) and by decoder weight bytes (steps, which are memory-bound).
 *
 *   /usr/bin/python3 scripts/bench/export-scaled-whisper.py --shape tiny --out /tmp/whisper-tiny-shape
 *   node bin/run-ts.mjs scripts/bench/whisper-bench.ts --model /tmp/whisper-tiny-shape [--threads 1,2] [--steps 30]
 *
 * Prints a table and saves JSON under bench-results/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseScriptArgs } from '../script-args.ts';
import { WhisperLogMel } from '../../server/asr/whisper/log-mel.ts';
import { loadWhisperFiles } from '../../server/asr/whisper/whisper-files.ts';
import { WhisperOnnx } from '../../server/asr/whisper/whisper-onnx.ts';

interface Shape {
  readonly d: number;
  readonly encLayers: number;
  readonly decLayers: number;
  readonly ffn: number;
  readonly mels: number;
  readonly vocab: number;
}

const LARGE_V3: Shape = { d: 1280, encLayers: 32, decLayers: 32, ffn: 5120, mels: 128, vocab: 51866 };
const T = 1500;

/** FLOPs (2 per multiply-add) of one 30 s encoder pass. */
const encoderFlops = (s: Shape): number =>
  2 * s.mels * s.d * 3 * 3000 + 2 * s.d * s.d * 3 * T + s.encLayers * (8 * T * s.d * s.d + 4 * T * T * s.d + 4 * T * s.d * s.ffn);
/** Cross-attention keys/values of every decoder layer, computed once per window. */
const crossKvFlops = (s: Shape): number => s.decLayers * 4 * T * s.d * s.d;
/** Decoder weights read per step (float32 bytes): self + cross attention, MLP, output embedding. */
const decoderStepBytes = (s: Shape): number => 4 * (s.decLayers * (8 * s.d * s.d + 2 * s.d * s.ffn) + s.vocab * s.d);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
/** Process CPU milliseconds (all threads) as well as wall time: on a shared, loaded machine
 * CPU time with 1 thread is the better guess of the uncontended wall time. */
const cpuSamples: number[] = [];
const time = async (f: () => Promise<unknown>): Promise<number> => {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const c = process.cpuUsage(c0);
  cpuSamples.push((c.user + c.system) / 1000);
  return performance.now() - t0;
};
const lastCpu = (n: number): number => median(cpuSamples.slice(-n));

const args = parseScriptArgs({
  model: { type: 'string' },
  threads: { type: 'string' },
  steps: { type: 'string' },
  'tokens-per-sec': { type: 'string' },
  'utterance-sec': { type: 'string' },
  out: { type: 'string' },
});
const modelDir = args.model;
if (!modelDir) throw new Error('--model DIR is required (see the header for how to export one)');
const threadsList = (args.threads ?? '1,2').split(',').map(Number);
const steps = Number(args.steps ?? 30);

const files = await loadWhisperFiles(modelDir);
const cfg = JSON.parse(fs.readFileSync(path.join(modelDir, 'config.json'), 'utf8')) as Record<string, number>;
const shape: Shape = {
  d: cfg.d_model!, encLayers: cfg.encoder_layers!, decLayers: cfg.decoder_layers!, ffn: cfg.encoder_ffn_dim!,
  mels: cfg.num_mel_bins!, vocab: cfg.vocab_size!,
};
const samples = Float32Array.from({ length: 10 * 16000 }, (_, i) => 0.1 * Math.sin(i / 9) + 0.05 * Math.sin(i / 2.3));
const mel = new WhisperLogMel(files.numMelBins);
const melMs = median([0, 1, 2].map(() => {
  const t0 = performance.now();
  mel.compute(samples);
  return performance.now() - t0;
}));
const features = mel.compute(samples);

const runs = [];
for (const threads of threadsList) {
  const onnx = await WhisperOnnx.open(files, threads);
  const enc = await onnx.encode(features); // warm-up
  const encMs = median([await time(() => onnx.encode(features)), await time(() => onnx.encode(features)), await time(() => onnx.encode(features))]);
  const encCpuMs = lastCpu(3);
  const init = [files.ids.sot, files.ids.language, files.ids.transcribe, files.ids.noTimestamps];
  const firstMs = median([await time(() => onnx.start(enc, init)), await time(() => onnx.start(enc, init)), await time(() => onnx.start(enc, init))]);
  const firstCpuMs = lastCpu(3);
  const stepMs: Record<number, number> = {};
  const stepCpuMs: Record<number, number> = {};
  for (const beams of [1, 5]) {
    const { stepper } = await onnx.start(enc, init);
    const ts: number[] = [];
    for (let s = 0; s < steps; s++) {
      const parents = Array.from({ length: beams }, (_, b) => (s === 0 ? 0 : (b + s) % beams));
      ts.push(await time(() => stepper.step(new Array<number>(beams).fill(100 + s), parents)));
    }
    stepMs[beams] = median(ts.slice(2));
    stepCpuMs[beams] = lastCpu(steps - 2);
  }
  await onnx.release();
  runs.push({ threads, encoderMs: encMs, firstPassMs: firstMs, stepMs, cpu: { encoderMs: encCpuMs, firstPassMs: firstCpuMs, stepMs: stepCpuMs } });
}

const encRatio = encoderFlops(LARGE_V3) / encoderFlops(shape);
const stepRatio = decoderStepBytes(LARGE_V3) / decoderStepBytes(shape);
const tokensPerSec = Number(args['tokens-per-sec'] ?? 10);
const utteranceSec = Number(args['utterance-sec'] ?? 10);
const r0 = (x: number): number => Math.round(x);
console.log(`model ${modelDir}: d ${shape.d}, layers ${shape.encLayers}+${shape.decLayers}, vocab ${shape.vocab}; ${os.cpus().length} CPUs (${os.cpus()[0]?.model}), load average ${os.loadavg()[0]!.toFixed(1)}`);
console.log(`log-mel per 30 s window (${files.numMelBins} bins, TypeScript): ${r0(melMs)} ms`);
for (const r of runs) {
  console.log(`threads ${r.threads}: wall encoder ${r0(r.encoderMs)} ms/window, first pass ${r0(r.firstPassMs)} ms, step ${r.stepMs[1]!.toFixed(1)} ms (1 beam) / ${r.stepMs[5]!.toFixed(1)} ms (5 beams)`);
  console.log(`  process CPU: encoder ${r0(r.cpu.encoderMs)} ms (${(encoderFlops(shape) / r.cpu.encoderMs / 1e6).toFixed(1)} GFLOP per CPU-second), first pass ${r0(r.cpu.firstPassMs)} ms, step ${r.cpu.stepMs[1]!.toFixed(1)} / ${r.cpu.stepMs[5]!.toFixed(1)} ms`);
}
// Extrapolation to large-v3 from the 1-thread CPU times (the uncontended cost of one core):
// encoder and cross K/V by FLOPs at the measured GFLOP per CPU-second; decoder steps by
// weight bytes (memory-bound). Assumed scaling (not measured here): encoder GEMMs 0.8 x cores,
// steps 0.75 x min(cores, 4) (memory bandwidth); int8 halves encoder time and cuts steps to 0.3.
const one = runs.find((r) => r.threads === 1) ?? runs[0]!;
const gflopPerCpuSec = encoderFlops(shape) / one.cpu.encoderMs / 1e6;
const core = {
  encoderSec: (one.cpu.encoderMs * encRatio) / 1000,
  crossKvSec: crossKvFlops(LARGE_V3) / (gflopPerCpuSec * 1e9),
  stepSec: { 1: (one.cpu.stepMs[1]! * stepRatio) / 1000, 5: (one.cpu.stepMs[5]! * stepRatio) / 1000 } as Record<number, number>,
};
console.log(`large-v3 fp32 on one core: encoder ${core.encoderSec.toFixed(1)} s/window, cross K/V ${core.crossKvSec.toFixed(1)} s, step ${(core.stepSec[1]! * 1000).toFixed(0)} ms (greedy) / ${(core.stepSec[5]! * 1000).toFixed(0)} ms (beam 5)`);
const estimates: Record<string, number> = {};
for (const cores of [2, 16]) {
  for (const precision of ['fp32', 'int8'] as const) {
    for (const beams of [1, 5]) {
      const sEnc = 0.8 * cores;
      const sStep = 0.75 * Math.min(cores, 4);
      const q = precision === 'int8' ? { enc: 0.5, step: 0.3 } : { enc: 1, step: 1 };
      const sec = ((core.encoderSec + core.crossKvSec) * q.enc) / sEnc + (tokensPerSec * utteranceSec * core.stepSec[beams]! * q.step) / sStep + melMs / 1000;
      const rtf = sec / utteranceSec;
      estimates[`${cores}c-${precision}-beam${beams}`] = rtf;
      console.log(`  estimate ${cores} cores ${precision} ${beams === 1 ? 'greedy' : 'beam 5'}: ${utteranceSec} s utterance (${tokensPerSec * utteranceSec} tokens) in ${sec.toFixed(1)} s, RTF ${rtf.toFixed(2)}`);
    }
  }
}
fs.mkdirSync('bench-results', { recursive: true });
const out = args.out ?? path.join('bench-results', `whisper-bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
fs.writeFileSync(out, JSON.stringify({ model: modelDir, shape, cpus: os.cpus().length, loadAverage: os.loadavg()[0], melMs, runs, extrapolation: { to: 'whisper-large-v3', encRatio, stepRatio, tokensPerSec, utteranceSec, core, estimates } }, null, 2));
console.log(`saved ${out}`);
