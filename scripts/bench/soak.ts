/**
 * Load and soak benchmark: N vosk-protocol clients stream real-time speech for
 * M minutes while others upload WAVs to /api/transcribe and ask for pilot
 * reports. Prints, every minute, the server's RSS and event-loop lag and the
 * clients' partial/final reply latency; at the end p50/p95/p99 overall, RSS
 * growth after warm-up and lost utterances (finals expected but not received,
 * and finals received but not stored); saves everything as JSON.
 *
 * The server runs in this process (its lag and RSS are measured); the streaming
 * clients run in a worker thread with their own event loop. Clients sign in as
 * a clerk (streams, uploads) and a researcher (reports) with API tokens.
 *
 * Event-loop delay is also measured only while an upload is in flight and only
 * while a report is computed, and each side job records whether it ran wholly
 * inside the streaming window; the end prints PASS/FAIL per target of issue 12
 * (RSS growth ≤ 5 % after warm-up, partial p95 ≤ 250 ms, loop delay p99 ≤ 50 ms
 * during the big WAV and the report, 0 lost finals).
 *
 *   npm run bench:soak -- --streams 20 --minutes 30 [--uploaders 1 --upload-every-sec 20 --big-wav-mb 50]
 *        [--reporters 1 --report-every-sec 30 --pilot-rows 10000] [--warmup-min 5] [--out bench-results/soak.json]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHistogram, monitorEventLoopDelay, type RecordableHistogram } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { CONFIG_OPTIONS, configFlags } from '../../server/cli/serve-command.ts';
import { parseScriptArgs } from '../script-args.ts';
import { decodeWav, encodeWav16 } from '../../server/audio/wav.ts';
import { float32ToPcm16 } from '../../server/audio/pcm.ts';
import { insertRecords, type RawRecord } from '../../test/integration/pilot/insert-records.ts';
import { addRoleUsers } from '../../test/support/test-server.ts';

// Its own flags plus every `diktats serve` flag (--model, --workers, --lm, …).
const args = parseScriptArgs({
  ...CONFIG_OPTIONS,
  streams: { type: 'string' },
  minutes: { type: 'string' },
  uploaders: { type: 'string' },
  'upload-every-sec': { type: 'string' },
  'big-wav-mb': { type: 'string' },
  reporters: { type: 'string' },
  'report-every-sec': { type: 'string' },
  'pilot-rows': { type: 'string' },
  'warmup-min': { type: 'string' },
  out: { type: 'string' },
});
const flags = configFlags(args);
const num = (name: keyof typeof args, fallback: number): number => Number(args[name] ?? fallback);
const streams = num('streams', 20);
const minutes = num('minutes', 3);
const uploaders = num('uploaders', 1);
const uploadEverySec = num('upload-every-sec', 20);
const bigWavMb = num('big-wav-mb', 0);
const reporters = num('reporters', 1);
const reportEverySec = num('report-every-sec', 30);
const pilotRows = num('pilot-rows', 10_000);
// RSS growth is measured from the end of the warm-up (default: 5 min of a 30-min run, at least the first minute)
const warmupMin = num('warmup-min', Math.max(1, Math.min(5, Math.floor(minutes / 6))));
const out = args.out ?? `bench-results/soak-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;

const pct = (xs: readonly number[], p: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]! * 10) / 10;
};
const mb = (b: number): number => Math.round(b / 1024 / 1024);

// Audio: the committed 19 s fixture (three utterances with pauses), looped by each client.
const fixture = path.resolve('test/fixtures/audio/stream-lv.wav');
const speech = decodeWav(new Uint8Array(fs.readFileSync(fixture))).samples;
const pcm = float32ToPcm16(speech);
const UTTERANCES_PER_LOOP = 3;
const starts = utteranceStarts(speech);
const uploadWav = bigWavMb > 0 ? bigWav(bigWavMb) : new Uint8Array(fs.readFileSync(fixture));
const uploadBytes = uploadWav.length;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-soak-'));
const config = loadConfig(
  {
    DIKTATS_MAX_STREAMS: String(Math.max(64, streams)),
    DIKTATS_MAX_STREAMS_PER_USER: String(Math.max(32, streams)),
    DIKTATS_MAX_SOCKETS: String(Math.max(256, streams * 2)),
    DIKTATS_MAX_SOCKETS_PER_USER: String(Math.max(32, streams + 4)),
    ...process.env, PORT: '0', DIKTATS_DB: path.join(dir, 'soak.db'), LOG_LEVEL: 'warn' },
  flags,
);
const app = await buildApp(config);
const recogniser = await app.asr.ready;
const tokens = await addRoleUsers(app);
await app.listen({ host: '127.0.0.1', port: 0 });
const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
if (config.languageModel) {
  const t0 = performance.now();
  while (recogniser.decoder !== 'beam' && app.languageModel.phase !== 'failed' && performance.now() - t0 < 180_000) await new Promise((r) => setTimeout(r, 500));
}
if (pilotRows > 0) insertRecords(app.storage.db, pilotRowsOf(pilotRows));
console.log(`soak: ${streams} streams × ${minutes} min, ${uploaders} uploader(s) every ${uploadEverySec} s (${mb(uploadBytes)} MB WAV), ${reporters} reporter(s) every ${reportEverySec} s over ${pilotRows} pilot rows; finals: ${recogniser.decoder}; ${config.workers} inference workers (isolation: ${config.workerIsolation}); ${os.cpus().length} CPUs (shared machine: figures vary with other load)`);

const CLIENT = `
  const { parentPort, workerData } = require('node:worker_threads');
  const WebSocket = require(workerData.wsPath);
  const { url, pcm, chunkBytes, chunkMs, streams, endAt } = workerData;
  const stats = Array.from({ length: streams }, () => ({ frames: 0, sentBytes: 0, replies: 0, finals: 0, errors: {}, notStored: 0, closed: null }));
  let lat = { partial: [], final: [] };
  setInterval(() => { parentPort.postMessage({ type: 'minute', lat }); lat = { partial: [], final: [] }; }, 60000);
  let done = 0;
  // the fixture looped without a gap: chunk i is bytes [i·chunk, (i+1)·chunk) of pcm repeated
  const chunkAt = (i) => {
    const out = new Uint8Array(chunkBytes);
    let filled = 0, off = (i * chunkBytes) % pcm.length;
    while (filled < chunkBytes) { const n = Math.min(chunkBytes - filled, pcm.length - off); out.set(pcm.subarray(off, off + n), filled); filled += n; off = 0; }
    return out;
  };
  for (let s = 0; s < streams; s++) {
    const ws = new WebSocket(url); const st = stats[s]; const sent = [];
    ws.on('open', () => {
      let i = 0; const t0 = performance.now() + s * (chunkMs / streams);
      const tick = () => {
        if (Date.now() >= endAt) { ws.send('{"eof":1}'); return; }
        sent.push(performance.now()); st.frames++; st.sentBytes += chunkBytes;
        ws.send(chunkAt(i)); i++;
        setTimeout(tick, Math.max(0, t0 + i * chunkMs - performance.now()));
      };
      setTimeout(tick, Math.max(0, t0 - performance.now()));
    });
    ws.on('message', (d) => {
      const m = JSON.parse(d.toString());
      if (m.error) { st.errors[m.error.code] = (st.errors[m.error.code] || 0) + 1; }
      if (m.text !== undefined && m.text !== '') st.finals++;
      for (const u of (m.diktats && m.diktats.utterances) || []) if (u.notStored) st.notStored++;
      const k = st.replies++;
      if (k >= sent.length) return; // the eof reply
      const ms = performance.now() - sent[k];
      if (m.text !== undefined) lat.final.push(ms); else if (m.partial) lat.partial.push(ms);
    });
    ws.on('error', (e) => { st.errors['socket:' + e.message] = (st.errors['socket:' + e.message] || 0) + 1; });
    ws.on('close', (code) => { st.closed = code; if (++done === streams) { parentPort.postMessage({ type: 'minute', lat }); parentPort.postMessage({ type: 'done', stats }); } });
  }
`;

const lag = monitorEventLoopDelay({ resolution: 5 });
lag.enable();
const allLag = monitorEventLoopDelay({ resolution: 5 });
allLag.enable();
const startedAt = Date.now();
const endAt = startedAt + minutes * 60_000;
const perMinute: Record<string, unknown>[] = [];
const allLat = { partial: [] as number[], final: [] as number[] };
const side = { uploads: 0, uploadErrors: {} as Record<string, number>, uploadMs: [] as number[], reports: 0, reportErrors: {} as Record<string, number>, reportMs: [] as number[] };
/** each side job's window, relative to the start of streaming (s) */
const jobs: { kind: 'upload' | 'report'; startSec: number; endSec: number; status: number; ms: number }[] = [];
// Event-loop delay only while an upload (the big WAV) is in flight, and only while a report is computed:
// a 10 ms timer of our own (monitorEventLoopDelay counts the time it was disabled as one long delay).
const during = { upload: createHistogram(), report: createHistogram() };
const inFlight = { upload: 0, report: 0 };
/** every delay over 200 ms, when, and what ran then */
const stalls: { atSec: number; ms: number; uploads: number; reports: number }[] = [];
const TICK_MS = 10;
let streaming = true;
let lastTick = performance.now();
const sampler = setInterval(() => {
  const now = performance.now();
  const delayMs = Math.max(0, now - lastTick - TICK_MS);
  lastTick = now;
  const ns = Math.max(1, Math.round(delayMs * 1e6));
  // only while the streams run: the targets are for 20 live streams
  if (streaming && inFlight.upload > 0) during.upload.record(ns);
  if (streaming && inFlight.report > 0) during.report.record(ns);
  if (delayMs > 200) stalls.push({ atSec: Math.round((Date.now() - startedAt) / 100) / 10, ms: Math.round(delayMs), uploads: inFlight.upload, reports: inFlight.report });
}, TICK_MS);
// Uploads and reports are sent from a worker thread of their own, so the 50 MB request body is not
// written on the server's event loop; it tells the start and the end of each job.
const SIDE = `
  const { parentPort, workerData } = require('node:worker_threads');
  const { base, tokens, uploadWav, uploaders, uploadEverySec, reporters, reportEverySec, endAt } = workerData;
  async function every(sec, job) {
    while (Date.now() + sec * 1000 < endAt) { await new Promise((r) => setTimeout(r, sec * 1000)); await job().catch(() => undefined); }
  }
  async function job(kind, call) {
    parentPort.postMessage({ type: 'start', kind });
    const t0 = performance.now(); let status = 0;
    try { const res = await call(); await res.arrayBuffer(); status = res.status; }
    finally { parentPort.postMessage({ type: 'end', kind, status, ms: performance.now() - t0 }); }
  }
  const loops = [];
  for (let u = 0; u < uploaders; u++) loops.push(every(uploadEverySec, () => job('upload', () =>
    fetch(base + '/api/transcribe', { method: 'POST', headers: { 'content-type': 'audio/wav', authorization: 'Bearer ' + tokens.clerk }, body: new Blob([uploadWav]) }))));
  for (let r = 0; r < reporters; r++) loops.push(every(reportEverySec, () => job('report', () =>
    fetch(base + '/api/pilot/report?resamples=20000', { headers: { authorization: 'Bearer ' + tokens.researcher } }))));
  Promise.all(loops).then(() => parentPort.postMessage({ type: 'done' }));
`;
const started: Record<'upload' | 'report', number[]> = { upload: [], report: [] };
const sideDone = new Promise<void>((resolve, reject) => {
  const w = new Worker(SIDE, { eval: true, workerData: { base, tokens, uploadWav, uploaders, uploadEverySec, reporters, reportEverySec, endAt } });
  w.on('message', (m: { type: string; kind: 'upload' | 'report'; status: number; ms: number }) => {
    if (m.type === 'start') {
      inFlight[m.kind]++;
      started[m.kind].push(Date.now());
    } else if (m.type === 'end') {
      inFlight[m.kind]--;
      const startSec = (started[m.kind].shift()! - startedAt) / 1000;
      jobs.push({ kind: m.kind, startSec: Math.round(startSec), endSec: Math.round((Date.now() - startedAt) / 1000), status: m.status, ms: Math.round(m.ms) });
      const ok = m.status >= 200 && m.status < 300;
      if (m.kind === 'upload') {
        if (ok) { side.uploads++; side.uploadMs.push(m.ms); } else side.uploadErrors[m.status] = (side.uploadErrors[m.status] ?? 0) + 1;
      } else if (ok) { side.reports++; side.reportMs.push(m.ms); } else side.reportErrors[m.status] = (side.reportErrors[m.status] ?? 0) + 1;
    } else if (m.type === 'done') {
      void w.terminate();
      resolve();
    }
  });
  w.once('error', reject);
});

const clientStats = await new Promise<{ frames: number; sentBytes: number; replies: number; finals: number; errors: Record<string, number>; notStored: number; closed: number | null }[]>((resolve, reject) => {
  const w = new Worker(CLIENT, {
    eval: true,
    workerData: { url: `${base.replace('http', 'ws')}/ws/asr?token=${encodeURIComponent(tokens.clerk)}`, pcm, chunkBytes: 6400, chunkMs: 200, streams, endAt, wsPath: path.resolve('node_modules/ws') },
  });
  w.on('message', (m: { type: string; lat?: { partial: number[]; final: number[] }; stats?: never }) => {
    if (m.type === 'minute' && m.lat) {
      allLat.partial.push(...m.lat.partial);
      allLat.final.push(...m.lat.final);
      const row = {
        minute: perMinute.length + 1,
        // with DIKTATS_WORKER_ISOLATION=process the inference workers are processes of their own: counted in
        rssMb: mb(process.memoryUsage().rss + workerProcessesRss(recogniser.workers.pids)),
        ...(config.workerIsolation === 'process' ? { serverRssMb: mb(process.memoryUsage().rss), workerRssMb: recogniser.workers.pids.map((p) => mb(workerProcessesRss([p]))) } : {}),
        eventLoopLagMs: { p50: Math.round(lag.percentile(50) / 1e5) / 10, p99: Math.round(lag.percentile(99) / 1e5) / 10, max: Math.round(lag.max / 1e5) / 10 },
        partialMs: { p50: pct(m.lat.partial, 50), p95: pct(m.lat.partial, 95), p99: pct(m.lat.partial, 99), n: m.lat.partial.length },
        finalMs: { p50: pct(m.lat.final, 50), p95: pct(m.lat.final, 95), p99: pct(m.lat.final, 99), n: m.lat.final.length },
        workers: recogniser.workers,
      };
      lag.reset();
      perMinute.push(row);
      console.log(JSON.stringify(row));
    } else if (m.type === 'done') {
      w.terminate();
      resolve(m.stats!);
    }
  });
  w.once('error', reject);
});
const streamingEndSec = (Date.now() - startedAt) / 1000;
streaming = false;
await sideDone;
allLag.disable();
clearInterval(sampler);

const received = clientStats.reduce((n, s) => n + s.finals, 0);
// every utterance whose first half second was sent must come back as a final (eof flushes the last one)
const expectedOf = (sentBytes: number): number => {
  const loopsDone = Math.floor(sentBytes / pcm.length);
  const rest = (sentBytes % pcm.length) / 2;
  return loopsDone * UTTERANCES_PER_LOOP + starts.filter((st) => st + 8000 <= rest).length;
};
const expected = clientStats.reduce((n, s) => n + expectedOf(s.sentBytes), 0);
const stored = app.storage.db.prepare("SELECT COUNT(*) FROM utterances WHERE text <> ''").pluck().get() as number;
const rss = perMinute.map((r) => r.rssMb as number);
const summary = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg(), note: 'shared machine: other jobs ran at the same time' },
  settings: { streams, minutes, uploaders, uploadEverySec, uploadWavMb: mb(uploadBytes), reporters, reportEverySec, pilotRows, workers: config.workers, workerIsolation: config.workerIsolation, decoder: recogniser.decoder, model: recogniser.modelId },
  partialMs: { p50: pct(allLat.partial, 50), p95: pct(allLat.partial, 95), p99: pct(allLat.partial, 99), n: allLat.partial.length },
  finalMs: { p50: pct(allLat.final, 50), p95: pct(allLat.final, 95), p99: pct(allLat.final, 99), n: allLat.final.length },
  eventLoopLagMs: { p50: Math.round(allLag.percentile(50) / 1e5) / 10, p99: Math.round(allLag.percentile(99) / 1e5) / 10, max: Math.round(allLag.max / 1e5) / 10 },
  // RSS swings by a few hundred MB as 50 MB uploads come and go, so growth compares the median of
  // the first minutes after the warm-up with the median of the last ones (up to 3 minutes each)
  rssMb: rssGrowth(rss),
  eventLoopLagDuringUploadMs: lagOf(during.upload),
  eventLoopLagDuringReportMs: lagOf(during.report),
  streamingSec: Math.round(streamingEndSec),
  sideJobs: jobs.map((j) => ({ ...j, insideStreaming: j.endSec <= streamingEndSec })),
  stallsOver200Ms: stalls,
  utterances: {
    expected,
    received,
    stored,
    notStored: clientStats.reduce((n, s) => n + s.notStored, 0),
    lost: Math.max(0, expected - received) + Math.max(0, received - stored),
  },
  streamErrors: clientStats.reduce<Record<string, number>>((acc, s) => {
    for (const [k, v] of Object.entries(s.errors)) acc[k] = (acc[k] ?? 0) + v;
    return acc;
  }, {}),
  closeCodes: clientStats.map((s) => s.closed),
  uploads: { done: side.uploads, errors: side.uploadErrors, ms: { p50: pct(side.uploadMs, 50), p95: pct(side.uploadMs, 95) } },
  reports: { done: side.reports, errors: side.reportErrors, ms: { p50: pct(side.reportMs, 50), p95: pct(side.reportMs, 95) } },
  workers: recogniser.workers,
  perMinute,
};
const verdicts = targets();
console.log(JSON.stringify({ ...summary, perMinute: undefined }, null, 2));
console.log('\nissue 12 targets:');
for (const v of verdicts) console.log(`  ${v.pass === null ? 'NOT MEASURED' : v.pass ? 'PASS' : 'FAIL'}  ${v.target}: ${v.measured}`);
Object.assign(summary, { targets: verdicts });
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
console.log(`saved ${out}`);
await app.close();
fs.rmSync(dir, { recursive: true, force: true });

/** Resident bytes of the worker processes (Linux /proc; 0 for threads, whose memory is the server's). */
function workerProcessesRss(pids: readonly (number | null)[]): number {
  let bytes = 0;
  for (const pid of pids) {
    if (pid === null || pid === process.pid) continue;
    try {
      const pages = Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
      bytes += pages * 4096;
    } catch {
      // the worker is being respawned
    }
  }
  return bytes;
}

function rssGrowth(rss: readonly number[]) {
  const after = rss.slice(warmupMin - 1);
  const k = Math.min(3, Math.floor(after.length / 2));
  const med = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const first = k > 0 ? med(after.slice(0, k)) : null;
  const last = k > 0 ? med(after.slice(-k)) : null;
  return {
    warmupMin,
    comparedMinutes: k,
    afterWarmUp: first,
    last,
    maxAfterWarmUp: after.length > 0 ? Math.max(...after) : null,
    growthPct: first !== null && last !== null ? Math.round(((last - first) / first) * 1000) / 10 : null,
  };
}

function lagOf(h: RecordableHistogram): { p50: number; p99: number; max: number; samples: number } | null {
  if (h.count === 0) return null;
  return { p50: Math.round(h.percentile(50) / 1e5) / 10, p99: Math.round(h.percentile(99) / 1e5) / 10, max: Math.round(h.max / 1e5) / 10, samples: h.count };
}

function targets(): { target: string; pass: boolean | null; measured: string }[] {
  // jobs that ran (at least partly) while the streams did; the delay histograms hold only that time
  const uploadsInside = summary.sideJobs.filter((j) => j.kind === 'upload' && j.status === 200 && j.startSec < streamingEndSec).length;
  const reportsInside = summary.sideJobs.filter((j) => j.kind === 'report' && j.status === 200 && j.startSec < streamingEndSec).length;
  const lagU = summary.eventLoopLagDuringUploadMs;
  const lagR = summary.eventLoopLagDuringReportMs;
  const g = summary.rssMb.growthPct;
  const p95 = summary.partialMs.p95;
  return [
    {
      target: `RSS growth ≤ 5 % after a ${warmupMin}-min warm-up`,
      pass: g === null ? null : g <= 5,
      measured: g === null ? 'too few minutes' : `${g} % (median of ${summary.rssMb.comparedMinutes} min: ${summary.rssMb.afterWarmUp} → ${summary.rssMb.last} MB; max ${summary.rssMb.maxAfterWarmUp} MB)`,
    },
    { target: 'partial p95 ≤ 250 ms', pass: p95 === null ? null : p95 <= 250, measured: `${p95} ms (n = ${summary.partialMs.n})` },
    {
      target: `event-loop delay p99 ≤ 50 ms while the ${mb(uploadBytes)} MB WAV is transcribed`,
      pass: lagU === null || uploadsInside === 0 ? null : lagU.p99 <= 50,
      measured: lagU === null ? 'no upload ran' : `p99 ${lagU.p99} ms, max ${lagU.max} ms; ${uploadsInside} upload(s) ran during the streaming (${summary.sideJobs.filter((j) => j.kind === 'upload' && j.insideStreaming).length} wholly), ${summary.sideJobs.filter((j) => j.kind === 'upload').length} in all`,
    },
    {
      target: `event-loop delay p99 ≤ 50 ms while the ${pilotRows}-row report is computed`,
      pass: lagR === null || reportsInside === 0 ? null : lagR.p99 <= 50,
      measured: lagR === null ? 'no report ran' : `p99 ${lagR.p99} ms, max ${lagR.max} ms; ${reportsInside} report(s) ran during the streaming, report p50 ${summary.reports.ms.p50} ms`,
    },
    { target: '0 lost finals', pass: summary.utterances.lost === 0, measured: `${summary.utterances.lost} lost (expected ${summary.utterances.expected}, received ${summary.utterances.received}, stored ${summary.utterances.stored}, not stored ${summary.utterances.notStored})` },
  ];
}

/** Where each utterance of the fixture starts (samples): speech runs of 20 ms frames apart by ≥ 0.6 s of quiet. */
function utteranceStarts(x: Float32Array): number[] {
  const frame = 320;
  const rms: number[] = [];
  for (let i = 0; i + frame <= x.length; i += frame) {
    let e = 0;
    for (let j = i; j < i + frame; j++) e += x[j]! * x[j]!;
    rms.push(Math.sqrt(e / frame));
  }
  const loud = Math.max(...rms) * 0.1;
  const out: number[] = [];
  let quiet = Infinity;
  rms.forEach((r, f) => {
    if (r >= loud) {
      if (quiet >= 30) out.push(f * frame);
      quiet = 0;
    } else quiet++;
  });
  if (out.length !== UTTERANCES_PER_LOOP) throw new Error(`the fixture should hold ${UTTERANCES_PER_LOOP} utterances; found ${out.length} speech runs`);
  return out;
}


/** A `sizeMb` 8 kHz WAV of the fixture looped (the upload that blocked the loop for ~34 s when decoded on the main thread). */
function bigWav(sizeMb: number): Uint8Array {
  const narrow = new Float32Array(Math.floor((speech.length * 8000) / 16000));
  for (let i = 0; i < narrow.length; i++) narrow[i] = speech[i * 2]!;
  // just under sizeMb MiB with its header, so it fits the default DIKTATS_MAX_UPLOAD_BYTES of 50 MiB
  const samples = new Float32Array(Math.floor((sizeMb * 1024 * 1024 - 4096) / 2));
  for (let i = 0; i < samples.length; i += narrow.length) samples.set(narrow.subarray(0, Math.min(narrow.length, samples.length - i)), i);
  return encodeWav16(samples, 8000);
}

function pilotRowsOf(n: number): RawRecord[] {
  return Array.from({ length: n }, (_, i) => {
    const mode = i % 2 === 0 ? 'dictation' : 'manual';
    const openedAt = new Date(Date.UTC(2026, 10, 2, 8) + i * 60_000).toISOString();
    const activeMs = (mode === 'dictation' ? 150_000 : 420_000) + ((i * 7919) % 120_000);
    return { mode, template: 'majokla-pabalsts', openedAt, firstInputAt: openedAt, savedAt: new Date(Date.parse(openedAt) + activeMs).toISOString(), activeMs, keystrokes: 100, edits: 3 };
  });
}
