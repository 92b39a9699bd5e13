/** Finals go through the injected final decoder (beam + LM) and fall back to greedy when it declines. */
import { describe, expect, it } from 'vitest';
import { StreamSession, type FinalDecodeFn, type StreamOptions } from '../../../server/asr/stream-session.ts';
import { DEFAULT_ENDPOINT } from '../../../server/audio/endpointer.ts';
import { FRAME_SAMPLES, Script, TABLE, fakeModel, fakeVad } from './fake-ctc-model.ts';

const OPTIONS: StreamOptions = {
  endpoint: DEFAULT_ENDPOINT,
  chunker: { frameSamples: FRAME_SAMPLES, leftContextSamples: 20_480, rightContextSamples: 10_240 },
  partialIntervalSamples: 4800,
  preRollSamples: 5120,
};

async function finalsWith(finalDecoder: FinalDecodeFn | null, calls: { frames: number; vocab: number; offsetSec: number }[]) {
  const script = new Script().silence(0.8).say('labdien ārste').silence(1.2);
  const s = new StreamSession(
    { infer: fakeModel({ receptiveFrames: 2 }).infer, vad: fakeVad().vad, table: TABLE, finalDecoder: () => finalDecoder },
    OPTIONS,
  );
  const audio = script.audio();
  const finals = [];
  for (let i = 0; i < audio.length; i += 3200) finals.push(...(await s.push(audio.subarray(i, i + 3200))).finals);
  return { finals, calls, script };
}

describe('StreamSession final decoder', () => {
  it('uses the final decoder on the committed log-probabilities of the whole utterance', async () => {
    const calls: { frames: number; vocab: number; offsetSec: number }[] = [];
    const beam: FinalDecodeFn = async (lp, offsetSec) => {
      calls.push({ frames: lp.frames, vocab: lp.vocab, offsetSec });
      // Every row is a log-softmax: exp sums to 1.
      const row = lp.data.subarray(0, lp.vocab);
      expect(row.reduce((a, x) => a + Math.exp(x), 0)).toBeCloseTo(1, 4);
      return [{ word: 'beam', start: offsetSec, end: offsetSec + 0.1, conf: 0.9 }];
    };
    const { finals } = await finalsWith(beam, calls);
    expect(finals).toHaveLength(1);
    expect(finals[0]!.text).toBe('beam');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.vocab).toBe(TABLE.tokens.length);
    // All frames of the utterance audio were committed for the final (40 ms each).
    expect(calls[0]!.frames).toBe(Math.ceil((finals[0]!.audioSec * 16000) / FRAME_SAMPLES));
    expect(calls[0]!.offsetSec).toBe(finals[0]!.startSec);
  });

  it('keeps the greedy words when the final decoder declines (busy or failed)', async () => {
    const { finals, script } = await finalsWith(async () => null, []);
    expect(finals[0]!.words.map((w) => w.word)).toEqual(script.truth.map((t) => t.word));
  });
});
