/**
 * web/form-controller.js in Node with an in-memory REST store, a recording
 * panel and a scripted socket: which route an edit takes, debouncing, the
 * revision conflict, retry after a failed write, the greeting that reopens
 * the record after a reconnect, the hand-over when a dictation ends, and
 * the pilot's entry timings (mode, reports after a save, on leaving, on pagehide).
 *
 * (Over 350 lines: one controller's scenarios share one fake store, panel and socket set-up.)
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
import { EntryTimer, type EntryTiming } from '../../web/entry-timer.js';
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
/** The test's clock (epoch ms): the timers and the fake server's save stamps read it. */
let clock = Date.parse('2026-11-03T10:00:00.000Z');
const now = () => clock;

function memoryApi() {
  const records = new Map<number, RecordLike>();
  const calls: string[] = [];
  const timings: { id: number; body: EntryTiming; keepalive: boolean }[] = [];
  let failNext = 0;
  let failTimings = false;
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
      const r: RecordLike = {
        id: records.size + 1,
        form: body.form,
        status: (body.status as 'draft') ?? 'draft',
        mode: body.mode as 'manual',
        revision: 1,
        fields: canonical(body.fields ?? {}),
        issues: [],
        savedAt: body.status === 'saved' ? new Date(now()).toISOString() : null,
      };
      records.set(r.id, r);
      return structuredClone(r);
    },
    updateRecord: async (id, body) => {
      calls.push(`PUT ${id} r${body.revision} ${JSON.stringify(body.fields)}${body.status ? ` ${body.status}` : ''}`);
      fail();
      const r = records.get(id)!;
      if (body.revision !== undefined && body.revision !== r.revision) throw Object.assign(new Error('409'), { status: 409, code: 'FORM_ERR_CONFLICT' });
      // like the server: a saved record is final until reopened (re-sending the same values is no change)
      if (r.status === 'saved' && body.fields && JSON.stringify(canonical(body.fields)) !== JSON.stringify(r.fields)) {
        throw Object.assign(new Error('409'), { status: 409, code: 'FORM_ERR_RECORD_FINAL' });
      }
      if (body.fields) r.fields = canonical(body.fields);
      if (body.status) r.status = body.status as 'saved';
      if (body.status === 'saved') r.savedAt = new Date(now()).toISOString();
      r.revision++;
      return structuredClone(r);
    },
    exportUrl: (id, format) => `/api/forms/records/${id}/export?format=${format}`,
    reopenRecord: async (id) => {
      calls.push(`REOPEN ${id}`);
      const r = records.get(id)!;
      if (r.status === 'saved') {
        r.status = 'draft';
        r.revision++;
      }
      return structuredClone(r);
    },
    postTiming: async (id, body, o = {}) => {
      if (failTimings) throw Object.assign(new Error('500'), { status: 500, code: 'STORE_ERR_IO' });
      timings.push({ id, body, keepalive: o.keepalive ?? false });
      return body;
    },
  };
  return { api, records, calls, timings, failNextWrites: (n: number) => (failNext = n), failTimings: (on: boolean) => (failTimings = on) };
}

function recordingPanel() {
  const typed = new Map<string, string>();
  const shown = new Map<string, { value: FieldValue | undefined; flash: boolean; keepTyping: boolean }>();
  const messages: { text: string; kind: string }[] = [];
  let focused: string | null = null;
  let target: string | null = null;
  let picked = '';
  let mode = '';
  let timing = '';
  let readOnly = false;
  const panel: FormPanelLike = {
    setTemplates: () => {},
    setPickerValue: (id) => void (picked = id),
    showTemplate: () => shown.clear(),
    setValue: (id, value, o = {}) => void shown.set(id, { value, flash: o.flash ?? false, keepTyping: o.keepTyping ?? false }),
    setIssues: () => {},
    setTarget: (id) => void (target = id),
    setDictating: () => {},
    setRecord: () => {},
    setReadOnly: (on) => void (readOnly = on),
    showMessage: (text, kind = 'info') => void messages.push({ text, kind }),
    inputText: (id) => typed.get(id) ?? '',
    focusedField: () => focused,
    setMode: (m) => void (mode = m),
    setTimingState: (state) => void (timing = state),
  };
  return {
    panel,
    mode: () => mode,
    timing: () => timing,
    readOnly: () => readOnly,
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
    createTimer: () => new EntryTimer({ now, idleMs: 30_000 }),
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

describe('FormController: "Labot" reopens a saved record for correction', () => {
  it('a saved record is read-only until Labot; the server still refuses an edit of it; a new form or a reopened one is editable', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    ui.type('vards', 'Anna Kā Anniņa');
    form.onInput('vards');
    await until('the draft', () => form.record.id !== null);
    expect(ui.readOnly()).toBe(false); // a draft is typed into
    await form.save();
    expect(form.record.status).toBe('saved');
    expect(ui.readOnly()).toBe(true); // saved: the fields are locked, the hint says "Labot"

    // the server-side guard stays: an edit that gets past the lock is refused, and the page says how to correct it
    ui.type('vards', 'Anna Kalniņa');
    form.onInput('vards');
    form.commit('vards');
    await until('the refusal', () => ui.messages.at(-1)?.kind === 'error');
    expect(ui.messages.at(-1)!.text).toContain('Labot');
    expect(store.records.get(1)!.fields).toEqual({ vards: 'Anna Kā Anniņa' });
    expect(ui.readOnly()).toBe(true);

    await form.reopen();
    expect(store.calls.at(-1)).toBe('REOPEN 1');
    expect(form.record.status).toBe('draft');
    expect(ui.readOnly()).toBe(false); // "Labot" unlocks the fields
    expect(ui.messages.at(-1)).toEqual({ text: 'Veidlapa Nr. 1 atvērta labošanai. Pēc labojumiem nospiediet “Saglabāt”.', kind: 'info' });

    ui.type('vards', 'Anna Kalniņa');
    form.onInput('vards');
    await form.save();
    expect(store.records.get(1)).toMatchObject({ status: 'saved', fields: { vards: 'Anna Kalniņa' } });
    expect(form.record.status).toBe('saved');
    expect(ui.readOnly()).toBe(true);
    // a second round works the same way
    await form.reopen();
    expect(ui.readOnly()).toBe(false);
    ui.type('talrunis', '26 12 34 56');
    form.onInput('talrunis');
    await form.save();
    expect(store.records.get(1)).toMatchObject({ status: 'saved', fields: { vards: 'Anna Kalniņa', talrunis: '26123456' } });
    expect(ui.readOnly()).toBe(true);

    // a new record starts editable; opening the saved one from the list locks it again
    await form.pick(TEMPLATE.id);
    expect(form.record.id).toBeNull();
    expect(ui.readOnly()).toBe(false);
    await form.openRecord(1);
    expect(form.record).toMatchObject({ id: 1, status: 'saved' });
    expect(ui.readOnly()).toBe(true);
  });

  it('does nothing to a draft, and while dictating has the socket open the reopened record again', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    ui.type('vards', 'Jānis');
    form.onInput('vards');
    await until('the draft', () => form.record.id !== null);
    await form.reopen();
    expect(store.calls.filter((c) => c.startsWith('REOPEN'))).toEqual([]);

    const { socket, sent } = scriptedSocket();
    await form.beforeDictation();
    form.attach(socket);
    form.onServerMessage({ type: 'form.saved', form: TEMPLATE.id, record: 1, status: 'saved', savedAt: new Date(now()).toISOString(), issues: [] });
    store.records.get(1)!.status = 'saved'; // what the socket's save stored
    expect(form.record.status).toBe('saved');
    expect(ui.readOnly()).toBe(true); // saved by voice: locked as well
    await form.reopen();
    expect(form.record.status).toBe('draft');
    expect(ui.readOnly()).toBe(false);
    expect(sent.at(-1)).toEqual({ message: { type: 'form.open', form: TEMPLATE.id, mode: 'dictation', record: 1 }, key: 'open' });
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

  it('a typed edit whose REST write failed and is retried over the dictation socket comes back as the clerk’s, not as dictation', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    store.failNextWrites(1);
    ui.type('talrunis', '26 12 34 56');
    form.onInput('talrunis');
    form.commit('talrunis');
    await until('the failed write', () => ui.messages.some((m) => m.kind === 'error'));
    const { socket, sent } = scriptedSocket();
    form.attach(socket);
    form.onServerMessage({ type: 'form.opened', form: TEMPLATE.id, record: 4, status: 'draft', fields: {}, issues: [], focus: 'vards' });
    await until('the retry over the socket', () => sent.some((s) => s.message.type === 'form.edit'));
    expect(sent.find((s) => s.message.type === 'form.edit')!.message).toMatchObject({ type: 'form.edit', field: 'talrunis' });
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 4, seq: 1, fields: { talrunis: '26123456' }, issues: [], focus: 'talrunis', saved: false, commands: [] });
    // The clerk's own value: no dictation flash (and no dictated first input for the pilot's timings).
    expect(ui.shown.get('talrunis')).toEqual({ value: '26123456', flash: false, keepTyping: true });
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

describe('FormController: the pilot\'s entry timings', () => {
  const typeInto = (ui: ReturnType<typeof recordingPanel>, form: FormController, id: string, text: string) => {
    form.onFocus(id);
    for (const ch of text) {
      clock += 250;
      form.onKey(id, ch);
      ui.type(id, (ui.panel.inputText(id) ?? '') + ch);
      form.onInput(id);
    }
    form.onKey(id, 'Shift'); // a modifier alone is not a keystroke
    form.commit(id);
  };

  it('times a manual-entry form typed by hand and reports it after the save', async () => {
    const { store, ui, form } = setup();
    await form.setMode('manual');
    expect(ui.mode()).toBe('manual');
    const opened = clock;
    await form.pick(TEMPLATE.id);
    expect(form.dictationAllowed()).toBe(false);
    clock += 3000; // reading the papers
    typeInto(ui, form, 'vards', 'Anna');
    clock += 60_000; // away from the desk: idle, not counted
    typeInto(ui, form, 'talrunis', '26');
    clock += 1000;
    await form.save();
    expect(store.calls[0]).toMatch(/^POST /);
    expect(store.records.get(1)!.mode).toBe('manual');
    expect(store.timings).toEqual([
      {
        id: 1,
        keepalive: false,
        body: {
          openedAt: new Date(opened).toISOString(),
          firstInputAt: new Date(opened + 3250).toISOString(),
          // 3 s + 4 keys × 0.25 s, then (after the idle gap) 0.25 s + 0.25 s + 1 s to the save
          activeMs: 3000 + 1000 + 500 + 1000,
          keystrokes: 6,
          edits: 0,
        },
      },
    ]);
    expect(ui.timing()).toBe('reported');
  });

  it('times a dictated form from its first recognised value and ends the active time at the stored save', async () => {
    const { store, ui, form } = setup();
    expect(form.mode).toBe('dictation');
    const opened = clock;
    await form.pick(TEMPLATE.id);
    expect(form.dictationAllowed()).toBe(true);
    const { socket } = scriptedSocket();
    form.attach(socket);
    expect(form.greeting()[0]).toMatchObject({ mode: 'dictation' });
    form.onServerMessage({ type: 'form.opened', form: TEMPLATE.id, record: 1, status: 'draft', fields: {}, issues: [], focus: 'vards' });
    for (let i = 0; i < 10; i++) {
      clock += 500;
      form.noteActivity(); // partials while the clerk speaks
    }
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 1, seq: 1, fields: { vards: 'Jānis' }, issues: [], focus: 'talrunis', saved: false, commands: [] });
    clock += 2000;
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 1, seq: 2, fields: {}, issues: [], focus: 'talrunis', saved: true, commands: [] });
    const savedAt = new Date(clock - 40).toISOString(); // the server stamped the save just before its message arrived
    form.onServerMessage({ type: 'form.saved', form: TEMPLATE.id, record: 1, status: 'saved', savedAt, issues: [] });
    await form.timingReport;
    expect(store.timings).toHaveLength(1);
    expect(store.timings[0]!.body).toEqual({
      openedAt: new Date(opened).toISOString(),
      firstInputAt: new Date(opened + 5000).toISOString(),
      activeMs: 7000 - 40,
      keystrokes: 0,
      edits: 0,
    });
    expect(Date.parse(savedAt) - Date.parse(store.timings[0]!.body.openedAt)).toBeGreaterThanOrEqual(store.timings[0]!.body.activeMs);
  });

  it('counts a keyboard correction of a dictated value as an edit', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    const { socket } = scriptedSocket();
    form.attach(socket);
    form.onServerMessage({ type: 'form.opened', form: TEMPLATE.id, record: 1, status: 'draft', fields: {}, issues: [], focus: 'vards' });
    form.onServerMessage({ type: 'form.update', form: TEMPLATE.id, record: 1, seq: 1, fields: { vards: 'Jānus' }, issues: [], focus: 'talrunis', saved: false, commands: [] });
    ui.type('vards', 'Jānus');
    form.onFocus('vards');
    ui.type('vards', 'Jānis');
    form.onKey('vards', 'Backspace');
    form.onInput('vards');
    form.commit('vards');
    form.onServerMessage({ type: 'form.saved', form: TEMPLATE.id, record: 1, status: 'saved', savedAt: new Date(clock).toISOString(), issues: [] });
    await form.timingReport;
    expect(store.timings[0]!.body).toMatchObject({ keystrokes: 1, edits: 1 });
  });

  it('shows a failed report instead of swallowing it', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    typeInto(ui, form, 'vards', 'Anna');
    store.failTimings(true);
    await form.save();
    expect(store.records.get(1)!.status).toBe('saved');
    expect(ui.timing()).toBe('error');
    expect(ui.messages.at(-1)).toEqual({ kind: 'error', text: expect.stringContaining('STORE_ERR_IO') });
  });

  it('reports a draft when the clerk leaves it or the page goes, with keepalive; a saved one only at its saves', async () => {
    const { store, ui, form } = setup();
    await form.pick(TEMPLATE.id);
    typeInto(ui, form, 'vards', 'Anna');
    await until('the draft', () => form.record.id === 1);
    form.flushOnUnload();
    await form.timingReport;
    expect(store.timings.map((x) => [x.id, x.keepalive])).toEqual([[1, true]]);
    form.flushOnUnload(); // nothing new since
    typeInto(ui, form, 'talrunis', '2');
    await until('the write', () => store.records.get(1)!.fields.talrunis !== undefined);
    await form.setMode('manual'); // a new form in the other mode: the draft's figures go with it
    await form.timingReport;
    expect(store.timings.map((x) => [x.id, x.keepalive])).toEqual([[1, true], [1, false]]);
    expect(store.timings[1]!.body.keystrokes).toBe(5);
    expect(form.record.id).toBeNull();
    expect(form.mode).toBe('manual');
  });

  it('reopens a stored draft in its own mode and goes on from its stored figures', async () => {
    const { store, ui, form } = setup();
    store.records.set(1, {
      id: 1, form: TEMPLATE.id, status: 'draft', mode: 'manual', revision: 2, fields: { vards: 'Anna' }, issues: [],
      metrics: { openedAt: '2026-11-03T09:00:00.000Z', firstInputAt: '2026-11-03T09:00:02.000Z', activeMs: 20_000, keystrokes: 12, edits: 1 },
    });
    await form.openRecord(1);
    expect(form.mode).toBe('manual');
    expect(ui.mode()).toBe('manual');
    typeInto(ui, form, 'talrunis', '26');
    await form.save();
    expect(store.timings.at(-1)!.body).toEqual({ openedAt: '2026-11-03T09:00:00.000Z', firstInputAt: '2026-11-03T09:00:02.000Z', activeMs: 20_500, keystrokes: 14, edits: 1 });
  });
});
