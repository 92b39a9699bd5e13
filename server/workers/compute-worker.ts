/**
 * The compute worker: CPU-heavy pure work that used to block the event loop.
 * - decode-wav: a WAV upload decoded and resampled to 16 kHz mono (~34 s of
 *   loop for a 50 MB 8 kHz file when it ran on the main thread);
 * - pilot-report: the pilot report, whose bootstrap draws up to 20 000 resamples.
 */
import { decodeWavTo16kMono } from '../audio/wav.ts';
import { buildPilotReport, type PilotReport, type PilotRow, type ReportOptions } from '../pilot/report.ts';
import { serveWorker } from './worker-host.ts';

export type ComputeRequest =
  | { readonly type: 'decode-wav'; readonly bytes: Uint8Array }
  | { readonly type: 'pilot-report'; readonly rows: readonly PilotRow[]; readonly options: ReportOptions };

export type ComputeReply = { readonly type: 'samples'; readonly samples: Float32Array } | { readonly type: 'pilot-report'; readonly report: PilotReport };

serveWorker<null, ComputeRequest, ComputeReply>(() => (req) => {
  if (req.type === 'decode-wav') {
    const samples = decodeWavTo16kMono(req.bytes);
    const own = samples.byteOffset === 0 && samples.byteLength === samples.buffer.byteLength ? samples : samples.slice();
    return { body: { type: 'samples', samples: own }, transfer: [own.buffer as ArrayBuffer] };
  }
  return { body: { type: 'pilot-report', report: buildPilotReport(req.rows, req.options) } };
});
