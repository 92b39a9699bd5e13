import { describe, expect, it } from 'vitest';
import { ChunkedCtcDecoder, type ChunkerOptions } from '../../../server/asr/chunked-ctc.ts';
import { wordsToText } from '../../../server/asr/ctc-greedy.ts';
import { FRAME_SAMPLES, Script, TABLE, cleanLogit, fakeModel, type FakeModelOptions } from './fake-ctc-model.ts';

// The recogniser's defaults: 1.28 s left and 0.64 s right context on a 40 ms grid.
const LEFT = 20_480;
const RIGHT = 10_240;
const RECEPTIVE = 4; // frames the fake model needs on each side; both contexts exceed it

const options = (o: Partial<ChunkerOptions> = {}): ChunkerOptions => ({
  frameSamples: FRAME_SAMPLES,
  leftContextSamples: LEFT,
  rightContextSamples: RIGHT,
  maxSamples: 16000 * 120,
  ...o,
});

const speech = (): Script =>
  new Script()
    .silence(0.4)
    .say('labdien es gribu pieteikt sociālo palīdzību')
    .silence(0.6)
    .say('mans vārds ir jānis bērziņš un es dzīvoju rīgā')
    .silence(0.4);

/** Deterministic, irregular append sizes (not multiples of the frame), like network chunks. */
function* chunkSizes(seed = 7): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 200 + (x % 4000);
  }
}

/** White-box view of the committed frames: the part of the hypothesis that must never change. */
const committed = (d: ChunkedCtcDecoder): number[] => {
  const inner = d as unknown as { committed: { ids: Int32Array } };
  return Array.from(inner.committed.ids);
};

async function offline(audio: Float32Array, model: FakeModelOptions = {}) {
  const fake = fakeModel({ receptiveFrames: RECEPTIVE, ...model });
  const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
  d.append(audio);
  await d.decode(true);
  return { words: d.words(), windows: fake.windows };
}

describe.each(['ceil', 'floor'] as const)('ChunkedCtcDecoder (model frame rule %s)', (frameRule) => {
  it('an offline decode of the synthetic audio reads back the script exactly', async () => {
    const script = speech();
    const { words, windows } = await offline(script.audio({ markers: true }), { frameRule });
    expect(windows).toEqual([script.frames.length * FRAME_SAMPLES]);
    expect(wordsToText(words)).toBe(script.text());
    words.forEach((w, i) => {
      expect(w.start).toBeCloseTo(script.truth[i]!.start, 3);
      expect(w.end).toBeCloseTo(script.truth[i]!.end, 3);
      // Golden confidence: mean over the word's letters of the fake's softmax posterior e^L / (e^L + V - 1).
      const posterior = (ch: string): number => {
        const l = cleanLogit(TABLE.tokens.indexOf(ch));
        return Math.exp(l) / (Math.exp(l) + TABLE.tokens.length - 1);
      };
      const letters = [...w.word];
      expect(Math.abs(w.conf - letters.reduce((a, ch) => a + posterior(ch), 0) / letters.length)).toBeLessThan(0.0006);
    });
  });

  it('many small appends with partial decodes give exactly the offline words; committed frames never change', async () => {
    const script = speech();
    const audio = script.audio({ markers: true });
    const reference = await offline(audio, { frameRule });

    const fake = fakeModel({ receptiveFrames: RECEPTIVE, frameRule, checkGrid: true });
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
    const sizes = chunkSizes();
    let before: number[] = [];
    let pos = 0;
    let steps = 0;
    while (pos < audio.length) {
      const n = Math.min(sizes.next().value!, audio.length - pos);
      expect(d.append(audio.subarray(pos, pos + n))).toBe(n);
      pos += n;
      expect(d.undecodedSamples).toBeGreaterThan(0);
      await d.decode(false);
      expect(d.undecodedSamples).toBe(0);
      const now = committed(d);
      expect(now.slice(0, before.length)).toEqual(before);
      // Nothing inside the right context is committed before the end.
      expect(now.length * FRAME_SAMPLES).toBeLessThanOrEqual(Math.max(0, pos - RIGHT));
      before = now;
      steps++;
    }
    await d.decode(true);
    expect(committed(d).slice(0, before.length)).toEqual(before);
    expect(steps).toBeGreaterThan(50);
    expect(fake.misaligned).toBe(0);
    expect(d.words()).toEqual(reference.words);
  });

  it('keeps total model input linear in audio length and every window bounded', async () => {
    const chunk = 3200; // 200 ms appends, a partial decode after each
    const run = async (sentences: number) => {
      const script = new Script().silence(0.2);
      for (let i = 0; i < sentences; i++) script.say('es runāju bez apstājas un bez pauzēm').silence(0.2);
      const audio = script.audio({ markers: true });
      const fake = fakeModel({ receptiveFrames: RECEPTIVE, frameRule });
      const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
      for (let pos = 0; pos < audio.length; pos += chunk) {
        d.append(audio.subarray(pos, pos + chunk));
        await d.decode(false);
      }
      await d.decode(true);
      expect(wordsToText(d.words())).toBe(script.text());
      expect(fake.windows.length).toBe(Math.ceil(audio.length / chunk) + 1);
      return { samples: audio.length, windows: fake.windows, total: fake.windows.reduce((a, b) => a + b, 0) };
    };
    const short = await run(10);
    const long = await run(20);
    expect(long.samples).toBeGreaterThan(60 * 16000);
    // A window is the left context, the uncommitted right context, the new chunk and
    // at most one frame of rounding: never the whole utterance.
    const maxWindow = LEFT + RIGHT + chunk + FRAME_SAMPLES;
    expect(Math.max(...long.windows)).toBeLessThanOrEqual(maxWindow);
    // So total input <= decodes x maxWindow <= k x audio length (+ two windows of slack),
    // k = 1 + (L + R + frame) / chunk = 10.8 for these settings.
    const k = 1 + (LEFT + RIGHT + FRAME_SAMPLES) / chunk;
    expect(long.total).toBeLessThanOrEqual(k * long.samples + 2 * maxWindow);
    // Linear: twice the audio costs twice the model input (re-running the whole utterance would cost 4x).
    expect(long.total / short.total).toBeGreaterThan(1.8);
    expect(long.total / short.total).toBeLessThan(2.2);
  });
});

describe('ChunkedCtcDecoder', () => {
  it('needs the right context: without it, edge errors of the model get committed', async () => {
    // Guards the fake itself: if this passed with no right context, the equality test above would prove nothing.
    const audio = speech().audio({ markers: true });
    const reference = await offline(audio);
    const fake = fakeModel({ receptiveFrames: RECEPTIVE });
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options({ rightContextSamples: 0 }));
    for (let pos = 0; pos < audio.length; pos += 3200) {
      d.append(audio.subarray(pos, pos + 3200));
      await d.decode(false);
    }
    await d.decode(true);
    expect(wordsToText(d.words())).not.toBe(wordsToText(reference.words));
  });

  it('shows the tentative tail in words() before the final decode, then commits it unchanged', async () => {
    const script = new Script().silence(0.4).say('labdien').silence(0.2);
    const audio = script.audio({ markers: true });
    const fake = fakeModel({ receptiveFrames: 2 });
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
    d.append(audio);
    await d.decode(false);
    // The word ends 0.2 s before the end of the audio: inside the 0.64 s right context, so not committed.
    const wordEndSample = script.truth[0]!.end * 16000;
    expect(committed(d).length * FRAME_SAMPLES).toBeLessThan(wordEndSample);
    expect(d.words().map((w) => w.word)).toEqual(['labdien']);
    const tentative = d.words();
    await d.decode(true);
    expect(committed(d).length * FRAME_SAMPLES).toBe(audio.length);
    expect(d.words()).toEqual(tentative);
  });

  it('the tentative tail is replaced, not appended to, as more audio arrives', async () => {
    const audio = new Script().silence(0.2).say('viens divi trīs četri').silence(0.4).audio({ markers: true });
    const fake = fakeModel({ receptiveFrames: 3 });
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
    const partials: string[] = [];
    for (let pos = 0; pos < audio.length; pos += 1600) {
      d.append(audio.subarray(pos, pos + 1600));
      await d.decode(false);
      partials.push(wordsToText(d.words()));
    }
    await d.decode(true);
    expect(wordsToText(d.words())).toBe('viens divi trīs četri');
    // A partial never has more words than the truth: the tail was recomputed, not stacked.
    for (const p of partials) expect(p.split(' ').filter(Boolean).length).toBeLessThanOrEqual(4);
    expect(partials.some((p) => p.startsWith('viens divi'))).toBe(true);
  });

  it('offsets word times by offsetSec', async () => {
    const d = new ChunkedCtcDecoder(fakeModel().infer, TABLE, options());
    const script = new Script().silence(0.2).say('jā');
    d.append(script.audio());
    await d.decode(true);
    const [plain] = d.words();
    const [shifted] = d.words(12.5);
    expect(plain!.start).toBeCloseTo(script.truth[0]!.start, 3);
    expect(shifted!.start).toBeCloseTo(plain!.start + 12.5, 3);
    expect(shifted!.end).toBeCloseTo(plain!.end + 12.5, 3);
    expect(shifted!.conf).toBe(plain!.conf);
  });

  it('pads a tail shorter than two frames instead of sending the model a tiny input, and makes no words of padding', async () => {
    const fake = fakeModel();
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
    const script = new Script().say('a', { letterFrames: 1 });
    d.append(script.audio().subarray(0, 500));
    await d.decode(true);
    expect(fake.windows).toEqual([2 * FRAME_SAMPLES]);
    expect(d.words()).toEqual([{ word: 'a', start: 0, end: 0.04, conf: expect.any(Number) }]);
  });

  it('does nothing on an empty decoder', async () => {
    const fake = fakeModel();
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
    await d.decode(false);
    await d.decode(true);
    expect(fake.windows).toEqual([]);
    expect(d.words()).toEqual([]);
  });

  it('append takes only what fits under maxSamples', () => {
    const d = new ChunkedCtcDecoder(fakeModel().infer, TABLE, options({ maxSamples: 5000 }));
    expect(d.append(new Float32Array(3000))).toBe(3000);
    expect(d.isFull).toBe(false);
    expect(d.append(new Float32Array(3000).fill(0.25))).toBe(2000);
    expect(d.isFull).toBe(true);
    expect(d.append(new Float32Array(10))).toBe(0);
    expect(d.numSamples).toBe(5000);
    expect(d.undecodedSamples).toBe(5000);
  });

  it('grows its buffer past the initial 4 s without losing audio', async () => {
    const script = new Script().silence(0.2);
    for (let i = 0; i < 4; i++) script.say('garš teikums bez beigām').silence(0.2);
    script.silence(0.2);
    expect(script.seconds).toBeGreaterThan(8);
    const audio = script.audio();
    const d = new ChunkedCtcDecoder(fakeModel().infer, TABLE, options());
    for (let pos = 0; pos < audio.length; pos += 7777) d.append(audio.subarray(pos, pos + 7777));
    expect(d.numSamples).toBe(audio.length);
    await d.decode(true);
    expect(wordsToText(d.words())).toBe(script.text());
  });

  it('reset() forgets audio, hypothesis and timing; the next utterance decodes as if fresh', async () => {
    const fake = fakeModel({ receptiveFrames: 2 });
    const d = new ChunkedCtcDecoder(fake.infer, TABLE, options());
    d.append(new Script().silence(0.2).say('pirmais teikums').silence(0.2).audio());
    await d.decode(false);
    expect(d.words().length).toBeGreaterThan(0);
    d.reset();
    expect(d.numSamples).toBe(0);
    expect(d.undecodedSamples).toBe(0);
    expect(d.inferMs).toBe(0);
    expect(d.words()).toEqual([]);

    const second = new Script().silence(0.2).say('otrais').silence(0.2);
    d.append(second.audio());
    await d.decode(true);
    const fresh = new ChunkedCtcDecoder(fakeModel({ receptiveFrames: 2 }).infer, TABLE, options());
    fresh.append(second.audio());
    await fresh.decode(true);
    expect(d.words()).toEqual(fresh.words());
    expect(d.words()[0]!.start).toBeCloseTo(second.truth[0]!.start, 3);
  });
});

describe('ChunkedCtcDecoder without keeping the audio (whole files)', () => {
  it('decodes a file in chunks to the same words and log-probabilities while holding one chunk and its context', async () => {
    const script = new Script();
    for (let k = 0; k < 6; k++) script.silence(0.3).say('labdien es gribu pieteikt sociālo palīdzību').silence(0.5).say('mans vārds ir jānis');
    script.silence(0.4);
    const audio = script.audio({ markers: true });
    const chunk = 16000 * 2;
    const run = async (keepAudio: boolean) => {
      const d = new ChunkedCtcDecoder(fakeModel({ receptiveFrames: RECEPTIVE }).infer, TABLE, options({ maxSamples: audio.length + FRAME_SAMPLES, keepAudio }));
      let most = 0;
      for (let i = 0; i < audio.length; i += chunk) {
        d.append(audio.subarray(i, Math.min(audio.length, i + chunk)));
        most = Math.max(most, d.bufferedSamples);
        await d.decode(i + chunk >= audio.length);
      }
      return { d, most };
    };
    const kept = await run(true);
    const dropped = await run(false);
    expect(wordsToText(dropped.d.words())).toBe(script.text());
    expect(dropped.d.words()).toEqual(kept.d.words());
    expect(Array.from(dropped.d.committedLogProbs().data)).toEqual(Array.from(kept.d.committedLogProbs().data));
    expect(kept.most).toBe(audio.length);
    // the window: the chunk, the right context not yet committed, the left context and a frame of rounding
    expect(dropped.most).toBeLessThanOrEqual(chunk + RIGHT + LEFT + 2 * FRAME_SAMPLES);
    expect(audio.length).toBeGreaterThan(4 * dropped.most);
    expect(() => dropped.d.samples).toThrow();
  });
});
