import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiktatsError } from '../../../server/errors.ts';
import { LatencyHistogram } from '../../../server/pilot/latency-histogram.ts';
import { openDatabase, type Database } from '../../../server/storage/database.ts';
import { createFormRepository, type FormRepository } from '../../../server/storage/form-repository.ts';

let db: Database;
let repo: FormRepository;
beforeEach(() => {
  db = openDatabase(':memory:');
  repo = createFormRepository(db);
});
afterEach(() => db.close());

const draft = { form: 'majokla-pabalsts', templateVersion: 1, status: 'draft' as const, mode: 'dictation' as const, userId: 1, fields: { vards: 'Jānis' }, issues: [] };

describe('form records (migration 3)', () => {
  it('creates a draft with the pilot columns empty', () => {
    const r = repo.create(draft);
    expect(r).toMatchObject({ id: 1, form: 'majokla-pabalsts', status: 'draft', mode: 'dictation', userId: 1, fields: { vards: 'Jānis' }, revision: 1, savedAt: null, recognised: null });
    expect(r.metrics).toEqual({ openedAt: null, firstInputAt: null, activeMs: null, keystrokes: null, edits: null, audioSec: null, processingMs: null, latency: null });
    expect(repo.get(r.id)).toEqual(r);
  });

  it('updates values and status, bumping the revision; saving stamps savedAt', () => {
    const r = repo.create({ ...draft, metrics: { openedAt: '2025-03-10T09:00:00.000Z', activeMs: 5000, keystrokes: 3, edits: 1 } });
    const u = repo.update(r.id, {
      fields: { vards: 'Jānis', ire: 180.5 },
      issues: [{ field: 'ire', code: 'out_of_range', message: 'x' }],
      recognised: { vards: 'Jānis' },
    });
    expect(u.revision).toBe(2);
    expect(u.fields).toEqual({ vards: 'Jānis', ire: 180.5 });
    expect(u.metrics).toEqual({
      openedAt: '2025-03-10T09:00:00.000Z', firstInputAt: null, activeMs: 5000, keystrokes: 3, edits: 1,
      audioSec: null, processingMs: null, latency: null,
    });
    const s = repo.update(r.id, { status: 'saved' });
    expect(s.status).toBe('saved');
    expect(s.savedAt).not.toBeNull();
    expect(s.fields).toEqual(u.fields);
  });

  it('never writes any pilot measurement on update, even when a caller passes them', () => {
    const r = repo.create({ ...draft, metrics: { activeMs: 5000, keystrokes: 3, edits: 1, firstInputAt: '2025-03-10T09:00:02.000Z', audioSec: 4 } });
    // a caller outside the types (a JSON body) must not get through either
    const sneaky = { metrics: { activeMs: 1, keystrokes: 99, edits: 7, firstInputAt: null, openedAt: null, audioSec: 0, processingMs: 1 } } as unknown as object;
    const u = repo.update(r.id, { status: 'saved', ...sneaky });
    expect(u.metrics).toMatchObject({ activeMs: 5000, keystrokes: 3, edits: 1, firstInputAt: '2025-03-10T09:00:02.000Z', openedAt: null, audioSec: 4, processingMs: null });
  });

  it('adds the recogniser figures to the stored ones without bumping the revision (a reopened record accumulates)', () => {
    const r = repo.create(draft);
    const h1 = new LatencyHistogram();
    for (const ms of [20, 30, 40]) h1.add(ms);
    const a = repo.addRecogniserFigures(r.id, { audioSec: 2.5, processingMs: 300, latency: h1 });
    expect(a.revision).toBe(r.revision);
    expect(a.updatedAt).toBe(r.updatedAt);
    expect(a.metrics).toMatchObject({ audioSec: 2.5, processingMs: 300, latency: { n: 3, minMs: 20, maxMs: 40 } });
    // the API shows the summary, not the buckets kept for merging
    expect(a.metrics.latency).not.toHaveProperty('buckets');
    const h2 = new LatencyHistogram();
    h2.add(500);
    const b = repo.addRecogniserFigures(r.id, { audioSec: 1.25, processingMs: 100, latency: h2 });
    expect(b.metrics).toMatchObject({ audioSec: 3.75, processingMs: 400, latency: { n: 4, minMs: 20, maxMs: 500 } });
    expect(() => repo.addRecogniserFigures(999, { audioSec: 1, processingMs: 1, latency: h2 })).toThrowError(expect.objectContaining({ code: 'FORM_ERR_RECORD_NOT_FOUND' }));
  });

  it('expected failures: unknown record, stale revision, saved back to draft', () => {
    const r = repo.create(draft);
    expect(() => repo.update(999, {})).toThrowError(expect.objectContaining({ code: 'FORM_ERR_RECORD_NOT_FOUND' }));
    expect(() => repo.update(r.id, { fields: {}, expectedRevision: 7 })).toThrowError(expect.objectContaining({ code: 'FORM_ERR_CONFLICT', status: 409 }));
    repo.update(r.id, { status: 'saved' });
    expect(() => repo.update(r.id, { status: 'draft' })).toThrowError(DiktatsError);
    expect(repo.get(r.id)?.status).toBe('saved');
  });

  it('lists newest first, filtered by form and status', () => {
    const a = repo.create(draft);
    const b = repo.create({ ...draft, form: 'gadijuma-piezime', fields: {} });
    const c = repo.create({ ...draft, status: 'saved' });
    expect(repo.list({ limit: 10, offset: 0 }).map((r) => r.id)).toEqual([c.id, b.id, a.id]);
    expect(repo.list({ form: 'majokla-pabalsts', limit: 10, offset: 0 }).map((r) => r.id)).toEqual([c.id, a.id]);
    expect(repo.list({ status: 'saved', limit: 10, offset: 0 }).map((r) => r.id)).toEqual([c.id]);
    expect(repo.list({ limit: 1, offset: 1 }).map((r) => r.id)).toEqual([b.id]);
  });

  it('refuses a status or mode outside the schema', () => {
    expect(() => repo.create({ ...draft, status: 'deleted' as 'draft' })).toThrow(/CHECK/u);
    expect(() => repo.create({ ...draft, mode: 'typing' as 'manual' })).toThrow(/CHECK/u);
  });
});
