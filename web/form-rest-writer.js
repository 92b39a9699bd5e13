/**
 * The REST route of the open form: edits waiting to be written, the writes
 * themselves one after another (POST creates the draft at the first edit,
 * later PUTs carry the whole value set and the revision), a revision
 * conflict resolved by re-reading the record and putting the clerk's edits
 * on top, and a retry every few seconds after a failed write, so a draft
 * survives a server hiccup. No DOM: form-controller.js says what the open
 * form is and shows what comes back.
 */
import { mergeValues } from './form-values.js';

const DEFAULT_RETRY_MS = 3000;

export class FormRestWriter {
  /**
   * @param {object} deps
   * @param {{ getRecord: Function, createRecord: Function, updateRecord: Function }} deps.api  form-api.js
   * @param {() => { template: { id: string } | null, record: { id: number | null, revision: number | null }, values: object, mode: string }} deps.form
   *   the open form as it is now (read at every write)
   * @param {() => boolean} deps.dictating  a dictation socket owns the record
   * @param {(fieldId: string, value: unknown) => boolean} deps.sendEdit  hands an edit to that socket; true if it took it
   * @param {(record: object) => void} deps.onRecord  a write landed and its form is still open
   * @param {(error: unknown) => void} deps.onError  a write (or re-read) failed
   * @param {number} [deps.retryMs]
   */
  constructor({ api, form, dictating, sendEdit, onRecord, onError, retryMs = DEFAULT_RETRY_MS }) {
    this.api = api;
    this.form = form;
    this.dictating = dictating;
    this.sendEdit = sendEdit;
    this.onRecord = onRecord;
    this.onError = onError;
    this.retryMs = retryMs;
    /** fieldId → value: edits waiting for the next write */
    this.edits = new Map();
    /** writes run one after another; this settles when the last one has */
    this.chain = Promise.resolve();
    this.retryTimer = null;
  }

  /** edits not written yet */
  get pending() {
    return this.edits.size;
  }

  /** Queues an edit for the next write (the newest per field). */
  queue(fieldId, value) {
    this.edits.set(fieldId, value);
  }

  /** Forgets queued edits: another form was opened. */
  clear() {
    this.edits.clear();
  }

  /** Writes the queued edits after the writes before them. */
  schedule() {
    return this.#enqueue(() => this.#write());
  }

  /** Writes the queued edits together with status `saved`. */
  save() {
    return this.#enqueue(() => this.#write({ status: 'saved' }));
  }

  /**
   * After a dictation: `reread` fetches the record the socket changed (REST
   * needs its revision), then what the socket never delivered is written.
   */
  resync(reread) {
    this.chain = this.chain
      .then(reread)
      .then(() => this.#write())
      .catch((error) => this.onError(error));
    return this.chain;
  }

  /** Settles when every write scheduled so far has. */
  settled() {
    return this.chain;
  }

  /** Last chance before the page goes: the queued edits in one keepalive write (not while dictating). */
  writeOnUnload() {
    const { record, values } = this.form();
    if (this.edits.size === 0 || record.id === null || this.dictating()) return;
    const fields = mergeValues(values, Object.fromEntries(this.edits));
    void this.api.updateRecord(record.id, { fields }, { keepalive: true }).catch(() => {});
  }

  #enqueue(write) {
    this.chain = this.chain.then(write).catch((error) => this.onError(error));
    return this.chain;
  }

  async #write({ status } = {}) {
    if (this.dictating() && status === undefined) {
      // A retry that comes due while dictating: the socket owns the record now.
      for (const [id, v] of [...this.edits]) if (this.sendEdit(id, v)) this.edits.delete(id);
      return;
    }
    if (this.edits.size === 0 && status === undefined) return;
    const { template, record: current, values, mode } = this.form();
    const edits = new Map(this.edits);
    this.edits.clear();
    const withEdits = (base) => mergeValues(base, Object.fromEntries(edits));
    try {
      let record;
      if (current.id === null) {
        record = await this.api.createRecord({ form: template.id, mode, status, fields: withEdits(values) });
      } else {
        const body = { fields: edits.size > 0 ? withEdits(values) : undefined, status, revision: current.revision ?? undefined };
        try {
          record = await this.api.updateRecord(current.id, body);
        } catch (error) {
          if (error?.code !== 'FORM_ERR_CONFLICT') throw error;
          // Changed elsewhere (another tab, the socket): the clerk's own edits win, field by field.
          const fresh = await this.api.getRecord(current.id);
          record = await this.api.updateRecord(current.id, { ...body, fields: edits.size > 0 ? withEdits(fresh.fields) : undefined, revision: fresh.revision });
        }
      }
      if (this.form().template !== template) return; // another form was opened meanwhile
      this.onRecord(record);
    } catch (error) {
      // A saved record is final (it must be reopened first): retrying cannot help, the message says why.
      if (this.form().template === template && error?.code !== 'FORM_ERR_RECORD_FINAL') {
        // Keep the edits (newer ones win) and try again: a draft must survive a server hiccup.
        for (const [id, v] of edits) if (!this.edits.has(id)) this.edits.set(id, v);
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void this.schedule(), this.retryMs);
      }
      throw error;
    }
  }
}
