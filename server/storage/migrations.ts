/** Schema migrations, applied in order and never edited once released. */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('clerk', 'researcher', 'admin')),
        created_at TEXT NOT NULL
      );
      -- Until accounts exist every session belongs to this default user.
      INSERT INTO users (id, name, role, created_at) VALUES (1, 'default', 'admin', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));

      CREATE TABLE asr_sessions (
        id TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id),
        model_id TEXT NOT NULL,
        client TEXT NOT NULL,
        sample_rate INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        end_reason TEXT,
        audio_sec REAL NOT NULL DEFAULT 0,
        processing_ms REAL NOT NULL DEFAULT 0,
        utterances INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX asr_sessions_user ON asr_sessions(user_id, started_at);

      CREATE TABLE utterances (
        id INTEGER PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES asr_sessions(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users(id),
        model_id TEXT NOT NULL,
        start_sec REAL NOT NULL,
        end_sec REAL NOT NULL,
        audio_sec REAL NOT NULL,
        processing_ms REAL NOT NULL,
        text TEXT NOT NULL,
        -- room for the post-correction issue: written-form text and the corrections applied
        corrected_text TEXT,
        corrections_json TEXT,
        words_json TEXT NOT NULL,
        end_reason TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (session_id, seq)
      );
    `,
  },
];
