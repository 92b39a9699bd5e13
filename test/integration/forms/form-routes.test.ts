/**
 * The form REST API through app.inject, on a Fastify instance with only the
 * storage and forms services (temp SQLite file) and the form routes, so no model loads.
 * The error handler mirrors app.ts's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDiktatsError } from '../../../server/errors.ts';
import { formRoutes } from '../../../server/http/form-routes.ts';
import { registerFormServices } from '../../support/form-services.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-form-routes-'));
const hooks: unknown[] = [];
let hookFails = false;
let app: FastifyInstance;

async function build(): Promise<FastifyInstance> {
  const f = Fastify({ logger: false });
  f.setErrorHandler((err, _req, reply) => {
    if (isDiktatsError(err)) return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    const e = err as { statusCode?: number; code?: string; message: string };
    return reply.code(e.statusCode ?? 500).send({ error: { code: e.code ?? 'INTERNAL', message: e.message } });
  });
  await registerFormServices(f, path.join(dir, 'forms.db'), {
    webhookUrl: 'https://dms.example/hook',
    webhookRetryDelaysMs: [1],
    fetch: (async (_url: string, init: RequestInit) => {
      hooks.push(JSON.parse(String(init.body)));
      if (hookFails) throw new TypeError('fetch failed');
      return new Response(null, { status: 200 });
    }) as unknown as typeof fetch,
  });
  await f.register(formRoutes);
  return f;
}

beforeAll(async () => {
  app = await build();
});
afterAll(async () => {
  await app.close();
  rmSync(dir, { recursive: true, force: true });
});

const SPOKEN =
  'vārds jānis uzvārds bērziņš personas kods divdesmit viens nulle trīs astoņdesmit pieci domuzīme divpadsmit trīsdesmit četri pieci adrese brīvības iela divdesmit trīs dzīvoklis pieci madona tālrunis divdesmit seši divpadsmit trīsdesmit četri piecdesmit seši īres maksa simts astoņdesmit eiro un piecdesmit centi saglabāt';

describe('templates', () => {
  it('lists both templates and shows one in full', async () => {
    const list = await app.inject({ method: 'GET', url: '/api/forms/templates' });
    expect(list.statusCode).toBe(200);
    expect(list.json().templates).toEqual([
      { id: 'gadijuma-piezime', title: 'Sociālā darba gadījuma piezīme', version: 1, fields: 7 },
      { id: 'majokla-pabalsts', title: 'Mājokļa pabalsta iesniegums', version: 1, fields: 14 },
    ]);
    const one = await app.inject({ method: 'GET', url: '/api/forms/templates/gadijuma-piezime' });
    expect(one.json().fields[3]).toMatchObject({ id: 'vizites_veids', type: 'enum', validation: { options: expect.any(Array) } });
  });

  it('answers 404 with a coded error for an unknown template', async () => {
    const r = await app.inject({ method: 'GET', url: '/api/forms/templates/nav' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('FORM_ERR_TEMPLATE_NOT_FOUND');
  });
});

describe('POST /api/forms/:id/fill', () => {
  it('returns the contract JSON; fields not dictated are absent', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { text: SPOKEN } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({
      form: 'majokla-pabalsts',
      fields: { vards: 'Jānis', uzvards: 'Bērziņš', personas_kods: '210385-12345', adrese: 'Brīvības iela 23-5, Madona', talrunis: '26123456', ire: 180.5 },
      issues: [{ field: 'personas_kods', code: 'personal_code_checksum', message: expect.stringContaining('kontrolcipars') }],
    });
  });

  it('takes finals in order and a reference day', async () => {
    const r = await app.inject({ method: 'POST', url: '/api/forms/gadijuma-piezime/fill', payload: { finals: ['nākamā tikšanās', 'piektajā janvārī'], today: '2025-03-10' } });
    expect(r.json().fields).toEqual({ nakama_tiksanas: '2026-01-05' });
  });

  it('bad calls: unknown property, unknown form', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { txt: 'x' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { today: '2025-03-10' } })).statusCode).toBe(400);
    expect((await app.inject({ method: 'POST', url: '/api/forms/nav/fill', payload: { text: 'x' } })).statusCode).toBe(404);
  });
});

describe('records', () => {
  it('creates a draft, autosaves it with PUT, saves it, serves it to other systems and fires the webhook once', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', fields: { vards: 'Jānis', ire: '180,50' }, metrics: { openedAt: '2025-03-10T09:00:00.000Z' } } });
    expect(created.statusCode).toBe(201);
    const draft = created.json().record;
    expect(draft).toMatchObject({ form: 'majokla-pabalsts', status: 'draft', mode: 'dictation', userId: 1, fields: { vards: 'Jānis', ire: 180.5 }, issues: [], revision: 1 });

    const autosaved = await app.inject({ method: 'PUT', url: `/api/forms/records/${draft.id}`, payload: { fields: { vards: 'Jānis', uzvards: 'Bērziņš', ire: 180.5 }, revision: 1 } });
    expect(autosaved.json().record).toMatchObject({ revision: 2, fields: { uzvards: 'Bērziņš' } });
    const stale = await app.inject({ method: 'PUT', url: `/api/forms/records/${draft.id}`, payload: { fields: {}, revision: 1 } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('FORM_ERR_CONFLICT');

    expect(hooks).toHaveLength(0);
    // entry timings go over the timing route only; a PUT carrying them is refused
    const timed = await app.inject({ method: 'PUT', url: `/api/forms/records/${draft.id}`, payload: { status: 'saved', metrics: { activeMs: 95_000 } } });
    expect(timed.statusCode).toBe(400);
    // and so are the recogniser's figures: only the socket that measured them writes them
    const measured = await app.inject({ method: 'PUT', url: `/api/forms/records/${draft.id}`, payload: { status: 'saved', metrics: { audioSec: 31.5, processingMs: 900 } } });
    expect(measured.statusCode).toBe(400);
    expect(hooks).toHaveLength(0);
    const saved = await app.inject({ method: 'PUT', url: `/api/forms/records/${draft.id}`, payload: { status: 'saved' } });
    expect(saved.statusCode).toBe(200);
    const record = saved.json().record;
    expect(record).toMatchObject({ status: 'saved', savedAt: expect.any(String), metrics: { openedAt: '2025-03-10T09:00:00.000Z', audioSec: null, processingMs: null, latency: null } });
    expect(record.issues.map((i: { field: string }) => i.field)).toEqual(['personas_kods', 'adrese', 'majsaimniecibas_locekli', 'ienakumi', 'iban', 'datums']);

    await new Promise((r) => setTimeout(r, 20));
    expect(hooks).toEqual([{ event: 'form.saved', record }]);

    const back = await app.inject({ method: 'PUT', url: `/api/forms/records/${draft.id}`, payload: { status: 'draft' } });
    expect(back.statusCode).toBe(409);
    expect(back.json().error.code).toBe('FORM_ERR_STATUS');

    const got = await app.inject({ method: 'GET', url: `/api/forms/records/${draft.id}` });
    expect(got.json().record).toEqual(record);
  });

  it('a failing webhook never fails or delays the save', async () => {
    hookFails = true;
    const before = hooks.length;
    const r = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'gadijuma-piezime', status: 'saved', fields: { klients: 'Anna Ozola' } } });
    expect(r.statusCode).toBe(201);
    await new Promise((res) => setTimeout(res, 50));
    expect(hooks.length - before).toBe(2); // first try and one retry
    hookFails = false;
  });

  it('bad calls: unknown field, unknown form, wrong value type, unknown record', async () => {
    const unknownField = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', fields: { vecums: 40 } } });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.json().error.code).toBe('FORM_ERR_UNKNOWN_FIELD');
    expect((await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'nav' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', fields: { vards: { a: 1 } } } })).statusCode).toBe(400);
    const missing = await app.inject({ method: 'GET', url: '/api/forms/records/999' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('FORM_ERR_RECORD_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/api/forms/records/abc' })).statusCode).toBe(400);
  });

  it('issue 12: values checked against the template, dictation and structured values capped', async () => {
    const recognised = await app.inject({
      method: 'POST',
      url: '/api/forms/records',
      payload: { form: 'majokla-pabalsts', fields: { vards: 'Jānis' }, recognised: { vecums: 40 } },
    });
    expect(recognised.statusCode).toBe(400);
    expect(recognised.json().error.code).toBe('FORM_ERR_UNKNOWN_FIELD');
    const longCode = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', fields: { personas_kods: '1'.repeat(201) } } });
    expect(longCode.statusCode).toBe(400);
    expect(longCode.json().error.code).toBe('FORM_ERR_TOO_LONG');
    // free text keeps its own cap (an issue, nothing lost) up to the request limit
    const note = await app.inject({ method: 'POST', url: '/api/forms/records', payload: { form: 'majokla-pabalsts', fields: { piezimes: 'ā'.repeat(4001) } } });
    expect(note.statusCode).toBe(201);
    expect(note.json().record.issues.map((i: { code: string }) => i.code)).toContain('too_long');
    const finals = await app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { finals: Array.from({ length: 3 }, () => 'a'.repeat(9000)) } });
    expect(finals.statusCode).toBe(400);
    expect(finals.json().error.code).toBe('FORM_ERR_TOO_LONG');
  });

  it('issue 12: one 20 000-character token is answered quickly (bounded phrase matching)', async () => {
    const text = `vārds ${'ab1'.repeat(6_664)}`;
    await app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { text: 'vārds jānis' } }); // warm
    const t0 = performance.now();
    const r = await app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { text } });
    const ms = performance.now() - t0;
    expect(r.statusCode).toBe(200);
    expect(r.json().fields.vards).toBeDefined();
    // ~30 s before the bound on this machine; 50 ms is the issue's target, 500 ms leaves room for a loaded CI box
    expect(ms).toBeLessThan(500);
  });

  it('issue 15: auto-texts from an active corpus of kind autotexts expand in free text (same path for the socket)', async () => {
    const { createCorpusRepository } = await import('../../../server/storage/corpus-repository.ts');
    const { importCorpus } = await import('../../../server/corpora/corpus-service.ts');
    const fill = () => app.inject({ method: 'POST', url: '/api/forms/majokla-pabalsts/fill', payload: { text: 'piezīmes standarta lēmums' } });
    expect((await fill()).json().fields.piezimes).toBe('Standarta lēmums');
    const repo = createCorpusRepository((app as unknown as { storage: { db: Parameters<typeof createCorpusRepository>[0] } }).storage.db);
    const line = JSON.stringify({ term: 'standarta lēmums', display: 'Pieņemts lēmums piešķirt mājokļa pabalstu.' });
    importCorpus(repo, { name: 'auto-teksti', kind: 'autotexts', fileName: 'a.jsonl', bytes: new TextEncoder().encode(`${line}\n`), userId: 1 });
    expect((await fill()).json().fields.piezimes).toBe('Pieņemts lēmums piešķirt mājokļa pabalstu.');
    expect(app.forms.autotexts()).toBeDefined();
    repo.setActive('auto-teksti', false);
    expect((await fill()).json().fields.piezimes).toBe('Standarta lēmums');
  });

  it('lists newest first, filtered', async () => {
    const all = (await app.inject({ method: 'GET', url: '/api/forms/records' })).json().records;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const piezimes = (await app.inject({ method: 'GET', url: '/api/forms/records?form=gadijuma-piezime&status=saved' })).json().records;
    expect(piezimes.map((r: { form: string; status: string }) => [r.form, r.status])).toEqual([['gadijuma-piezime', 'saved']]);
  });

  it('exports one record as JSON or CSV, and many as CSV per form', async () => {
    const json = await app.inject({ method: 'GET', url: '/api/forms/records/1/export?format=json' });
    expect(json.headers['content-type']).toMatch(/application\/json/u);
    expect(json.headers['content-disposition']).toBe('attachment; filename="majokla-pabalsts-1.json"');
    expect(JSON.parse(json.body).fields.vards).toBe('Jānis');
    const csv = await app.inject({ method: 'GET', url: '/api/forms/records/1/export?format=csv' });
    expect(csv.headers['content-type']).toMatch(/text\/csv/u);
    expect(csv.body.split('\r\n')[1]).toMatch(/^1,majokla-pabalsts,saved,dictation,1,.*,Jānis,Bērziņš,/u);
    const many = await app.inject({ method: 'GET', url: '/api/forms/records/export?form=majokla-pabalsts&format=csv&delimiter=semicolon' });
    expect(many.body.split('\r\n')[0]).toMatch(/^\uFEFFrecord_id;form;/u);
    const noForm = await app.inject({ method: 'GET', url: '/api/forms/records/export?format=csv' });
    expect(noForm.statusCode).toBe(400);
    expect(noForm.json().error.code).toBe('FORM_ERR_EXPORT');
    const allJson = await app.inject({ method: 'GET', url: '/api/forms/records/export?format=json' });
    expect(allJson.json().records.length).toBeGreaterThanOrEqual(2);
  });

  it('decorates app.forms for the websocket extension, records in app.storage', () => {
    expect(app.forms.templates.has('majokla-pabalsts')).toBe(true);
    expect(app.forms.correction()).toBeUndefined();
    expect(typeof app.storage.forms.create).toBe('function');
  });
});
