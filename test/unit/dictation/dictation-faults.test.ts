/** The dictation session's fault behaviour, with fakes: worker faults, storage faults, floods, caps, closing twice. */
import { describe, expect, it } from 'vitest';
import type { FinalReason, FinalResult, PushResult } from '../../../server/asr/stream-session.ts';
import type { DictationDeps, DictationStream } from '../../../server/dictation/collaborators.ts';
import { DictationSession } from '../../../server/dictation/dictation-session.ts';
import type { DictationEvent } from '../../../server/dictation/events.ts';
import { DiktatsError } from '../../../server/errors.ts';

const final = (text: string, reason: FinalReason): FinalResult => ({ words: [], text, startSec: 0, endSec: 1, audioSec: 1, processingMs: 1, reason });

/** Every second push ends an utterance; `fail` makes the next push throw it. */
class Stream implements DictationStream {
  fail: Error | null = null;
  pushes = 0;
  processingMs = 0;
  audioSec = 0;
  speaking = false;
  async push(): Promise<PushResult> {
    const f = this.fail;
    this.fail = null;
    if (f) throw f;
    this.pushes++;
    this.speaking = true;
    return this.pushes % 2 === 0 ? { partial: '', finals: [final(`teikums ${this.pushes}`, 'silence')] } : { partial: 'p', finals: [] };
  }
  async finish(reason: FinalReason): Promise<FinalResult> {
    this.speaking = false;
    return final('beigas', reason);
  }
  close(): void {}
}

function setup(overrides: Partial<DictationDeps> = {}) {
  const stream = new Stream();
  const events: DictationEvent[] = [];
  const stored: string[] = [];
  let full = false;
  let closedCalls = 0;
  const deps: DictationDeps = {
    createStream: () => stream,
    correct: (text) => ({ corrected: text, corrections: [] }),
    utterances: {
      start: () => 's',
      setSampleRate: () => undefined,
      addUtterance: (_id, u) => {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
        stored.push(u.text);
        return { seq: stored.length } as ReturnType<DictationDeps['utterances']['addUtterance']>;
      },
      end: () => {
        if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' });
      },
    },
    createForm: () => ({ handleMessage: () => [], handleFinal: () => [], flush: () => undefined, meter: null, recordId: null }),
    modelId: 'm',
    userId: 1,
    client: 't',
    maxBacklogSec: 30,
    log: { info: () => {}, warn: () => {}, error: () => {} },
    onClosed: () => void closedCalls++,
    ...overrides,
  };
  const session = new DictationSession(deps, (e) => events.push(e));
  return { session, stream, events, stored, setFull: (v: boolean) => (full = v), closedCalls: () => closedCalls };
}
const frame = new Uint8Array(3200);
const settle = (s: DictationSession) => s.handle({ type: 'config', sampleRate: null });

describe('DictationSession faults', () => {
  it.each(['WORKER_ERR_EXITED', 'WORKER_ERR_TIMEOUT', 'WORKER_ERR_BUSY', 'WORKER_ERR_UNAVAILABLE'] as const)(
    'a frame failing with %s gets an error reply and the stream goes on',
    async (code) => {
      const { session, stream, events, stored } = setup();
      stream.fail = new DiktatsError(code);
      for (let i = 0; i < 3; i++) session.pushPcm16(frame);
      await settle(session);
      expect(events.map((e) => e.type)).toEqual(['error', 'partial', 'final']);
      expect(events[0]).toMatchObject({ error: { code } });
      expect(stored).toEqual(['teikums 2']);
    },
  );

  it('a final that cannot be stored (SQLITE_FULL) still reaches the client, marked notStored; the stream goes on', async () => {
    const { session, events, stored, setFull } = setup();
    setFull(true);
    session.pushPcm16(frame);
    session.pushPcm16(frame);
    await settle(session);
    const f = events.find((e) => e.type === 'final');
    expect(f).toMatchObject({ text: 'teikums 2', utterances: [{ raw: 'teikums 2', notStored: 'STORE_ERR_FULL' }] });
    setFull(false);
    session.pushPcm16(frame);
    session.pushPcm16(frame);
    await settle(session);
    expect(stored).toEqual(['teikums 4']);
    expect(events.some((e) => e.type === 'close')).toBe(false);
  });

  it('refuses text messages past 32 waiting with WS_ERR_TOO_MANY_MESSAGES', async () => {
    const { session, events } = setup();
    const all = Array.from({ length: 40 }, () => session.handle({ type: 'config', sampleRate: null }));
    await Promise.all(all);
    const refused = events.filter((e) => e.type === 'error' && e.error.code === 'WS_ERR_TOO_MANY_MESSAGES');
    expect(refused).toHaveLength(8);
  });

  it('a stream over the cap is refused with ASR_ERR_TOO_MANY_STREAMS and close 1013', async () => {
    const { session, events } = setup({
      createStream: () => {
        throw new DiktatsError('ASR_ERR_TOO_MANY_STREAMS', '64 live streams');
      },
    });
    session.pushPcm16(frame);
    await settle(session);
    expect(events).toEqual([
      { type: 'error', error: expect.objectContaining({ code: 'ASR_ERR_TOO_MANY_STREAMS' }) },
      { type: 'close', code: 1013, reason: 'too many streams; try again later' },
    ]);
  });

  it('close() twice (socket close and shutdown drain) stores once and releases once', async () => {
    const { session, stream, stored, closedCalls } = setup();
    session.pushPcm16(frame);
    await settle(session);
    stream.audioSec = 0.1;
    await Promise.all([session.close(), session.close()]);
    expect(stored).toEqual(['beigas']);
    expect(closedCalls()).toBe(1);
  });
});

describe('DictationSession under overload', () => {
  it('backlog refusals (ASR_ERR_BACKLOG) do not count toward the 20-error limit: no 1008, the stream goes on', async () => {
    const { session, events, stored } = setup({ maxBacklogSec: 0.25 });
    // 30 frames at once: 2 fit the 0.25 s backlog, 28 are refused — our overload, not the client's fault
    for (let i = 0; i < 30; i++) session.pushPcm16(frame);
    await settle(session);
    expect(events.filter((e) => e.type === 'error' && e.error.code === 'ASR_ERR_BACKLOG')).toHaveLength(28);
    expect(events.some((e) => e.type === 'close')).toBe(false);
    // once the backlog has drained, audio is taken again and finals are stored
    session.pushPcm16(frame);
    session.pushPcm16(frame);
    await settle(session);
    expect(stored).toEqual(['teikums 2', 'teikums 4']);
    expect(events.some((e) => e.type === 'close')).toBe(false);
  });

  it('bad input still closes with 1008 after more than 20, however many backlog refusals came between', async () => {
    const { session, events } = setup({ maxBacklogSec: 0.25 });
    for (let i = 0; i < 30; i++) session.pushPcm16(frame);
    for (let i = 0; i < 20; i++) void session.handle({ type: 'invalid', error: new DiktatsError('WS_ERR_UNKNOWN_MESSAGE') });
    await settle(session);
    expect(events.some((e) => e.type === 'close')).toBe(false);
    await session.handle({ type: 'invalid', error: new DiktatsError('WS_ERR_UNKNOWN_MESSAGE') });
    expect(events.filter((e) => e.type === 'close')).toEqual([{ type: 'close', code: 1008, reason: 'too many invalid messages' }]);
  });
});

describe('DictationSession after it ended', () => {
  it('drops what was queued behind the end: no "stream is finished" failures, one close', async () => {
    const { session, events, stream } = setup();
    // 21 odd-length frames (bad input) close the session; the audio queued behind them is dropped
    for (let i = 0; i < 21; i++) session.pushPcm16(new Uint8Array(3));
    for (let i = 0; i < 5; i++) session.pushPcm16(frame);
    await settle(session);
    const closes = events.filter((e) => e.type === 'close');
    expect(closes).toEqual([{ type: 'close', code: 1008, reason: 'too many invalid messages' }]);
    expect(stream.pushes).toBe(0);
    expect(events.filter((e) => e.type === 'error' && e.error.code === 'ASR_ERR_INFERENCE')).toEqual([]);
  });
});
