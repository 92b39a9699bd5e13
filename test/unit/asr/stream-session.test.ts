import { describe, expect, it } from 'vitest';
import { StreamSession, type FinalResult, type StreamOptions } from '../../../server/asr/stream-session.ts';
import { VAD_FRAME_SAMPLES } from '../../../server/asr/worker-messages.ts';
import { DEFAULT_ENDPOINT } from '../../../server/audio/endpointer.ts';
import { FRAME_SAMPLES, SAMPLE_RATE, Script, TABLE, fakeModel, fakeVad, type FakeModelOptions } from './fake-ctc-model.ts';

const VAD_FRAME_SEC = VAD_FRAME_SAMPLES / SAMPLE_RATE; // 32 ms
const MODEL_FRAME_SEC = FRAME_SAMPLES / SAMPLE_RATE; // 40 ms
const PRE_ROLL_SEC = 0.32;
const TRAILING_SEC = DEFAULT_ENDPOINT.trailingSilenceMs / 1000;

const OPTIONS: StreamOptions = {
  endpoint: DEFAULT_ENDPOINT,
  chunker: { frameSamples: FRAME_SAMPLES, leftContextSamples: 20_480, rightContextSamples: 10_240 },
  partialIntervalSamples: 4800, // 300 ms: the bound on partial latency
  preRollSamples: PRE_ROLL_SEC * SAMPLE_RATE,
};

interface Run {
  readonly finals: FinalResult[];
  /** partial text returned by each push, with the samples pushed so far */
  readonly partials: { at: number; text: string; speaking: boolean }[];
  /** samples pushed so far at each model call */
  readonly inferAt: number[];
  readonly session: StreamSession;
  readonly vad: ReturnType<typeof fakeVad>;
}

function session(o: Partial<StreamOptions> = {}, model: FakeModelOptions = { receptiveFrames: 2 }) {
  const fake = fakeModel(model);
  const vad = fakeVad();
  const state = { pushed: 0, inferAt: [] as number[] };
  const s = new StreamSession(
    {
      infer: (x) => {
        state.inferAt.push(state.pushed);
        return fake.infer(x);
      },
      vad: vad.vad,
      table: TABLE,
    },
    { ...OPTIONS, ...o },
  );
  return { s, vad, state };
}

async function stream(audio: Float32Array, chunk: number, o: Partial<StreamOptions> = {}, model?: FakeModelOptions): Promise<Run> {
  const { s, vad, state } = session(o, model);
  const finals: FinalResult[] = [];
  const partials: Run['partials'] = [];
  for (let pos = 0; pos < audio.length; pos += chunk) {
    const piece = audio.subarray(pos, Math.min(audio.length, pos + chunk));
    state.pushed += piece.length;
    const r = await s.push(piece);
    finals.push(...r.finals);
    partials.push({ at: state.pushed, text: r.partial, speaking: s.speaking });
  }
  return { finals, partials, inferAt: state.inferAt, session: s, vad };
}

/** Each word of `final` matches the script's word: same text, times within half a model frame (+ rounding). */
function expectWords(final: FinalResult, truth: readonly { word: string; start: number; end: number }[]): void {
  expect(final.words.map((w) => w.word)).toEqual(truth.map((t) => t.word));
  final.words.forEach((w, i) => {
    expect(Math.abs(w.start - truth[i]!.start)).toBeLessThanOrEqual(MODEL_FRAME_SEC / 2 + 0.001);
    expect(Math.abs(w.end - truth[i]!.end)).toBeLessThanOrEqual(MODEL_FRAME_SEC / 2 + 0.001);
    expect(w.conf).toBeGreaterThan(0);
    expect(w.conf).toBeLessThanOrEqual(1);
  });
}

describe('StreamSession: speech, silence, speech, silence in 200 ms chunks', () => {
  const script = new Script().silence(1.0).say('labdien ārste').silence(1.2).say('man sāp galva').silence(1.2);
  const first = script.truth.slice(0, 2);
  const second = script.truth.slice(2);

  it('gives exactly two finals with the right words and times', async () => {
    const run = await stream(script.audio(), 3200);
    expect(run.finals.map((f) => [f.text, f.reason])).toEqual([
      ['labdien ārste', 'silence'],
      ['man sāp galva', 'silence'],
    ]);
    expectWords(run.finals[0]!, first);
    expectWords(run.finals[1]!, second);
    for (const [f, words] of [[run.finals[0]!, first], [run.finals[1]!, second]] as const) {
      // An utterance's audio starts pre-roll before the detected onset and ends when the
      // trailing silence has run out; the VAD decides both to within one of its frames.
      const onset = words[0]!.start;
      const offset = words[words.length - 1]!.end;
      expect(Math.abs(f.startSec - (onset - PRE_ROLL_SEC))).toBeLessThanOrEqual(VAD_FRAME_SEC + 0.001);
      expect(Math.abs(f.endSec - (offset + TRAILING_SEC))).toBeLessThanOrEqual(VAD_FRAME_SEC + 0.001);
      expect(Math.abs(f.audioSec - (f.endSec - f.startSec))).toBeLessThanOrEqual(0.002);
      expect(f.processingMs).toBeGreaterThanOrEqual(0);
    }
    expect(run.vad.stateErrors).toBe(0);
    expect(run.session.audioSec).toBeCloseTo(script.seconds, 6);
    // Nothing is pending after the trailing silence.
    const rest = await run.session.finish('eof');
    expect(rest).toMatchObject({ text: '', words: [], reason: 'eof' });
  });

  it('returns partials while speaking and an empty partial in silence', async () => {
    const run = await stream(script.audio(), 3200);
    const inSpeech = run.partials.filter((p) => p.speaking);
    expect(inSpeech.length).toBeGreaterThan(5);
    expect(inSpeech.every((p) => p.text.length > 0)).toBe(true);
    expect(run.partials.filter((p) => !p.speaking).every((p) => p.text === '')).toBe(true);
    // The partials of the first utterance grow into its final text.
    expect(inSpeech.some((p) => p.text.startsWith('labdien'))).toBe(true);
  });

  it('gives the same finals whatever the chunk size', async () => {
    const reference = (await stream(script.audio(), 3200)).finals.map((f) => [f.text, f.startSec, f.endSec]);
    for (const chunk of [160, 333, 512, 4096, 16000]) {
      const run = await stream(script.audio(), chunk);
      expect(run.finals.map((f) => [f.text, f.startSec, f.endSec]), `chunk ${chunk}`).toEqual(reference);
    }
  });
});

describe('StreamSession: partial cadence', () => {
  // 5 s of continuous speech: no pause long enough to end the utterance.
  const script = new Script().silence(0.6);
  for (let i = 0; i < 4; i++) script.say('labi mēs runājam ilgi un bez pauzēm');
  script.silence(1.0);

  it.each([3200, 1024, 320])('decodes a partial at least every partialIntervalSamples of speech (%i-sample chunks)', async (chunk) => {
    const run = await stream(script.audio(), chunk);
    expect(run.finals.map((f) => f.text)).toEqual([script.text()]);
    const final = run.finals[0]!;
    // Model calls while the utterance was open, before its final decode.
    const endAt = final.endSec * SAMPLE_RATE;
    const partialCalls = run.inferAt.filter((at) => at < endAt);
    expect(partialCalls.length).toBeGreaterThan(5);
    const gaps = partialCalls.slice(1).map((at, i) => at - partialCalls[i]!);
    // The VAD consumes whole 32 ms frames, so audio reaches the decoder up to one VAD frame late.
    expect(Math.max(...gaps)).toBeLessThanOrEqual(OPTIONS.partialIntervalSamples + VAD_FRAME_SAMPLES);
    // ...and the first partial comes soon after speech is detected.
    const detectedAt = (final.startSec + PRE_ROLL_SEC) * SAMPLE_RATE;
    expect(partialCalls[0]! - detectedAt).toBeLessThanOrEqual(OPTIONS.partialIntervalSamples + 4 * VAD_FRAME_SAMPLES);
  });

  it('does not decode more often than it must (at most one model call per push)', async () => {
    const run = await stream(script.audio(), 3200);
    expect(run.inferAt.length).toBeLessThanOrEqual(run.partials.length);
    expect(new Set(run.inferAt).size).toBe(run.inferAt.length);
  });
});

describe('StreamSession: finish', () => {
  it("finish('eof') during speech returns the pending utterance with all its audio", async () => {
    const script = new Script().silence(0.5).say('es vēl runāju').silence(0.12);
    const audio = script.audio();
    const run = await stream(audio, 1000); // leaves a VAD remainder (carry) at the end
    expect(run.finals).toEqual([]);
    expect(run.session.speaking).toBe(true);
    const f = await run.session.finish('eof');
    expect(f.reason).toBe('eof');
    expect(f.text).toBe('es vēl runāju');
    expectWords(f, script.truth);
    // Every sample pushed is in the utterance, including the part-frame the VAD had not seen.
    expect(f.endSec).toBeCloseTo(audio.length / SAMPLE_RATE, 3);
    expect(run.session.speaking).toBe(false);
  });

  it('the session goes on after a reset: the next utterance is recognised too', async () => {
    const one = new Script().silence(0.5).say('pirmais').silence(0.1);
    const { s } = session();
    await s.push(one.audio());
    const f1 = await s.finish('reset');
    expect(f1).toMatchObject({ text: 'pirmais', reason: 'reset' });
    const two = new Script().silence(0.5).say('otrais').silence(1.0).audio();
    const r = await s.push(two);
    expect(r.finals.map((f) => f.text)).toEqual(['otrais']);
    expect(r.finals[0]!.startSec).toBeGreaterThanOrEqual(f1.endSec);
  });

  it('finish with nothing said gives an empty result and never runs the model', async () => {
    const { s, state } = session();
    // Silence, then faint noise between the VAD thresholds: neither is speech.
    await s.push(new Script().silence(2).audio());
    await s.push(new Float32Array(8000).fill(1 / 64));
    const f = await s.finish('eof');
    expect(f).toMatchObject({ words: [], text: '', audioSec: 0, reason: 'eof' });
    expect(state.inferAt).toEqual([]);
  });

  it('processingMs only grows, and counts the final decoder too (the figure a form record gets)', async () => {
    const fake = fakeModel({ receptiveFrames: 2 });
    const vad = fakeVad();
    const FINAL_DECODE_MS = 30;
    const s = new StreamSession(
      {
        infer: (x) => fake.infer(x),
        vad: vad.vad,
        table: TABLE,
        // a final decoder that takes its time and then gives up (greedy words stand)
        finalDecoder: () => () => new Promise((resolve) => setTimeout(() => resolve(null), FINAL_DECODE_MS)),
      },
      OPTIONS,
    );
    expect(s.processingMs).toBe(0);
    const audio = new Script().silence(0.5).say('es vēl runāju').silence(0.12).audio();
    let last = 0;
    for (let pos = 0; pos < audio.length; pos += 3200) {
      await s.push(audio.subarray(pos, pos + 3200));
      expect(s.processingMs).toBeGreaterThanOrEqual(last);
      last = s.processingMs;
    }
    expect(last).toBeGreaterThan(0);
    const f = await s.finish('eof');
    expect(f.text).toBe('es vēl runāju');
    // timers may fire a millisecond early against performance.now(); 25 of 30 ms is a safe floor
    expect(s.processingMs - last).toBeGreaterThanOrEqual(FINAL_DECODE_MS - 5);
  });

  it('push after close() fails', async () => {
    const { s } = session();
    s.close();
    await expect(s.push(new Float32Array(512))).rejects.toThrow(/finished/);
  });
});

describe('StreamSession: pre-roll and long speech', () => {
  // "skola" begins with two voiceless (quiet) consonants the VAD does not count as speech:
  // it detects the onset at "o", 160 ms late.
  const script = new Script().silence(1.0).say('skola').silence(1.0);

  it('includes pre-roll audio from before the detected start, so a soft onset is not clipped', async () => {
    const run = await stream(script.audio(), 3200, {}, { receptiveFrames: 0 });
    expect(run.finals.map((f) => f.text)).toEqual(['skola']);
    expectWords(run.finals[0]!, script.truth);
    const loudOnset = script.truth[0]!.start + 2 * 2 * MODEL_FRAME_SEC; // after "sk"
    expect(Math.abs(run.finals[0]!.startSec - (loudOnset - PRE_ROLL_SEC))).toBeLessThanOrEqual(VAD_FRAME_SEC + 0.001);
  });

  it('without pre-roll the soft onset is lost (the pre-roll is what saves it)', async () => {
    const run = await stream(script.audio(), 3200, { preRollSamples: 0 }, { receptiveFrames: 0 });
    expect(run.finals).toHaveLength(1);
    expect(run.finals[0]!.text).not.toBe('skola');
    expect(run.finals[0]!.text).toMatch(/ola$/);
    // The utterance still starts at the detected onset: the minSpeechMs frames that
    // confirmed speech are kept even with no pre-roll.
    const loudOnset = script.truth[0]!.start + 4 * MODEL_FRAME_SEC;
    expect(Math.abs(run.finals[0]!.startSec - loudOnset)).toBeLessThanOrEqual(VAD_FRAME_SEC + 0.001);
  });

  it.each([
    [0, 1.024],
    [PRE_ROLL_SEC, 1.024 - PRE_ROLL_SEC],
  ])('with %f s pre-roll a frame-aligned onset at 1.024 s gives startSec %f exactly', async (preRollSec, startSec) => {
    // Onset exactly on a VAD frame boundary, so the truth has no quantisation error.
    const onset = 32 * VAD_FRAME_SAMPLES;
    const audio = new Float32Array(onset + 2 * SAMPLE_RATE);
    audio.fill(TABLE.tokens.indexOf('a') / 64, onset, onset + SAMPLE_RATE);
    const run = await stream(audio, 3200, { preRollSamples: preRollSec * SAMPLE_RATE }, { receptiveFrames: 0 });
    expect(run.finals).toHaveLength(1);
    expect(run.finals[0]!.startSec).toBeCloseTo(startSec, 3);
    expect(run.finals[0]!.text).toBe('a');
    expect(Math.abs(run.finals[0]!.words[0]!.start - 1.024)).toBeLessThanOrEqual(MODEL_FRAME_SEC / 2 + 0.001);
  });

  it('cuts at maxUtteranceMs with contiguous audio: nothing lost or repeated between the pieces', async () => {
    const long = new Script().silence(0.5);
    for (let i = 0; i < 3; i++) long.say('runāju bez apstājas');
    long.silence(1.0);
    const maxSec = 1.0;
    const run = await stream(long.audio(), 3200, { endpoint: { ...DEFAULT_ENDPOINT, maxUtteranceMs: maxSec * 1000 } });
    const cuts = run.finals.filter((f) => f.reason === 'max-length');
    expect(cuts.length).toBeGreaterThanOrEqual(2);
    expect(run.finals.at(-1)!.reason).toBe('silence');
    for (let i = 1; i < run.finals.length; i++) {
      expect(run.finals[i]!.startSec).toBeCloseTo(run.finals[i - 1]!.endSec, 3);
    }
    for (const f of cuts) expect(f.audioSec).toBeLessThanOrEqual(maxSec + PRE_ROLL_SEC + VAD_FRAME_SEC);
    // Letters at a cut may be split, but every piece is recognised and the words come back in order.
    const joined = run.finals.map((f) => f.text.replace(/ /g, '')).join('');
    expect(joined.length).toBeGreaterThanOrEqual(long.text().replace(/ /g, '').length - run.finals.length);
  });
});
