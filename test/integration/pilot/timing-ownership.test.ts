/**
 * One owner per column: the entry timings a page reports over
 * POST /api/forms/records/:id/timing survive everything that writes the
 * record's content afterwards — the socket's autosave after a final or a
 * keyboard edit, a voice "saglabāt", a REST autosave (PUT) and a REST save.
 * (Before this, FormSession's autosave wrote `edits` and `first_input_at`
 * itself and replaced what the page had reported.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FormSession } from '../../../server/forms/form-session.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';
import type { Database } from '../../../server/storage/database.ts';
import { createFormRepository } from '../../../server/storage/form-repository.ts';
import { buildPilotApp } from './build-pilot-app.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-timing-owner-'));
let app: FastifyInstance;
let db: Database;

beforeAll(async () => {
  ({ app, db } = await buildPilotApp(path.join(dir, 'pilot.db')));
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const REPORTED = {
  openedAt: '2026-11-03T10:00:00.000Z',
  firstInputAt: '2026-11-03T10:00:04.500Z',
  activeMs: 52_250,
  keystrokes: 17,
  edits: 3,
};

/** The timing columns as stored, read with plain SQL. */
const storedTimings = (id: number) =>
  db.prepare('SELECT opened_at, first_input_at, active_ms, keystrokes, edits, status FROM form_records WHERE id = ?').get(id) as {
    opened_at: string;
    first_input_at: string;
    active_ms: number;
    keystrokes: number;
    edits: number;
    status: string;
  };
const asReported = { opened_at: REPORTED.openedAt, first_input_at: REPORTED.firstInputAt, active_ms: REPORTED.activeMs, keystrokes: REPORTED.keystrokes, edits: REPORTED.edits };

const postTiming = async (id: number, body: object) => {
  const r = await app.inject({ method: 'POST', url: `/api/forms/records/${id}/timing`, payload: body });
  expect(r.statusCode, r.body).toBe(200);
};

describe('client-reported entry timings', () => {
  it('survive the socket autosave after finals and keyboard edits, and a voice save', async () => {
    const form = new FormSession({ templates: loadTemplateDir(), store: createFormRepository(db), userId: 1 });
    const [opened] = form.handleMessage({ type: 'form.open', form: 'majokla-pabalsts', mode: 'dictation' });
    const id = (opened as { record: number }).record;
    form.handleFinal('vārds jānis');
    // the page reports while the socket still holds the record it read at form.open
    await postTiming(id, REPORTED);
    form.handleFinal('uzvārds bērziņš');
    form.handleMessage({ type: 'form.edit', field: 'vards', value: 'Jāzeps' });
    form.handleMessage({ type: 'form.edit', field: 'ire', value: '180' });
    const out = form.handleFinal('saglabāt');
    expect(out.map((m) => m.type)).toContain('form.saved');
    expect(storedTimings(id)).toMatchObject({ ...asReported, status: 'saved' });
    // the content did change: the test would be empty otherwise
    expect(db.prepare('SELECT fields_json FROM form_records WHERE id = ?').pluck().get(id)).toBe(JSON.stringify({ vards: 'Jāzeps', uzvards: 'Bērziņš', ire: 180 }));
  });

  it('survive a REST autosave and a REST save of a manual record', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime', mode: 'manual', fields: { klients: 'Anna' } } });
    const { id, revision } = created.json().record as { id: number; revision: number };
    await postTiming(id, REPORTED);
    const put = await app.inject({ method: 'PUT', url: `/api/forms/records/${id}`, payload: { fields: { klients: 'Anna Liepa' }, revision } });
    expect(put.statusCode, put.body).toBe(200);
    const save = await app.inject({ method: 'PUT', url: `/api/forms/records/${id}`, payload: { status: 'saved', fields: { klients: 'Anna Liepa', apraksts: 'Ieradās.' } } });
    expect(save.statusCode, save.body).toBe(200);
    expect(storedTimings(id)).toMatchObject({ ...asReported, status: 'saved' });
    // and a later report after the save replaces them (the page reports at every save)
    await postTiming(id, { activeMs: 60_000, keystrokes: 20 });
    expect(storedTimings(id)).toMatchObject({ active_ms: 60_000, keystrokes: 20, edits: REPORTED.edits });
  });
});
