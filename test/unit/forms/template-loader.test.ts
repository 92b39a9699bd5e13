import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiktatsError } from '../../../server/errors.ts';
import { compileTemplate, createTemplateRegistry, loadTemplateDir, parseTemplateFile } from '../../../server/forms/template-loader.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'diktats-forms-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const field = (over: Record<string, unknown> = {}) => ({ id: 'vards', label: 'Vārds', spoken: ['vārds'], type: 'name', required: true, order: 1, ...over });
const template = (over: Record<string, unknown> = {}) => ({ id: 'test-forma', title: 'Tests', version: 1, fields: [field()], ...over });

function expectInvalid(json: unknown, ...fragments: string[]): void {
  let error: unknown;
  try {
    compileTemplate(json, 'test-forma.json');
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(DiktatsError);
  const e = error as DiktatsError;
  expect(e.code).toBe('FORM_ERR_TEMPLATE_INVALID');
  expect(e.message).toContain('test-forma.json');
  for (const f of fragments) expect(e.message).toContain(f);
}

describe('bundled templates', () => {
  const registry = loadTemplateDir();

  it('has majokla-pabalsts with exactly the contract field ids, in order', () => {
    const t = registry.get('majokla-pabalsts');
    expect(t.template.title).toBe('Mājokļa pabalsta iesniegums');
    expect(t.fields.map((f) => f.id)).toEqual([
      'vards', 'uzvards', 'personas_kods', 'adrese', 'talrunis', 'majsaimniecibas_locekli', 'ienakumi', 'ire', 'komunalie',
      'pakalpojuma_sniedzejs', 'rekina_numurs', 'iban', 'datums', 'piezimes',
    ]);
  });

  it('has gadijuma-piezime with exactly the contract field ids and visit types', () => {
    const t = registry.get('gadijuma-piezime');
    expect(t.template.title).toBe('Sociālā darba gadījuma piezīme');
    expect(t.fields.map((f) => f.id)).toEqual(['klients', 'personas_kods', 'datums', 'vizites_veids', 'apraksts', 'lemumi', 'nakama_tiksanas']);
    expect(t.byId.get('vizites_veids')?.validation?.options?.map((o) => o.value)).toEqual(['mājas vizīte', 'klātienes konsultācija', 'telefonsaruna']);
  });

  it('speaks the labels the issue lists', () => {
    const all = new Set(registry.list().flatMap((t) => t.fields).flatMap((f) => f.spoken));
    for (const label of ['vārds', 'uzvārds', 'personas kods', 'adrese', 'tālrunis', 'telefons', 'mājsaimniecības locekļu skaits', 'ienākumi', 'īre', 'īres maksa',
      'komunālie maksājumi', 'pakalpojuma sniedzējs', 'rēķina numurs', 'konta numurs', 'iban', 'datums', 'piezīmes', 'klients', 'vizītes veids', 'apraksts',
      'lēmumi', 'nākamā tikšanās']) {
      expect(all, label).toContain(label);
    }
  });

  it('unknown id is a 404 that says where the ids are', () => {
    expect(() => registry.get('nav-tadas')).toThrowError(expect.objectContaining({ code: 'FORM_ERR_TEMPLATE_NOT_FOUND', status: 404 }));
  });
});

describe('template validation: bad calls', () => {
  it('names a missing property', () => {
    const { title: _, ...noTitle } = template();
    expectInvalid(noTitle, 'title');
  });

  it('names a wrong field type and an unknown property by JSON path', () => {
    expectInvalid(template({ fields: [field({ type: 'telefons' })] }), '/fields/0/type');
    expectInvalid(template({ fields: [field({ lable: 'x' })] }), '/fields/0');
  });

  it('refuses ids that are not lower-case kebab / snake case', () => {
    expectInvalid(template({ id: 'Test Forma' }), '/id');
    expectInvalid(template({ fields: [field({ id: 'Vārds' })] }), '/fields/0/id');
  });

  it('refuses duplicate ids and orders', () => {
    expectInvalid(template({ fields: [field(), field({ spoken: ['vārdiņš'], order: 2 })] }), '"vards" is used twice');
    expectInvalid(template({ fields: [field(), field({ id: 'uzvards', spoken: ['uzvārds'] })] }), 'order', 'also the order of "vards"');
  });

  it('refuses one spoken label for two fields, even spelled without macrons', () => {
    expectInvalid(template({ fields: [field(), field({ id: 'uzvards', spoken: ['vards'], order: 2 })] }), 'already names field "vards"');
  });

  it('refuses a voice command as a label', () => {
    expectInvalid(template({ fields: [field({ spoken: ['saglabāt'] })] }), 'is a voice command');
  });

  it('wants options for an enum and only there', () => {
    expectInvalid(template({ fields: [field({ type: 'enum' })] }), 'an enum field needs its options');
    expectInvalid(template({ fields: [field({ validation: { options: [{ value: 'a' }] } })] }), 'only enum fields take options');
  });

  it('checks min/max sense and where they apply', () => {
    expectInvalid(template({ fields: [field({ type: 'integer', validation: { min: 5, max: 1 } })] }), 'min 5 is above max 1');
    expectInvalid(template({ fields: [field({ validation: { max: 3 } })] }), 'integer and money fields only');
  });

  it('refuses ids the REST paths use', () => {
    expectInvalid(template({ id: 'records' }), 'reserved');
  });

  it('reports several problems at once', () => {
    expectInvalid(template({ fields: [field({ type: 'enum' }), field({ order: 1, spoken: ['x'] })] }), 'options', 'used twice');
  });

  it('reads files: bad JSON, a missing file and a name that does not match the id', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "id": ');
    expect(() => parseTemplateFile(bad)).toThrowError(/not valid JSON/u);
    expect(() => parseTemplateFile(path.join(dir, 'missing.json'))).toThrowError(/file not found/u);
    const misnamed = path.join(dir, 'cita.json');
    writeFileSync(misnamed, JSON.stringify(template()));
    expect(() => parseTemplateFile(misnamed)).toThrowError(/name the file test-forma\.json/u);
    const good = path.join(dir, 'test-forma.json');
    writeFileSync(good, JSON.stringify(template()));
    expect(parseTemplateFile(good).template.id).toBe('test-forma');
  });

  it('a registry refuses two templates with one id', () => {
    const t = compileTemplate(template(), 'a');
    expect(() => createTemplateRegistry([t, t])).toThrowError(/two templates share the id/u);
  });
});
