/**
 * The open form: which template and record, the server's values and issues,
 * and the route an edit takes to the server.
 *
 * While dictating, edits, focus and save go over the dictation socket as typed
 * form messages (server/forms/README.md) and the server sends form.update
 * after each final. Otherwise they go over REST (PUT /api/forms/records/:id,
 * the same autosave), so typing into a form needs no microphone. Only one
 * route writes at a time: REST writes are flushed before the socket opens the
 * record, and after the dictation the record is re-read and whatever the
 * socket never delivered is written over REST. Every change is stored by the
 * server at once; the record id lives in the URL hash (form-location.js), so
 * a reload or a reconnect reopens the draft.
 *
 * Every open form is timed for the pilot in the mode the clerk chose,
 * dictation or manual entry (form-timing.js); the controller says when: the
 * timings are posted after every save, and best-effort when the clerk leaves
 * an unsaved draft or the page (server/pilot/README.md).
 *
 * The parts are apart: open-form.js (the template, record, values and
 * issues, and what a record or a form.* message does to them and the panel),
 * form-typing.js (the typing debounce), form-rest-writer.js (queued writes,
 * revision conflicts, retry) and form-socket-route.js (greeting, form.*
 * messages, echoes). This module decides which route an edit takes and when.
 *
 * (Over 350 lines: one state machine, the open form's write routes; the REST writer, socket
 * route, typing debounce and display are already split out.)
 */
import { t } from './i18n.js';
import { FormRestWriter } from './form-rest-writer.js';
import { FormSocketRoute } from './form-socket-route.js';
import { FormTiming } from './form-timing.js';
import { FormTyping } from './form-typing.js';
import { editValue } from './form-values.js';
import { OpenForm } from './open-form.js';

export class FormController {
  /**
   * @param {object} deps
   * @param {ReturnType<import('./form-api.js').createFormApi>} deps.api
   * @param {import('./form-panel.js').FormPanel} deps.panel  (or anything with its methods)
   * @param {{ read(): object | null, write(ref: object | null): void }} deps.location
   * @param {() => void} [deps.onSaved]  a record was saved (refresh lists)
   * @param {() => void} [deps.onModeChange]  the entry mode or the open form changed (dictation allowed or not)
   * @param {() => import('./entry-timer.js').EntryTimer} [deps.createTimer]  one per opened form
   */
  constructor({
    api,
    panel,
    location,
    onSaved = () => {},
    onModeChange = () => {},
    createTimer,
    debounceMs,
    retryMs,
  }) {
    this.api = api;
    this.panel = panel;
    this.location = location;
    this.onSaved = onSaved;
    /** fields typed into and not sent yet; one debounce for all, so a pause sends them together */
    this.typing = new FormTyping({ debounceMs, onPause: () => this.#commitTyping() });
    /** the template, record, values and issues, and how they are shown */
    this.form = new OpenForm({ panel, location, typingIn: (id) => this.typing.has(id) });
    /** the entry mode and the open form's timer */
    this.timing = new FormTiming({
      api,
      panel,
      createTimer,
      onModeChange,
      onError: (text) => this.form.showError(text),
    });
    this.templateCache = new Map();
    const openForm = () => ({ template: this.template, record: this.record, values: this.values, mode: this.mode });
    /** the dictation socket's side: greeting, form.* messages, echoes */
    this.socket = new FormSocketRoute({
      form: openForm,
      focusedField: () => this.panel.focusedField(),
      events: {
        opened: (msg, awaitingEcho) => this.form.opened(msg, awaitingEcho),
        updated: (msg, takeEcho) => this.#updated(msg, takeEcho),
        saved: (msg) => this.#saved(msg),
      },
    });
    /** the REST side: queued edits, one write after another */
    this.rest = new FormRestWriter({
      api,
      form: openForm,
      dictating: () => this.socket.active,
      // a typed edit retried over the socket: its echo is the clerk's value, not dictation
      sendEdit: (fieldId, value) => this.socket.sendEdit(fieldId, value),
      onRecord: (record) => {
        this.form.applyRecord(record);
        this.form.clearError();
      },
      onError: (error) => this.form.showServerError(error),
      retryMs,
    });
  }

  /** template detail, or null when no form is open */
  get template() {
    return this.form.template;
  }

  get record() {
    return this.form.record;
  }

  /** the server's values, canonical */
  get values() {
    return this.form.values;
  }

  /** 'dictation' | 'manual': how new forms are filled; an opened record brings its own */
  get mode() {
    return this.timing.mode;
  }

  /** the open form's entry timer, null without a form */
  get timer() {
    return this.timing.timer;
  }

  /** the last timing report under way (tests await it) */
  get timingReport() {
    return this.timing.lastReport;
  }

  // ---------------------------------------------------------------- opening

  async loadTemplates() {
    this.panel.setTemplates(await this.api.listTemplates());
  }

  async #template(id) {
    if (!this.templateCache.has(id)) this.templateCache.set(id, await this.api.getTemplate(id));
    return this.templateCache.get(id);
  }

  /** Reopens what the URL hash (or, for a draft, localStorage) names. */
  async restore() {
    const ref = this.location.read();
    if (!ref) return;
    if (ref.record === null) return this.pick(ref.form);
    try {
      const record = await this.api.getRecord(ref.record);
      // A tab opened without a hash brings back an unfinished draft, not every saved form.
      if (ref.source === 'storage' && record.status !== 'draft') return;
      await this.#openRecord(record);
      this.panel.showMessage(t(record.status === 'saved' ? 'form.restoredSaved' : 'form.restored', { id: record.id }));
    } catch (error) {
      if (error?.status === 404) {
        this.location.write(null);
        this.panel.showMessage(t('form.err.recordGone', { id: ref.record }), 'error');
      } else this.form.showServerError(error);
    }
  }

  /** The picker: a new, empty form of this template ('' closes the form). */
  async pick(templateId) {
    if (!(await this.#canLeave())) return;
    if (!templateId) {
      this.socket.sendClose();
      this.#reset(null);
      this.location.write(null);
      return;
    }
    let template;
    try {
      template = await this.#template(templateId);
    } catch (error) {
      this.form.showServerError(error);
      this.panel.showTemplate(this.template);
      return;
    }
    this.#reset(template);
    this.location.write({ form: template.id, record: null });
    // Over the socket the server creates the draft now; over REST, at the first edit.
    this.socket.sendOpen();
  }

  newForm() {
    if (this.template) void this.pick(this.template.id);
  }

  async openRecord(id) {
    if (!(await this.#canLeave())) return;
    try {
      await this.#openRecord(await this.api.getRecord(id));
    } catch (error) {
      this.form.showServerError(error);
    }
  }

  async #openRecord(record) {
    const template = await this.#template(record.form);
    this.timing.setMode(record.mode ?? this.mode);
    this.#reset(template);
    this.form.applyRecord(record);
    this.timing.resume(record.metrics);
    this.socket.sendOpen();
  }

  // ---------------------------------------------------------------- entry mode

  /** The clerk's choice: a new form in that mode (the open record keeps the mode it was made in). */
  async setMode(mode) {
    if (mode === this.mode || this.socket.active) {
      this.panel.setMode(this.mode);
      return;
    }
    if (this.template && !(await this.#canLeave())) {
      this.panel.setMode(this.mode);
      return;
    }
    this.timing.setMode(mode);
    if (this.template) await this.pick(this.template.id);
  }

  /** Dictation fills forms in dictation mode only; a manual-entry form never needs the microphone. */
  dictationAllowed() {
    return this.timing.dictationAllowed(Boolean(this.template));
  }

  /** Sends what was typed; false (and the form stays) while edits still wait for the server. */
  async #canLeave() {
    await this.#flushTyping();
    if (this.rest.pending === 0) return true;
    this.panel.setPickerValue(this.template?.id ?? '');
    this.form.showError(t('form.err.unsaved'));
    return false;
  }

  #reset(template) {
    // leaving an unsaved draft: what was measured so far is kept with it
    if (this.record.status === 'draft' && this.timing.dirty) void this.timing.report(this.record.id);
    this.form.reset(template);
    // the timer's onModeChange asks dictationAllowed(), which reads the new template
    this.timing.begin(Boolean(template));
    // nothing of the old form may be sent by what showing the new one sets off (a blur)
    this.rest.clear();
    this.socket.forgetEchoes();
    this.typing.clear();
    this.form.showBlank();
  }

  // ---------------------------------------------------------------- keyboard

  /** A key pressed in a field (keydown): counted for the pilot. */
  onKey(fieldId, key) {
    this.timing.keystroke(key);
  }

  /** The clerk clicked or the recogniser heard something: the form is being worked on. */
  noteActivity() {
    this.timing.activity();
  }

  onInput(fieldId) {
    if (!this.template) return;
    this.typing.add(fieldId);
  }

  /** Sends the field's typed text now (the clerk left the field); true if there was any. */
  commit(fieldId) {
    this.timing.leaveField(fieldId, this.panel.inputText(fieldId));
    const pending = this.typing.has(fieldId);
    if (this.#takeTyped(fieldId)) void this.rest.schedule();
    return pending;
  }

  /** Every typed field, in one REST write (or one message each over the socket). */
  #commitTyping() {
    let rest = false;
    for (const id of this.typing.fields()) rest = this.#takeTyped(id) || rest;
    if (rest) void this.rest.schedule();
  }

  /** Sends a typed field over the socket, or queues it for REST; true when it waits for REST. */
  #takeTyped(fieldId) {
    if (!this.typing.take(fieldId) || !this.template) return false;
    const value = editValue(this.panel.inputText(fieldId));
    if (this.socket.sendEdit(fieldId, value)) return false;
    this.rest.queue(fieldId, value);
    return true;
  }

  onFocus(fieldId) {
    if (!this.template) return;
    this.timing.enterField(fieldId, this.panel.inputText(fieldId));
    // Over REST there is no dictation to aim; the socket's greeting re-sends it on the next open.
    if (this.socket.sendFocus(fieldId)) this.panel.setTarget(fieldId);
  }

  async #flushTyping() {
    this.#commitTyping();
    await this.rest.settled();
  }

  // ---------------------------------------------------------------- save and export

  async save() {
    if (!this.template) return;
    this.timing.activity();
    // Typed text and the status go in one write (over the socket, edits first, then the save).
    for (const id of this.typing.fields()) this.#takeTyped(id);
    if (this.socket.sendSave()) return; // form.saved answers
    await this.rest.save();
    if (this.record.status !== 'saved') return;
    this.form.showSaved(this.form.issues);
    this.onSaved();
    await this.timing.report(this.record.id, { endAt: this.record.savedAt });
  }

  /**
   * "Labot": a saved record is final until reopened (POST …/reopen, audited);
   * this puts it back to draft so the clerk can correct it and save again.
   * What dictation recognised stays with the record, so the next save's
   * values are measured against it (the pilot's post-edit accuracy). The
   * entry timer keeps running: the correction is part of the form's time.
   */
  async reopen() {
    if (!this.template || this.record.id === null || this.record.status !== 'saved') return;
    this.timing.activity();
    const template = this.template;
    const id = this.record.id;
    // writes under way land first (an edit to the saved record is refused; it is typed again after reopening)
    await this.rest.settled();
    let record;
    try {
      record = await this.api.reopenRecord(id);
    } catch (error) {
      this.form.showServerError(error);
      return;
    }
    if (this.template !== template || this.record.id !== id) return;
    this.form.applyRecord(record);
    this.panel.showMessage(t('form.reopened', { id }));
    // a dictation socket has the record open as saved: it opens it again, now a draft
    this.socket.sendOpen();
  }

  /** Sends pending edits, then the address of the stored record to download. */
  async exportUrl(format) {
    await this.#flushTyping();
    return this.record.id === null ? null : this.api.exportUrl(this.record.id, format);
  }

  listRecords() {
    return this.api.listRecords({ limit: 30 });
  }

  /** Last chance before the page goes away: typed text goes out now (keepalive). */
  flushOnUnload() {
    for (const id of this.typing.fields()) this.#takeTyped(id);
    // a saved record's figures are those of its last save
    if (this.record.status === 'draft' && this.timing.dirty) void this.timing.report(this.record.id, { keepalive: true });
    this.rest.writeOnUnload();
  }

  // ---------------------------------------------------------------- socket route

  /** Messages the socket sends after its config on every (re)connect. */
  greeting() {
    return this.socket.greeting();
  }

  /** Before the dictation socket opens the record: every REST write has landed. */
  async beforeDictation() {
    await this.#flushTyping();
  }

  /** The dictation's client, once started: form messages go over it from now on. */
  attach(client) {
    this.socket.attach(client);
    this.timing.activity();
    this.panel.setDictating(true);
  }

  /**
   * The dictation ended: REST again. Re-reads the record (the socket changed
   * it; REST needs its revision) and writes what the socket never delivered.
   */
  async detach(client) {
    const undelivered = this.socket.detach(client);
    if (!undelivered) return;
    this.timing.activity();
    this.panel.setDictating(false);
    this.panel.setTarget(null);
    for (const m of undelivered) this.rest.queue(m.field, m.value);
    for (const id of this.typing.fields()) this.#takeTyped(id);
    if (!this.template || this.record.id === null) return this.rest.schedule();
    const template = this.template;
    const id = this.record.id;
    await this.rest.resync(async () => {
      const record = await this.api.getRecord(id);
      if (this.template === template && this.record.id === id) this.form.applyRecord(record);
    });
  }

  /** A form message from the socket (see ws-client.js). */
  onServerMessage(msg) {
    this.socket.onServerMessage(msg);
  }

  /** form.update: the values dictation set count as dictated input for the pilot. */
  #updated(msg, takeEcho) {
    this.timing.activity();
    const dictated = this.form.update(msg, takeEcho);
    for (let i = 0; i < dictated; i++) this.timing.dictatedInput();
  }

  #saved(msg) {
    this.form.saved(msg);
    this.form.showSaved(msg.issues);
    this.onSaved();
    void this.timing.report(this.record.id, { endAt: this.record.savedAt });
  }

  /** A server error while a form is open over the socket. */
  onServerError(code) {
    if (code === 'FORM_ERR_RECORD_NOT_FOUND' && this.template) {
      // The draft is gone (deleted, another database): carry on in a new one.
      this.panel.showMessage(t('form.err.recordGone', { id: this.record.id }), 'error');
      this.form.forgetRecord();
      this.socket.sendOpen();
      return true;
    }
    if (!code.startsWith('FORM_ERR_')) return false;
    this.form.showServerError({ code });
    return true;
  }
}
