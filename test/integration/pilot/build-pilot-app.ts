/**
 * A Fastify instance with the storage and forms services (temp SQLite file), the form
 * routes and the pilot routes, so no model loads. The error handler mirrors app.ts's.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { isDiktatsError } from '../../../server/errors.ts';
import { formRoutes } from '../../../server/http/form-routes.ts';
import { pilotRoutes, type PilotRoutesOptions } from '../../../server/http/pilot-routes.ts';
import type { Database } from '../../../server/storage/database.ts';
import { registerFormServices } from '../../support/form-services.ts';

export async function buildPilotApp(dbPath: string, pilot: PilotRoutesOptions = {}): Promise<{ app: FastifyInstance; db: Database }> {
  const app = Fastify({ logger: false });
  app.setErrorHandler((err, _req, reply) => {
    if (isDiktatsError(err)) return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    const e = err as { statusCode?: number; code?: string; message: string };
    return reply.code(e.statusCode ?? 500).send({ error: { code: e.code ?? 'INTERNAL', message: e.message } });
  });
  await registerFormServices(app, dbPath);
  await app.register(formRoutes);
  await app.register(pilotRoutes, pilot);
  await app.ready();
  return { app, db: app.storage.db };
}
