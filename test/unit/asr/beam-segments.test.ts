import { describe, expect, it } from 'vitest';
import { beamSegments } from '../../../server/asr/recogniser.ts';

/** Log-probabilities whose argmax per frame is `ids[f]` (vocab 3, blank 0). */
function matrix(ids: number[]) {
  const vocab = 3;
  const data = new Float32Array(ids.length * vocab).fill(-5);
  ids.forEach((id, f) => (data[f * vocab + id] = -0.1));
  return { data, frames: ids.length, vocab };
}

describe('beamSegments (a whole file\'s beam search in pieces)', () => {
  it('covers every frame once, no piece over the limit, each cut in the middle of the longest pause before the limit', () => {
    // speech (1, 2) with pauses (0) of different lengths
    const ids: number[] = [];
    const say = (n: number) => { for (let i = 0; i < n; i++) ids.push(1 + (i % 2)); };
    const pause = (n: number) => { for (let i = 0; i < n; i++) ids.push(0); };
    say(40); pause(3); say(20); pause(9); say(30); pause(2); say(50); pause(11); say(25);
    const segments = beamSegments(matrix(ids), 0, 100, 60);
    expect(segments[0]![0]).toBe(0);
    expect(segments.at(-1)![1]).toBe(ids.length);
    for (let i = 1; i < segments.length; i++) expect(segments[i]![0]).toBe(segments[i - 1]![1]);
    for (const [a, b] of segments) expect(b - a).toBeLessThanOrEqual(100);
    // first cut: the 9-frame pause at frames 63..71 (middle 67), not the 3-frame one
    expect(segments[0]![1]).toBe(67);
    // every cut but the end falls on a blank frame
    for (const [, b] of segments.slice(0, -1)) expect(ids[b]).toBe(0);
  });

  it('cuts at the limit where there is no pause, and keeps a short file whole', () => {
    const speech = Array.from({ length: 250 }, (_, i) => 1 + (i % 2));
    expect(beamSegments(matrix(speech), 0, 100, 30)).toEqual([[0, 100], [100, 200], [200, 250]]);
    expect(beamSegments(matrix(speech.slice(0, 80)), 0, 100, 30)).toEqual([[0, 80]]);
  });
});
