/**
 * SQLite storage as a Fastify decorator: one database, one repository per
 * table group, all built here (routes and services take them from app.storage).
 */
import fp from 'fastify-plugin';
import { openDatabase, type Database } from '../storage/database.ts';
import { createAsrSessionRepository, type AsrSessionRepository } from '../storage/asr-session-repository.ts';
import { createCorpusRepository, type CorpusRepository } from '../storage/corpus-repository.ts';
import { createEvalRunRepository, type EvalRunRepository } from '../storage/eval-run-repository.ts';
import { createFormRepository, type FormRepository } from '../storage/form-repository.ts';
import { createPilotRepository, type PilotRepository } from '../storage/pilot-repository.ts';
import { loadBundledCorpora } from '../corpora/corpus-service.ts';

export interface Storage {
  readonly db: Database;
  readonly asrSessions: AsrSessionRepository;
  readonly corpora: CorpusRepository;
  readonly forms: FormRepository;
  readonly pilot: PilotRepository;
  readonly evalRuns: EvalRunRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

export function createStorage(db: Database): Storage {
  return {
    db,
    asrSessions: createAsrSessionRepository(db),
    corpora: createCorpusRepository(db),
    forms: createFormRepository(db),
    pilot: createPilotRepository(db),
    evalRuns: createEvalRunRepository(db),
  };
}

export default fp<{ dbPath: string; corporaDir: string | null }>(
  async (app, opts) => {
    const db = openDatabase(opts.dbPath);
    const storage = createStorage(db);
    if (opts.corporaDir) {
      // First start (and new bundled corpora later): import what the database lacks.
      const loaded = loadBundledCorpora(storage.corpora, opts.corporaDir, 1);
      if (loaded.length > 0) app.log.info({ corpora: loaded.map((r) => r.corpus.name) }, 'bundled corpora loaded');
    }
    app.decorate('storage', storage);
    app.addHook('onClose', async () => {
      db.close();
    });
  },
  { name: 'storage' },
);
