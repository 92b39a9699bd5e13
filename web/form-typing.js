/**
 * The open form's typing debounce: the fields typed into and not sent yet,
 * with one pause for all of them, so a pause in typing sends every typed
 * field together (one REST write). Leaving a field takes it out at once.
 * Timers are injected so Node tests drive the pause by hand. No DOM.
 */

export const DEFAULT_DEBOUNCE_MS = 400;

export class FormTyping {
  /**
   * @param {object} deps
   * @param {() => void} deps.onPause  the clerk paused for `debounceMs`: send what was typed
   * @param {number} [deps.debounceMs]
   * @param {(fn: () => void, ms: number) => unknown} [deps.setTimer]
   * @param {(handle: unknown) => void} [deps.clearTimer]
   */
  constructor({
    onPause,
    debounceMs = DEFAULT_DEBOUNCE_MS,
    // wrapped: browsers refuse setTimeout called as another object's method
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (handle) => clearTimeout(handle),
  }) {
    this.onPause = onPause;
    this.debounceMs = debounceMs;
    this.setTimer = setTimer;
    this.clearTimer = clearTimer;
    /** @type {Set<string>} */
    this.typed = new Set();
    this.timer = null;
  }

  /** Input in a field: it waits, and the pause starts again. */
  add(fieldId) {
    this.typed.add(fieldId);
    this.#stop();
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.onPause();
    }, this.debounceMs);
  }

  has(fieldId) {
    return this.typed.has(fieldId);
  }

  /** The fields waiting, in the order first typed (a copy: taking them while iterating is fine). */
  fields() {
    return [...this.typed];
  }

  /** Takes a field out to be sent; true if it was waiting. The last one out stops the pause. */
  take(fieldId) {
    if (!this.typed.delete(fieldId)) return false;
    if (this.typed.size === 0) this.#stop();
    return true;
  }

  /** Another form was opened: nothing typed is waiting. */
  clear() {
    this.typed.clear();
    this.#stop();
  }

  #stop() {
    if (this.timer === null) return;
    this.clearTimer(this.timer);
    this.timer = null;
  }
}
