/**
 * Effective GEMM throughput of onnxruntime-node on this machine, float32 and int8
 * (dynamic quantisation), with 1 and N intra-op threads. The docs' RTF estimates for
 * the real models are FLOPs per audio second divided by these figures.
 *
 *   /usr/bin/python3 scripts/bench/make_gemm_graphs.py
 *   node bin/run-ts.mjs scripts/bench/gemm-throughput.ts [--threads 1,2] [--frames 250]
 * Prints one JSON row per case and saves bench-results/gemm-throughput.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parseScriptArgs } from '../script-args.ts';
import { openSession } from '../../server/asr/onnx-session.ts';

const args = parseScriptArgs({ threads: { type: 'string' }, frames: { type: 'string' } });
const threadsList = (args.threads ?? `1,${os.cpus().length}`).split(',').map(Number);
const frames = Number(args.frames ?? 250); // 20 s at 12.5 encoder frames/s
const D = 1024;
const F = 4096;
const rows = [];
for (const kind of ['fp32', 'int8']) {
  for (const threads of threadsList) {
    const session = await openSession(`bench-results/gemm-${kind}.onnx`, threads);
    const x = new Float32Array(frames * D).map((_, i) => Math.sin(i));
    const times: number[] = [];
    for (let i = 0; i < 25; i++) {
      const t0 = performance.now();
      await session.run({ x: { type: 'float32', data: x, dims: [frames, D] } }, ['y']);
      if (i >= 5) times.push(performance.now() - t0);
    }
    await session.release();
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)]!;
    const gflops = (2 * frames * D * F) / (ms / 1000) / 1e9;
    const row = { kind, threads, frames, medianMs: Math.round(ms * 100) / 100, gflops: Math.round(gflops * 10) / 10 };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/gemm-throughput.json', JSON.stringify({ date: new Date().toISOString(), cpus: os.cpus().length, model: os.cpus()[0]?.model, rows }, null, 2) + '\n');
