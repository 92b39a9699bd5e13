/** Composes the service from plugins and routes; listening is server.ts's job. */
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { PROJECT_ROOT, type Config } from './config.ts';
import { isDiktatsError } from './errors.ts';
import storagePlugin from './plugins/storage.ts';
import recogniserPlugin, { streamingOptions } from './plugins/recogniser.ts';
import correctionPlugin from './plugins/correction.ts';
import languageModelPlugin from './plugins/language-model.ts';
import { healthRoutes } from './http/health-routes.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { transcribeRoute } from './http/transcribe-route.ts';
import { asrSocket } from './http/asr-socket.ts';
import { corpusRoutes } from './http/corpus-routes.ts';
import { formRoutes } from './http/form-routes.ts';
import { pilotRoutes } from './http/pilot-routes.ts';

export interface AppOptions {
  readonly logger?: FastifyServerOptions['logger'];
}

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    // Fastify logs method, URL and status only; bodies (audio, transcripts) never go to the log.
    bodyLimit: config.maxUploadBytes,
  });

  app.setErrorHandler((err, req, reply) => {
    if (isDiktatsError(err)) {
      if (err.status >= 500) req.log.error({ code: err.code, err: err.cause }, err.message);
      return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    const status = e.statusCode ?? 500;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal error; the problem was logged' } });
    }
    return reply.code(status).send({ error: { code: e.code ?? 'BAD_REQUEST', message: e.message } });
  });

  await app.register(storagePlugin, { dbPath: config.dbPath, corporaDir: path.join(PROJECT_ROOT, 'corpora') });
  await app.register(correctionPlugin, { corporaDir: path.join(PROJECT_ROOT, 'corpora') });
  await app.register(recogniserPlugin, {
    modelDir: config.modelDir,
    recogniser: { workers: config.workers, ...streamingOptions(config) },
  });
  await app.register(languageModelPlugin, { enabled: config.languageModel, pollMs: 5000 });
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxFrameBytes } });
  await app.register(fastifyStatic, { root: path.join(PROJECT_ROOT, 'web'), index: ['index.html'] });
  await app.register(healthRoutes);
  await app.register(sessionRoutes);
  await app.register(transcribeRoute, { maxUploadBytes: config.maxUploadBytes });
  await app.register(corpusRoutes, { maxUploadBytes: config.maxUploadBytes });
  await app.register(formRoutes, {
    templatesDir: path.join(PROJECT_ROOT, 'corpora', 'forms'),
    webhookUrl: config.formWebhookUrl ?? undefined,
    correction: app.correction.context(),
  });
  await app.register(pilotRoutes);
  await app.register(asrSocket, { maxBacklogSec: config.maxBacklogSec });
  return app;
}
