/**
 * Streaming benchmark: real-time factor per stream, reply latency (audio frame
 * sent -> its partial/final received) with N concurrent real-time streams, and
 * the server's event-loop lag while it decodes.
 *
 * The server runs in this process; the clients run in a worker thread with its
 * own event loop, so the measured lag is the server's.
 *
 *   node bin/run-ts.mjs scripts/bench/stream-bench.ts [--streams 1,8] [--seconds 30]
 *        [--manifest test/fixtures/heldout-sample/manifest.jsonl] [--model DIR] [--out FILE.json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../../server/app.ts';
import { CLI_ACTOR } from '../../server/auth/auth-service.ts';
import { loadConfig } from '../../server/config.ts';
import { CONFIG_OPTIONS, configFlags } from '../../server/cli/serve-command.ts';
import { decodeWavTo16kMono } from '../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../server/audio/pcm.ts';
import { parseScriptArgs } from '../script-args.ts';

interface ClientReport {
  readonly latenciesMs: { partial: number[]; final: number[]; empty: number[] };
  readonly frames: number;
  readonly errors: number;
}

// Its own flags plus every `diktats serve` flag (--model, --workers, --stream-chunk-ms, …).
const args = parseScriptArgs({
  ...CONFIG_OPTIONS,
  manifest: { type: 'string' },
  streams: { type: 'string' },
  seconds: { type: 'string' },
  'chunk-ms': { type: 'string' },
  out: { type: 'string' },
});
const manifest = path.resolve(args.manifest ?? 'test/fixtures/heldout-sample/manifest.jsonl');
const streamsList = (args.streams ?? '1,8').split(',').map(Number);
const seconds = Number(args.seconds ?? 30);
const chunkMs = Number(args['chunk-ms'] ?? 100);

const pct = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const r1 = (x: number): number => Math.round(x * 10) / 10;

// Audio: the manifest's files joined with 1 s pauses, looped to `seconds`.
const rows = fs.readFileSync(manifest, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { audio_filepath: string });
const clips = rows.map((r) => decodeWavTo16kMono(new Uint8Array(fs.readFileSync(path.resolve(path.dirname(manifest), r.audio_filepath)))));
const pause = new Float32Array(16000);
const parts: Float32Array[] = [];
let total = 0;
for (let i = 0; total < seconds * 16000; i++) {
  const c = clips[i % clips.length]!;
  parts.push(c, pause);
  total += c.length + pause.length;
}
const audio = new Float32Array(total);
let o = 0;
for (const p of parts) {
  audio.set(p, o);
  o += p.length;
}
const pcm = float32ToPcm16(audio.subarray(0, seconds * 16000));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-bench-'));
const config = loadConfig({ ...process.env, PORT: '0', DIKTATS_DB: path.join(dir, 'bench.db'), LOG_LEVEL: 'warn' }, configFlags(args));
const app = await buildApp(config);
const recogniser = await app.asr.ready;
await app.listen({ host: '127.0.0.1', port: 0 });
const port = (app.server.address() as { port: number }).port;
// The clients connect as a vosk client of a clerk would: ?token= of an API token.
await app.auth.addUser({ name: 'bench', role: 'clerk', password: 'bench-password-1' }, CLI_ACTOR);
const token = app.auth.createToken('bench', null, CLI_ACTOR).token;
// Measure with the service as clerks meet it: the language model built and swapped in.
if (config.languageModel) {
  const t0 = performance.now();
  while (recogniser.decoder !== 'beam' && !app.languageModel.error && performance.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 200));
  await app.languageModel.idle();
}
console.log(`decoder for finals: ${recogniser.decoder}`);

// 1. Offline real-time factor, one stream at a time.
const rtfs: number[] = [];
for (const c of clips) {
  const t = await recogniser.transcribe(c);
  rtfs.push(t.processingMs / 1000 / t.audioSec);
}
const offline = { files: clips.length, rtfMedian: pct(rtfs, 50), rtfMax: Math.max(...rtfs) };
console.log(`offline RTF (whole-file decode, ${config.workers} workers): median ${offline.rtfMedian.toFixed(4)}, max ${offline.rtfMax.toFixed(4)}`);

// 2. Concurrent real-time streams.
const CLIENT = `
  const { parentPort, workerData } = require('node:worker_threads');
  const WebSocket = require(workerData.wsPath);
  const { url, pcm, chunkBytes, chunkMs, streams } = workerData;
  let done = 0; const reports = [];
  for (let s = 0; s < streams; s++) {
    const ws = new WebSocket(url);
    const sent = []; const lat = { partial: [], final: [], empty: [] }; let errors = 0; let got = 0;
    ws.on('open', () => {
      ws.send(JSON.stringify({ config: { sample_rate: 16000 } }));
      let i = 0; const t0 = performance.now() + s * (chunkMs / streams);
      const tick = () => {
        if (i * chunkBytes >= pcm.length) { ws.send('{"eof":1}'); return; }
        sent.push(performance.now());
        ws.send(pcm.subarray(i * chunkBytes, (i + 1) * chunkBytes)); i++;
        setTimeout(tick, Math.max(0, t0 + i * chunkMs - performance.now()));
      };
      setTimeout(tick, Math.max(0, t0 - performance.now()));
    });
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString()); const k = got++;
      if (k >= sent.length) return; // the eof reply
      const ms = performance.now() - sent[k];
      if (m.error) errors++;
      else if (m.text !== undefined) lat.final.push(ms);
      else if (m.partial) lat.partial.push(ms); else lat.empty.push(ms);
    });
    ws.on('close', () => { reports.push({ latenciesMs: lat, frames: sent.length, errors }); if (++done === streams) parentPort.postMessage(reports); });
  }
`;
const wsPath = require_resolve('ws');
const results: Record<string, unknown>[] = [];
for (const streams of streamsList) {
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const reports = await new Promise<ClientReport[]>((resolve, reject) => {
    const w = new Worker(CLIENT, {
      eval: true,
      workerData: { url: `ws://127.0.0.1:${port}/ws/asr?token=${encodeURIComponent(token)}`, pcm, chunkBytes: (16000 * 2 * chunkMs) / 1000, chunkMs, streams, wsPath },
    });
    w.once('message', resolve);
    w.once('error', reject);
  });
  const wallSec = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  lag.disable();
  const all = { partial: reports.flatMap((r) => r.latenciesMs.partial), final: reports.flatMap((r) => r.latenciesMs.final), empty: reports.flatMap((r) => r.latenciesMs.empty) };
  const row = {
    streams,
    audioSecPerStream: seconds,
    wallSec: r1(wallSec),
    frames: reports.reduce((n, r) => n + r.frames, 0),
    errors: reports.reduce((n, r) => n + r.errors, 0),
    partialLatencyMs: { p50: r1(pct(all.partial, 50)), p95: r1(pct(all.partial, 95)), n: all.partial.length },
    finalLatencyMs: { p50: r1(pct(all.final, 50)), p95: r1(pct(all.final, 95)), n: all.final.length },
    silenceReplyLatencyMs: { p50: r1(pct(all.empty, 50)), p95: r1(pct(all.empty, 95)), n: all.empty.length },
    eventLoopLagMs: { p50: r1(lag.percentile(50) / 1e6), p99: r1(lag.percentile(99) / 1e6), max: r1(lag.max / 1e6) },
    // Worker threads count in this process's CPU time: cores busy on recognition.
    serverCpuCores: Math.round(((cpu.user + cpu.system) / 1e6 / wallSec) * 100) / 100,
    rtfPerStream: Math.round(((cpu.user + cpu.system) / 1e6 / (seconds * streams)) * 10000) / 10000,
  };
  results.push(row);
  console.log(JSON.stringify(row));
}

const report = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version },
  model: recogniser.modelId,
  decoder: recogniser.decoder,
  workers: config.workers,
  chunkMs,
  streamWindowMs: { chunk: config.streamChunkMs, leftContext: config.streamLeftContextMs, rightContext: config.streamRightContextMs },
  offline,
  realtime: results,
};
if (args.out) fs.writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
await app.close();
fs.rmSync(dir, { recursive: true, force: true });

function require_resolve(name: string): string {
  return path.resolve('node_modules', name);
}
