/** The form page's entry timer (web/entry-timer.js) with a hand-driven clock. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_MS, EntryTimer, isKeystroke } from '../../../web/entry-timer.js';

const T0 = Date.parse('2026-11-03T10:00:00.000Z');

function clocked(idleMs = 10_000) {
  let t = T0;
  const timer = new EntryTimer({ now: () => t, idleMs });
  return { timer, at: (ms: number) => (t = T0 + ms) };
}

describe('EntryTimer: bad call', () => {
  it('refuses a non-positive idle threshold', () => {
    expect(() => new EntryTimer({ idleMs: 0 })).toThrow(/idleMs/);
  });

  it('ignores events and counts nothing before start', () => {
    const { timer, at } = clocked();
    timer.keystroke();
    timer.dictatedInput();
    at(5000);
    timer.start();
    expect(timer.snapshot()).toEqual({ openedAt: new Date(T0 + 5000).toISOString(), firstInputAt: null, activeMs: 0, keystrokes: 0, edits: 0 });
  });
});

describe('EntryTimer: active time', () => {
  it('counts gaps up to the threshold in full and a longer gap as zero', () => {
    const { timer, at } = clocked(10_000);
    timer.start(); // t = 0
    at(4_000);
    timer.keystroke(); // +4 s
    at(14_000);
    timer.keystroke(); // +10 s: exactly the threshold still counts
    at(40_000);
    timer.keystroke(); // +26 s: idle, not counted; a new stretch starts
    at(43_000);
    timer.activity(); // +3 s
    at(45_000);
    expect(timer.snapshot().activeMs).toBe(4_000 + 10_000 + 3_000 + 2_000);
    // the tail after the last activity is idle too once it passes the threshold
    at(60_000);
    expect(timer.snapshot().activeMs).toBe(4_000 + 10_000 + 3_000);
  });

  it('is wall time when nothing pauses longer than the threshold', () => {
    const { timer, at } = clocked(DEFAULT_IDLE_MS);
    timer.start();
    for (let s = 1; s <= 100; s++) {
      at(s * 1000);
      if (s % 20 === 0) timer.activity();
      else timer.keystroke();
    }
    expect(timer.snapshot().activeMs).toBe(100_000);
  });

  it('ends at the stored save instant when it is close to now, and ignores one far off (clock skew)', () => {
    const { timer, at } = clocked(10_000);
    timer.start();
    at(8_000);
    timer.activity(); // e.g. the final that carried "saglabāt", received after the server stamped the save
    at(8_050);
    expect(timer.snapshot({ endAt: new Date(T0 + 7_990).toISOString() }).activeMs).toBe(7_990);
    expect(timer.snapshot({ endAt: new Date(T0 + 60_000).toISOString() }).activeMs).toBe(8_050); // never past now
    expect(timer.snapshot({ endAt: new Date(T0 - 600_000).toISOString() }).activeMs).toBe(8_050); // skewed: ignored
    expect(timer.snapshot({ endAt: 'not a time' }).activeMs).toBe(8_050);
  });

  it('resumes a reopened draft from its stored figures', () => {
    const { timer, at } = clocked(10_000);
    at(100_000);
    timer.start({ openedAt: '2026-11-03T09:00:00.000Z', firstInputAt: '2026-11-03T09:00:05.000Z', activeMs: 42_000, keystrokes: 30, edits: 1 });
    at(103_000);
    timer.keystroke();
    expect(timer.snapshot()).toEqual({
      openedAt: '2026-11-03T09:00:00.000Z',
      firstInputAt: '2026-11-03T09:00:05.000Z',
      activeMs: 45_000,
      keystrokes: 31,
      edits: 1,
    });
  });
});

describe('EntryTimer: input, keystrokes and edits', () => {
  it('takes the first keystroke or the first dictated value as first input, whichever comes first', () => {
    const { timer, at } = clocked();
    timer.start();
    at(2_500);
    timer.activity(); // speech alone is not input
    expect(timer.snapshot().firstInputAt).toBeNull();
    at(3_000);
    timer.dictatedInput();
    at(4_000);
    timer.keystroke();
    expect(timer.snapshot()).toMatchObject({ firstInputAt: new Date(T0 + 3_000).toISOString(), keystrokes: 1 });
  });

  it('counts an edit per field visit that changed a value already there, not the filling of an empty field', () => {
    const { timer } = clocked();
    timer.start();
    timer.enterField('vards', '');
    timer.leaveField('vards', 'Jānis'); // filled: not an edit
    timer.enterField('ire', '160');
    timer.leaveField('ire', '160'); // looked at only
    timer.enterField('ire', '160');
    timer.leaveField('ire', '180'); // corrected: an edit
    timer.enterField('iela', 'Rīgas');
    timer.leaveField('iela', ''); // cleared: an edit
    timer.leaveField('iela', 'x'); // no visit open: nothing
    expect(timer.snapshot().edits).toBe(2);
  });

  it('marks itself dirty on activity and clean once reported', () => {
    const { timer } = clocked();
    timer.start();
    expect(timer.dirty).toBe(false);
    timer.keystroke();
    expect(timer.dirty).toBe(true);
    timer.reported();
    expect(timer.dirty).toBe(false);
  });

  it('does not count modifier keys alone as keystrokes', () => {
    expect(['a', 'ā', 'Backspace', 'Tab', 'Enter', ' '].every(isKeystroke)).toBe(true);
    expect(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', '', undefined].some((k) => isKeystroke(k as string))).toBe(false);
  });
});
