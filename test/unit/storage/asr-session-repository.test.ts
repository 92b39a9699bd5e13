import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAsrSessionRepository, type NewUtterance } from '../../../server/storage/asr-session-repository.ts';
import { openDatabase, type Database } from '../../../server/storage/database.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const utterance = (n: number, o: Partial<NewUtterance> = {}): NewUtterance => ({
  startSec: n * 2,
  endSec: n * 2 + 1.5,
  audioSec: 1.5,
  processingMs: 100 + n,
  text: `teikums numur ${n} ar garumzīmēm āčēģīķļņšūž`,
  words: [
    { word: 'teikums', start: n * 2 + 0.1, end: n * 2 + 0.52, conf: 0.913 },
    { word: 'āčēģīķļņšūž', start: n * 2 + 0.6, end: n * 2 + 1.4, conf: 0.5 },
  ],
  endReason: 'silence',
  ...o,
});

let db: Database;
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'diktats-repo-'));
  db = openDatabase(path.join(dir, 'd.db'));
});
afterEach(() => {
  vi.useRealTimers();
  if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = (table: string): number => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe('AsrSessionRepository', () => {
  it('starts a session for the default user with zeroed counters', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-03-04T05:06:07.089Z'));
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'diktats-lv-synth-v1', client: 'ws', sampleRate: 16000 });
    expect(id).toMatch(UUID);
    expect(repo.get(id)).toEqual({
      id,
      userId: 1,
      modelId: 'diktats-lv-synth-v1',
      client: 'ws',
      sampleRate: 16000,
      startedAt: '2025-03-04T05:06:07.089Z',
      endedAt: null,
      endReason: null,
      audioSec: 0,
      processingMs: 0,
      utterances: 0,
    });
  });

  it('start → utterances → end: seq increments, words round-trip, counters add up', () => {
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'm1', client: 'ws', sampleRate: 16000 });
    repo.setSampleRate(id, 44100);
    const added = [1, 2, 3].map((n) => repo.addUtterance(id, utterance(n, n === 3 ? { endReason: 'disconnect', words: [] } : {})));
    expect(added.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(added[0]).toMatchObject({ sessionId: id, modelId: 'm1', correctedText: null, ...utterance(1) });
    expect(new Set(added.map((u) => u.id)).size).toBe(3);

    const stored = repo.utterances(id);
    expect(stored).toEqual(added);
    expect(stored[0]!.words).toEqual(utterance(1).words);
    expect(stored[2]!.words).toEqual([]);
    expect(stored[2]!.endReason).toBe('disconnect');

    const open = repo.get(id)!;
    expect(open.sampleRate).toBe(44100);
    expect(open.utterances).toBe(3);
    expect(open.processingMs).toBeCloseTo(101 + 102 + 103, 9);
    expect(open.endedAt).toBeNull();

    repo.end(id, 'eof', 12.34);
    const ended = repo.get(id)!;
    expect(ended.endReason).toBe('eof');
    expect(ended.audioSec).toBeCloseTo(12.34, 9);
    expect(Date.parse(ended.endedAt!)).not.toBeNaN();
  });

  it('keeps the first end: a later end (e.g. close after eof) changes nothing', () => {
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    repo.end(id, 'eof', 5);
    const first = repo.get(id)!;
    repo.end(id, 'disconnect', 9);
    expect(repo.get(id)).toEqual(first);
  });

  it('numbers utterances per session', () => {
    const repo = createAsrSessionRepository(db);
    const a = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    const b = repo.start({ userId: 1, modelId: 'm', client: 'cli', sampleRate: 8000 });
    expect(repo.addUtterance(a, utterance(1)).seq).toBe(1);
    expect(repo.addUtterance(b, utterance(1)).seq).toBe(1);
    expect(repo.addUtterance(a, utterance(2)).seq).toBe(2);
    expect(repo.utterances(b)).toHaveLength(1);
  });

  it('an utterance for an unknown session throws and writes nothing', () => {
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    repo.addUtterance(id, utterance(1));
    const before = { utterances: count('utterances'), sessions: count('asr_sessions'), row: repo.get(id) };
    expect(() => repo.addUtterance('no-such-session', utterance(2))).toThrow(/unknown session/);
    expect({ utterances: count('utterances'), sessions: count('asr_sessions'), row: repo.get(id) }).toEqual(before);
    expect(repo.utterances('no-such-session')).toEqual([]);
    expect(repo.get('no-such-session')).toBeUndefined();
  });

  it('a rejected utterance leaves the session counters alone (one transaction)', () => {
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    const before = repo.get(id);
    // text is NOT NULL in the schema
    expect(() => repo.addUtterance(id, utterance(1, { text: null as unknown as string }))).toThrow(/NOT NULL/);
    expect(repo.get(id)).toEqual(before);
    expect(count('utterances')).toBe(0);
    // The next good utterance still gets seq 1.
    expect(repo.addUtterance(id, utterance(1)).seq).toBe(1);
  });

  it('lists sessions newest first with limit and offset', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const repo = createAsrSessionRepository(db);
    const ids = [0, 1, 2, 3, 4].map((i) => {
      vi.setSystemTime(new Date(Date.UTC(2025, 0, 1, 12, 0, i)));
      return repo.start({ userId: 1, modelId: 'm', client: `c${i}`, sampleRate: 16000 });
    });
    expect(repo.list(10, 0).map((s) => s.id)).toEqual([...ids].reverse());
    expect(repo.list(2, 1).map((s) => s.client)).toEqual(['c3', 'c2']);
    expect(repo.list(10, 5)).toEqual([]);
  });

  it('persists across reopening the file', () => {
    const file = db.name;
    const repo = createAsrSessionRepository(db);
    const id = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
    repo.addUtterance(id, utterance(1));
    repo.end(id, 'eof', 2);
    db.close();
    db = openDatabase(file);
    const again = createAsrSessionRepository(db);
    expect(again.get(id)).toMatchObject({ utterances: 1, endReason: 'eof', audioSec: 2 });
    expect(again.utterances(id)[0]!.words).toEqual(utterance(1).words);
  });

  it('works on :memory: too', () => {
    const mem = openDatabase(':memory:');
    try {
      const repo = createAsrSessionRepository(mem);
      const id = repo.start({ userId: 1, modelId: 'm', client: 'ws', sampleRate: 16000 });
      expect(repo.addUtterance(id, utterance(1)).seq).toBe(1);
      expect(repo.get(id)!.utterances).toBe(1);
    } finally {
      mem.close();
    }
  });

  it('refuses a session for a user that does not exist (foreign keys are on)', () => {
    const repo = createAsrSessionRepository(db);
    expect(() => repo.start({ userId: 999, modelId: 'm', client: 'ws', sampleRate: 16000 })).toThrow(/FOREIGN KEY/);
    expect(count('asr_sessions')).toBe(0);
  });
});
