/**
 * GET /api/pilot/report against an independent computation from the rows as
 * stored. Unlike pilot-routes.test.ts (rows inserted with SQL, expectations
 * from the inserted data), the records here go through the real write path —
 * REST create/PUT for user 1, the form repository for user 2, the timing route
 * for all — and the expectations are computed from what a plain SQL SELECT
 * reads back, with this file's own median and word Levenshtein (nothing from
 * server/metrics). Tolerance: 1e-9 absolute on every ratio and median.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../server/storage/database.ts';
import { createFormRepository } from '../../../server/storage/form-repository.ts';
import { buildPilotApp } from './build-pilot-app.ts';

const DIGITS = 9; // toBeCloseTo(x, 9): |a − b| < 5e-10
const dir = mkdtempSync(path.join(tmpdir(), 'diktats-report-rows-'));
let app: FastifyInstance;
let db: Database;

type Values = Record<string, string | number>;
interface Seed {
  template: 'majokla-pabalsts' | 'gadijuma-piezime';
  user: 1 | 2;
  mode: 'dictation' | 'manual';
  saved: Values;
  recognised?: Values;
  /** null: no active time reported, so the report falls back to saved − opened */
  activeMs: number | null;
  openedMinutesAgo: number;
  keystrokes: number;
  edits: number;
}

// ---- the seeds: both modes, two templates, two users, dictation with and without errors
const NAMES = ['Jānis', 'Anna', 'Pēteris', 'Līga', 'Oskars'];
const SURNAMES = ['Bērziņš', 'Liepa', 'Kalniņš', 'Ozola', 'Zariņš'];
const seeds: Seed[] = [];
for (let i = 0; i < 28; i++) {
  const mode = i % 2 === 0 ? 'manual' : 'dictation';
  const template = i % 3 === 0 ? 'gadijuma-piezime' : 'majokla-pabalsts';
  const user = i % 4 < 2 ? 1 : 2;
  const saved: Values =
    template === 'majokla-pabalsts'
      ? { vards: NAMES[i % 5]!, uzvards: SURNAMES[i % 5]!, ire: 150 + i, pakalpojuma_sniedzejs: 'Rīgas ūdens' }
      : { klients: `${NAMES[i % 5]} ${SURNAMES[(i + 2) % 5]}`, apraksts: `Klients ieradās pēc palīdzības ${i} reizi` };
  let recognised: Values | undefined;
  if (mode === 'dictation') {
    recognised = { ...saved };
    const keys = Object.keys(saved);
    if (i % 5 === 1) recognised[keys[0]!] = 'Jāzeps Kļava'; // substitution (+ insertion where one word was saved)
    if (i % 7 === 3) delete recognised[keys[1]!]; // typed by hand: deletions
    if (i % 3 === 1) recognised[keys[keys.length - 1]!] = `${String(saved[keys[keys.length - 1]!])} un vēl`; // insertions
    // a value dictation put where nothing was saved (a field of the template: the API refuses others, issue 12)
    if (i % 11 === 5) recognised[template === 'majokla-pabalsts' ? 'piezimes' : 'lemumi'] = 'lieks';
  }
  seeds.push({
    template,
    user,
    mode,
    saved,
    recognised,
    activeMs: i % 6 === 5 ? null : mode === 'manual' ? 200_000 + ((i * 7919) % 150_000) : 70_000 + ((i * 104_729) % 90_000),
    openedMinutesAgo: mode === 'manual' ? 5 + (i % 4) : 2 + (i % 3),
    keystrokes: mode === 'manual' ? 150 + i : i % 9,
    edits: i % 3,
  });
}

async function seedRecord(s: Seed): Promise<number> {
  let id: number;
  if (s.user === 1) {
    const res = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: s.template, mode: s.mode, ...(s.recognised ? { recognised: s.recognised } : {}) } });
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().record.id;
  } else {
    id = createFormRepository(db).create({
      form: s.template, templateVersion: 1, status: 'draft', mode: s.mode, userId: 2, fields: {}, issues: [], recognised: s.recognised ?? null,
    }).id;
  }
  const timing = {
    openedAt: new Date(Date.now() - s.openedMinutesAgo * 60_000).toISOString(),
    firstInputAt: new Date(Date.now() - s.openedMinutesAgo * 60_000 + 4000).toISOString(),
    ...(s.activeMs === null ? {} : { activeMs: s.activeMs }),
    keystrokes: s.keystrokes,
    edits: s.edits,
  };
  const t = await app.inject({ method: 'POST', url: `/api/forms/records/${id}/timing`, payload: timing });
  expect(t.statusCode, t.body).toBe(200);
  // the clerk's values land with an autosave, then the save
  const put = await app.inject({ method: 'PUT', url: `/api/forms/records/${id}`, payload: { fields: s.saved } });
  expect(put.statusCode, put.body).toBe(200);
  const save = await app.inject({ method: 'PUT', url: `/api/forms/records/${id}`, payload: { status: 'saved' } });
  expect(save.statusCode, save.body).toBe(200);
  return id;
}

// ---- independent computation from the stored rows
interface StoredRow {
  mode: string;
  template_id: string;
  user_id: number;
  fields_json: string;
  recognised_json: string | null;
  opened_at: string | null;
  saved_at: string | null;
  active_ms: number | null;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
const words = (v: unknown): string[] =>
  v === undefined || v === null ? [] : String(v).normalize('NFC').toLowerCase().split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean);
function levenshtein(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}
const present = (v: unknown) => v !== undefined && v !== null && String(v).trim() !== '';

function expectedFigures(rows: StoredRow[]) {
  const entry = (r: StoredRow) => r.active_ms ?? Date.parse(r.saved_at!) - Date.parse(r.opened_at!);
  const manual = rows.filter((r) => r.mode === 'manual').map(entry);
  const dictation = rows.filter((r) => r.mode === 'dictation').map(entry);
  let errAll = 0, refAll = 0, errDict = 0, refDict = 0, dictated = 0, corrected = 0;
  const perField = new Map<string, { dictated: number; corrected: number }>();
  for (const r of rows.filter((x) => x.mode === 'dictation' && x.recognised_json !== null)) {
    const saved = JSON.parse(r.fields_json) as Values;
    const rec = JSON.parse(r.recognised_json!) as Values;
    for (const f of new Set([...Object.keys(saved), ...Object.keys(rec)])) {
      if (!present(saved[f]) && !present(rec[f])) continue;
      const ref = words(saved[f]);
      const e = levenshtein(ref, words(rec[f]));
      errAll += e;
      refAll += ref.length;
      if (!present(rec[f])) continue;
      errDict += e;
      refDict += ref.length;
      const changed = String(rec[f]) !== String(saved[f] ?? '');
      dictated++;
      if (changed) corrected++;
      const pf = perField.get(f) ?? { dictated: 0, corrected: 0 };
      perField.set(f, { dictated: pf.dictated + 1, corrected: pf.corrected + (changed ? 1 : 0) });
    }
  }
  return {
    records: rows.length,
    manual: { n: manual.length, median: manual.length ? median(manual) : null },
    dictation: { n: dictation.length, median: dictation.length ? median(dictation) : null },
    speedUp: manual.length && dictation.length ? median(manual) / median(dictation) : null,
    werAll: refAll ? errAll / refAll : 0,
    werDictated: refDict ? errDict / refDict : 0,
    correctionRate: dictated ? corrected / dictated : 0,
    fieldRates: Object.fromEntries([...perField].map(([f, c]) => [f, c.corrected / c.dictated])),
  };
}

interface Group {
  records: number;
  manual: { timed: number; entryMs: { median: number } | null };
  dictation: { timed: number; entryMs: { median: number } | null };
  speedUp: { factor: number; lower: number | null; upper: number | null } | null;
  postEdit: { all: { wer: number }; dictated: { wer: number }; correctionRate: number; fields: { field: string; rate: number }[] };
}

function expectGroup(g: Group, rows: StoredRow[], label: string): void {
  const e = expectedFigures(rows);
  expect(g.records, label).toBe(e.records);
  for (const mode of ['manual', 'dictation'] as const) {
    expect(g[mode].timed, `${label} ${mode}`).toBe(e[mode].n);
    if (e[mode].median === null) expect(g[mode].entryMs).toBeNull();
    else expect(g[mode].entryMs!.median, `${label} ${mode} median`).toBeCloseTo(e[mode].median!, DIGITS);
  }
  if (e.speedUp === null) expect(g.speedUp, label).toBeNull();
  else expect(g.speedUp!.factor, `${label} speed-up`).toBeCloseTo(e.speedUp, DIGITS);
  expect(g.postEdit.all.wer, `${label} post-edit WER`).toBeCloseTo(e.werAll, DIGITS);
  expect(g.postEdit.dictated.wer, `${label} dictated-field WER`).toBeCloseTo(e.werDictated, DIGITS);
  expect(g.postEdit.correctionRate, `${label} correction rate`).toBeCloseTo(e.correctionRate, DIGITS);
  const rates = Object.fromEntries(g.postEdit.fields.filter((f) => e.fieldRates[f.field] !== undefined).map((f) => [f.field, f.rate]));
  expect(Object.keys(rates).sort(), label).toEqual(Object.keys(e.fieldRates).sort());
  for (const [f, rate] of Object.entries(e.fieldRates)) expect(rates[f], `${label} ${f}`).toBeCloseTo(rate, DIGITS);
}

let rows: StoredRow[];

beforeAll(async () => {
  ({ app, db } = await buildPilotApp(path.join(dir, 'pilot.db')));
  db.prepare(`INSERT INTO users (id, name, role, created_at) VALUES (2, 'ilze', 'clerk', '2026-11-01T00:00:00Z')`).run();
  for (const s of seeds) await seedRecord(s);
  // a draft with timings is never reported
  const draft = (await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', mode: 'manual' } })).json().record.id;
  await app.inject({ method: 'POST', url: `/api/forms/records/${draft}/timing`, payload: { activeMs: 1 } });
  rows = db
    .prepare(`SELECT mode, template_id, user_id, fields_json, recognised_json, opened_at, saved_at, active_ms FROM form_records WHERE status = 'saved' ORDER BY id`)
    .all() as StoredRow[];
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the pilot report equals an independent computation from the stored rows', () => {
  it('stored what went through the write path', () => {
    expect(rows).toHaveLength(seeds.length);
    // the fallback to wall-clock time is exercised, and the data are not trivial
    expect(rows.filter((r) => r.active_ms === null).length).toBeGreaterThan(2);
    const e = expectedFigures(rows);
    expect(e.werAll).toBeGreaterThan(0.05);
    expect(e.correctionRate).toBeGreaterThan(0.1);
    expect(e.speedUp).toBeGreaterThan(1.5);
  });

  it('overall, per template and per user', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/pilot/report' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { overall: Group; byTemplate: (Group & { template: string })[]; byUser: (Group & { userId: number })[] };
    expectGroup(body.overall, rows, 'overall');
    expect(body.overall.speedUp!.lower!).toBeLessThanOrEqual(body.overall.speedUp!.factor);
    expect(body.overall.speedUp!.upper!).toBeGreaterThanOrEqual(body.overall.speedUp!.factor);
    expect(body.byTemplate.map((t) => t.template)).toEqual(['gadijuma-piezime', 'majokla-pabalsts']);
    for (const t of body.byTemplate) expectGroup(t, rows.filter((r) => r.template_id === t.template), t.template);
    expect(body.byUser.map((u) => u.userId)).toEqual([1, 2]);
    for (const u of body.byUser) expectGroup(u, rows.filter((r) => r.user_id === u.userId), `user ${u.userId}`);
  });

  it('with a template and user filter', async () => {
    const body = (await app.inject({ method: 'GET', url: '/api/pilot/report?template=majokla-pabalsts&user=ilze' })).json() as { overall: Group };
    expectGroup(body.overall, rows.filter((r) => r.template_id === 'majokla-pabalsts' && r.user_id === 2), 'majokla-pabalsts, ilze');
  });
});
