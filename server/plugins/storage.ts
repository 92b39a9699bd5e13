/** SQLite storage as a Fastify decorator: one database, one repository per table group. */
import fp from 'fastify-plugin';
import { openDatabase, type Database } from '../storage/database.ts';
import { createAsrSessionRepository, type AsrSessionRepository } from '../storage/asr-session-repository.ts';
import { createCorpusRepository, type CorpusRepository } from '../storage/corpus-repository.ts';
import { loadBundledCorpora } from '../corpora/corpus-service.ts';

export interface Storage {
  readonly db: Database;
  readonly asrSessions: AsrSessionRepository;
  readonly corpora: CorpusRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

export default fp<{ dbPath: string; corporaDir: string | null }>(
  async (app, opts) => {
    // A lock held by another process (a CLI import, a backup) stalls the event loop while waited for: 1 s at most.
    const db = openDatabase(opts.dbPath, { busyTimeoutMs: 1000 });
    const corpora = createCorpusRepository(db);
    if (opts.corporaDir) {
      // First start (and new bundled corpora later): import what the database lacks.
      const loaded = loadBundledCorpora(corpora, opts.corporaDir, 1);
      if (loaded.length > 0) app.log.info({ corpora: loaded.map((r) => r.corpus.name) }, 'bundled corpora loaded');
    }
    const asrSessions = createAsrSessionRepository(db);
    const interrupted = asrSessions.closeInterrupted();
    if (interrupted > 0) app.log.warn({ sessions: interrupted }, 'closed dictation sessions left open by a crash (end_reason interrupted)');
    app.decorate('storage', { db, asrSessions, corpora });
    app.addHook('onClose', async () => {
      db.close();
    });
  },
  { name: 'storage' },
);
