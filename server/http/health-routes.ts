/** GET /healthz: liveness plus readiness (model loaded). */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PUBLIC } from '../auth/roles.ts';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('loading'), Type.Literal('error')]),
  ready: Type.Boolean(),
  model: Type.Union([Type.String(), Type.Null()]),
  family: Type.Union([Type.String(), Type.Null()]),
  queued: Type.Integer(),
  decoder: Type.Union([Type.Literal('greedy'), Type.Literal('beam')]),
  languageModel: Type.Object({ building: Type.Boolean(), vocabulary: Type.Union([Type.Integer(), Type.Null()]), error: Type.Union([Type.String(), Type.Null()]) }),
  uptimeSec: Type.Number(),
  error: Type.Optional(Type.String()),
});

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  const started = Date.now();
  app.get('/healthz', { config: PUBLIC, schema: { response: { 200: Health, 503: Health } } }, async (_req, reply) => {
    const r = app.asr.recogniser;
    const body = {
      status: r ? 'ok' : app.asr.error ? 'error' : 'loading',
      ready: r !== null,
      model: r?.modelId ?? null,
      family: r?.spec.family ?? null,
      queued: r?.queued ?? 0,
      decoder: r?.decoder ?? 'greedy',
      languageModel: {
        building: app.languageModel.building,
        vocabulary: app.languageModel.stats?.lmVocabulary ?? null,
        error: app.languageModel.error ? 'build failed' : null,
      },
      uptimeSec: Math.round((Date.now() - started) / 100) / 10,
      // The code only: a load error's message may hold paths, not for the public.
      ...(app.asr.error ? { error: 'ASR_ERR_MODEL_INVALID' } : {}),
    } as const;
    return reply.code(r ? 200 : 503).send(body);
  });
}
