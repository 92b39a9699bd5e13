/**
 * The pilot report over REST against an independent computation from the
 * stored rows: rows are written straight into a temp database, and the test
 * recomputes medians, quartiles, the speed-up, post-edit WER and correction
 * rates with its own code (plain sorting, a plain word Levenshtein), then
 * compares them with the route's answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/storage/database.ts';
import { buildPilotApp } from './build-pilot-app.ts';
import { insertRecords, type RawRecord } from './insert-records.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-pilot-routes-'));
let app: FastifyInstance;
let db: Database;

// ---- the data: a deterministic spread of forms in both modes, two templates, two users
const T0 = Date.parse('2026-11-02T08:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();
let seed = 12345;
const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

const NAMES = ['Jānis', 'Anna', 'Pēteris', 'Līga'];
const STREETS = ['Brīvības iela 23', 'Rīgas iela 5', 'Skolas iela 12'];
const records: RawRecord[] = [];
for (let i = 0; i < 48; i++) {
  const mode = i % 2 === 0 ? 'manual' : 'dictation';
  const template = i % 3 === 0 ? 'gadijuma-piezime' : 'majokla-pabalsts';
  const userId = i % 4 < 2 ? 1 : 2;
  const seconds = mode === 'manual' ? 300 + Math.round(rand() * 300) : 90 + Math.round(rand() * 120);
  const start = i * 3_600_000;
  const saved = { vards: NAMES[i % 4]!, adrese: STREETS[i % 3]!, ire: 100 + i };
  let recognised: Record<string, string | number> | null = null;
  if (mode === 'dictation') {
    recognised = { ...saved };
    if (i % 5 === 1) recognised['vards'] = NAMES[(i + 1) % 4]!; // one substitution
    if (i % 7 === 1) recognised['adrese'] = `${STREETS[i % 3]} dzīvoklis`; // one insertion
    if (i % 9 === 1) delete recognised['ire']; // typed by hand: one deletion
  }
  records.push({
    mode,
    template,
    userId,
    openedAt: at(start),
    firstInputAt: at(start + 4000 + (i % 5) * 1000),
    savedAt: at(start + seconds * 1000 + 7000),
    // every fifth form without active time: wall-clock time counts under basis=auto
    activeMs: i % 5 === 0 ? null : seconds * 1000,
    keystrokes: mode === 'manual' ? 180 + i : 10 + (i % 6),
    edits: i % 4,
    audioSec: mode === 'dictation' ? seconds / 3 : null,
    processingMs: mode === 'dictation' ? seconds * 20 : null,
    latency: mode === 'dictation' ? { n: 40, p50Ms: 150 + i, p95Ms: 400 } : null,
    fields: saved,
    recognised,
  });
}
// a draft is never reported
records.push({ mode: 'manual', status: 'draft', openedAt: at(0), activeMs: 1000 });

// ---- independent computations
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
function q(xs: number[], p: number): number {
  const s = sorted(xs);
  const pos = (s.length - 1) * p;
  const i = Math.floor(pos);
  return i + 1 < s.length ? s[i]! * (1 - (pos - i)) + s[i + 1]! * (pos - i) : s[i]!;
}
const entry = (r: RawRecord): number => r.activeMs ?? Date.parse(r.savedAt!) - Date.parse(r.openedAt!);
const words = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
function lev(a: string[], b: string[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length]![b.length]!;
}
function expected(rows: RawRecord[]) {
  const saved = rows.filter((r) => (r.status ?? 'saved') === 'saved');
  const times = (mode: string) => saved.filter((r) => r.mode === mode).map(entry);
  const m = times('manual');
  const d = times('dictation');
  let errors = 0;
  let refWords = 0;
  const perField = new Map<string, [number, number]>();
  for (const r of saved.filter((x) => x.mode === 'dictation' && x.recognised)) {
    for (const f of new Set([...Object.keys(r.fields!), ...Object.keys(r.recognised!)])) {
      const ref = words(String(r.fields![f] ?? ''));
      errors += lev(ref, words(String(r.recognised![f] ?? '')));
      refWords += ref.length;
      if (r.recognised![f] !== undefined) {
        const c = perField.get(f) ?? [0, 0];
        perField.set(f, [c[0] + 1, c[1] + (String(r.recognised![f]) !== String(r.fields![f]) ? 1 : 0)]);
      }
    }
  }
  return {
    records: saved.length,
    manual: { n: m.length, median: q(m, 0.5), q1: q(m, 0.25), q3: q(m, 0.75) },
    dictation: { n: d.length, median: q(d, 0.5), q1: q(d, 0.25), q3: q(d, 0.75) },
    speedUp: d.length && m.length ? q(m, 0.5) / q(d, 0.5) : null,
    wer: errors / refWords,
    fieldRates: Object.fromEntries([...perField].map(([f, [n, c]]) => [f, c / n])),
    latencyMedian: q(saved.filter((r) => r.latency).map((r) => r.latency!['p50Ms']!), 0.5),
    audioSec: saved.reduce((s, r) => s + (r.audioSec ?? 0), 0),
  };
}

beforeAll(async () => {
  ({ app, db } = await buildPilotApp(path.join(dir, 'pilot.db')));
  db.prepare(`INSERT INTO users (id, name, role, created_at) VALUES (2, 'ilze', 'clerk', '2026-11-01T00:00:00Z')`).run();
  insertRecords(db, records);
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

type Group = {
  records: number;
  manual: { timed: number; entryMs: { n: number; median: number; q1: number; q3: number } };
  dictation: { timed: number; entryMs: { n: number; median: number; q1: number; q3: number } };
  speedUp: { factor: number; lower: number; upper: number; seed: number; resamples: number };
  postEdit: { all: { wer: number }; fields: { field: string; rate: number }[] };
  recogniser: { audioSec: number; latencyP50Ms: { median: number } };
  histogram: { counts: Record<string, number[]> };
};

function expectMatches(g: Group, e: ReturnType<typeof expected>): void {
  expect(g.records).toBe(e.records);
  for (const mode of ['manual', 'dictation'] as const) {
    expect(g[mode].timed).toBe(e[mode].n);
    expect(g[mode].entryMs.median).toBeCloseTo(e[mode].median, 9);
    expect(g[mode].entryMs.q1).toBeCloseTo(e[mode].q1, 9);
    expect(g[mode].entryMs.q3).toBeCloseTo(e[mode].q3, 9);
    expect(g.histogram.counts[mode]!.reduce((a, b) => a + b, 0)).toBe(e[mode].n);
  }
  expect(g.speedUp.factor).toBeCloseTo(e.speedUp!, 12);
  expect(g.speedUp.lower).toBeLessThanOrEqual(g.speedUp.factor);
  expect(g.speedUp.upper).toBeGreaterThanOrEqual(g.speedUp.factor);
  expect(g.postEdit.all.wer).toBeCloseTo(e.wer, 12);
  expect(Object.fromEntries(g.postEdit.fields.map((f) => [f.field, f.rate]))).toEqual(e.fieldRates);
  expect(g.recogniser.audioSec).toBeCloseTo(e.audioSec, 9);
  expect(g.recogniser.latencyP50Ms.median).toBeCloseTo(e.latencyMedian, 9);
}

describe('GET /api/pilot/report', () => {
  it('equals an independent computation from the stored rows, overall, per template and per user', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/pilot/report' });
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.basis).toBe('auto');
    expectMatches(body.overall, expected(records));
    // the data were built so that these figures are not trivial
    expect(body.overall.postEdit.all.wer).toBeGreaterThan(0);
    expect(body.overall.speedUp.factor).toBeGreaterThan(2);
    for (const t of body.byTemplate) expectMatches(t, expected(records.filter((x) => (x.template ?? 'majokla-pabalsts') === t.template)));
    expect(body.byTemplate.map((t: { template: string }) => t.template)).toEqual(['gadijuma-piezime', 'majokla-pabalsts']);
    for (const u of body.byUser) expectMatches(u, expected(records.filter((x) => (x.userId ?? 1) === u.userId)));
    expect(body.byUser.map((u: { userName: string }) => u.userName)).toEqual(['default', 'ilze']);
  });

  it('filters by template and by user (id or name)', async () => {
    const byName = (await app.inject({ method: 'GET', url: '/api/pilot/report?user=ilze&template=majokla-pabalsts' })).json();
    const byId = (await app.inject({ method: 'GET', url: '/api/pilot/report?user=2&template=majokla-pabalsts' })).json();
    const e = expected(records.filter((x) => x.userId === 2 && x.template === 'majokla-pabalsts'));
    expectMatches(byName.overall, e);
    expect(byId.overall).toEqual(byName.overall);
    expect(byName.filter).toEqual({ user: 'ilze', template: 'majokla-pabalsts' });
  });

  it('measures on active time only or wall-clock time only when asked', async () => {
    const wall = (await app.inject({ method: 'GET', url: '/api/pilot/report?basis=wall' })).json();
    const manualWall = records.filter((r) => r.mode === 'manual' && r.status !== 'draft').map((r) => Date.parse(r.savedAt!) - Date.parse(r.openedAt!));
    expect(wall.overall.manual.entryMs.median).toBeCloseTo(q(manualWall, 0.5), 9);
    const active = (await app.inject({ method: 'GET', url: '/api/pilot/report?basis=active' })).json();
    expect(active.overall.manual.timed).toBe(records.filter((r) => r.mode === 'manual' && r.status !== 'draft' && r.activeMs !== null).length);
  });

  it('gives the same interval for the same seed and another for another seed', async () => {
    const get = async (s: number) => (await app.inject({ method: 'GET', url: `/api/pilot/report?seed=${s}&resamples=500` })).json().overall.speedUp;
    const a = await get(11);
    expect(await get(11)).toEqual(a);
    expect(a).toMatchObject({ seed: 11, resamples: 500 });
    const b = await get(12);
    expect([b.lower, b.upper]).not.toEqual([a.lower, a.upper]);
  });

  it('answers 400 for a bad query', async () => {
    for (const url of ['/api/pilot/report?basis=x', '/api/pilot/report?resamples=5', '/api/pilot/report?from=yesterday']) {
      expect((await app.inject({ method: 'GET', url })).statusCode, url).toBe(400);
    }
  });
});

describe('GET /api/pilot/report.csv', () => {
  const parse = (text: string, delimiter = ',') => {
    const [head, ...lines] = text.trim().split('\r\n');
    const keys = head!.split(delimiter);
    return lines.map((l) => Object.fromEntries(l.split(delimiter).map((v, i) => [keys[i]!, v])));
  };

  it('has the JSON report figures in its summary table', async () => {
    const json = (await app.inject({ method: 'GET', url: '/api/pilot/report' })).json();
    const r = await app.inject({ method: 'GET', url: '/api/pilot/report.csv' });
    expect(r.headers['content-type']).toMatch(/^text\/csv/);
    const rows = parse(r.body);
    const manual = rows.find((x) => x['scope'] === 'overall' && x['mode'] === 'manual')!;
    expect(Number(manual['entry_median_s'])).toBeCloseTo(json.overall.manual.entryMs.median / 1000, 5);
    expect(Number(manual['speedup'])).toBeCloseTo(json.overall.speedUp.factor, 5);
    const dict = rows.find((x) => x['scope'] === 'overall' && x['mode'] === 'dictation')!;
    expect(Number(dict['post_edit_wer'])).toBeCloseTo(json.overall.postEdit.all.wer, 5);
    expect(manual['post_edit_wer']).toBe('');
    // overall + 2 templates + 2 users, two modes each
    expect(rows).toHaveLength(10);
  });

  it('exports per-field rates and raw records, with semicolons on request', async () => {
    const fields = parse((await app.inject({ method: 'GET', url: '/api/pilot/report.csv?table=fields' })).body);
    expect(fields.filter((f) => f['scope'] === 'overall').map((f) => f['field'])).toEqual(['adrese', 'ire', 'vards']);
    const recs = parse((await app.inject({ method: 'GET', url: '/api/pilot/report.csv?table=records&delimiter=semicolon' })).body, ';');
    expect(recs).toHaveLength(48);
    const first = recs[1]!; // record 2: dictation, active time given
    expect(Number(first['entry_s'])).toBeCloseTo(entry(records[1]!) / 1000, 6);
    expect(first['mode']).toBe('dictation');
  });
});

describe('manual entry and timings', () => {
  it('stores a manual record’s timings without touching its revision, and reports it', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime', mode: 'manual' } });
    expect(created.statusCode).toBe(201);
    const { id, revision } = created.json().record;
    const t = await app.inject({
      method: 'POST',
      url: `/api/forms/records/${id}/timing`,
      payload: { openedAt: '2026-11-03T10:00:00.000Z', firstInputAt: '2026-11-03T10:00:03.000Z', activeMs: 42_000, keystrokes: 311, edits: 2 },
    });
    expect(t.statusCode).toBe(200);
    expect(t.json().timing).toMatchObject({ id, mode: 'manual', status: 'draft', activeMs: 42_000, keystrokes: 311, edits: 2 });
    const rec = (await app.inject({ method: 'GET', url: `/api/forms/records/${id}` })).json().record;
    expect(rec.revision).toBe(revision);
    expect(rec.metrics).toMatchObject({ openedAt: '2026-11-03T10:00:00.000Z', activeMs: 42_000, keystrokes: 311 });
    // a later report of active time only changes that
    await app.inject({ method: 'POST', url: `/api/forms/records/${id}/timing`, payload: { activeMs: 45_000 } });
    const saved = await app.inject({ method: 'PUT', url: `/api/forms/records/${id}`, payload: { status: 'saved', fields: { klients: 'Anna Liepa', apraksts: 'Klients ieradās.' } } });
    expect(saved.statusCode, saved.body).toBe(200);
    // the inserted rows were saved on 2–4 November 2026; this one now
    const rows = (await app.inject({ method: 'GET', url: '/api/pilot/report?template=gadijuma-piezime&from=2026-11-05' })).json();
    expect(rows.overall.manual).toMatchObject({ records: 1, timed: 1, entryMs: { median: 45_000 }, keystrokes: { median: 311 } });
  });

  it('refuses unknown records, empty bodies and bad values', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/forms/records/99999/timing', payload: { activeMs: 1 } })).json().error.code).toBe(
      'FORM_ERR_RECORD_NOT_FOUND',
    );
    for (const payload of [{}, { activeMs: -1 }, { openedAt: 'vakar' }, { keystrokes: 1.5 }, { revision: 3 }]) {
      expect((await app.inject({ method: 'POST', url: '/api/forms/records/1/timing', payload })).statusCode, JSON.stringify(payload)).toBe(400);
    }
  });
});

describe('GET /api/pilot/savings', () => {
  it('uses the measured dictation median and the worked-case defaults', async () => {
    const s = (await app.inject({ method: 'GET', url: '/api/pilot/savings?template=majokla-pabalsts' })).json();
    const dict = records.filter((r) => r.mode === 'dictation' && r.template === 'majokla-pabalsts').map(entry);
    expect(s.dictationMinutesSource).toBe('measured');
    expect(s.dictationMinutes).toBeCloseTo(q(dict, 0.5) / 60_000, 9);
    expect(s.manualHoursPerYear).toBeCloseTo(114_666.667, 2);
    expect(s.manualCostPerYear).toBeCloseTo(2_205_128.21, 1);
    expect(s.savingsPerYear).toBeCloseTo(s.manualCostPerYear - s.dictationCostPerYear, 6);
  });

  it('takes every parameter, and refuses a zero', async () => {
    const s = (await app.inject({ method: 'GET', url: '/api/pilot/savings?cases=1000&manualMin=6&dictationMin=3&salary=52000&hours=1600' })).json();
    expect(s).toMatchObject({ dictationMinutesSource: 'given', manualCostPerYear: 3250, dictationCostPerYear: 1625 });
    expect((await app.inject({ method: 'GET', url: '/api/pilot/savings?cases=0' })).statusCode).toBe(400);
  });
});
