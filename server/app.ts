/** Composes the service from plugins and routes; listening is server.ts's job. */
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { PROJECT_ROOT, type Config } from './config.ts';
import { isDiktatsError } from './errors.ts';
import { loggerOptions } from './observability/logger.ts';
import storagePlugin from './plugins/storage.ts';
import recogniserPlugin, { streamingOptions } from './plugins/recogniser.ts';
import correctionPlugin from './plugins/correction.ts';
import formsPlugin from './plugins/forms.ts';
import dictationPlugin from './plugins/dictation.ts';
import languageModelPlugin from './plugins/language-model.ts';
import apiDocsPlugin from './plugins/api-docs.ts';
import metricsPlugin from './plugins/metrics.ts';
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
    logger: options.logger ?? loggerOptions(config.logLevel),
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
  await app.register(formsPlugin, { templatesDir: path.join(PROJECT_ROOT, 'corpora', 'forms'), webhookUrl: config.formWebhookUrl ?? undefined });
  await app.register(recogniserPlugin, {
    modelDir: config.modelDir,
    recogniser: { workers: config.workers, ...streamingOptions(config) },
  });
  await app.register(languageModelPlugin, { enabled: config.languageModel, pollMs: 5000 });
  // Before the routes: it collects them into the OpenAPI document.
  await app.register(apiDocsPlugin);
  await app.register(metricsPlugin);
  await app.register(dictationPlugin, { maxBacklogSec: config.maxBacklogSec });
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxFrameBytes } });
  await app.register(fastifyStatic, { root: path.join(PROJECT_ROOT, 'web'), index: ['index.html'] });
  await app.register(healthRoutes);
  await app.register(sessionRoutes);
  await app.register(transcribeRoute, { maxUploadBytes: config.maxUploadBytes });
  await app.register(corpusRoutes, { maxUploadBytes: config.maxUploadBytes });
  await app.register(formRoutes);
  await app.register(pilotRoutes);
  await app.register(asrSocket);
  return app;
}
