/**
 * web/form-controller.js in Node with an in-memory REST store, a recording
 * panel and a scripted socket: which route an edit takes, debouncing, the
 * revision conflict, retry after a failed write, the greeting that reopens
 * the record after a reconnect, and the hand-over when a dictation ends.
 */
import { describe, expect, it } from 'vitest';
import {
  FormController,
  type FormApiLike,
  type FormPanelLike,
  type FormRef,
  type FormSocketLike,
  type RecordLike,
  type TemplateDetail,
} from '../../web/form-controller.js';
import type { FieldValue, FormClientMessage } from '../../web/ws-client.js';

const TEMPLATE: TemplateDetail = {
  id: 'majokla-pabalsts',
  title: 'Mājokļa pabalsta iesniegums',
  version: 1,
  fields: [
    { id: 'vards', label: 'Vārds', type: 'name', required: true, order: 1 },
    { id: 'talrunis', label: 'Tālrunis', type: 'phone', required: false, order: 2 },
    { id: 'ire', label: 'Īres maksa', type: 'money', required: false, order: 3 },
  ],
};

/** The server's records, with its revision guard; `failNext` makes writes fail like a dropped network. */
function memoryApi() {
  const records = new Map<number, RecordLike>();
  const calls: string[] = [];
  let failNext = 0;
  const canonical = (fields: Record<string, FieldValue>) =>
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, k === 'ire' && typeof v === 'string' ? Number(v.replace(',', '.')) : k === 'talrunis' && typeof v === 'string' ? v.replace(/\s/g, '') : v]));
  const fail = () => {
    if (failNext > 0) {
      failNext--;
      throw Object.assign(new Error('offline'), { status: 0, code: 'NETWORK' });
    }
  };
  const api: FormApiLike = {
    listTemplates: async () => [{ id: TEMPLATE.id, title: TEMPLATE.title }],
    getTemplate: async () => TEMPLATE,
    listRecords: async () => [...records.values()],
    getRecord: async (id) => {
      calls.push(`GET ${id}`);
      const r = records.get(id);
      if (!r) throw Object.assign(new Error('404'), { status: 404, code: 'FORM_ERR_RECORD_NOT_FOUND' });
      return structuredClone(r);
    },
    createRecord: async (body) => {
      calls.push(`POST ${JSON.stringify(body.fields)}`);
      fail();
      const r: RecordLike = { id: records.size + 1, form: body.form, status: (body.status as 'draft') ?? 'draft', revision: 1, fields: canonical(body.fields ?? {}), issues: [] };
      records.set(r.id, r);
      return structuredClone(r);
    },
    updateRecord: async (id, body) => {
      calls.push(`PUT ${id} r${body.revision} ${JSON.stringify(body.fields)}${body.status ? ` ${body.status}` : ''}`);
      fail();
      const r = records.get(id)!;
      if (body.revision !== undefined && body.revision !== r.revision) throw Object.assign(new Error('409'), { status: 409, code: 'FORM_ERR_CONFLICT' });
      if (body.fields) r.fields = canonical(body.fields);
      if (body.status) r.status = body.status as 'saved';
      r.revision++;
      return structuredClone(r);
    },
    exportUrl: (id, format) => `/api/forms/records/${id}/export?format=${format}`,
  };
  return { api, records, calls, failNextWrites: (n: number) => (failNext = n) };
}

function recordingPanel() {
  const typed = new Map<string, string>();
  const shown = new Map<string, { value: FieldValue | undefined; flash: boolean; keepTyping: boolean }>();
  const messages: { text: string; kind: string }[] = [];
  let focused: string | null = null;
  let target: string | null = null;
  let picked = '';
  const panel: FormPanelLike = {
    setTemplates: () => {},
    setPickerValue: (id) => void (picked = id),
    showTemplate: () => shown.clear(),
    setValue: (id, value, o = {}) => void shown.set(id, { value, flash: o.flash ?? false, keepTyping: o.keepTyping ?? false }),
    setIssues: () => {},
    setTarget: (id) => void (target = id),
    setDictating: () => {},
    setRecord: () => {},
    showMessage: (text, kind = 'info') => void messages.push({ text, kind }),
    inputText: (id) => typed.get(id) ?? '',
    focusedField: () => focused,
  };
  return {
    panel,
    shown,
    messages,
    target: () => target,
    picked: () => picked,
    type: (id: string, text: string) => typed.set(id, text),
    focus: (id: string | null) => (focused = id),
  };
}

function scriptedSocket(undelivered: FormClientMessage[] = []) {
  const sent: { message: FormClientMessage; key?: string }[] = [];
  const socket: FormSocketLike & { state: string } = {
    state: 'open',
    sendMessage: (message, key) => {
      if (socket.state === 'closed') return false;
      sent.push({ message, key });
      return true;
    },
    takeUndelivered: () => undelivered.splice(0),
  };
  return { socket, sent };
}

function setup(options: { debounceMs?: number } = {}) {
  const store = memoryApi();
  const ui = recordingPanel();
  const locations: (FormRef | null)[] = [];
  const form = new FormController({
    api: store.api,
    panel: ui.panel,
    location: { read: () => null, write: (ref) => void locations.push(ref) },
    debounceMs: options.debounceMs ?? 20,
    retryMs: 30,
  });
  return { store, ui, form, locations };
}

const until = async (what: string, condition: () => boolean, timeoutMs = 2000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('FormController over REST (no dictation)', () => {
  it('creates the draft at the first edit, debounces typing into one write and keeps the record in the location', async () => {
    const { store, ui, form, locations } = setup();
    await form.pick(TEMPLATE.id);
    expect(store.calls).toEqual([]); // picking alone stores nothing
    ui.type('vards', 'Jā');
    form.onInput('vards');
    ui.type('vards', 'Jānis');
    form.onInput('vards');
    ui.type('talrunis', '26 12 34 56');
    form.onInput('talrunis');
    await until('the write', () => form.record.id !== null);
    expect(store.calls).toEqual(['POST {"vards":"Jānis","talrunis":"26 12 34 56"}']);
    expect(form.values).toEqual({ vards: 'Jānis', talrunis: '26123456' });
    expect(ui.shown.get('talrunis')).toMatchObject({ value: '26123456', keepTyping: true });
    expect(locations.at(-1)).toEqual({ form: TEMPLATE.id, record: 1 });

    ui.type('talrunis', ''); // cleared by the clerk
    form.commit('talrunis');
    form.onInput('talrunis');
    form.commit('talrunis');
    await until('the second write', () => store.calls.length === 2);
    expect(store.calls[1]).toBe('PUT 1 r1 {"vards":"Jānis"}');
  });

  it('on a revision conflict re-reads the record and puts the clerk’s fields on top of it', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    ui.type('vards', 'Jānis');
    form.onInput('vards');
    await until('created', () => form.record.id === 1);
    const stored = store.records.get(1)!; // another tab changed it meanwhile
    stored.fields = { vards: 'Jānis', ire: 200 };
    stored.revision = 5;
    ui.type('talrunis', '26123456');
    form.onInput('talrunis');
    await until('the retried write', () => store.calls.length === 4);
    expect(store.calls.slice(1)).toEqual(['PUT 1 r1 {"vards":"Jānis","talrunis":"26123456"}', 'GET 1', 'PUT 1 r5 {"vards":"Jānis","ire":200,"talrunis":"26123456"}']);
    expect(form.values).toEqual({ vards: 'Jānis', ire: 200, talrunis: '26123456' });
  });

  it('keeps an edit whose write failed, says so, and writes it on the retry', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    store.failNextWrites(1);
    ui.type('ire', '180,5');
    form.onInput('ire');
    await until('the error', () => ui.messages.some((m) => m.kind === 'error'));
    expect(ui.messages.at(-1)!.text).toContain('Nav savienojuma ar serveri');
    await until('the retry', () => form.record.id === 1);
    expect(store.records.get(1)!.fields).toEqual({ ire: 180.5 });
    expect(ui.messages.at(-1)).toEqual({ text: '', kind: 'info' }); // the error went away
  });

  it('does not open another form while an edit of this one is still unsent', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    store.failNextWrites(1);
    ui.type('vards', 'Anna');
    form.commit('vards');
    form.onInput('vards');
    form.commit('vards');
    await form.pick('');
    expect(form.template?.id).toBe(TEMPLATE.id);
    expect(ui.picked()).toBe(TEMPLATE.id);
    expect(ui.messages.at(-1)!.text).toContain('vēl nav saglabātas');
    await until('the retry', () => form.record.id === 1);
    await form.pick('');
    expect(form.template).toBeNull();
  });

  it('saves over REST with status saved', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    ui.type('vards', 'Anna');
    form.onInput('vards');
    await form.save(); // the pending edit and the status go in one write
    expect(store.calls).toEqual(['POST {"vards":"Anna"}']);
    expect(store.records.get(1)!.status).toBe('saved');
    expect(form.record.status).toBe('saved');
    expect(ui.messages.at(-1)!.text).toBe('Veidlapa saglabāta.');
  });
});

describe('FormController over the dictation socket', () => {
  it('flushes REST writes before the socket opens the record, then sends edits and focus as form messages', async () => {
    const { store, ui, form } = setup({ debounceMs: 1000 });
    await form.pick(TEMPLATE.id);
    ui.type('vards', 'Jānis');
    form.onInput('vards'); // still inside the debounce when the dictation starts
    await form.beforeDictation();
    expect(store.records.get(1)!.fields).toEqual({ vards: 'Jānis' });
    const { socket, sent } = scriptedSocket();
    form.attach(socket);
    ui.focus('talrunis');
    expect(form.greeting()).toEqual([
      { type: 'form.open', form: TEMPLATE.id, mode: 'dictation', record: 1 },
      { type: 'form.focus', field: 'talrunis' },
    ]);
    form.onFocus('talrunis');
    expect(ui.target()).toBe('talrunis');
    ui.type('talrunis', '26 1');
    form.onInput('talrunis');
    form.commit('talrunis');
    expect(sent).toEqual([
      { message: { type: 'form.focus', field: 'talrunis' }, key: 'focus' },
      { message: { type: 'form.edit', field: 'talrunis', value: '26 1' }, key: 'edit:talrunis' },
    ]);
    expect(store.calls).toEqual(['POST {"vards":"Jānis"}']); // nothing more over REST while dictating
  });

  it('applies form.opened and form.update; dictated values flash, the echo of an edit waits for the clerk to leave the field', async () => {
    const { ui, form } = setup();
    await form.pick(TEMPLATE.id);
    const { socket } = scriptedSocket();
    form.attach(socket);
    form.greeting(); // what the socket sends when it opens
    // An update for the record that was open before form.opened arrived is not this form's.
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 9, seq: 1, fields: { vards: 'Cits' }, issues: [], focus: 'vards', saved: false, commands: [] });
    expect(ui.shown.has('vards')).toBe(false);
    form.onServerMessage({ type: 'form.opened', form: TEMPLATE.id, record: 4, status: 'draft', fields: {}, issues: [], focus: 'vards' });
    expect(form.record.id).toBe(4);
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 4, seq: 1, fields: { vards: 'Jānis' }, issues: [], focus: 'uzvards', saved: false, commands: [] });
    expect(ui.shown.get('vards')).toEqual({ value: 'Jānis', flash: true, keepTyping: false });
    expect(ui.target()).toBe('uzvards');

    ui.type('talrunis', '26 12 34 56');
    form.onInput('talrunis');
    form.commit('talrunis');
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 4, seq: 2, fields: { talrunis: '26123456' }, issues: [], focus: 'talrunis', saved: false, commands: [] });
    expect(ui.shown.get('talrunis')).toEqual({ value: '26123456', flash: false, keepTyping: true });

    form.onServerMessage({ type: 'form.saved', form: TEMPLATE.id, record: 4, status: 'saved', issues: [] });
    expect(form.record.status).toBe('saved');
    expect(ui.messages.at(-1)!.text).toBe('Veidlapa saglabāta.');
  });

  it('when the dictation ends, re-reads the record and writes over REST what the socket never delivered', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    ui.type('vards', 'Jānis');
    form.onInput('vards');
    await form.beforeDictation();
    const { socket } = scriptedSocket([{ type: 'form.edit', field: 'ire', value: '180' }, { type: 'form.focus', field: 'ire' }]);
    form.attach(socket);
    form.onServerMessage({ type: 'form.opened', form: TEMPLATE.id, record: 1, status: 'draft', fields: { vards: 'Jānis' }, issues: [], focus: 'vards' });
    store.records.get(1)!.fields.talrunis = '26123456'; // what dictation stored through the socket
    store.records.get(1)!.revision = 3;
    socket.state = 'closed';
    await form.detach(socket);
    expect(store.calls.slice(1)).toEqual(['GET 1', 'PUT 1 r3 {"vards":"Jānis","talrunis":"26123456","ire":"180"}']);
    expect(form.values).toEqual({ vards: 'Jānis', talrunis: '26123456', ire: 180 });
  });

  it('answers a record that vanished by opening a new draft on the socket', async () => {
    const { ui, form } = setup();
    await form.pick(TEMPLATE.id);
    const { socket, sent } = scriptedSocket();
    form.attach(socket);
    form.onServerMessage({ type: 'form.opened', form: TEMPLATE.id, record: 7, status: 'draft', fields: {}, issues: [], focus: 'vards' });
    expect(form.onServerError('FORM_ERR_RECORD_NOT_FOUND')).toBe(true);
    expect(ui.messages.at(-1)).toMatchObject({ kind: 'error' });
    expect(sent.at(-1)!.message).toEqual({ type: 'form.open', form: TEMPLATE.id, mode: 'dictation' });
    expect(form.onServerError('ASR_ERR_BACKLOG')).toBe(false); // not the form's business
  });
});
