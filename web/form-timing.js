/**
 * The pilot's side of the open form: the entry mode new forms are made in
 * (dictation or manual entry) and the open form's entry timer
 * (entry-timer.js), with the reports of its figures to
 * POST /api/forms/records/:id/timing (server/pilot/README.md, "What the form
 * page reports"). No DOM and no routing: form-controller.js tells it what
 * happens to the form and when to report.
 */
import { t } from './i18n.js';
import { EntryTimer, isKeystroke } from './entry-timer.js';

export class FormTiming {
  /**
   * @param {object} deps
   * @param {{ postTiming(id: number, body: object, options?: { keepalive?: boolean }): Promise<unknown> }} deps.api
   * @param {{ setMode(mode: string): void, setTimingState(state: string): void }} deps.panel
   * @param {() => EntryTimer} [deps.createTimer]  one per opened form
   * @param {() => void} [deps.onModeChange]  the entry mode or the open form changed
   * @param {(text: string) => void} [deps.onError]  a failed report, in words for the clerk
   */
  constructor({ api, panel, createTimer = () => new EntryTimer(), onModeChange = () => {}, onError = () => {} }) {
    this.api = api;
    this.panel = panel;
    this.createTimer = createTimer;
    this.onModeChange = onModeChange;
    this.onError = onError;
    /** 'dictation' | 'manual': how new forms are filled; an opened record brings its own */
    this.mode = 'dictation';
    /** the open form's entry timer, null without a form */
    this.timer = null;
    /** the last timing report under way (tests await it) */
    this.lastReport = Promise.resolve();
  }

  /** Sets the mode and shows it; the caller decides whether a new form follows. */
  setMode(mode) {
    this.mode = mode === 'manual' ? 'manual' : 'dictation';
    this.panel.setMode(this.mode);
    this.onModeChange();
  }

  /** Dictation fills forms in dictation mode only; a manual-entry form never needs the microphone. */
  dictationAllowed(formOpen) {
    return !(formOpen && this.mode === 'manual');
  }

  /** A form was opened (true) or closed (false): a fresh timer, started now. */
  begin(formOpen) {
    this.timer = formOpen ? this.createTimer() : null;
    this.timer?.start();
    this.onModeChange();
  }

  /** A reopened record goes on from its stored timings. */
  resume(stored) {
    this.timer?.start(stored ?? {});
  }

  /** A key pressed in a field (keydown). */
  keystroke(key) {
    if (this.timer && isKeystroke(key)) this.timer.keystroke();
  }

  activity() {
    this.timer?.activity();
  }

  enterField(fieldId, text) {
    this.timer?.enterField(fieldId, text);
  }

  leaveField(fieldId, text) {
    this.timer?.leaveField(fieldId, text);
  }

  /** Dictation set a value. */
  dictatedInput() {
    this.timer?.dictatedInput();
  }

  /** Measured and not reported since: worth a report when the clerk leaves an unsaved draft. */
  get dirty() {
    return Boolean(this.timer?.dirty);
  }

  /**
   * Posts the open form's timings for record `id`. `endAt` ends the active
   * time at the stored save instant. A failure is shown, not swallowed; the
   * next save reports again.
   */
  report(id, { endAt = null, keepalive = false } = {}) {
    const timer = this.timer;
    if (id === null || !timer) return Promise.resolve();
    const body = timer.snapshot({ endAt });
    this.panel.setTimingState('sending');
    this.lastReport = this.api
      .postTiming(id, body, { keepalive })
      .then(() => {
        timer.reported();
        if (timer === this.timer) this.panel.setTimingState('reported');
      })
      .catch((error) => {
        console.warn('timing report failed', error);
        if (keepalive || timer !== this.timer) return; // the page or the form is gone: nobody to tell
        this.panel.setTimingState('error');
        this.onError(t('form.err.timing', { code: error?.code ?? '?' }));
      });
    return this.lastReport;
  }
}
