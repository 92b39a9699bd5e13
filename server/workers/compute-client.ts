/**
 * Main-thread client of the compute workers (compute-worker.ts): WAV decoding,
 * pilot reports and evaluation-run comparisons off the event loop, supervised like every worker kind.
 * A job's own coded errors (AUDIO_ERR_FORMAT …) keep their code.
 */
import { DiktatsError } from '../errors.ts';
import type { PilotReport, PilotRow, ReportOptions } from '../pilot/report.ts';
import type { PilotFilter } from '../storage/pilot-repository.ts';
import type { CompareQuery, ComparePage } from '../storage/eval-run-repository.ts';
import type { MeasuredMedians } from '../pilot/measured-medians.ts';
import type { ComputeReply, ComputeRequest, CsvRequest } from './compute-worker.ts';
import { SupervisedPool, type PoolEvent, type PoolStats } from './supervised-pool.ts';

const MODULE = new URL('./compute-worker.ts', import.meta.url);

export interface ComputeOptions {
  readonly workers?: number;
  readonly maxQueued?: number;
  readonly timeoutMs?: number;
  readonly onEvent?: (event: PoolEvent) => void;
}

export class ComputeClient {
  private readonly pool: SupervisedPool<null, ComputeRequest, ComputeReply>;

  constructor(options: ComputeOptions = {}) {
    this.pool = new SupervisedPool({
      name: 'compute',
      module: MODULE,
      init: null,
      size: options.workers ?? 1,
      maxQueued: options.maxQueued ?? 16,
      timeoutMs: options.timeoutMs ?? 120_000,
      onEvent: options.onEvent,
    });
  }

  get stats(): PoolStats {
    return this.pool.stats;
  }

  /** WAV bytes → 16 kHz mono samples. The bytes' buffer is moved to the worker when this view owns all of it. */
  async decodeWav(bytes: Uint8Array, key?: string): Promise<Float32Array> {
    const own = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice();
    const reply = await this.run({ type: 'decode-wav', bytes: own }, key, [own.buffer as ArrayBuffer]);
    if (reply.type !== 'samples') throw new DiktatsError('WORKER_ERR_FAILED', `unexpected reply ${reply.type}`);
    return reply.samples;
  }

  async pilotReport(rows: readonly PilotRow[], options: ReportOptions, key?: string): Promise<PilotReport> {
    const reply = await this.run({ type: 'pilot-report', rows, options }, key, []);
    if (reply.type !== 'pilot-report') throw new DiktatsError('WORKER_ERR_FAILED', `unexpected reply ${reply.type}`);
    return reply.report;
  }

  /** The report (and its CSV if asked) over the rows the worker reads itself from the database file. */
  async pilotReportFromDb(dbPath: string, filter: PilotFilter, options: ReportOptions, csv?: CsvRequest, key?: string): Promise<{ report: PilotReport; csv?: string }> {
    const reply = await this.run({ type: 'pilot-report-db', dbPath, filter, options, ...(csv ? { csv } : {}) }, key, []);
    if (reply.type !== 'pilot-report') throw new DiktatsError('WORKER_ERR_FAILED', `unexpected reply ${reply.type}`);
    return { report: reply.report, ...(reply.csv !== undefined ? { csv: reply.csv } : {}) };
  }

  /** The savings calculator's measured medians over the rows the worker reads itself from the database file. */
  async measuredMediansFromDb(dbPath: string, filter: PilotFilter, key?: string): Promise<MeasuredMedians> {
    const reply = await this.run({ type: 'measured-medians', dbPath, filter }, key, []);
    if (reply.type !== 'measured-medians') throw new DiktatsError('WORKER_ERR_FAILED', `unexpected reply ${reply.type}`);
    return reply.measured;
  }

  /** Two stored evaluation runs compared by the worker on its own read-only connection (totals and one page). */
  async evalCompareFromDb(dbPath: string, a: number, b: number, query: CompareQuery, key?: string): Promise<ComparePage> {
    const reply = await this.run({ type: 'eval-compare-db', dbPath, a, b, query }, key, []);
    if (reply.type !== 'eval-compare') throw new DiktatsError('WORKER_ERR_FAILED', `unexpected reply ${reply.type}`);
    return reply.page;
  }

  close(limitMs?: number): Promise<void> {
    return this.pool.close(limitMs);
  }

  private async run(body: ComputeRequest, key: string | undefined, transfer: ArrayBuffer[]): Promise<ComputeReply> {
    return this.pool.request(body, { key, transfer });
  }
}
