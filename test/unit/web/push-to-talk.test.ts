/** The page's push-to-talk key (web/push-to-talk.js) with a hand-driven clock. */
import { describe, expect, it } from 'vitest';
import { isPushToTalkKey, PushToTalk } from '../../../web/push-to-talk.js';

const down = { code: 'Space', key: ' ', ctrlKey: true };
const up = { code: 'Space', key: ' ', ctrlKey: true };

function rig() {
  let t = 0;
  let active = false;
  const calls: string[] = [];
  const ptt = new PushToTalk({
    now: () => t,
    isActive: () => active,
    start: () => {
      calls.push('start');
      active = true;
    },
    stop: () => {
      calls.push('stop');
      active = false;
    },
  });
  return { ptt, calls, at: (ms: number) => (t = ms), isActive: () => active };
}

describe('push-to-talk key', () => {
  it('is Ctrl+Space only', () => {
    expect(isPushToTalkKey(down)).toBe(true);
    expect(isPushToTalkKey({ code: 'Space', key: ' ' })).toBe(false); // typing a space
    expect(isPushToTalkKey({ code: 'Space', key: ' ', ctrlKey: true, shiftKey: true })).toBe(false);
    expect(isPushToTalkKey({ code: 'KeyA', key: 'a', ctrlKey: true })).toBe(false);
  });

  it('hold to talk: starts on press, stops on release; key repeat does nothing', () => {
    const { ptt, calls, at } = rig();
    expect(ptt.keydown(down)).toBe(true);
    expect(ptt.keydown({ ...down, repeat: true })).toBe(true);
    at(2000);
    expect(ptt.keyup(up)).toBe(true);
    expect(calls).toEqual(['start', 'stop']);
  });

  it('a short tap latches dictation on; the next press turns it off', () => {
    const { ptt, calls, at, isActive } = rig();
    ptt.keydown(down);
    at(100);
    ptt.keyup(up);
    expect(isActive()).toBe(true);
    at(5000);
    ptt.keydown(down);
    at(5100);
    ptt.keyup(up);
    expect(calls).toEqual(['start', 'stop']);
    expect(isActive()).toBe(false);
  });

  it('releasing Ctrl first also ends the press; other keys are not handled', () => {
    const { ptt, calls, at } = rig();
    expect(ptt.keyup(up)).toBe(false); // no press in progress
    ptt.keydown(down);
    at(1000);
    expect(ptt.keyup({ key: 'a', code: 'KeyA' })).toBe(false);
    expect(ptt.keyup({ key: 'Control', code: 'ControlLeft' })).toBe(true);
    expect(calls).toEqual(['start', 'stop']);
  });

  it('losing window focus while held stops dictation', () => {
    const { ptt, calls, at } = rig();
    ptt.keydown(down);
    at(800);
    ptt.blur();
    expect(calls).toEqual(['start', 'stop']);
  });
});
