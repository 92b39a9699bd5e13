/**
 * The open form's state and how it is shown: the template, the record (id,
 * status, revision, save instant), the server's values and the issues, and
 * what a record from REST or a form.opened / form.update / form.saved from
 * the socket does to them, the panel and the location (the URL hash); and
 * the form's message line. Which route an edit takes and the timing are
 * form-controller.js's business. No DOM beyond the panel's methods.
 */
import { has, t } from './i18n.js';
import { mergeValues } from './form-values.js';

const noRecord = () => ({ id: null, status: 'draft', revision: null, savedAt: null });

export class OpenForm {
  /**
   * @param {object} deps
   * @param {import('./form-controller.js').FormPanelLike} deps.panel
   * @param {{ write(ref: object | null): void }} deps.location
   * @param {(fieldId: string) => boolean} deps.typingIn  the clerk is typing in that field: its text stays
   */
  constructor({ panel, location, typingIn }) {
    this.panel = panel;
    this.location = location;
    this.typingIn = typingIn;
    /** template detail, or null when no form is open */
    this.template = null;
    /** @type {{ id: number | null, status: 'draft' | 'saved', revision: number | null, savedAt: string | null }} */
    this.record = noRecord();
    /** the server's values, canonical */
    this.values = {};
    this.issues = [];
    /** an error is on the message line; the next write that lands clears it */
    this.showingError = false;
  }

  /** Another form (or none): its template, no record yet. The panel follows with showBlank(). */
  reset(template) {
    this.template = template;
    this.record = noRecord();
    this.values = {};
    this.issues = [];
  }

  /** Shows the form reset() left: the template's empty fields, no record, issues, message or target. */
  showBlank() {
    this.panel.showTemplate(this.template);
    this.panel.setRecord(null);
    this.panel.setReadOnly(false);
    this.panel.setIssues([]);
    this.panel.showMessage('');
    this.panel.setTarget(null);
  }

  /** The record is gone on the server: the form goes on without one (the next write creates it). */
  forgetRecord() {
    this.record = noRecord();
  }

  /** A record from REST: the whole truth about it. */
  applyRecord(record) {
    this.record = { id: record.id, status: record.status, revision: record.revision, savedAt: record.savedAt ?? null };
    this.values = { ...record.fields };
    for (const field of this.template.fields) this.panel.setValue(field.id, this.values[field.id], { keepTyping: true });
    this.#setIssues(record.issues);
    this.#showRecord();
    this.location.write({ form: record.form, record: record.id });
  }

  /** form.opened: the socket opened (or created) the record; the server's values replace ours. */
  opened(msg, awaitingEcho) {
    this.record = { id: msg.record, status: msg.status, revision: null, savedAt: null };
    this.values = { ...msg.fields };
    for (const field of this.template.fields) {
      // An edit queued during an outage follows this message; do not flash the old value meanwhile.
      if (awaitingEcho(field.id)) continue;
      this.panel.setValue(field.id, this.values[field.id], { keepTyping: this.typingIn(field.id) });
    }
    this.#setIssues(msg.issues);
    this.panel.setTarget(this.panel.focusedField() ?? msg.focus);
    this.#showRecord();
    this.location.write({ form: msg.form, record: msg.record });
  }

  /**
   * form.update: dictated values flash; the echo of the clerk's own edit waits
   * until they leave the field. Returns how many values dictation set.
   */
  update(msg, takeEcho) {
    this.values = mergeValues(this.values, msg.fields);
    let dictated = 0;
    for (const [id, value] of Object.entries(msg.fields)) {
      const echo = takeEcho(id);
      if (!echo && value !== null) dictated++;
      this.panel.setValue(id, value ?? undefined, { flash: !echo, keepTyping: echo || this.typingIn(id) });
    }
    this.#setIssues(msg.issues);
    this.panel.setTarget(msg.focus);
    if (msg.saved && this.record.status !== 'saved') this.record.status = 'saved';
    this.#showRecord();
    return dictated;
  }

  /** form.saved: the record is saved as of the server's instant. */
  saved(msg) {
    this.record.status = 'saved';
    this.record.savedAt = msg.savedAt ?? null;
    this.#setIssues(msg.issues);
    this.#showRecord();
  }

  /** The record was saved: say so, and how many fields still have issues. */
  showSaved(issues) {
    this.panel.showMessage(issues.length === 0 ? t('form.saved') : t('form.savedWithIssues', { count: new Set(issues.map((i) => i.field)).size }));
  }

  /** A problem in the clerk's words; it stays until a write lands (clearError). */
  showError(text) {
    this.panel.showMessage(text, 'error');
    this.showingError = true;
  }

  /** A failed request (REST, or a FORM_ERR_* over the socket), by its code. */
  showServerError(error) {
    console.warn(error);
    const key = `form.err.${error?.code}`;
    this.showError(has(key) ? t(key) : error?.code === 'NETWORK' ? t('form.err.offline') : t('form.err.server', { code: error?.code ?? '?' }));
  }

  /** A write landed: an error shown before is over. */
  clearError() {
    if (this.showingError) this.panel.showMessage('');
    this.showingError = false;
  }

  /**
   * The record's id and status on the panel; a saved record's fields are
   * read-only until "Labot" reopens it (the server refuses a write to a saved
   * record all the same: FORM_ERR_RECORD_FINAL).
   */
  #showRecord() {
    this.panel.setRecord(this.record);
    this.panel.setReadOnly(this.record.id !== null && this.record.status === 'saved');
  }

  #setIssues(issues) {
    this.issues = issues;
    this.panel.setIssues(issues);
  }
}
