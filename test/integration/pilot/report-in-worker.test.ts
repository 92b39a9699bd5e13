/**
 * The pilot report computed on the compute worker, which reads the rows itself
 * from the database file (read-only connection), answers exactly what the
 * in-process report answers: the JSON report, every CSV table and the savings
 * calculator's measured medians; and so does the comparison of two stored
 * evaluation runs. Rows saved after the worker opened its connection are in
 * the next report.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvalRun, NewEvalUtterance } from '../../../server/storage/eval-run-repository.ts';
import { ComputeClient } from '../../../server/workers/compute-client.ts';
import { buildPilotApp } from './build-pilot-app.ts';
import { insertRecords, type RawRecord } from './insert-records.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-pilot-worker-'));
let inProcess: FastifyInstance;
let onWorker: FastifyInstance;
const compute = new ComputeClient({ workers: 1 });
let jobs = 0;
const counted = {
  pilotReport: compute.pilotReport.bind(compute),
  measuredMediansFromDb: (...args: Parameters<ComputeClient['measuredMediansFromDb']>) => {
    jobs++;
    return compute.measuredMediansFromDb(...args);
  },
  pilotReportFromDb: (...args: Parameters<ComputeClient['pilotReportFromDb']>) => {
    jobs++;
    return compute.pilotReportFromDb(...args);
  },
  evalCompareFromDb: (...args: Parameters<ComputeClient['evalCompareFromDb']>) => {
    compareJobs++;
    return compute.evalCompareFromDb(...args);
  },
};
let compareJobs = 0;

const record = (i: number): RawRecord => {
  const mode = i % 2 === 0 ? 'manual' : 'dictation';
  const start = Date.parse('2026-11-02T08:00:00.000Z') + i * 3_600_000;
  const seconds = mode === 'manual' ? 300 + ((i * 37) % 200) : 90 + ((i * 29) % 100);
  const saved = { vards: ['Jānis', 'Anna', 'Līga'][i % 3]!, adrese: `Brīvības iela ${i}` };
  return {
    mode,
    template: i % 3 === 0 ? 'gadijuma-piezime' : 'majokla-pabalsts',
    openedAt: new Date(start).toISOString(),
    firstInputAt: new Date(start + 3000).toISOString(),
    savedAt: new Date(start + seconds * 1000).toISOString(),
    activeMs: i % 4 === 0 ? null : seconds * 1000,
    keystrokes: 10 + i,
    edits: i % 3,
    fields: saved,
    recognised: mode === 'dictation' ? { ...saved, vards: i % 5 === 1 ? 'Jāni' : saved.vards } : null,
  };
};

beforeAll(async () => {
  const dbPath = path.join(dir, 'pilot.db');
  const built = await buildPilotApp(dbPath);
  inProcess = built.app;
  insertRecords(built.db, Array.from({ length: 40 }, (_, i) => record(i)));
  onWorker = (await buildPilotApp(dbPath, { compute: counted })).app;
});
afterAll(async () => {
  await onWorker.close();
  await inProcess.close();
  await compute.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (app: FastifyInstance, url: string) => {
  const r = await app.inject({ method: 'GET', url });
  expect(r.statusCode, url).toBe(200);
  return r;
};
const withoutTime = (body: string) => ({ ...JSON.parse(body), generatedAt: undefined });

describe('pilot report on the compute worker', () => {
  it('answers the in-process report, JSON and CSV', async () => {
    for (const q of ['', '?template=majokla-pabalsts&resamples=500&seed=5', '?basis=wall']) {
      const url = `/api/pilot/report${q}`;
      const worker = withoutTime((await get(onWorker, url)).body);
      expect(worker.overall.speedUp.factor).toBeGreaterThan(1);
      expect(worker).toEqual(withoutTime((await get(inProcess, url)).body));
    }
    for (const table of ['summary', 'fields', 'records']) {
      const url = `/api/pilot/report.csv?table=${table}&delimiter=semicolon`;
      const csv = (await get(onWorker, url)).body;
      expect(csv.split('\r\n').length).toBeGreaterThan(3);
      expect(csv).toBe((await get(inProcess, url)).body);
    }
    for (const q of ['', '?template=majokla-pabalsts&cases=100']) {
      const url = `/api/pilot/savings${q}`;
      const worker = JSON.parse((await get(onWorker, url)).body);
      expect(worker.measured.dictation.forms).toBeGreaterThan(0);
      expect(worker).toEqual(JSON.parse((await get(inProcess, url)).body));
    }
    expect(jobs).toBe(8);
  });

  it('reads rows saved after its connection opened', async () => {
    const before = JSON.parse((await get(onWorker, '/api/pilot/report')).body).overall.records;
    insertRecords(inProcess.storage.db, [record(41), record(42)]);
    const after = JSON.parse((await get(onWorker, '/api/pilot/report')).body).overall.records;
    expect(after).toBe(before + 2);
  });
});

const RUN: NewEvalRun = {
  model: 'm', decoder: 'greedy', manifest: 'm.jsonl', corporaSignature: null, label: null, createdAt: '2026-12-01T00:00:00.000Z', extra: {},
  utterances: 0, words: 0, hits: 0, substitutions: 0, deletions: 0, insertions: 0, chars: 0, charErrors: 0, wer: 0, cer: 0, audioSec: 0, processingMs: 0, rtf: 0,
};
const utterance = (id: number, errors: number, hypothesis = 'viens divi trīs'): NewEvalUtterance => ({
  utteranceId: `u${id}.wav`, reference: 'viens divi trīs', hypothesis, corrected: null, words: 3, hits: 3 - errors, substitutions: errors, deletions: 0,
  insertions: 0, chars: 15, charErrors: errors, wer: errors / 3, cer: errors / 15, audioSec: 2, processingMs: 50, alignment: [['C', 'viens', 'viens']], labels: {},
});

describe('evaluation runs compared on the compute worker', () => {
  it('answers the in-process comparison, for new runs too', async () => {
    const runs = inProcess.storage.evalRuns;
    const a = runs.insert(RUN, Array.from({ length: 30 }, (_, i) => utterance(i, i % 3)));
    const b = runs.insert(RUN, Array.from({ length: 30 }, (_, i) => utterance(i + 5, (i * 7) % 3, i % 4 ? 'viens divi' : 'viens divi trīs')));
    for (const q of ['', '&only=worsened&limit=3&offset=2', '&only=changed&idsLimit=2&idsOffset=1', '&only=improved&limit=1']) {
      const url = `/api/eval/compare?a=${a}&b=${b}${q}`;
      const worker = JSON.parse((await get(onWorker, url)).body);
      expect(worker.shared.utterances).toBe(25);
      expect(worker).toEqual(JSON.parse((await get(inProcess, url)).body));
    }
    expect(compareJobs).toBe(4);
  });
});
