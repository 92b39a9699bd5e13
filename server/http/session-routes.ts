/** Researchers' read access to recorded sessions and utterances. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';

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

export async function sessionRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { limit: number; offset: number } }>(
    '/api/sessions',
    {
      schema: {
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
        }),
        response: { 200: Type.Object({ sessions: Type.Array(Session) }) },
      },
    },
    async (req) => ({ sessions: app.storage.asrSessions.list(req.query.limit, req.query.offset) }),
  );

  app.get<{ Params: { id: string } }>(
    '/api/sessions/:id',
    {
      schema: {
        params: Type.Object({ id: Type.String({ maxLength: 64 }) }),
        response: { 200: Type.Object({ session: Session, utterances: Type.Array(Utterance) }), 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const session = app.storage.asrSessions.get(req.params.id);
      if (!session) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'No such session' } });
      return { session, utterances: app.storage.asrSessions.utterances(req.params.id) };
    },
  );
}
