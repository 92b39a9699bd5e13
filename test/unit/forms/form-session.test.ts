/** The socket-side driver: messages and finals in, extension messages out, drafts autosaved. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FormRecord } from '../../../server/forms/form-record.ts';
import { parseFormClientMessage } from '../../../server/forms/form-messages.ts';
import { FormSession } from '../../../server/forms/form-session.ts';
import { loadTemplateDir } from '../../../server/forms/template-loader.ts';
import { openDatabase, type Database } from '../../../server/storage/database.ts';
import { createFormRepository, type FormRepository } from '../../../server/storage/form-repository.ts';

const templates = loadTemplateDir();
let db: Database;
let store: FormRepository;
let saved: FormRecord[];
let session: FormSession;
beforeEach(() => {
  db = openDatabase(':memory:');
  store = createFormRepository(db);
  saved = [];
  session = new FormSession({ templates, store, userId: 1, onSaved: (r) => saved.push(r), now: () => new Date(2025, 2, 10, 9) });
});
afterEach(() => db.close());

describe('parseFormClientMessage', () => {
  it('leaves vosk messages and other types to the caller', () => {
    expect(parseFormClientMessage({ config: { sample_rate: 16000 } })).toBeNull();
    expect(parseFormClientMessage({ eof: 1 })).toBeNull();
    expect(parseFormClientMessage({ type: 'asr.partial' })).toBeNull();
    expect(parseFormClientMessage('form.open')).toBeNull();
  });

  it('accepts the form messages', () => {
    expect(parseFormClientMessage({ type: 'form.open', form: 'majokla-pabalsts' })).toEqual({ type: 'form.open', form: 'majokla-pabalsts' });
    expect(parseFormClientMessage({ type: 'form.edit', field: 'ire', value: null })?.type).toBe('form.edit');
  });

  it('bad calls: unknown form type, missing or extra properties', () => {
    expect(() => parseFormClientMessage({ type: 'form.delete' })).toThrowError(expect.objectContaining({ code: 'FORM_ERR_MESSAGE', status: 400 }));
    expect(() => parseFormClientMessage({ type: 'form.open' })).toThrowError(/form\.open/u);
    expect(() => parseFormClientMessage({ type: 'form.focus', field: 'x', extra: 1 })).toThrowError(expect.objectContaining({ code: 'FORM_ERR_MESSAGE' }));
    expect(() => parseFormClientMessage({ type: 'form.open', form: 'x', record: 0 })).toThrowError(expect.objectContaining({ code: 'FORM_ERR_MESSAGE' }));
  });
});

describe('FormSession', () => {
  it('sends nothing for finals until form.open', () => {
    expect(session.handleFinal('vārds jānis')).toEqual([]);
    expect(session.active).toBe(false);
  });

  it('opens a new draft, updates it after each final, saves on "saglabāt"', () => {
    const [opened] = session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    expect(opened).toEqual({ type: 'form.opened', form: 'majokla-pabalsts', record: 1, status: 'draft', fields: {}, issues: [], focus: 'vards' });
    expect(store.get(1)?.metrics.openedAt).toBe(new Date(2025, 2, 10, 9).toISOString());

    const [update] = session.handleFinal('vārds jānis uzvārds bērziņš');
    expect(update).toMatchObject({ type: 'form.update', record: 1, seq: 1, fields: { vards: 'Jānis', uzvards: 'Bērziņš' }, saved: false });
    expect(store.get(1)).toMatchObject({ status: 'draft', fields: { vards: 'Jānis', uzvards: 'Bērziņš' }, recognised: { vards: 'Jānis', uzvards: 'Bērziņš' } });
    // first input, keystrokes and edits are the page's to report (timing route), never the socket's
    expect(store.get(1)?.metrics).toMatchObject({ firstInputAt: null, edits: null, keystrokes: null, activeMs: null });

    const out = session.handleFinal('saglabāt');
    expect(out.map((m) => m.type)).toEqual(['form.update', 'form.saved']);
    const savedMsg = out[1] as Extract<(typeof out)[number], { type: 'form.saved' }>;
    expect(savedMsg.issues.filter((i) => i.code === 'required').map((i) => i.field)).toEqual(['personas_kods', 'adrese', 'majsaimniecibas_locekli', 'ienakumi', 'iban', 'datums']);
    expect(store.get(1)?.status).toBe('saved');
    expect(savedMsg.savedAt).toBe(store.get(1)?.savedAt);
    expect(saved.map((r) => r.id)).toEqual([1]);
  });

  it('keyboard edits are autosaved and kept apart from the recognised values', () => {
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts', mode: 'dictation' });
    session.handleFinal('vārds jānis');
    const [u] = session.handleMessage({ type: 'form.edit', field: 'vards', value: 'Jāzeps' });
    expect(u).toMatchObject({ type: 'form.update', fields: { vards: 'Jāzeps' }, commands: [] });
    expect(session.handleMessage({ type: 'form.edit', field: 'vards', value: 'Jāzeps' })).toEqual([]);
    const r = store.get(1)!;
    expect(r.fields).toEqual({ vards: 'Jāzeps' });
    expect(r.recognised).toEqual({ vards: 'Jānis' });
    expect(r.metrics.edits).toBeNull();
  });

  it('reopens a stored record with its values', () => {
    session.handleMessage({ type: 'form.open', form: 'gadijuma-piezime' });
    session.handleFinal('klients anna ozola');
    const again = new FormSession({ templates, store, userId: 1 });
    const [opened] = again.handleMessage({ type: 'form.open', form: 'gadijuma-piezime', record: 1 });
    expect(opened).toMatchObject({ type: 'form.opened', record: 1, fields: { klients: 'Anna Ozola' } });
    expect(again.handleFinal('datums šodien')[0]).toMatchObject({ fields: { datums: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/u) } });
  });

  it('expected failures throw coded errors, the session stays usable', () => {
    expect(() => session.handleMessage({ type: 'form.open', form: 'nav-tadas' })).toThrow(
      expect.objectContaining({ code: 'FORM_ERR_TEMPLATE_NOT_FOUND', message: expect.stringContaining('nav-tadas') }),
    );
    expect(() => session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts', record: 42 })).toThrow(
      expect.objectContaining({ code: 'FORM_ERR_RECORD_NOT_FOUND', message: expect.stringContaining('majokla-pabalsts record 42') }),
    );
    expect(session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' })[0]?.type).toBe('form.opened');
    session.handleMessage({ type: 'form.close' });
    expect(session.handleFinal('vārds jānis')).toEqual([]);
  });
});

describe('FormSession: the recogniser figures of the open record', () => {
  it('measures only while a dictation record is open', () => {
    expect(session.meter).toBeNull();
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    expect(session.meter).not.toBeNull();
    session.handleMessage({ type: 'form.close' });
    expect(session.meter).toBeNull();
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts', mode: 'manual' });
    expect(session.meter).toBeNull();
  });

  it('adds them to the record at each autosave and at the save, without bumping its revision', () => {
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    session.meter!.addAudio(2);
    session.meter!.addProcessing(150);
    session.meter!.addReplyLatency(40);
    session.handleFinal('vārds jānis');
    const afterAutosave = store.get(1)!;
    expect(afterAutosave.metrics).toMatchObject({ audioSec: 2, processingMs: 150, latency: { n: 1, p50Ms: 40 } });
    expect(afterAutosave.revision).toBe(2); // create + one content autosave; the figures added nothing
    session.meter!.addAudio(1.5);
    session.meter!.addReplyLatency(60);
    session.handleMessage({ type: 'form.save' });
    expect(saved[0]!.metrics).toMatchObject({ audioSec: 3.5, processingMs: 150, latency: { n: 2, minMs: 40, maxMs: 60 } });
  });

  it('a measurement with no content change is stored on close or flush, not lost', () => {
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    session.meter!.addAudio(0.8);
    expect(store.get(1)!.metrics.audioSec).toBeNull();
    session.flush();
    expect(store.get(1)!.metrics.audioSec).toBe(0.8);
    session.meter!.addAudio(0.2);
    session.handleMessage({ type: 'form.close' });
    expect(store.get(1)!.metrics.audioSec).toBe(1);
  });

  it('a record reopened on another connection adds to its stored figures', () => {
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    session.meter!.addAudio(4);
    session.meter!.addProcessing(300);
    session.meter!.addReplyLatency(20);
    session.flush();
    const later = new FormSession({ templates, store, userId: 1 });
    later.handleMessage({ type: 'form.open', form: 'majokla-pabalsts', record: 1 });
    later.meter!.addAudio(1);
    later.meter!.addProcessing(50);
    later.meter!.addReplyLatency(80);
    later.handleFinal('vārds jānis');
    expect(store.get(1)!.metrics).toMatchObject({ audioSec: 5, processingMs: 350, latency: { n: 2, minMs: 20, maxMs: 80 } });
  });

  it('opening another record first stores what belongs to the one open until then', () => {
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts' });
    session.meter!.addAudio(3);
    session.handleMessage({ type: 'form.open', form: 'gadijuma-piezime' });
    expect(store.get(1)!.metrics.audioSec).toBe(3);
    expect(store.get(2)!.metrics.audioSec).toBeNull();
  });

  it('a manual record keeps them null (not measured), whatever is dictated', () => {
    session.handleMessage({ type: 'form.open', form: 'majokla-pabalsts', mode: 'manual' });
    session.handleFinal('vārds jānis');
    session.handleMessage({ type: 'form.save' });
    session.flush();
    expect(store.get(1)!.metrics).toMatchObject({ audioSec: null, processingMs: null, latency: null });
  });
});
