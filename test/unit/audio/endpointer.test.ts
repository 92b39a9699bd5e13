import { describe, expect, it } from 'vitest';
import { DEFAULT_ENDPOINT, Endpointer, type EndpointEvent, type EndpointOptions } from '../../../server/audio/endpointer.ts';

// DEFAULT_ENDPOINT on 32 ms frames: speech starts after 3 frames, ends after 20 silent frames, cut at 625 frames.
const SPEECH = 0.9;
const SILENCE = 0.05;
const BETWEEN = 0.4; // between negativeThreshold (0.35) and positiveThreshold (0.5)

const frameCount = new WeakMap<Endpointer, number>();
/** Feeds probabilities; returns every event with the index of the frame that caused it. */
function run(e: Endpointer, probs: readonly number[]): { at: number; event: EndpointEvent }[] {
  const out: { at: number; event: EndpointEvent }[] = [];
  for (const p of probs) {
    const at = frameCount.get(e) ?? 0;
    frameCount.set(e, at + 1);
    const event = e.push(p);
    if (event) out.push({ at, event });
  }
  return out;
}

const rep = (p: number, n: number): number[] => Array<number>(n).fill(p);

describe('Endpointer: speech start', () => {
  it('starts after minSpeechMs of consecutive speech and reports the frame where speech began', () => {
    const e = new Endpointer();
    expect(run(e, [...rep(SILENCE, 5), SPEECH, SPEECH])).toEqual([]);
    expect(e.speaking).toBe(false);
    expect(run(e, [SPEECH])).toEqual([{ at: 7, event: { type: 'speech-start', frame: 5 } }]);
    expect(e.speaking).toBe(true);
  });

  it('ignores a click shorter than minSpeechMs', () => {
    const e = new Endpointer();
    expect(run(e, [SPEECH, SPEECH, SILENCE, SPEECH, SPEECH, SILENCE, ...rep(SILENCE, 10)])).toEqual([]);
    expect(e.speaking).toBe(false);
  });

  it('needs probabilities at or above positiveThreshold to start: a run between the thresholds breaks it', () => {
    const e = new Endpointer();
    expect(run(e, [SPEECH, SPEECH, BETWEEN, SPEECH, SPEECH, ...rep(BETWEEN, 30)])).toEqual([]);
    const e2 = new Endpointer();
    expect(run(e2, [0.5, 0.5, 0.5])).toEqual([{ at: 2, event: { type: 'speech-start', frame: 0 } }]);
    const e3 = new Endpointer();
    expect(run(e3, [0.4999, 0.4999, 0.4999, 0.4999])).toEqual([]);
  });

  it('with minSpeechMs 0 starts on the first speech frame', () => {
    const e = new Endpointer({ ...DEFAULT_ENDPOINT, minSpeechMs: 0 });
    expect(run(e, [SILENCE, SPEECH])).toEqual([{ at: 1, event: { type: 'speech-start', frame: 1 } }]);
  });

  it('rounds durations to whole frames (30 ms frames: 100 ms -> 3 frames, 50 ms -> 2 frames)', () => {
    const o: EndpointOptions = { ...DEFAULT_ENDPOINT, frameMs: 30, minSpeechMs: 50, trailingSilenceMs: 100 };
    const e = new Endpointer(o);
    const events = run(e, [SPEECH, SPEECH, SILENCE, SILENCE, SILENCE]);
    expect(events).toEqual([
      { at: 1, event: { type: 'speech-start', frame: 0 } },
      { at: 4, event: { type: 'speech-end', frame: 5, reason: 'silence' } },
    ]);
  });
});

describe('Endpointer: speech end', () => {
  it('ends after exactly trailingSilenceMs of silence; the end frame is the one after the last silent frame', () => {
    const e = new Endpointer();
    run(e, rep(SPEECH, 10));
    expect(run(e, rep(SILENCE, 19))).toEqual([]);
    expect(e.speaking).toBe(true);
    expect(run(e, [SILENCE])).toEqual([{ at: 29, event: { type: 'speech-end', frame: 30, reason: 'silence' } }]);
    expect(e.speaking).toBe(false);
  });

  it('hysteresis: frames between the thresholds neither end speech nor reset the silence count', () => {
    const e = new Endpointer();
    run(e, rep(SPEECH, 5));
    // A long stretch of uncertain frames keeps the utterance open.
    expect(run(e, rep(BETWEEN, 100))).toEqual([]);
    expect(e.speaking).toBe(true);
    // 19 silent + 1 uncertain + 1 silent = 20 silent frames counted: ends.
    const events = run(e, [...rep(SILENCE, 19), BETWEEN, SILENCE]);
    expect(events).toEqual([{ at: 125, event: { type: 'speech-end', frame: 126, reason: 'silence' } }]);
  });

  it('a speech frame inside the trailing silence restarts the count', () => {
    const e = new Endpointer();
    run(e, rep(SPEECH, 5));
    expect(run(e, [...rep(SILENCE, 19), SPEECH, ...rep(SILENCE, 19)])).toEqual([]);
    expect(run(e, [SILENCE])).toEqual([{ at: 44, event: { type: 'speech-end', frame: 45, reason: 'silence' } }]);
  });

  it('cuts an utterance at maxUtteranceMs counted from where speech began, then starts a new one', () => {
    const e = new Endpointer({ ...DEFAULT_ENDPOINT, maxUtteranceMs: 320 }); // 10 frames
    const events = run(e, [SILENCE, SILENCE, ...rep(SPEECH, 15)]);
    expect(events).toEqual([
      { at: 4, event: { type: 'speech-start', frame: 2 } },
      { at: 11, event: { type: 'speech-end', frame: 12, reason: 'max-length' } },
      { at: 14, event: { type: 'speech-start', frame: 12 } },
    ]);
  });

  it('the default cut is at 20 s (625 frames of 32 ms)', () => {
    const e = new Endpointer();
    const events = run(e, rep(SPEECH, 700));
    expect(events.map((x) => [x.at, x.event.type])).toEqual([
      [2, 'speech-start'],
      [624, 'speech-end'],
      [627, 'speech-start'],
    ]);
  });
});

describe('Endpointer: reset', () => {
  it('ends an utterance without an event; new speech must again last minSpeechMs', () => {
    const e = new Endpointer();
    run(e, rep(SPEECH, 5));
    expect(e.speaking).toBe(true);
    e.reset();
    expect(e.speaking).toBe(false);
    expect(run(e, [SPEECH, SPEECH])).toEqual([]);
    expect(run(e, [SPEECH])).toEqual([{ at: 7, event: { type: 'speech-start', frame: 5 } }]);
  });

  it('forgets a partial speech run', () => {
    const e = new Endpointer();
    run(e, [SPEECH, SPEECH]);
    e.reset();
    expect(run(e, [SPEECH, SPEECH])).toEqual([]);
    expect(run(e, [SPEECH])).toEqual([{ at: 4, event: { type: 'speech-start', frame: 2 } }]);
  });
});

describe('Endpointer: bad options', () => {
  const bad: [string, Partial<EndpointOptions>][] = [
    ['negativeThreshold above positiveThreshold', { positiveThreshold: 0.3, negativeThreshold: 0.5 }],
    ['positiveThreshold above 1', { positiveThreshold: 1.5 }],
    ['negativeThreshold below 0', { negativeThreshold: -0.1 }],
    ['NaN threshold', { positiveThreshold: Number.NaN }],
    ['zero frameMs', { frameMs: 0 }],
    ['zero trailingSilenceMs', { trailingSilenceMs: 0 }],
    ['negative maxUtteranceMs', { maxUtteranceMs: -1 }],
    ['infinite maxUtteranceMs', { maxUtteranceMs: Infinity }],
    ['negative minSpeechMs', { minSpeechMs: -32 }],
  ];
  it.each(bad)('throws a RangeError naming the option: %s', (_, o) => {
    const key = Object.keys(o)[0]!;
    expect(() => new Endpointer({ ...DEFAULT_ENDPOINT, ...o })).toThrow(RangeError);
    expect(() => new Endpointer({ ...DEFAULT_ENDPOINT, ...o })).toThrow(new RegExp(key));
  });

  it('accepts equal thresholds (no hysteresis) and the boundary probabilities 0 and 1', () => {
    expect(() => new Endpointer({ ...DEFAULT_ENDPOINT, positiveThreshold: 0.5, negativeThreshold: 0.5 })).not.toThrow();
    expect(() => new Endpointer({ ...DEFAULT_ENDPOINT, positiveThreshold: 1, negativeThreshold: 0 })).not.toThrow();
  });
});
