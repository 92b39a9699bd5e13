/** The dictation session driven directly, with fake collaborators: no socket, no model, no database. */
import { describe, expect, it } from 'vitest';
import type { FinalReason, FinalResult, PushResult } from '../../../server/asr/stream-session.ts';
import type { DictationDeps, DictationForm, DictationMeter, DictationStream } from '../../../server/dictation/collaborators.ts';
import { DictationSession } from '../../../server/dictation/dictation-session.ts';
import type { DictationEvent } from '../../../server/dictation/events.ts';
import { DiktatsError } from '../../../server/errors.ts';
import type { FormClientMessage, FormServerMessage } from '../../../server/forms/form-messages.ts';

const final = (text: string, reason: FinalReason = 'silence'): FinalResult => ({
  words: text === '' ? [] : text.split(' ').map((word, i) => ({ word, start: i, end: i + 0.5, conf: 0.9 })),
  text,
  startSec: 0,
  endSec: 1,
  audioSec: 1,
  processingMs: 5,
  reason,
});

/** A stream that says "labdien" after every third push and "partial N" otherwise; each call costs 10 ms. */
class FakeStream implements DictationStream {
  pushed: number[] = [];
  finished: FinalReason[] = [];
  closed = false;
  processingMs = 0;
  audioSec = 0;
  speaking = false;
  failNext = false;
  /** resolves pushes only when released, to build a backlog */
  gate: Promise<void> | null = null;

  async push(samples: Float32Array): Promise<PushResult> {
    if (this.gate) await this.gate;
    if (this.failNext) throw new Error('onnx exploded');
    this.pushed.push(samples.length);
    this.processingMs += 10;
    this.audioSec += samples.length / 16000;
    this.speaking = true;
    return this.pushed.length % 3 === 0 ? { partial: '', finals: [final('labdien')] } : { partial: `partial ${this.pushed.length}`, finals: [] };
  }

  async finish(reason: FinalReason): Promise<FinalResult> {
    this.finished.push(reason);
    this.processingMs += 10;
    this.speaking = false;
    return final(reason === 'eof' ? 'beigas' : '', reason);
  }

  close(): void {
    this.closed = true;
  }
}

class FakeMeter implements DictationMeter {
  audioSec = 0;
  processingMs = 0;
  latencies: number[] = [];
  addAudio(s: number): void {
    this.audioSec += s;
  }
  addProcessing(ms: number): void {
    this.processingMs += ms;
  }
  addReplyLatency(ms: number): void {
    this.latencies.push(ms);
  }
}

class FakeForm implements DictationForm {
  meter: FakeMeter | null = null;
  recordId: number | null = null;
  finals: string[] = [];
  flushed = 0;
  handleMessage(message: FormClientMessage): FormServerMessage[] {
    if (message.type === 'form.open' && message.form === 'nav') throw new DiktatsError('FORM_ERR_TEMPLATE_NOT_FOUND', 'nav');
    if (message.type === 'form.open') {
      this.meter = new FakeMeter();
      this.recordId = 7;
      return [{ type: 'form.opened', form: message.form, record: 7, status: 'draft', fields: {}, issues: [], focus: 'a' }];
    }
    return [];
  }
  handleFinal(text: string): FormServerMessage[] {
    if (this.recordId === null) return [];
    this.finals.push(text);
    return [{ type: 'form.saved', form: 'f', record: 7, status: 'saved', savedAt: 'now', issues: [] }];
  }
  flush(): void {
    this.flushed++;
  }
}

function setup(overrides: Partial<DictationDeps> = {}) {
  const stream = new FakeStream();
  const form = new FakeForm();
  const stored: { text: string; correctedText: string | null | undefined; endReason: string }[] = [];
  const ended: { reason: string; audioSec: number }[] = [];
  const rates: number[] = [];
  const events: DictationEvent[] = [];
  let clock = 1000;
  const deps: DictationDeps = {
    createStream: () => stream,
    correct: (text) => ({ corrected: `${text[0]!.toUpperCase()}${text.slice(1)}.`, corrections: [{ step: 'punctuation' }] }),
    utterances: {
      start: () => 'sess-1',
      setSampleRate: (_id, rate) => void rates.push(rate),
      addUtterance: (_id, u) => {
        stored.push({ text: u.text, correctedText: u.correctedText, endReason: u.endReason });
        return { seq: stored.length } as ReturnType<DictationDeps['utterances']['addUtterance']>;
      },
      end: (_id, reason, audioSec) => void ended.push({ reason, audioSec }),
    },
    createForm: () => form,
    modelId: 'fake',
    userId: 1,
    client: 'test',
    maxBacklogSec: 1,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    now: () => (clock += 7),
    ...overrides,
  };
  const session = new DictationSession(deps, (e) => events.push(e));
  return { session, stream, form, stored, ended, rates, events };
}

/** 100 ms of 16-bit PCM at `rate`. */
const frame = (rate = 16000): Uint8Array => new Uint8Array((rate / 10) * 2);
const settle = (s: DictationSession) => s.handle({ type: 'config', sampleRate: null });

describe('DictationSession', () => {
  it('answers every audio frame once: partials, then a final corrected and stored, then the form', async () => {
    const { session, events, stored, form } = setup();
    await session.handle({ type: 'form', message: { type: 'form.open', form: 'f' } });
    for (let i = 0; i < 3; i++) session.pushPcm16(frame());
    await settle(session);
    expect(events.map((e) => e.type)).toEqual(['form', 'partial', 'partial', 'final', 'form']);
    expect(events[1]).toEqual({ type: 'partial', text: 'partial 1' });
    expect(events[3]).toMatchObject({
      type: 'final',
      text: 'labdien',
      utterances: [{ seq: 1, raw: 'labdien', corrected: 'Labdien.', reason: 'silence' }],
    });
    expect(stored).toEqual([{ text: 'labdien', correctedText: 'Labdien.', endReason: 'silence' }]);
    expect(form.finals).toEqual(['labdien']);
  });

  it('resamples to 16 kHz after a config and records the client rate', async () => {
    const { session, stream, rates } = setup();
    await session.handle({ type: 'config', sampleRate: 48000 });
    session.pushPcm16(frame(48000));
    session.pushPcm16(frame(48000));
    await settle(session);
    expect(rates).toEqual([48000]);
    // 2 × 4800 input samples → about 3200 output samples, a few held back by the filter
    const out = stream.pushed.reduce((a, b) => a + b, 0);
    expect(out).toBeGreaterThan(3000);
    expect(out).toBeLessThanOrEqual(3200);
  });

  it('refuses a sample-rate change after audio, odd bytes and undecodable messages with error events', async () => {
    const { session, events } = setup();
    session.pushPcm16(frame());
    session.pushPcm16(new Uint8Array(3));
    await session.handle({ type: 'config', sampleRate: 8000 });
    await session.handle({ type: 'invalid', error: new DiktatsError('WS_ERR_BAD_JSON') });
    const codes = events.filter((e) => e.type === 'error').map((e) => (e.type === 'error' ? e.error.code : ''));
    expect(codes).toEqual(['AUDIO_ERR_ODD_BYTES', 'WS_ERR_CONFIG_LATE', 'WS_ERR_BAD_JSON']);
  });

  it('closes with 1008 after more than 20 bad inputs, and stores the session end', async () => {
    const { session, events, ended } = setup();
    for (let i = 0; i < 21; i++) void session.handle({ type: 'invalid', error: new DiktatsError('WS_ERR_UNKNOWN_MESSAGE') });
    await settle(session);
    expect(events.filter((e) => e.type === 'error')).toHaveLength(21);
    expect(events.at(-1)).toEqual({ type: 'close', code: 1008, reason: 'too many invalid messages' });
    expect(ended).toEqual([{ reason: 'bad-input', audioSec: 0 }]);
  });

  it('drops a frame past the backlog bound with ASR_ERR_BACKLOG, without queueing its audio', async () => {
    const { session, stream, events } = setup({ maxBacklogSec: 0.25 });
    let release!: () => void;
    stream.gate = new Promise((r) => (release = r));
    session.pushPcm16(frame());
    session.pushPcm16(frame());
    session.pushPcm16(frame()); // 0.3 s waiting > 0.25 s
    release();
    await settle(session);
    expect(stream.pushed).toHaveLength(2);
    expect(events.map((e) => (e.type === 'error' ? e.error.code : e.type))).toEqual(['partial', 'partial', 'ASR_ERR_BACKLOG']);
  });

  it('eof: the last final, then close 1000; later input is ignored', async () => {
    const { session, stream, events, ended, stored } = setup();
    session.pushPcm16(frame());
    await session.handle({ type: 'eof' });
    session.pushPcm16(frame());
    await settle(session);
    expect(stream.finished).toEqual(['eof']);
    expect(events.slice(1)).toEqual([
      expect.objectContaining({ type: 'final', text: 'beigas' }),
      { type: 'close', code: 1000, reason: 'eof' },
    ]);
    expect(stored.map((s) => s.endReason)).toEqual(['eof']);
    expect(ended).toEqual([{ reason: 'eof', audioSec: 0.1 }]);
    expect(stream.closed).toBe(true);
  });

  it('close(): the utterance in progress is finished and stored, nothing is emitted', async () => {
    const { session, stream, events, ended, form } = setup();
    await session.handle({ type: 'form', message: { type: 'form.open', form: 'f' } });
    session.pushPcm16(frame());
    await settle(session);
    const before = events.length;
    await session.close();
    expect(stream.finished).toEqual(['disconnect']);
    expect(events).toHaveLength(before);
    expect(ended).toEqual([{ reason: 'disconnect', audioSec: 0.1 }]);
    expect(form.flushed).toBe(1);
  });

  it('a recognition failure is reported and closes with 1011', async () => {
    const { session, stream, events, ended } = setup();
    stream.failNext = true;
    session.pushPcm16(frame());
    await settle(session);
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'ASR_ERR_INFERENCE' }) },
      { type: 'close', code: 1011, reason: 'recognition failed' },
    ]);
    expect(ended).toEqual([{ reason: 'error', audioSec: 0.1 }]);
  });

  it("the form's own errors are answered as error events and not counted as bad input", async () => {
    const { session, events } = setup();
    for (let i = 0; i < 25; i++) await session.handle({ type: 'form', message: { type: 'form.open', form: 'nav' } });
    expect(events).toHaveLength(25);
    expect(events.every((e) => e.type === 'error' && e.error.code === 'FORM_ERR_TEMPLATE_NOT_FOUND')).toBe(true);
  });

  it("meters the open record: audio seconds, the stream's processing time, reply latency per frame", async () => {
    const { session, form } = setup();
    session.pushPcm16(frame()); // no form yet: not measured
    await session.handle({ type: 'form', message: { type: 'form.open', form: 'f' } });
    session.pushPcm16(frame());
    session.pushPcm16(frame());
    await settle(session);
    const meter = form.meter!;
    expect(meter.audioSec).toBeCloseTo(0.2, 6);
    expect(meter.processingMs).toBe(20);
    // the fake clock advances 7 ms per reading: arrival and reply are one reading apart or more
    expect(meter.latencies).toHaveLength(2);
    for (const ms of meter.latencies) expect(ms).toBeGreaterThan(0);
  });

  it("reports to the service's metrics for every stream, form or not: audio, decode time, partial and final latency", async () => {
    const calls: string[] = [];
    const metrics = {
      audioDecoded: (s: number) => void calls.push(`audio ${s}`),
      decodeTook: (ms: number) => void calls.push(`decode ${ms}`),
      replied: (kind: 'partial' | 'final', ms: number) => void calls.push(`${kind} ${ms > 0}`),
    };
    const { session } = setup({ metrics });
    for (let i = 0; i < 3; i++) session.pushPcm16(frame());
    await session.handle({ type: 'eof' });
    // The fake stream finals on its third push; the eof's final answers no frame, so it has no latency.
    expect(calls).toEqual([
      'decode 10', 'audio 0.1', 'partial true',
      'decode 10', 'audio 0.1', 'partial true',
      'decode 10', 'audio 0.1', 'final true',
      'decode 10',
    ]);
  });
});
