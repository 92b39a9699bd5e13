/**
 * Push-to-talk key (issue 15): hold Ctrl+Space to dictate, release to stop,
 * so a clerk can mix typing and voice without the mouse. A short tap (under
 * `tapMs`) latches dictation on until the next tap, like the record button.
 * Pure: the page passes key events in and gets start/stop calls out.
 */

/** @param {{ key?: string, code?: string, ctrlKey?: boolean, altKey?: boolean, metaKey?: boolean, shiftKey?: boolean }} e */
export function isPushToTalkKey(e) {
  return (e.code === 'Space' || e.key === ' ') && e.ctrlKey === true && !e.altKey && !e.metaKey && !e.shiftKey;
}

export const DEFAULT_TAP_MS = 300;

export class PushToTalk {
  /**
   * @param {{ start: () => void, stop: () => void, isActive: () => boolean, now?: () => number, tapMs?: number }} opts
   */
  constructor({ start, stop, isActive, now = () => Date.now(), tapMs = DEFAULT_TAP_MS }) {
    this.start = start;
    this.stop = stop;
    this.isActive = isActive;
    this.now = now;
    this.tapMs = tapMs;
    /** when the key went down, while it is held */
    this.downAt = null;
    /** dictation was already on when the key went down: this press ends it */
    this.stopsOnRelease = false;
  }

  /** @returns {boolean} whether the event was the shortcut (the caller prevents its default) */
  keydown(e) {
    if (!isPushToTalkKey(e)) return false;
    if (e.repeat || this.downAt !== null) return true;
    this.downAt = this.now();
    this.stopsOnRelease = this.isActive();
    if (!this.stopsOnRelease) this.start();
    return true;
  }

  /** @returns {boolean} whether the event ended a push-to-talk press */
  keyup(e) {
    // Ctrl may be released before Space: any key-up of either ends the press
    if (this.downAt === null || !(e.code === 'Space' || e.key === ' ' || e.key === 'Control')) return false;
    const held = this.now() - this.downAt;
    this.downAt = null;
    if (this.stopsOnRelease) this.stop();
    else if (held >= this.tapMs && this.isActive()) this.stop(); // held to talk: release stops; a tap latches on
    return true;
  }

  /** The window lost focus while the key was held: a held press ends. */
  blur() {
    if (this.downAt === null) return;
    const held = this.now() - this.downAt;
    this.downAt = null;
    if ((this.stopsOnRelease || held >= this.tapMs) && this.isActive()) this.stop();
  }
}
