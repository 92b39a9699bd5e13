/**
 * Where a big pilot report spends its time: loads N saved records into a fresh
 * database (realistic rows: ten field values, recognised values and a latency
 * histogram on dictated rows, several users and templates), then times each step
 * of GET /api/pilot/report separately and the whole route through the app, and
 * samples the main thread's event-loop delay while the route runs. Prints figures.
 *
 *   node bin/run-ts.mjs scripts/bench/pilot-report-bench.ts [--rows 10000] [--resamples 20000]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { serialize } from 'node:v8';
import { openDatabase } from '../../server/storage/database.ts';
import { createPilotRepository } from '../../server/storage/pilot-repository.ts';
import { buildPilotReport } from '../../server/pilot/report.ts';
import { LatencyHistogram } from '../../server/pilot/latency-histogram.ts';
import { insertRecords, type RawRecord } from '../../test/integration/pilot/insert-records.ts';

const { values: args } = parseArgs({ options: { rows: { type: 'string' }, resamples: { type: 'string' } } });
const n = Number(args.rows ?? 10_000);
const resamples = Number(args.resamples ?? 20_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-pilot-bench-'));
const dbPath = path.join(dir, 'bench.db');
const db = openDatabase(dbPath);
for (let u = 2; u <= 5; u++) db.prepare(`INSERT INTO users (id, name, role, created_at) VALUES (?, ?, 'clerk', '2026-11-01T00:00:00Z')`).run(u, `klerks${u}`);

const records: RawRecord[] = Array.from({ length: n }, (_, i) => {
  const mode = i % 2 === 0 ? 'dictation' : 'manual';
  const openedAt = new Date(Date.UTC(2026, 10, 2, 8) + i * 60_000).toISOString();
  const activeMs = (mode === 'dictation' ? 150_000 : 420_000) + ((i * 7919) % 120_000);
  const fields: Record<string, string> = {};
  for (let f = 0; f < 10; f++) fields[`lauks${f}`] = `vērtība ${i} numur ${f} ar dažiem vārdiem`;
  const recognised = mode === 'dictation' ? { ...fields, lauks0: `vertiba ${i} numurs 0 ar dažiem vārdiem` } : null;
  let latency: Record<string, unknown> | null = null;
  if (mode === 'dictation') {
    const h = new LatencyHistogram();
    for (let k = 0; k < 200; k++) h.add(80 + ((i * 31 + k * 17) % 400));
    latency = h.toJSON() as unknown as Record<string, unknown>;
  }
  return { mode, template: i % 3 === 0 ? 'majokla-pabalsts' : 'iesniegums', userId: 1 + (i % 5), openedAt, firstInputAt: openedAt, savedAt: new Date(Date.parse(openedAt) + activeMs).toISOString(), activeMs, keystrokes: 100, edits: 3, fields, recognised, audioSec: mode === 'dictation' ? 60 : null, processingMs: mode === 'dictation' ? 9000 : null, latency: latency as Record<string, number> | null };
});
insertRecords(db, records);
const repo = createPilotRepository(db);

const time = <T>(label: string, f: () => T): T => {
  const t0 = performance.now();
  const out = f();
  console.log(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(1).padStart(9)} ms`);
  return out;
};
console.log(`${n} saved records, ${resamples} resamples, ${os.cpus().length} CPUs, load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const rows = time('load rows (savedRows)', () => repo.savedRows({}));
const options = { basis: 'auto' as const, bootstrap: { seed: 1, resamples, confidence: 0.95 } };
time('structured clone of the rows (v8.serialize)', () => serialize(rows));
const report = time('buildPilotReport', () => buildPilotReport(rows, options));
time('JSON.stringify(report)', () => JSON.stringify(report));
console.log(`report JSON ${Math.round(JSON.stringify(report).length / 1024)} KiB; overall speed-up ${report.overall.speedUp?.factor.toFixed(3)} [${report.overall.speedUp?.lower?.toFixed(3)}, ${report.overall.speedUp?.upper?.toFixed(3)}]`);
db.close();

// The whole route, its rows loaded and its report built as the service does (compute worker), as a researcher would call it.
const { default: Fastify } = await import('fastify');
const { registerFormServices } = await import('../../test/support/form-services.ts');
const { formRoutes } = await import('../../server/http/form-routes.ts');
const { pilotRoutes } = await import('../../server/http/pilot-routes.ts');
const { ComputeClient } = await import('../../server/workers/compute-client.ts');
const app = Fastify({ logger: false });
const compute = new ComputeClient({ workers: 1 });
await registerFormServices(app, dbPath);
await app.register(formRoutes);
await app.register(pilotRoutes, { compute });
await app.ready();
const lag = monitorEventLoopDelay({ resolution: 5 });
for (let k = 0; k < 2; k++) {
  lag.reset();
  lag.enable();
  const t0 = performance.now();
  const res = await app.inject({ method: 'GET', url: `/api/pilot/report?resamples=${resamples}` });
  const ms = performance.now() - t0;
  lag.disable();
  console.log(`GET /api/pilot/report (run ${k + 1}): ${res.statusCode}, ${ms.toFixed(0)} ms, ${Math.round(res.body.length / 1024)} KiB; main-thread loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
}
await app.close();
await compute.close();
fs.rmSync(dir, { recursive: true, force: true });
