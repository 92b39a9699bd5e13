/**
 * Times one form's entry for the pilot (issue 6): opened, first input, active
 * time, keystrokes and edits, the same way for dictation and manual entry.
 * Pure: no DOM, no timers; the clock is injected, so tests drive it.
 *
 * Active time is the wall time from opening to the end, minus idle gaps: every
 * activity (keystroke, focus, speech or a recognised value) extends the current
 * active stretch when it comes within `idleMs` of the previous one; a longer
 * gap counts as zero, and the next activity starts a new stretch. See
 * server/pilot/README.md, "What the form page reports".
 */

/** A gap between two activities longer than this is idle and not counted. */
export const DEFAULT_IDLE_MS = 30_000;

/** Keys that only modify another key; pressing them alone is not a keystroke. */
const MODIFIER_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'OS', 'Fn']);

/** True for a keydown that counts as a keystroke (anything but a modifier on its own). */
export function isKeystroke(key) {
  return typeof key === 'string' && key !== '' && !MODIFIER_KEYS.has(key);
}

const iso = (ms) => new Date(ms).toISOString();
const parseMs = (value) => {
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : null;
};

export class EntryTimer {
  /**
   * @param {{ now?: () => number, idleMs?: number }} [options]  now: epoch milliseconds
   */
  constructor({ now = () => Date.now(), idleMs = DEFAULT_IDLE_MS } = {}) {
    if (!(idleMs > 0)) throw new RangeError(`idleMs must be a positive number of milliseconds, got ${idleMs}`);
    this.now = now;
    this.idleMs = idleMs;
    this.started = false;
    this.openedAtMs = 0;
    this.firstInputAtMs = null;
    /** active time of the stretches before the current one */
    this.closedMs = 0;
    this.stretchStart = 0;
    this.stretchEnd = 0;
    this.keystrokes = 0;
    this.edits = 0;
    /** field id → its text when the keyboard entered it */
    this.visits = new Map();
    /** something happened since the last report */
    this.dirty = false;
  }

  /**
   * Starts timing a form now. `resume` carries a reopened draft's stored
   * figures: its opening and first input stay, active time, keystrokes and
   * edits go on from the stored counts.
   *
   * @param {{ openedAt?: string | null, firstInputAt?: string | null, activeMs?: number | null,
   *           keystrokes?: number | null, edits?: number | null }} [resume]
   */
  start(resume = {}) {
    const t = this.now();
    this.started = true;
    this.openedAtMs = parseMs(resume.openedAt) ?? t;
    this.firstInputAtMs = parseMs(resume.firstInputAt);
    this.closedMs = Math.max(0, resume.activeMs ?? 0);
    this.stretchStart = this.stretchEnd = t;
    this.keystrokes = Math.max(0, resume.keystrokes ?? 0);
    this.edits = Math.max(0, resume.edits ?? 0);
    this.visits.clear();
    this.dirty = false;
  }

  /** The clerk or the recogniser did something (speech, a click, focus). */
  activity() {
    if (!this.started) return;
    const t = this.now();
    if (t - this.stretchEnd > this.idleMs) {
      this.closedMs += this.stretchEnd - this.stretchStart;
      this.stretchStart = t;
    }
    this.stretchEnd = Math.max(this.stretchEnd, t);
    this.dirty = true;
  }

  /** A key pressed in a field (see isKeystroke). */
  keystroke() {
    if (!this.started) return;
    this.activity();
    this.keystrokes++;
    this.#firstInput();
  }

  /** Dictation set a field's value. */
  dictatedInput() {
    if (!this.started) return;
    this.activity();
    this.#firstInput();
  }

  /** The keyboard entered a field showing `text`. */
  enterField(fieldId, text) {
    if (!this.started) return;
    this.activity();
    this.visits.set(fieldId, text);
  }

  /** The keyboard left a field now showing `text`: one edit if it changed a value that was there. */
  leaveField(fieldId, text) {
    if (!this.started || !this.visits.has(fieldId)) return;
    const before = this.visits.get(fieldId);
    this.visits.delete(fieldId);
    if (before.trim() !== '' && text !== before) {
      this.edits++;
      this.dirty = true;
    }
  }

  /**
   * The figures so far, for POST /api/forms/records/:id/timing. `endAt` (an
   * ISO instant, e.g. the stored save time) ends the active time there
   * instead of now; an `endAt` more than `maxSkewMs` away from now is taken
   * for a clock difference and ignored.
   */
  snapshot({ endAt = null, maxSkewMs = 2000 } = {}) {
    const now = this.now();
    const given = parseMs(endAt);
    const end = given !== null && Math.abs(given - now) <= maxSkewMs ? Math.min(given, now) : now;
    let activeMs = this.closedMs;
    if (end >= this.stretchEnd) {
      activeMs += this.stretchEnd - this.stretchStart;
      if (end - this.stretchEnd <= this.idleMs) activeMs += end - this.stretchEnd;
    } else if (end > this.stretchStart) {
      activeMs += end - this.stretchStart;
    }
    return {
      openedAt: iso(this.openedAtMs),
      firstInputAt: this.firstInputAtMs === null ? null : iso(this.firstInputAtMs),
      activeMs: Math.round(activeMs),
      keystrokes: this.keystrokes,
      edits: this.edits,
    };
  }

  /** The last snapshot was stored; `dirty` turns true again with the next activity. */
  reported() {
    this.dirty = false;
  }

  #firstInput() {
    if (this.firstInputAtMs === null) this.firstInputAtMs = this.now();
  }
}
