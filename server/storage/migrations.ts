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
  {
    version: 2,
    sql: `
      -- Domain corpora loaded by admins; every import is a new immutable version.
      CREATE TABLE corpora (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('terms', 'sentences')),
        active INTEGER NOT NULL DEFAULT 1,
        bundled INTEGER NOT NULL DEFAULT 0,
        current_version INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE corpus_versions (
        id INTEGER PRIMARY KEY,
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        source_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        entries INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        UNIQUE (corpus_id, version)
      );
      CREATE TABLE corpus_entries (
        version_id INTEGER NOT NULL REFERENCES corpus_versions(id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        category TEXT,
        weight REAL NOT NULL,
        spoken TEXT,
        display TEXT
      );
      CREATE INDEX corpus_entries_version ON corpus_entries(version_id);
      -- Which corpora apply to a form template (none listed = all active corpora).
      CREATE TABLE template_corpora (
        template_id TEXT NOT NULL,
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        PRIMARY KEY (template_id, corpus_id)
      );
    `,
  },
  {
    version: 3,
    sql: `
      -- Forms filled by voice or keyboard (corpora/forms templates); drafts are autosaved.
      CREATE TABLE form_records (
        id INTEGER PRIMARY KEY,
        template_id TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users(id),
        status TEXT NOT NULL CHECK (status IN ('draft', 'saved')),
        mode TEXT NOT NULL DEFAULT 'dictation' CHECK (mode IN ('dictation', 'manual')),
        fields_json TEXT NOT NULL,
        issues_json TEXT NOT NULL,
        revision INTEGER NOT NULL DEFAULT 1,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        saved_at TEXT,
        -- pilot measurement (issue 6): values as dictation set them, before keyboard edits (post-edit accuracy compares them with
        -- fields_json), the streaming session that produced them, and the timings of the entry
        recognised_json TEXT,
        asr_session_id TEXT REFERENCES asr_sessions(id) ON DELETE SET NULL,
        opened_at TEXT,
        first_input_at TEXT,
        active_ms INTEGER,
        keystrokes INTEGER,
        edits INTEGER,
        audio_sec REAL,
        processing_ms REAL,
        latency_json TEXT
      );
      CREATE INDEX form_records_template ON form_records(template_id, status, updated_at);
      CREATE INDEX form_records_user ON form_records(user_id, updated_at);
    `,
  },
  {
    version: 4,
    sql: `
      -- Evaluation runs (diktats eval) kept for browsing and comparison (issue 6): totals per run, and each
      -- utterance's texts, counts and sclite-style word alignment ([op, ref, hyp] triples).
      CREATE TABLE eval_runs (
        id INTEGER PRIMARY KEY,
        model_id TEXT NOT NULL,
        decoder TEXT NOT NULL,
        manifest TEXT NOT NULL,
        corpora_signature TEXT,
        label TEXT,
        created_at TEXT NOT NULL,
        utterances INTEGER NOT NULL,
        words INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        substitutions INTEGER NOT NULL,
        deletions INTEGER NOT NULL,
        insertions INTEGER NOT NULL,
        chars INTEGER NOT NULL,
        char_errors INTEGER NOT NULL,
        wer REAL NOT NULL,
        cer REAL NOT NULL,
        audio_sec REAL NOT NULL,
        processing_ms REAL NOT NULL,
        rtf REAL NOT NULL,
        -- per-group scores, language model, written-form scores: whatever else the report carried
        extra_json TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX eval_runs_created ON eval_runs(created_at);
      CREATE TABLE eval_utterances (
        run_id INTEGER NOT NULL REFERENCES eval_runs(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        utterance_id TEXT NOT NULL,
        reference TEXT NOT NULL,
        hypothesis TEXT NOT NULL,
        corrected TEXT,
        words INTEGER NOT NULL,
        hits INTEGER NOT NULL,
        substitutions INTEGER NOT NULL,
        deletions INTEGER NOT NULL,
        insertions INTEGER NOT NULL,
        chars INTEGER NOT NULL,
        char_errors INTEGER NOT NULL,
        wer REAL NOT NULL,
        cer REAL NOT NULL,
        audio_sec REAL NOT NULL,
        processing_ms REAL NOT NULL,
        alignment_json TEXT NOT NULL,
        labels_json TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (run_id, seq)
      );
      CREATE INDEX eval_utterances_id ON eval_utterances(run_id, utterance_id);
    `,
  },
  {
    version: 5,
    sql: `
      -- Accounts (issue 11). The placeholder user 1 of migration 1 keeps the rows made before
      -- accounts existed but can never log in: it has no password and is disabled.
      ALTER TABLE users ADD COLUMN password_hash TEXT;
      ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
      UPDATE users SET disabled = 1 WHERE id = 1 AND name = 'default' AND password_hash IS NULL;

      -- Server-side login sessions; the cookie holds a random id, the table only its SHA-256.
      CREATE TABLE auth_sessions (
        id_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        ip TEXT
      );
      CREATE INDEX auth_sessions_user ON auth_sessions(user_id);

      -- API tokens (vosk clients, scripts); stored as SHA-256 of a 256-bit random secret.
      CREATE TABLE api_tokens (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        revoked_at TEXT,
        last_used_at TEXT
      );

      -- Failed logins per user name (known or not, so the lockout does not reveal which names exist).
      CREATE TABLE login_failures (
        username TEXT PRIMARY KEY,
        failures INTEGER NOT NULL,
        locked_until INTEGER
      );

      -- Append-only audit log: who did what, when, from where. No personal data of clients in it.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        user_id INTEGER,
        username TEXT,
        action TEXT NOT NULL,
        target TEXT,
        ip TEXT,
        detail_json TEXT
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- Webhook deliveries waiting or retrying; survives a restart.
      CREATE TABLE webhook_outbox (
        id INTEGER PRIMARY KEY,
        record_id INTEGER NOT NULL,
        body TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL,
        delivered_at TEXT,
        failed_at TEXT,
        last_status TEXT,
        created_at TEXT NOT NULL
      );
      -- Server secrets made on first start (the pseudonym key, unless DIKTATS_PSEUDONYM_SECRET is set).
      CREATE TABLE server_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE INDEX webhook_outbox_due ON webhook_outbox(delivered_at, failed_at, next_attempt_at);
    `,
  },
  {
    version: 6,
    sql: `
      -- Issue 15: corpora of kind 'autotexts' (a spoken phrase -> a paragraph in free-text fields).
      -- SQLite cannot change a CHECK in place: the four corpus tables are rebuilt with their rows, the
      -- children dropped before their parents (no cascade fires), and the new tables renamed (foreign
      -- keys follow the rename).
      CREATE TABLE corpora_next (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('terms', 'sentences', 'autotexts')),
        active INTEGER NOT NULL DEFAULT 1,
        bundled INTEGER NOT NULL DEFAULT 0,
        current_version INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      INSERT INTO corpora_next (id, name, kind, active, bundled, current_version, created_at, updated_at)
        SELECT id, name, kind, active, bundled, current_version, created_at, updated_at FROM corpora;
      CREATE TABLE corpus_versions_next (
        id INTEGER PRIMARY KEY,
        corpus_id INTEGER NOT NULL REFERENCES corpora_next(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        source_name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        entries INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        created_by INTEGER NOT NULL REFERENCES users(id),
        created_at TEXT NOT NULL,
        UNIQUE (corpus_id, version)
      );
      INSERT INTO corpus_versions_next (id, corpus_id, version, source_name, sha256, entries, duplicates, created_by, created_at)
        SELECT id, corpus_id, version, source_name, sha256, entries, duplicates, created_by, created_at FROM corpus_versions;
      CREATE TABLE corpus_entries_next (
        version_id INTEGER NOT NULL REFERENCES corpus_versions_next(id) ON DELETE CASCADE,
        term TEXT NOT NULL,
        category TEXT,
        weight REAL NOT NULL,
        spoken TEXT,
        display TEXT
      );
      INSERT INTO corpus_entries_next (rowid, version_id, term, category, weight, spoken, display)
        SELECT rowid, version_id, term, category, weight, spoken, display FROM corpus_entries;
      CREATE TABLE template_corpora_next (
        template_id TEXT NOT NULL,
        corpus_id INTEGER NOT NULL REFERENCES corpora_next(id) ON DELETE CASCADE,
        PRIMARY KEY (template_id, corpus_id)
      );
      INSERT INTO template_corpora_next (template_id, corpus_id) SELECT template_id, corpus_id FROM template_corpora;
      DROP TABLE corpus_entries;
      DROP TABLE template_corpora;
      DROP TABLE corpus_versions;
      DROP TABLE corpora;
      ALTER TABLE corpora_next RENAME TO corpora;
      ALTER TABLE corpus_versions_next RENAME TO corpus_versions;
      ALTER TABLE corpus_entries_next RENAME TO corpus_entries;
      ALTER TABLE template_corpora_next RENAME TO template_corpora;
      CREATE INDEX corpus_entries_version ON corpus_entries(version_id);
    `,
  },
  {
    version: 7,
    sql: `
      -- One row the readiness probe rewrites: proves the database file takes writes (not locked, disk not full).
      CREATE TABLE service_heartbeat (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        beat_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 8,
    sql: `
      -- Comparing two evaluation runs in SQL (eval-run-repository.ts compare): each utterance of run a finds
      -- the last row of its id in run b by an index seek that also holds seq. Replaces the (run_id, utterance_id)
      -- index, which is this one's prefix.
      CREATE INDEX eval_utterances_id_seq ON eval_utterances(run_id, utterance_id, seq);
      DROP INDEX eval_utterances_id;
    `,
  },
];
