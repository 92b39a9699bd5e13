/** SQLite storage as a Fastify decorator: one database, one repository per table group. */
import fp from 'fastify-plugin';
import { openDatabase, type Database } from '../storage/database.ts';
import { createAsrSessionRepository, type AsrSessionRepository } from '../storage/asr-session-repository.ts';

export interface Storage {
  readonly db: Database;
  readonly asrSessions: AsrSessionRepository;
}

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

export default fp<{ dbPath: string }>(
  async (app, opts) => {
    const db = openDatabase(opts.dbPath);
    app.decorate('storage', { db, asrSessions: createAsrSessionRepository(db) });
    app.addHook('onClose', async () => {
      db.close();
    });
  },
  { name: 'storage' },
);
