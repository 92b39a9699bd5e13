/**
 * A Fastify instance with the storage decorator (temp SQLite file), the form
 * routes and the pilot routes, so no model loads. The error handler mirrors app.ts's.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isDiktatsError } from '../../../server/errors.ts';
import { formRoutes } from '../../../server/http/form-routes.ts';
import { pilotRoutes } from '../../../server/http/pilot-routes.ts';
import type { Storage } from '../../../server/plugins/storage.ts';
import { openDatabase, type Database } from '../../../server/storage/database.ts';
import { fixedUser } from '../../support/fixed-user.ts';

export async function buildPilotApp(dbPath: string): Promise<{ app: FastifyInstance; db: Database }> {
  const app = Fastify({ logger: false });
  app.setErrorHandler((err, _req, reply) => {
    if (isDiktatsError(err)) return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    const e = err as { statusCode?: number; code?: string; message: string };
    return reply.code(e.statusCode ?? 500).send({ error: { code: e.code ?? 'INTERNAL', message: e.message } });
  });
  const db = openDatabase(dbPath);
  await app.register(
    fp(
      async (inner) => {
        inner.decorate('storage', { db } as unknown as Storage);
        inner.addHook('onClose', async () => db.close());
      },
      { name: 'storage' },
    ),
  );
  await app.register(fixedUser());
  await app.register(formRoutes, { correction: 'none' });
  await app.register(pilotRoutes);
  return { app, db };
}
