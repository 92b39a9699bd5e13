/**
 * Probes.
 * - GET /livez: the process answers (liveness: restart the container when it fails).
 * - GET /readyz: it can do its work now (readiness: send traffic only while 200):
 *   the model is loaded, at least one inference worker is live, the database
 *   takes writes; 503 lists the reasons. The language model's state is reported
 *   but never makes the service unready (finals fall back to greedy decoding).
 * - GET /healthz: the older combined summary, kept for existing monitors (200 once the model is loaded).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { probeDatabase, type DatabaseHealth } from '../storage/health-probe.ts';
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

const Ready = Type.Object({
  status: Type.Union([Type.Literal('ready'), Type.Literal('not-ready')]),
  /** why not ready: model-loading, model-failed, no-live-worker, database-locked|full|readonly|error, shutting-down */
  reasons: Type.Array(Type.String()),
  model: Type.Union([Type.String(), Type.Null()]),
  workers: Type.Object({ live: Type.Integer(), size: Type.Integer(), queued: Type.Integer(), restarts: Type.Integer() }),
  database: Type.String(),
  languageModel: Type.Object({ phase: Type.String(), failures: Type.Integer() }),
  uptimeSec: Type.Number(),
});

const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });

/** The write probe runs at most this often; probes in between reuse its answer. */
const DB_PROBE_EVERY_MS = 1000;

export async function healthRoutes(app: FastifyInstance, opts: { dbProbeEveryMs?: number } = {}): Promise<void> {
  const probeEveryMs = opts.dbProbeEveryMs ?? DB_PROBE_EVERY_MS;
  const started = Date.now();
  const uptimeSec = (): number => Math.round((Date.now() - started) / 100) / 10;
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  let probed: { at: number; health: DatabaseHealth } = { at: 0, health: 'ok' };
  const database = (): DatabaseHealth => {
    if (Date.now() - probed.at >= probeEveryMs) probed = { at: Date.now(), health: probeDatabase(app.storage.db) };
    return probed.health;
  };

  // Liveness must not depend on load: under-pressure never answers for it.
  app.get('/livez', { config: { ...PUBLIC, pressureHandler: () => undefined }, schema: { response: { 200: Type.Object({ status: Type.Literal('ok'), uptimeSec: Type.Number() }) } } }, async () => ({
    status: 'ok' as const,
    uptimeSec: uptimeSec(),
  }));

  // 503 is either not-ready (Ready) or under-pressure's overload error.
  app.get('/readyz', { config: PUBLIC, schema: { response: { 200: Ready, 503: Type.Union([Ready, ErrorBody]) } } }, async (_req, reply) => {
    const r = app.asr.recogniser;
    const workers = r?.workers ?? { live: 0, size: 0, queued: 0, inFlight: 0, restarts: 0 };
    const db = database();
    const reasons: string[] = [];
    if (closing) reasons.push('shutting-down');
    if (!r) reasons.push(app.asr.error ? 'model-failed' : 'model-loading');
    else if (workers.live === 0) reasons.push('no-live-worker');
    if (db !== 'ok') reasons.push(`database-${db}`);
    if (reasons.length > 0) reply.header('retry-after', '5');
    return reply.code(reasons.length === 0 ? 200 : 503).send({
      status: reasons.length === 0 ? 'ready' : 'not-ready',
      reasons,
      model: r?.modelId ?? null,
      workers: { live: workers.live, size: workers.size, queued: workers.queued + workers.inFlight, restarts: workers.restarts },
      database: db,
      languageModel: { phase: app.languageModel.phase, failures: app.languageModel.failures },
      uptimeSec: uptimeSec(),
    });
  });

  app.get('/healthz', { config: PUBLIC, schema: { response: { 200: Health, 503: Type.Union([Health, ErrorBody]) } } }, async (_req, reply) => {
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
      uptimeSec: uptimeSec(),
      // The code only: a load error's message may hold paths, not for the public.
      ...(app.asr.error ? { error: 'ASR_ERR_MODEL_INVALID' } : {}),
    } as const;
    return reply.code(r ? 200 : 503).send(body);
  });
}
