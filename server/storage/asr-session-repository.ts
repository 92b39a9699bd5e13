/** Streaming sessions and their utterances. */
import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';

export interface UtteranceWord {
  readonly word: string;
  readonly start: number;
  readonly end: number;
  readonly conf: number;
}

export interface NewUtterance {
  readonly startSec: number;
  readonly endSec: number;
  readonly audioSec: number;
  readonly processingMs: number;
  readonly text: string;
  readonly words: readonly UtteranceWord[];
  readonly endReason: string;
  /** written-form text after post-correction, and which corrections fired */
  readonly correctedText?: string | null;
  readonly corrections?: readonly object[] | null;
}

export interface SessionRow {
  readonly id: string;
  readonly userId: number;
  readonly modelId: string;
  readonly client: string;
  readonly sampleRate: number;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly endReason: string | null;
  readonly audioSec: number;
  readonly processingMs: number;
  readonly utterances: number;
}

export interface UtteranceRow extends NewUtterance {
  readonly id: number;
  readonly sessionId: string;
  readonly seq: number;
  readonly modelId: string;
  readonly createdAt: string;
  readonly correctedText: string | null;
}

export interface AsrSessionRepository {
  start(input: { userId: number; modelId: string; client: string; sampleRate: number }): string;
  setSampleRate(sessionId: string, sampleRate: number): void;
  addUtterance(sessionId: string, u: NewUtterance): UtteranceRow;
  end(sessionId: string, reason: string, audioSec: number): void;
  get(sessionId: string): SessionRow | undefined;
  /** newest first; only `userId`'s sessions when given */
  list(limit: number, offset: number, userId?: number): SessionRow[];
  utterances(sessionId: string): UtteranceRow[];
}

const SESSION_COLUMNS = `id, user_id AS userId, model_id AS modelId, client, sample_rate AS sampleRate,
  started_at AS startedAt, ended_at AS endedAt, end_reason AS endReason, audio_sec AS audioSec,
  processing_ms AS processingMs, utterances`;

export function createAsrSessionRepository(db: Database): AsrSessionRepository {
  const now = (): string => new Date().toISOString();
  const insertSession = db.prepare(
    `INSERT INTO asr_sessions (id, user_id, model_id, client, sample_rate, started_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const updateRate = db.prepare('UPDATE asr_sessions SET sample_rate = ? WHERE id = ?');
  const nextSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 FROM utterances WHERE session_id = ?').pluck();
  const sessionOwner = db.prepare('SELECT user_id AS userId, model_id AS modelId FROM asr_sessions WHERE id = ?');
  const insertUtt = db.prepare(
    `INSERT INTO utterances (session_id, seq, user_id, model_id, start_sec, end_sec, audio_sec, processing_ms, text,
       corrected_text, corrections_json, words_json, end_reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const bumpSession = db.prepare(
    'UPDATE asr_sessions SET utterances = utterances + 1, processing_ms = processing_ms + ? WHERE id = ?',
  );
  const endSession = db.prepare('UPDATE asr_sessions SET ended_at = ?, end_reason = ?, audio_sec = ? WHERE id = ? AND ended_at IS NULL');
  const getSession = db.prepare(`SELECT ${SESSION_COLUMNS} FROM asr_sessions WHERE id = ?`);
  const listSessions = db.prepare(`SELECT ${SESSION_COLUMNS} FROM asr_sessions ORDER BY started_at DESC LIMIT ? OFFSET ?`);
  const listOwn = db.prepare(`SELECT ${SESSION_COLUMNS} FROM asr_sessions WHERE user_id = ? ORDER BY started_at DESC LIMIT ? OFFSET ?`);
  const listUtts = db.prepare(
    `SELECT id, session_id AS sessionId, seq, model_id AS modelId, start_sec AS startSec, end_sec AS endSec,
       audio_sec AS audioSec, processing_ms AS processingMs, text, corrected_text AS correctedText, words_json AS wordsJson,
       end_reason AS endReason, created_at AS createdAt FROM utterances WHERE session_id = ? ORDER BY seq`,
  );

  const add = db.transaction((sessionId: string, u: NewUtterance): UtteranceRow => {
    const owner = sessionOwner.get(sessionId) as { userId: number; modelId: string } | undefined;
    if (!owner) throw new Error(`unknown session ${sessionId}`);
    const seq = nextSeq.get(sessionId) as number;
    const createdAt = now();
    const info = insertUtt.run(sessionId, seq, owner.userId, owner.modelId, u.startSec, u.endSec, u.audioSec, u.processingMs,
      u.text, u.correctedText ?? null, u.corrections ? JSON.stringify(u.corrections) : null, JSON.stringify(u.words), u.endReason, createdAt);
    bumpSession.run(u.processingMs, sessionId);
    return { ...u, id: Number(info.lastInsertRowid), sessionId, seq, modelId: owner.modelId, createdAt, correctedText: u.correctedText ?? null };
  });

  return {
    start({ userId, modelId, client, sampleRate }) {
      const id = randomUUID();
      insertSession.run(id, userId, modelId, client, sampleRate, now());
      return id;
    },
    setSampleRate: (id, rate) => void updateRate.run(rate, id),
    addUtterance: (id, u) => add(id, u),
    end: (id, reason, audioSec) => void endSession.run(now(), reason, audioSec, id),
    get: (id) => getSession.get(id) as SessionRow | undefined,
    list: (limit, offset, userId) => (userId === undefined ? listSessions.all(limit, offset) : listOwn.all(userId, limit, offset)) as SessionRow[],
    utterances(id) {
      return (listUtts.all(id) as (Omit<UtteranceRow, 'words'> & { wordsJson: string })[]).map(({ wordsJson, ...r }) => ({
        ...r,
        words: JSON.parse(wordsJson) as UtteranceWord[],
      }));
    },
  };
}
