/**
 * web/form-timing.js in Node: the entry mode, the timer's life with the open
 * form, and its reports (what is posted, and a failure told to the clerk).
 * The controller's use of it is in web-form-controller.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { EntryTimer, type EntryTiming } from '../../web/entry-timer.js';
import { FormTiming, type EntryMode } from '../../web/form-timing.js';

function setup({ fail = false } = {}) {
  let clock = Date.parse('2026-11-03T10:00:00.000Z');
  const posted: { id: number; body: EntryTiming; keepalive: boolean }[] = [];
  const states: string[] = [];
  const modes: EntryMode[] = [];
  const errors: string[] = [];
  let modeChanges = 0;
  const timing = new FormTiming({
    api: {
      postTiming: async (id, body, options) => {
        if (fail) throw Object.assign(new Error('down'), { code: 'NETWORK' });
        posted.push({ id, body, keepalive: options?.keepalive ?? false });
      },
    },
    panel: { setMode: (m) => void modes.push(m), setTimingState: (s) => void states.push(s) },
    createTimer: () => new EntryTimer({ now: () => clock, idleMs: 30_000 }),
    onModeChange: () => void modeChanges++,
    onError: (text) => void errors.push(text),
  });
  return { timing, posted, states, modes, errors, tick: (ms: number) => (clock += ms), modeChanges: () => modeChanges };
}

describe('FormTiming', () => {
  it('keeps the mode to dictation or manual and allows dictation only outside an open manual form', () => {
    const { timing, modes, modeChanges } = setup();
    expect(timing.mode).toBe('dictation');
    timing.setMode('manual');
    expect(timing.dictationAllowed(true)).toBe(false);
    expect(timing.dictationAllowed(false)).toBe(true);
    timing.setMode('anything' as EntryMode);
    expect(timing.mode).toBe('dictation');
    expect(modes).toEqual(['manual', 'dictation']);
    expect(modeChanges()).toBe(2);
  });

  it('times the open form and posts what it measured, ending at the save', async () => {
    const { timing, posted, states, tick } = setup();
    expect(timing.timer).toBeNull();
    await timing.report(7); // nothing open: nothing to post
    timing.begin(true);
    tick(1000);
    timing.enterField('vards', '');
    timing.keystroke('J');
    timing.keystroke('Shift'); // a modifier alone is not a keystroke
    tick(1000);
    timing.keystroke('a');
    timing.leaveField('vards', 'Ja');
    expect(timing.dirty).toBe(true);
    // the stored save instant ends the active time, not the moment the report goes out
    await timing.report(7, { endAt: '2026-11-03T10:00:01.500Z' });
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ id: 7, keepalive: false, body: { keystrokes: 2, edits: 0, activeMs: 1500 } });
    expect(states).toEqual(['sending', 'reported']);
    expect(timing.dirty).toBe(false);
    timing.begin(false);
    expect(timing.timer).toBeNull();
  });

  it('resumes a reopened record from its stored figures', async () => {
    const { timing, posted } = setup();
    timing.begin(true);
    timing.resume({ openedAt: '2026-11-03T09:00:00.000Z', activeMs: 5000, keystrokes: 10, edits: 1 });
    timing.keystroke('x');
    await timing.report(3);
    expect(posted[0]!.body).toMatchObject({ openedAt: '2026-11-03T09:00:00.000Z', keystrokes: 11, edits: 1 });
  });

  it('tells the clerk when a report fails, except one sent as the page goes away', async () => {
    const { timing, states, errors } = setup({ fail: true });
    timing.begin(true);
    timing.keystroke('a');
    await timing.report(1, { keepalive: true });
    expect(errors).toEqual([]);
    await timing.report(1);
    expect(states.at(-1)).toBe('error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/NETWORK/);
  });
});
