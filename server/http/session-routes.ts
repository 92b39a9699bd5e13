/**
 * Recorded sessions and utterances. Clerks see their own sessions; researchers
 * see everyone's with personal data pseudonymised and no word list; admins see all.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ALL_ROLES } from '../auth/roles.ts';
import type { Pseudonymizer } from '../auth/pseudonymize.ts';
import { requestUser } from '../plugins/access.ts';
import type { UtteranceRow } from '../storage/asr-session-repository.ts';

const Word = Type.Object({ word: Type.String(), start: Type.Number(), end: Type.Number(), conf: Type.Number() });
const Session = Type.Object({
  id: Type.String(),
  userId: Type.Integer(),
  modelId: Type.String(),
  client: Type.String(),
  sampleRate: Type.Integer(),
  startedAt: Type.String(),
  endedAt: Type.Union([Type.String(), Type.Null()]),
  endReason: Type.Union([Type.String(), Type.Null()]),
  audioSec: Type.Number(),
  processingMs: Type.Number(),
  utterances: Type.Integer(),
});
const Utterance = Type.Object({
  seq: Type.Integer(),
  startSec: Type.Number(),
  endSec: Type.Number(),
  audioSec: Type.Number(),
  processingMs: Type.Number(),
  text: Type.String(),
  correctedText: Type.Union([Type.String(), Type.Null()]),
  words: Type.Array(Word),
  endReason: Type.String(),
  modelId: Type.String(),
  createdAt: Type.String(),
});
const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

const masked = (p: Pseudonymizer, u: UtteranceRow): UtteranceRow => ({
  ...u,
  text: p.spoken(u.text, u.correctedText),
  correctedText: u.correctedText === null ? null : p.written(u.correctedText),
  words: [],
});

export async function sessionRoutes(app: FastifyInstance, opts: { pseudonymizer: Pseudonymizer }): Promise<void> {
  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/api/sessions',
    {
      config: ALL_ROLES,
      schema: {
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ sessions: Type.Array(Session) }) },
      },
    },
    async (req) => {
      const user = requestUser(req);
      return { sessions: app.storage.asrSessions.list(req.query.limit, req.query.offset, user.role === 'clerk' ? user.id : undefined) };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/sessions/:id',
    {
      config: ALL_ROLES,
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ session: Session, utterances: Type.Array(Utterance) }), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const user = requestUser(req);
      const session = app.storage.asrSessions.get(req.params.id);
      // Another clerk's session answers like a missing one: ids are not confirmed to exist.
      if (!session || (user.role === 'clerk' && session.userId !== user.id)) {
        return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such session' } });
      }
      const utterances = app.storage.asrSessions.utterances(req.params.id);
      return { session, utterances: user.role === 'researcher' ? utterances.map((u) => masked(opts.pseudonymizer, u)) : utterances };
    },
  );
}
