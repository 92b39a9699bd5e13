import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secondPassFn } from '../../../../server/asr/two-pass.ts';
import { WhisperRecogniser } from '../../../../server/asr/whisper/whisper-recogniser.ts';
import { WHISPER_FIXTURE_DIR, expected, speech } from './fixture.ts';

describe('Whisper as the final model of two-pass recognition', () => {
  let rec: WhisperRecogniser;
  beforeAll(async () => {
    rec = await WhisperRecogniser.load(WHISPER_FIXTURE_DIR);
  });
  afterAll(async () => {
    await rec.dispose();
  });

  it('the corpora terms reach Whisper as its initial prompt, and its text becomes the final words', async () => {
    const c = expected.cases.find((x) => x.name === 'speech-prompt-greedy')!;
    const plain = expected.cases.find((x) => x.name === 'speech-greedy')!;
    expect(c.windows[0]!.tokens).not.toEqual(plain.windows[0]!.tokens); // the prompt changes the output
    // The random-weight fixture loops (flag "repetition"), which the glue treats as unreliable;
    // with the flags set aside, the prompted text must become the final words.
    const flagsAside = { family: rec.family, decode: async (x: Float32Array, b?: { terms: readonly string[] }) => ({ ...(await rec.decode(x, b)), flags: [] }), dispose: async () => undefined };
    const fn = secondPassFn({ final: flagsAside, bias: () => ({ terms: c.promptTerms! }), lm: () => null });
    const out = await fn(speech, 1.5);
    expect(out.words).not.toBeNull();
    const words = out.words!;
    expect(words.map((w) => w.word)).toEqual(c.windows[0]!.text.split(/\s+/).filter(Boolean));
    expect(words[0]!.start).toBeGreaterThanOrEqual(1.5);
    expect(words[words.length - 1]!.end).toBeCloseTo(1.5 + speech.length / 16000, 2);
  });

  it('an unreliable Whisper result (its loop on random weights) leaves the first pass standing', async () => {
    const c = expected.cases.find((x) => x.name === 'speech-prompt-greedy')!;
    const fn = secondPassFn({ final: rec, bias: () => ({ terms: c.promptTerms! }), lm: () => null });
    const out = await fn(speech, 1.5);
    expect(c.windows[0]!.flags).toContain('repetition');
    expect(out.flags).toEqual(expect.arrayContaining(c.windows[0]!.flags));
    expect(out.words).toBeNull();
  });
});
