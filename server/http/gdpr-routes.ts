/**
 * Data protection (GDPR), admins only and audited. The personal code travels in
 * the body, never in a URL (URLs reach logs); the audit log holds its pseudonym.
 *
 *   POST /api/admin/gdpr/export {personalCode} → everything stored about that client, as JSON
 *   POST /api/admin/gdpr/erase  {personalCode} → deletes it; {records, sessions, utterances}
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ADMIN_ONLY } from '../auth/roles.ts';
import type { Pseudonymizer } from '../auth/pseudonymize.ts';
import { createClientDataRepository } from '../storage/client-data-repository.ts';

const Body = Type.Object({ personalCode: Type.String({ pattern: '^\\d{6}-?\\d{5}$' }) }, { additionalProperties: false });

export async function gdprRoutes(app: FastifyInstance, opts: { pseudonymizer: Pseudonymizer }): Promise<void> {
  const repo = createClientDataRepository(app.storage.db);
  const target = (code: string) => opts.pseudonymizer.value('PK', code);

  app.post<{ Body: Static<typeof Body> }>('/api/admin/gdpr/export', { config: ADMIN_ONLY, schema: { body: Body } }, async (req, reply) => {
    const data = repo.find(req.body.personalCode);
    app.auth.record(app.auth.actor(req), 'gdpr.export', target(req.body.personalCode), {
      records: data.records.length,
      sessions: data.sessions.length,
      utterances: data.utterances.length,
    });
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="diktats-client-data.json"')
      .send(JSON.stringify({ exportedAt: new Date().toISOString(), personalCode: req.body.personalCode, ...data }, null, 2));
  });

  app.post<{ Body: Static<typeof Body> }>(
    '/api/admin/gdpr/erase',
    {
      config: ADMIN_ONLY,
      schema: { body: Body, response: { 200: Type.Object({ records: Type.Integer(), sessions: Type.Integer(), utterances: Type.Integer(), outbox: Type.Integer() }) } },
    },
    async (req) => {
      const counts = repo.erase(req.body.personalCode);
      app.auth.record(app.auth.actor(req), 'gdpr.erase', target(req.body.personalCode), counts);
      return counts;
    },
  );
}
