/**
 * The dictation socket's side of the open form (server/forms/README.md):
 * the greeting that (re)opens the form on every (re)connect, form.edit /
 * form.focus / form.save / form.close out, and form.opened / form.update /
 * form.saved in. It keeps the protocol's bookkeeping: which edits still wait
 * for their echo, and that updates arriving between form.open and its
 * form.opened belong to the record open before. What a message does to the
 * form is form-controller.js's business (the `events`). No DOM.
 */

export class FormSocketRoute {
  /**
   * @param {object} deps
   * @param {() => { template: { id: string } | null, record: { id: number | null }, mode: string }} deps.form  the open form as it is now
   * @param {() => string | null} deps.focusedField  the field the keyboard is in
   * @param {object} deps.events  a message for the open record, past the guards
   * @param {(msg: object, awaitingEcho: (fieldId: string) => boolean) => void} deps.events.opened
   * @param {(msg: object, takeEcho: (fieldId: string) => boolean) => void} deps.events.updated  takeEcho: true (once) for the echo of the clerk's edit
   * @param {(msg: object) => void} deps.events.saved
   */
  constructor({ form, focusedField, events }) {
    this.form = form;
    this.focusedField = focusedField;
    this.events = events;
    /** the dictation's socket client while one runs */
    this.client = null;
    /** fields whose edit went over the socket and whose echo has not come back */
    this.awaitingEcho = new Set();
    /** form.open was sent and its form.opened has not come: updates meanwhile belong to the old record */
    this.opening = false;
  }

  /** a dictation runs: form messages go over its socket */
  get active() {
    return this.client !== null;
  }

  attach(client) {
    this.client = client;
  }

  /** The dictation ended: its form.edit messages that never left (null if `client` was not this route's). */
  detach(client) {
    if (this.client !== client) return null;
    this.client = null;
    this.awaitingEcho.clear();
    return client.takeUndelivered().filter((m) => m.type === 'form.edit');
  }

  /** Another form was opened: no echo of the old one is awaited. */
  forgetEchoes() {
    this.awaitingEcho.clear();
  }

  /** Messages the socket sends after its config on every (re)connect. */
  greeting() {
    const { template, record, mode } = this.form();
    if (!template) return [];
    if (this.client) this.opening = true;
    const open = { type: 'form.open', form: template.id, mode };
    if (record.id !== null) open.record = record.id;
    const focused = this.focusedField();
    return focused ? [open, { type: 'form.focus', field: focused }] : [open];
  }

  /** While the socket is (re)connecting its greeting opens the form; only an open socket needs telling. */
  sendOpen() {
    if (this.client?.state !== 'open') return;
    const [open] = this.greeting();
    if (open) this.client.sendMessage(open, 'open');
  }

  /** true if the socket took the edit; its echo is then awaited (the clerk's value, not dictation) */
  sendEdit(fieldId, value) {
    if (!this.client?.sendMessage({ type: 'form.edit', field: fieldId, value }, `edit:${fieldId}`)) return false;
    this.awaitingEcho.add(fieldId);
    return true;
  }

  sendFocus(fieldId) {
    return Boolean(this.client?.sendMessage({ type: 'form.focus', field: fieldId }, 'focus'));
  }

  /** true if the save went over the socket (form.saved answers) */
  sendSave() {
    return Boolean(this.client?.sendMessage({ type: 'form.save' }));
  }

  sendClose() {
    this.client?.sendMessage({ type: 'form.close' });
  }

  /** A form message from the socket (see ws-client.js). */
  onServerMessage(msg) {
    const { template, record } = this.form();
    if (!template || msg.form !== template.id) return;
    switch (msg.type) {
      case 'form.opened':
        this.opening = false;
        this.events.opened(msg, (id) => this.awaitingEcho.has(id));
        break;
      case 'form.update':
        if (this.opening || msg.record !== record.id) return;
        this.events.updated(msg, (id) => this.awaitingEcho.delete(id));
        break;
      case 'form.saved':
        if (this.opening || msg.record !== record.id) return;
        this.events.saved(msg);
        break;
    }
  }
}
