/**
 * The compute worker: CPU-heavy work that used to block the event loop.
 * - decode-wav: a WAV upload decoded and resampled to 16 kHz mono (~34 s of
 *   loop for a 50 MB 8 kHz file when it ran on the main thread);
 * - pilot-report: the pilot report over rows given;
 * - pilot-report-db: the same, the rows read here from the database file on a
 *   read-only connection (10 000 rows took 1.5-2 s to read and parse, and
 *   ~0.35 s to copy to a worker, on the main thread), plus its CSV if asked,
 *   so only the small result crosses back;
 * - measured-medians: the savings calculator's medians, the rows read here too;
 * - eval-compare-db: two stored evaluation runs compared (the repository's SQL:
 *   totals over the shared utterances, one page of them and of each run's own
 *   ids), so the scans that grow with the runs (~0.1 s for two runs of 20 000
 *   utterances) stay off the event loop and only the page crosses back.
 */
import { decodeWavTo16kMono } from '../audio/wav.ts';
import { buildPilotReport, type PilotReport, type PilotRow, type ReportOptions } from '../pilot/report.ts';
import { pilotCsv, type CsvTable } from '../pilot/report-csv.ts';
import { buildMeasuredMedians, type MeasuredMedians } from '../pilot/measured-medians.ts';
import { openReadOnly, type Database } from '../storage/database.ts';
import { createEvalRunRepository, type CompareQuery, type ComparePage, type EvalRunRepository } from '../storage/eval-run-repository.ts';
import { createPilotRepository, type PilotFilter } from '../storage/pilot-repository.ts';
import { serveWorker } from './worker-host.ts';

export interface CsvRequest {
  readonly table: CsvTable;
  readonly delimiter: ',' | ';';
}

export type ComputeRequest =
  | { readonly type: 'decode-wav'; readonly bytes: Uint8Array }
  | { readonly type: 'pilot-report'; readonly rows: readonly PilotRow[]; readonly options: ReportOptions }
  | { readonly type: 'pilot-report-db'; readonly dbPath: string; readonly filter: PilotFilter; readonly options: ReportOptions; readonly csv?: CsvRequest }
  | { readonly type: 'measured-medians'; readonly dbPath: string; readonly filter: PilotFilter }
  | { readonly type: 'eval-compare-db'; readonly dbPath: string; readonly a: number; readonly b: number; readonly query: CompareQuery };

export type ComputeReply =
  | { readonly type: 'samples'; readonly samples: Float32Array }
  | { readonly type: 'pilot-report'; readonly report: PilotReport; readonly csv?: string }
  | { readonly type: 'measured-medians'; readonly measured: MeasuredMedians }
  | { readonly type: 'eval-compare'; readonly page: ComparePage };

serveWorker<null, ComputeRequest, ComputeReply>(() => {
  const connections = new Map<string, Database>();
  const readOnly = (dbPath: string): Database => {
    let db = connections.get(dbPath);
    if (!db) connections.set(dbPath, (db = openReadOnly(dbPath)));
    return db;
  };
  const evalRuns = new Map<string, EvalRunRepository>();
  const evalRunsOf = (dbPath: string): EvalRunRepository => {
    let repo = evalRuns.get(dbPath);
    if (!repo) evalRuns.set(dbPath, (repo = createEvalRunRepository(readOnly(dbPath))));
    return repo;
  };
  return (req) => {
    if (req.type === 'eval-compare-db') return { body: { type: 'eval-compare', page: evalRunsOf(req.dbPath).compare(req.a, req.b, req.query) } };
    if (req.type === 'decode-wav') {
      const samples = decodeWavTo16kMono(req.bytes);
      const own = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength ? samples : samples.slice();
      return { body: { type: 'samples', samples: own }, transfer: [own.buffer as ArrayBuffer] };
    }
    if (req.type === 'pilot-report') return { body: { type: 'pilot-report', report: buildPilotReport(req.rows, req.options) } };
    const rows = createPilotRepository(readOnly(req.dbPath)).savedRows(req.filter);
    if (req.type === 'measured-medians') return { body: { type: 'measured-medians', measured: buildMeasuredMedians(rows) } };
    const report = buildPilotReport(rows, req.options);
    const csv = req.csv ? pilotCsv(req.csv.table, report, rows, req.csv.delimiter) : undefined;
    return { body: { type: 'pilot-report', report, ...(csv !== undefined ? { csv } : {}) } };
  };
});
