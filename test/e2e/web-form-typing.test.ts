/**
 * web/form-typing.js with a hand-driven timer: one pause for every typed
 * field, restarted by each input, stopped when the last field is taken out
 * or the form changes.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEBOUNCE_MS, FormTyping } from '../../web/form-typing.js';

function setup(debounceMs?: number) {
  const timers = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  let pauses = 0;
  const typing = new FormTyping({
    debounceMs,
    onPause: () => void pauses++,
    setTimer: (fn, ms) => {
      timers.set(next, { fn, ms });
      return next++;
    },
    clearTimer: (handle) => void timers.delete(handle as number),
  });
  /** the one pending timer */
  const only = () => {
    expect(timers.size).toBe(1);
    const [handle, timer] = [...timers][0]!;
    return { handle, ...timer };
  };
  /** fires it, as if the pause had passed */
  const pause = () => {
    const { handle, fn } = only();
    timers.delete(handle);
    fn();
  };
  return { typing, timers, only, pause, pauses: () => pauses };
}

describe('FormTyping', () => {
  it('keeps one pause for all typed fields, restarted by each input', () => {
    const t = setup(20);
    t.typing.add('vards');
    t.typing.add('talrunis');
    t.typing.add('vards');
    expect(t.only().ms).toBe(20);
    expect(t.typing.fields()).toEqual(['vards', 'talrunis']);
    expect(t.pauses()).toBe(0);
    t.pause();
    expect(t.pauses()).toBe(1);
    // the fields wait until the controller takes them
    expect(t.typing.has('vards')).toBe(true);
  });

  it('waits 400 ms unless told otherwise', () => {
    const t = setup();
    expect(t.typing.debounceMs).toBe(DEFAULT_DEBOUNCE_MS);
    expect(DEFAULT_DEBOUNCE_MS).toBe(400);
    t.typing.add('vards');
    expect(t.only().ms).toBe(400);
  });

  it('takes a field out once; the last one out stops the pause', () => {
    const t = setup(20);
    t.typing.add('vards');
    t.typing.add('ire');
    expect(t.typing.take('vards')).toBe(true);
    expect(t.typing.take('vards')).toBe(false);
    expect(t.typing.has('vards')).toBe(false);
    expect(t.timers.size).toBe(1);
    expect(t.typing.take('ire')).toBe(true);
    expect(t.timers.size).toBe(0);
    expect(t.typing.fields()).toEqual([]);
    expect(t.pauses()).toBe(0);
  });

  it('lets the fields be taken while iterating over them', () => {
    const t = setup(20);
    for (const id of ['a', 'b', 'c']) t.typing.add(id);
    const taken = t.typing.fields().filter((id) => t.typing.take(id));
    expect(taken).toEqual(['a', 'b', 'c']);
    expect(t.timers.size).toBe(0);
  });

  it('forgets everything and stops the pause when another form opens', () => {
    const t = setup(20);
    t.typing.add('vards');
    t.typing.clear();
    expect(t.typing.fields()).toEqual([]);
    expect(t.timers.size).toBe(0);
    t.typing.clear(); // nothing pending: no timer to clear
    expect(t.pauses()).toBe(0);
  });

  it('runs on the real timers by default', async () => {
    let pauses = 0;
    const typing = new FormTyping({ debounceMs: 5, onPause: () => void pauses++ });
    typing.add('vards');
    await new Promise((r) => setTimeout(r, 30));
    expect(pauses).toBe(1);
  });
});
