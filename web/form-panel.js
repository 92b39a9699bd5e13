/**
 * The form column's DOM: template picker, one labelled input per field,
 * inline issues, the dictation target, status, save/export buttons and the
 * list of records. No protocol or storage logic: it renders what the
 * controller gives it and reports what the clerk does through callbacks.
 *
 * (Over 350 lines: the form column's DOM, rendering only; no logic to split out.)
 */
import { t } from './i18n.js';
import { displayValue, inputSpec, issuesByField, orderedFields, recordSummary } from './form-values.js';

const FLASH_MS = 1600;

/**
 * @typedef {object} PanelCallbacks
 * @property {(templateId: string) => void} onPick     '' = no form
 * @property {() => void} onNew
 * @property {(fieldId: string, text: string) => void} onInput    every keystroke
 * @property {(fieldId: string) => boolean} onCommit                leaving the field: send now; true if there was typing to send
 * @property {(fieldId: string) => void} onFocus
 * @property {(fieldId: string, key: string) => void} onKey          every keydown in a field (the pilot counts keystrokes)
 * @property {() => void} onActivity                                 a click anywhere in the form column
 * @property {(mode: 'dictation' | 'manual') => void} onMode         the entry-mode choice
 * @property {() => void} onSave
 * @property {() => void} onReopen                                   "Labot": a saved record back to draft
 * @property {(format: 'json' | 'csv') => void} onExport
 * @property {() => void} onListRecords
 * @property {(recordId: number) => void} onOpenRecord
 */

export class FormPanel {
  /** @param {HTMLElement} root  #form-panel, with the skeleton from index.html */
  constructor(root, /** @type {PanelCallbacks} */ callbacks) {
    const q = (sel) => root.querySelector(sel);
    this.root = root;
    this.cb = callbacks;
    this.el = {
      picker: q('#form-template'),
      modes: [...root.querySelectorAll('input[name="form-mode"]')],
      newButton: q('#form-new'),
      status: q('#form-status'),
      message: q('#form-message'),
      body: q('#form-body'),
      title: q('#form-title'),
      fields: q('#form-fields'),
      save: q('#form-save'),
      reopen: q('#form-reopen'),
      locked: q('#form-locked'),
      exportJson: q('#form-export-json'),
      exportCsv: q('#form-export-csv'),
      records: q('#form-records'),
      recordList: q('#form-record-list'),
    };
    /** @type {Map<string, { field: object, box: HTMLElement, input: HTMLInputElement, issue: HTMLElement }>} */
    this.inputs = new Map();
    /** values that arrived while the clerk was typing in that field; shown on blur */
    this.deferred = new Map();
    this.template = null;
    this.record = null;
    /** a saved record is shown: its fields are read-only until "Labot" */
    this.readOnly = false;
    this.templates = [];
    this.recordsShown = [];
    this.#wire();
  }

  #wire() {
    const { el, cb } = this;
    el.picker.addEventListener('change', () => cb.onPick(el.picker.value));
    for (const radio of el.modes) radio.addEventListener('change', () => radio.checked && cb.onMode(radio.value));
    this.root.addEventListener('pointerdown', () => cb.onActivity());
    // Keystrokes for the pilot: every keydown, plus typed text that arrives without one
    // (on-screen keyboards, input methods, synthetic input), one per insertion.
    let keyedSinceInput = false;
    el.fields.addEventListener('keydown', (e) => {
      const id = e.target.closest('[data-field]')?.dataset.field;
      if (!id) return;
      keyedSinceInput = true;
      cb.onKey(id, e.key);
    });
    el.fields.addEventListener('beforeinput', (e) => {
      const id = e.target.closest('[data-field]')?.dataset.field;
      if (id && !keyedSinceInput && (e.inputType === 'insertText' || e.inputType === 'insertCompositionText')) cb.onKey(id, 'Unidentified');
      keyedSinceInput = false;
    });
    el.newButton.addEventListener('click', () => cb.onNew());
    el.save.addEventListener('click', () => cb.onSave());
    el.reopen.addEventListener('click', () => cb.onReopen());
    el.exportJson.addEventListener('click', () => cb.onExport('json'));
    el.exportCsv.addEventListener('click', () => cb.onExport('csv'));
    el.records.addEventListener('toggle', () => {
      if (el.records.open) cb.onListRecords();
    });
    el.fields.addEventListener('input', (e) => {
      const id = e.target.closest('[data-field]')?.dataset.field;
      if (id) cb.onInput(id, e.target.value);
    });
    // A select is done when chosen; text inputs are sent on leaving (focusout) or after a pause.
    el.fields.addEventListener('change', (e) => {
      const id = e.target.closest('[data-field]')?.dataset.field;
      if (id && e.target.tagName === 'SELECT') cb.onCommit(id);
    });
    el.fields.addEventListener('focusin', (e) => {
      const id = e.target.closest('[data-field]')?.dataset.field;
      if (id) cb.onFocus(id);
    });
    el.fields.addEventListener('focusout', (e) => {
      const id = e.target.closest('[data-field]')?.dataset.field;
      if (!id) return;
      const sent = cb.onCommit(id);
      // A value that came while the clerk was in the field is shown once they leave, unless
      // they had typed since: then the server's answer to that edit is on its way.
      const waiting = this.deferred.has(id);
      const value = this.deferred.get(id);
      this.deferred.delete(id);
      if (waiting && !sent) this.setValue(id, value, { flash: true });
    });
  }

  // ---------------------------------------------------------------- picker

  setTemplates(list) {
    this.templates = list;
    const { picker } = this.el;
    const none = picker.querySelector('option[value=""]');
    picker.replaceChildren(none);
    for (const tpl of list) picker.append(new Option(tpl.title, tpl.id));
    picker.value = this.template?.id ?? '';
    this.root.hidden = false;
  }

  /** Puts the picker back (a switch that had to wait). */
  setPickerValue(templateId) {
    this.el.picker.value = templateId;
  }

  // ---------------------------------------------------------------- fields

  /** Renders a template's fields, empty. `null` shows the picker only. */
  showTemplate(template) {
    this.template = template;
    this.inputs.clear();
    this.deferred.clear();
    this.el.fields.replaceChildren();
    this.el.picker.value = template?.id ?? '';
    this.el.body.hidden = !template;
    this.el.newButton.hidden = !template;
    if (!template) return;
    this.el.title.textContent = template.title;
    for (const field of orderedFields(template)) this.el.fields.append(this.#fieldRow(field));
  }

  #fieldRow(field) {
    const spec = inputSpec(field);
    const box = document.createElement('div');
    box.className = 'field';
    box.dataset.field = field.id;
    box.dataset.type = field.type;
    const label = document.createElement('label');
    label.htmlFor = `field-${field.id}`;
    label.textContent = field.label;
    if (field.required) {
      const mark = document.createElement('span');
      mark.className = 'required-mark';
      mark.textContent = ' *';
      mark.setAttribute('aria-hidden', 'true');
      label.append(mark);
    }
    const target = document.createElement('span');
    target.className = 'target-badge';
    target.dataset.i18n = 'form.target';
    target.textContent = t('form.target');
    label.append(target);

    const input = document.createElement(spec.tag);
    input.id = `field-${field.id}`;
    input.name = field.id;
    if (spec.tag === 'input') {
      input.type = spec.type;
      input.autocomplete = spec.autocomplete ?? 'off';
    }
    if (spec.rows) input.rows = spec.rows;
    if (spec.inputMode) input.inputMode = spec.inputMode;
    if (spec.placeholder) {
      input.placeholder = t(spec.placeholder);
      input.dataset.i18nPlaceholder = spec.placeholder;
    }
    if (spec.spellcheck === false) input.spellcheck = false;
    if (spec.autocapitalize) input.setAttribute('autocapitalize', spec.autocapitalize);
    if (field.required) input.setAttribute('aria-required', 'true');
    if (spec.tag === 'select') {
      input.append(new Option('', ''));
      for (const o of field.validation?.options ?? []) input.append(new Option(o.value, o.value));
    }
    const issue = document.createElement('p');
    issue.className = 'field-issue';
    issue.id = `issue-${field.id}`;
    issue.hidden = true;
    this.#lock(input, this.readOnly);

    const wrap = document.createElement('div');
    wrap.className = 'field-input';
    wrap.append(input);
    if (spec.datalist && field.validation?.known) {
      const list = document.createElement('datalist');
      list.id = `known-${field.id}`;
      for (const name of field.validation.known) list.append(new Option(name));
      input.setAttribute('list', list.id);
      wrap.append(list);
    }
    if (spec.suffix) {
      const suffix = document.createElement('span');
      suffix.className = 'suffix';
      suffix.textContent = spec.suffix;
      suffix.setAttribute('aria-hidden', 'true');
      wrap.append(suffix);
    }
    box.append(label, wrap, issue);
    this.inputs.set(field.id, { field, box, input, issue });
    return box;
  }

  /**
   * A saved record's fields are read-only until "Labot" reopens it, with the
   * hint above them saying so. Inputs and text areas get readOnly (still
   * focusable and selectable); a select has no read-only state, so it is
   * disabled. Values still change from code (a record re-read, a form.update).
   */
  setReadOnly(on) {
    this.readOnly = on;
    this.el.locked.hidden = !on;
    for (const { input } of this.inputs.values()) this.#lock(input, on);
  }

  #lock(input, on) {
    if (input.tagName === 'SELECT') input.disabled = on;
    else input.readOnly = on;
    if (on) input.setAttribute('aria-readonly', 'true');
    else input.removeAttribute('aria-readonly');
    // the issue line, and while locked the hint too
    input.setAttribute('aria-describedby', on ? `issue-${input.name} ${this.el.locked.id}` : `issue-${input.name}`);
  }

  /** The text the clerk sees in a field now. */
  inputText(fieldId) {
    return this.inputs.get(fieldId)?.input.value ?? '';
  }

  /** The field the keyboard is in, if any. */
  focusedField() {
    const active = document.activeElement;
    return active && this.el.fields.contains(active) ? (active.closest('[data-field]')?.dataset.field ?? null) : null;
  }

  /**
   * Shows a stored value. With `keepTyping` a field the clerk is typing in is
   * left alone and gets the value when they leave it; a value equal to what is
   * shown is not re-set (the caret stays put).
   */
  setValue(fieldId, value, { flash = false, keepTyping = false } = {}) {
    const entry = this.inputs.get(fieldId);
    if (!entry) return;
    if (keepTyping && document.activeElement === entry.input) {
      this.deferred.set(fieldId, value);
      return;
    }
    this.deferred.delete(fieldId);
    const text = displayValue(entry.field, value);
    if (entry.input.tagName === 'SELECT' && text !== '' && ![...entry.input.options].some((o) => o.value === text)) {
      entry.input.append(new Option(text, text)); // heard, not one of the options: shown as heard, with its issue
    }
    if (entry.input.value === text) return;
    entry.input.value = text;
    if (flash) this.#flash(entry.box);
  }

  #flash(box) {
    box.classList.remove('just-filled');
    void box.offsetWidth; // restart the animation
    box.classList.add('just-filled');
    clearTimeout(box.flashTimer);
    box.flashTimer = setTimeout(() => box.classList.remove('just-filled'), FLASH_MS);
  }

  setIssues(issues) {
    const byField = issuesByField(issues);
    for (const [id, { box, input, issue }] of this.inputs) {
      const list = byField.get(id) ?? [];
      issue.textContent = list.map((i) => i.message).join(' ');
      issue.hidden = list.length === 0;
      box.classList.toggle('has-issue', list.length > 0);
      if (list.length > 0) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
  }

  /** Where dictated words without a label go; shown while dictating. */
  setTarget(fieldId) {
    for (const [id, { box }] of this.inputs) box.classList.toggle('dictation-target', id === fieldId);
  }

  setDictating(on) {
    this.root.classList.toggle('dictating', on);
    // the mode of a form being dictated does not change under it
    for (const radio of this.el.modes) radio.disabled = on;
  }

  /** @param {'dictation' | 'manual'} mode */
  setMode(mode) {
    for (const radio of this.el.modes) radio.checked = radio.value === mode;
    this.root.dataset.mode = mode;
  }

  /** The last timing report's state, for whoever watches the page (tests, the demo). */
  setTimingState(state) {
    this.root.dataset.timing = state;
  }

  // ---------------------------------------------------------------- record

  /** @param {{ id: number | null, status: 'draft' | 'saved' } | null} record */
  setRecord(record) {
    this.record = record;
    const { status, exportJson, exportCsv, reopen } = this.el;
    // a saved record is final: "Labot" (reopen) is how it is corrected
    reopen.hidden = record?.status !== 'saved' || !record?.id;
    status.hidden = !record?.id;
    if (record?.id) {
      status.dataset.status = record.status;
      status.textContent = t(record.status === 'saved' ? 'form.status.saved' : 'form.status.draft', { id: record.id });
    }
    this.root.dataset.record = record?.id ? String(record.id) : '';
    this.root.dataset.status = record?.status ?? '';
    exportJson.disabled = exportCsv.disabled = !record?.id;
  }

  /** A line under the picker: 'info' (saved, restored) or 'error' (could not save). */
  showMessage(text, kind = 'info') {
    const { message } = this.el;
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = !text;
    message.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  }

  setRecords(records) {
    this.recordsShown = records;
    const { recordList } = this.el;
    recordList.replaceChildren();
    if (records.length === 0) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = t('form.records.empty');
      recordList.append(li);
      return;
    }
    const titles = new Map(this.templates.map((tpl) => [tpl.id, tpl.title]));
    const when = new Intl.DateTimeFormat(document.documentElement.lang || 'lv', { dateStyle: 'short', timeStyle: 'short' });
    for (const r of records) {
      const li = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'record-link';
      button.dataset.record = String(r.id);
      const summary = recordSummary(r);
      button.textContent = `${titles.get(r.form) ?? r.form}${summary ? ` — ${summary}` : ''}`;
      button.addEventListener('click', () => this.cb.onOpenRecord(r.id));
      const meta = document.createElement('span');
      meta.className = 'record-meta';
      meta.dataset.status = r.status;
      meta.textContent = `${t(r.status === 'saved' ? 'form.status.saved' : 'form.status.draft', { id: r.id })} · ${when.format(new Date(r.updatedAt))}`;
      li.append(button, ' ', meta);
      recordList.append(li);
    }
  }

  /** Re-renders the text that is not in index.html after a language switch. */
  retranslate() {
    for (const el of this.root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
    this.setRecord(this.record);
    if (this.el.records.open) this.setRecords(this.recordsShown);
  }
}
