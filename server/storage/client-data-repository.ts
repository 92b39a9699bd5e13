/**
 * Everything stored about one client, found by personal code (GDPR access and
 * erasure): form records whose values hold the code, the dictation sessions
 * those records came from, and every utterance of those sessions or whose
 * text holds the code. Also the retention purge of old transcripts.
 */
import type { Database } from './database.ts';

export interface ClientData {
  readonly records: Record<string, unknown>[];
  readonly sessions: Record<string, unknown>[];
  readonly utterances: Record<string, unknown>[];
}

export interface ClientDataRepository {
  find(personalCode: string): ClientData;
  /** deletes what `find` finds, in one transaction; returns the counts */
  erase(personalCode: string): { records: number; sessions: number; utterances: number; outbox: number };
  /** deletes utterances (transcripts) created before `cutoffIso`; returns how many */
  purgeTranscriptsBefore(cutoffIso: string): number;
}

/** The code as written (123456-12345) and without its hyphen. */
const spellings = (code: string): string[] => {
  const digits = code.replace(/\D/g, '');
  return [...new Set([code, digits, `${digits.slice(0, 6)}-${digits.slice(6)}`])];
};

export function createClientDataRepository(db: Database): ClientDataRepository {
  const like = (column: string, n: number) => Array.from({ length: n }, () => `${column} LIKE ?`).join(' OR ');
  const pattern = (s: string) => `%${s.replace(/[%_]/g, '')}%`;

  const ids = (code: string) => {
    const sp = spellings(code).map(pattern);
    const recordIds = db.prepare(`SELECT id FROM form_records WHERE ${like('fields_json', sp.length)} OR ${like('recognised_json', sp.length)}`).pluck().all(...sp, ...sp) as number[];
    const sessionIds = recordIds.length
      ? (db.prepare(`SELECT DISTINCT asr_session_id FROM form_records WHERE asr_session_id IS NOT NULL AND id IN (${recordIds.map(() => '?').join(',')})`).pluck().all(...recordIds) as string[])
      : [];
    const byText = db.prepare(`SELECT id FROM utterances WHERE ${like('text', sp.length)} OR ${like('corrected_text', sp.length)}`).pluck().all(...sp, ...sp) as number[];
    const bySession = sessionIds.length
      ? (db.prepare(`SELECT id FROM utterances WHERE session_id IN (${sessionIds.map(() => '?').join(',')})`).pluck().all(...sessionIds) as number[])
      : [];
    return { recordIds, sessionIds, utteranceIds: [...new Set([...byText, ...bySession])] };
  };
  const rows = (table: string, key: string, values: readonly (string | number)[]) =>
    values.length ? (db.prepare(`SELECT * FROM ${table} WHERE ${key} IN (${values.map(() => '?').join(',')})`).all(...values) as Record<string, unknown>[]) : [];
  const remove = (table: string, key: string, values: readonly (string | number)[]) =>
    values.length ? db.prepare(`DELETE FROM ${table} WHERE ${key} IN (${values.map(() => '?').join(',')})`).run(...values).changes : 0;

  const erase = db.transaction((code: string) => {
    const { recordIds, sessionIds, utteranceIds } = ids(code);
    const outbox = remove('webhook_outbox', 'record_id', recordIds);
    const utterances = remove('utterances', 'id', utteranceIds);
    const records = remove('form_records', 'id', recordIds);
    // A session goes too when the client's record came from it; its other utterances went with it above.
    remove('utterances', 'session_id', sessionIds);
    db.prepare(`UPDATE form_records SET asr_session_id = NULL WHERE asr_session_id IN (${sessionIds.map(() => '?').join(',') || "''"})`).run(...sessionIds);
    const sessions = remove('asr_sessions', 'id', sessionIds);
    return { records, sessions, utterances, outbox };
  });

  return {
    find(code) {
      const { recordIds, sessionIds, utteranceIds } = ids(code);
      return { records: rows('form_records', 'id', recordIds), sessions: rows('asr_sessions', 'id', sessionIds), utterances: rows('utterances', 'id', utteranceIds) };
    },
    erase: (code) => erase(code),
    purgeTranscriptsBefore: (cutoff) => db.prepare('DELETE FROM utterances WHERE created_at < ?').run(cutoff).changes,
  };
}
