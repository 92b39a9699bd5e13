/**
 * Evaluation runs: storeEvalRun on reports built by report.ts's
 * buildReport (so the store accepts what `diktats eval` produces), then
 * browsing and comparing them over REST.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport, type DecodedUtterance, type EvalReport } from '../../../server/eval/report.ts';
import { signCorporaDir, storeEvalRun, type StorableEvalReport } from '../../../server/eval/store.ts';
import type { ManifestEntry } from '../../../server/eval/manifest.ts';
import type { Database } from '../../../server/storage/database.ts';
import { buildPilotApp } from '../pilot/build-pilot-app.ts';

// compile-time: every eval report can be stored
const storable = (r: EvalReport): StorableEvalReport => r;

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-eval-runs-'));
let app: FastifyInstance;
let db: Database;

const REFS: [string, string, string][] = [
  // id, reference, condition
  ['a.wav', 'viens divi trīs', 'clean'],
  ['b.wav', 'Brīvības iela divdesmit trīs', 'noisy'],
  ['c.wav', 'personas kods', 'clean'],
];
const entry = ([id, text, condition]: [string, string, string], i: number): ManifestEntry => ({
  line: i + 1,
  audioFilepath: id,
  audioPath: `/data/${id}`,
  text,
  duration: 2,
  fields: { audio_filepath: id, text, duration: 2, condition },
});
function report(hyps: string[], model: string, refs = REFS): EvalReport {
  const decoded: DecodedUtterance[] = refs.map((r, i) => ({ entry: entry(r, i), hypothesis: hyps[i]!, audioSec: 2, processingMs: 100 + i }));
  return buildReport(decoded, { model, decoder: 'greedy', manifest: 'test.jsonl', groupBy: ['condition'] });
}

let runA = 0;
let runB = 0;
let runC = 0;
beforeAll(async () => {
  ({ app, db } = await buildPilotApp(path.join(dir, 'eval.db')));
  // a: "divi" deleted + "četri" inserted, one substitution in b, c right
  runA = storeEvalRun(db, storable(report(['viens trīs četri', 'brīvības iela divdesmit četri', 'personas kods'], 'model-a')), {
    corporaSignature: 'abc',
    label: 'baseline',
    createdAt: new Date('2026-11-01T10:00:00Z'),
  });
  // b: a right, b same error, c gets a substitution
  runB = storeEvalRun(db, report(['viens divi trīs', 'brīvības iela divdesmit četri', 'personas koks'], 'model-b'), {
    createdAt: new Date('2026-11-02T10:00:00Z'),
  });
  // c: a different test set sharing one utterance
  runC = storeEvalRun(db, report(['viens divi trīs', 'x'], 'model-c', [REFS[0]!, ['d.wav', 'jauns teikums', 'clean']]), {
    createdAt: new Date('2026-11-03T10:00:00Z'),
  });
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('storeEvalRun and GET /api/eval/runs', () => {
  it('lists runs newest first with their totals', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/eval/runs' });
    expect(r.statusCode).toBe(200);
    const { runs, total } = r.json();
    expect(total).toBe(3);
    expect(runs.map((x: { id: number }) => x.id)).toEqual([runC, runB, runA]);
    // run a: 9 reference words; errors D + I + S = 3
    expect(runs[2]).toMatchObject({
      model: 'model-a',
      decoder: 'greedy',
      manifest: 'test.jsonl',
      corporaSignature: 'abc',
      label: 'baseline',
      createdAt: '2026-11-01T10:00:00.000Z',
      utterances: 3,
      words: 9,
      substitutions: 1,
      deletions: 1,
      insertions: 1,
      audioSec: 6,
      processingMs: 303,
    });
    expect(runs[2].wer).toBeCloseTo(3 / 9, 12);
    expect(runs[2].extra.groups.condition.map((g: { value: string }) => g.value)).toEqual(['clean', 'noisy']);
  });

  it('shows each utterance with its alignment as sclite prints it', async () => {
    const r = (await app.inject({ method: 'GET', url: `/api/eval/runs/${runA}` })).json();
    expect(r.total).toBe(3);
    const [a, b] = r.utterances;
    expect(a).toMatchObject({ seq: 0, utteranceId: 'a.wav', reference: 'viens divi trīs', deletions: 1, insertions: 1, labels: { condition: 'clean' } });
    expect(a.alignment).toEqual([
      ['C', 'viens', 'viens'],
      ['D', 'divi', null],
      ['C', 'trīs', 'trīs'],
      ['I', null, 'četri'],
    ]);
    expect(a.pra).toEqual({ ref: 'viens DIVI trīs *****', hyp: 'viens **** trīs ČETRI', eval: '      D         I' });
    expect(b.pra.eval.trim()).toBe('S');
    // normalised texts: the capital B of the reference is not an error
    expect(b.alignment[0]).toEqual(['C', 'brīvības', 'brīvības']);
  });

  it('pages, filters errors and orders by WER', async () => {
    const errorsOnly = (await app.inject({ method: 'GET', url: `/api/eval/runs/${runA}?errors=true&order=wer` })).json();
    expect(errorsOnly.total).toBe(2);
    expect(errorsOnly.utterances.map((u: { utteranceId: string }) => u.utteranceId)).toEqual(['a.wav', 'b.wav']);
    const page = (await app.inject({ method: 'GET', url: `/api/eval/runs/${runA}?limit=1&offset=2` })).json();
    expect(page.utterances.map((u: { utteranceId: string }) => u.utteranceId)).toEqual(['c.wav']);
  });

  it('answers 404 for an unknown run and deletes a run with its utterances', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/eval/runs/999' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('EVAL_ERR_RUN_NOT_FOUND');
    const extra = storeEvalRun(db, report(['', '', ''], 'tmp'));
    expect((await app.inject({ method: 'DELETE', url: `/api/eval/runs/${extra}` })).statusCode).toBe(204);
    expect((await app.inject({ method: 'DELETE', url: `/api/eval/runs/${extra}` })).statusCode).toBe(404);
    expect(db.prepare('SELECT count(*) FROM eval_utterances WHERE run_id = ?').pluck().get(extra)).toBe(0);
  });
});

describe('GET /api/eval/compare', () => {
  it('matches utterances by id and counts what got better or worse', async () => {
    const r = await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runB}` });
    expect(r.statusCode).toBe(200);
    const c = r.json();
    expect(c.a.id).toBe(runA);
    expect(c.b.id).toBe(runB);
    expect(c.shared).toEqual({ utterances: 3, words: 9, errorsA: 3, errorsB: 2, werA: 3 / 9, werB: 2 / 9, improved: 1, worsened: 1, same: 1, referenceChanged: 0 });
    expect(c.utterances.map((u: { utteranceId: string; change: string }) => [u.utteranceId, u.change])).toEqual([
      ['a.wav', 'improved'],
      ['b.wav', 'same'],
      ['c.wav', 'worsened'],
    ]);
    expect(c.utterances[2].b.pra).toEqual({ ref: 'personas KODS', hyp: 'personas KOKS', eval: '         S' });
    const changed = (await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runB}&only=changed` })).json();
    expect(changed.utterances.map((u: { utteranceId: string }) => u.utteranceId)).toEqual(['a.wav', 'c.wav']);
    expect(changed.total).toBe(2);
  });

  it('scores only shared utterances across different test sets', async () => {
    const c = (await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runC}` })).json();
    expect(c.shared).toMatchObject({ utterances: 1, words: 3, errorsA: 2, errorsB: 0, improved: 1 });
    expect(c.onlyA).toEqual(['b.wav', 'c.wav']);
    expect(c.onlyB).toEqual(['d.wav']);
    expect([c.onlyACount, c.onlyBCount]).toEqual([2, 1]);
  });

  it('pages the compared utterances and each run’s own ids, with the full counts', async () => {
    const page = (await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runB}&limit=1&offset=1` })).json();
    expect(page.utterances.map((u: { utteranceId: string }) => u.utteranceId)).toEqual(['b.wav']);
    expect(page.total).toBe(3);
    expect(page.shared.utterances).toBe(3);
    const ids = (await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runC}&idsLimit=1&idsOffset=1` })).json();
    expect(ids).toMatchObject({ onlyA: ['c.wav'], onlyB: [], onlyACount: 2, onlyBCount: 1 });
    const none = (await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runC}&idsLimit=0` })).json();
    expect(none).toMatchObject({ onlyA: [], onlyB: [], onlyACount: 2, onlyBCount: 1 });
    expect((await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=${runC}&idsLimit=5001` })).statusCode).toBe(400);
  });

  it('answers 404 for an unknown run and 400 without both runs', async () => {
    expect((await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}&b=777` })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/eval/compare?a=${runA}` })).statusCode).toBe(400);
  });
});

describe('signCorporaDir', () => {
  it('changes with any file’s bytes or name, not with where the folder is', () => {
    const make = (root: string, content: string) => {
      mkdirSync(path.join(root, 'sub'), { recursive: true });
      writeFileSync(path.join(root, 'terms.txt'), 'pabalsts\n');
      writeFileSync(path.join(root, 'sub', 'sentences.txt'), content);
      return signCorporaDir(root);
    };
    const one = make(path.join(dir, 'c1'), 'viens\n');
    expect(one).toMatch(/^[0-9a-f]{16}$/);
    expect(make(path.join(dir, 'c2'), 'viens\n')).toBe(one);
    expect(make(path.join(dir, 'c3'), 'divi\n')).not.toBe(one);
  });
});
