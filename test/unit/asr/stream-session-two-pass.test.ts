/** Two-pass: every final comes from the second pass, partials from the first; a failed second pass keeps the first pass's words, flagged. */
import { describe, expect, it } from 'vitest';
import { StreamSession, type FinalResult, type SecondPassFn, type StreamOptions } from '../../../server/asr/stream-session.ts';
import { DEFAULT_ENDPOINT } from '../../../server/audio/endpointer.ts';
import { FRAME_SAMPLES, Script, TABLE, fakeModel, fakeVad } from './fake-ctc-model.ts';

const OPTIONS: StreamOptions = {
  endpoint: DEFAULT_ENDPOINT,
  chunker: { frameSamples: FRAME_SAMPLES, leftContextSamples: 20_480, rightContextSamples: 10_240 },
  partialIntervalSamples: 4800,
  preRollSamples: 5120,
};

async function run(secondPass: SecondPassFn) {
  const script = new Script().silence(0.8).say('labdien ārste').silence(1.2).say('klients').silence(1.2);
  const s = new StreamSession({ infer: fakeModel({ receptiveFrames: 2 }).infer, vad: fakeVad().vad, table: TABLE, secondPass }, OPTIONS);
  const audio = script.audio();
  const finals: FinalResult[] = [];
  const partials: string[] = [];
  for (let i = 0; i < audio.length; i += 3200) {
    const r = await s.push(audio.subarray(i, i + 3200));
    finals.push(...r.finals);
    if (r.partial) partials.push(r.partial);
  }
  return { finals, partials, script };
}

describe('StreamSession two-pass', () => {
  it('re-decodes each utterance\'s own audio; every final is the second pass\'s', async () => {
    const seen: { samples: number; offsetSec: number }[] = [];
    const second: SecondPassFn = async (samples, offsetSec) => {
      seen.push({ samples: samples.length, offsetSec });
      return { words: [{ word: `otrais${seen.length}`, start: offsetSec, end: offsetSec + 0.2, conf: 1 }], flags: ['hotwords'] };
    };
    const { finals, partials } = await run(second);
    expect(finals).toHaveLength(2);
    expect(finals.map((f) => f.pass)).toEqual([2, 2]);
    expect(finals.map((f) => f.text)).toEqual(['otrais1', 'otrais2']);
    expect(finals.every((f) => f.flags?.includes('hotwords'))).toBe(true);
    // The second pass got exactly the utterance's audio, at its start time.
    expect(seen.map((s) => s.samples / 16000)).toEqual(finals.map((f) => f.audioSec));
    expect(seen.map((s) => s.offsetSec)).toEqual(finals.map((f) => f.startSec));
    // Partials still come from the streaming model (the first pass).
    expect(partials.some((p) => p.startsWith('labdien'))).toBe(true);
  });

  it('keeps the first pass\'s words, flagged, when the final model fails', async () => {
    const { finals, script } = await run(async () => {
      throw new Error('final model crashed');
    });
    expect(finals.map((f) => f.pass)).toEqual([1, 1]);
    expect(finals.every((f) => f.flags?.includes('final-pass-failed'))).toBe(true);
    expect(finals.flatMap((f) => f.words.map((w) => w.word))).toEqual(script.truth.map((t) => t.word));
  });
});

describe('StreamSession two-pass: an unreliable final', () => {
  it('keeps the first pass\'s words when the final model marks its result unreliable', async () => {
    const { finals, script } = await run(async () => ({ words: null, flags: ['repetition'] }));
    expect(finals.map((f) => f.pass)).toEqual([1, 1]);
    expect(finals.every((f) => f.flags?.join() === 'final-pass-unreliable,repetition')).toBe(true);
    expect(finals.flatMap((f) => f.words.map((w) => w.word))).toEqual(script.truth.map((t) => t.word));
  });
});
