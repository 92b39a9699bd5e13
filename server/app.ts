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
import { authRoutes } from './http/auth-routes.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { gdprRoutes } from './http/gdpr-routes.ts';
import securityPlugin from './plugins/security.ts';
import accessPlugin from './plugins/access.ts';
import { PUBLIC } from './auth/roles.ts';
import { createPseudonymizer } from './auth/pseudonymize.ts';
import { serverSecret } from './storage/server-secrets.ts';
import { startRetention } from './storage/retention.ts';

export interface AppOptions {
  readonly logger?: FastifyServerOptions['logger'];
}

/** The query's token (vosk clients' `?token=`) never reaches a log line. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&#]*/gi, '$1[redacted]');
}

const requestSerializer = (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
  method: req.method,
  url: redactUrl(req.url),
  host: req.hostname,
  remoteAddress: req.ip,
});

export async function buildApp(config: Config, options: AppOptions = {}): Promise<FastifyInstance> {
  const given = options.logger ?? loggerOptions(config.logLevel);
  const logger: FastifyServerOptions['logger'] =
    typeof given === 'object' && given !== null ? { ...given, serializers: { ...given.serializers, req: requestSerializer } } : given;
  const app = Fastify({
    logger,
    // Fastify logs method, URL and status only; bodies (audio, transcripts) never go to the log.
    bodyLimit: config.maxUploadBytes,
    // behind a reverse proxy: the client's address, https and host come from X-Forwarded-* (only from the proxies named)
    trustProxy: config.trustProxy,
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
  // Before the security and access hooks: its onRequest hook marks upgrade requests, so that a refused
  // upgrade's socket is closed after the 401/403 instead of lingering.
  await app.register(fastifyWebsocket, { options: { maxPayload: config.maxFrameBytes } });
  await app.register(securityPlugin, { host: config.host, allowedHosts: config.allowedHosts, allowedOrigins: config.allowedOrigins });
  await app.register(accessPlugin, {
    sessionIdleMin: config.sessionIdleMin,
    sessionMaxHours: config.sessionMaxHours,
    allowedOrigins: config.allowedOrigins,
  });
  const pseudonymizer = createPseudonymizer(config.pseudonymSecret ?? serverSecret(app.storage.db, 'pseudonym'));
  await app.register(correctionPlugin, { corporaDir: path.join(PROJECT_ROOT, 'corpora') });
  await app.register(formsPlugin, {
    templatesDir: path.join(PROJECT_ROOT, 'corpora', 'forms'),
    webhookUrl: config.formWebhookUrl ?? undefined,
    webhookAllowHttp: config.webhookAllowHttp,
    webhookSecret: config.webhookSecret ?? undefined,
  });
  await app.register(recogniserPlugin, {
    modelDir: config.modelDir,
    recogniser: { workers: config.workers, ...streamingOptions(config) },
  });
  await app.register(languageModelPlugin, { enabled: config.languageModel, pollMs: 5000 });
  // Before the routes: it collects them into the OpenAPI document.
  await app.register(apiDocsPlugin);
  await app.register(metricsPlugin);
  await app.register(dictationPlugin, { maxBacklogSec: config.maxBacklogSec });
  // Static pages and assets are public (the pages ask the API, which checks); this scope marks the plugin's routes so.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, ...PUBLIC };
    });
    await scope.register(fastifyStatic, { root: path.join(PROJECT_ROOT, 'web'), index: ['index.html'] });
  });
  await app.register(healthRoutes);
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(sessionRoutes, { pseudonymizer });
  await app.register(transcribeRoute, { maxUploadBytes: config.maxUploadBytes });
  await app.register(corpusRoutes, { maxUploadBytes: config.maxUploadBytes });
  await app.register(formRoutes);
  await app.register(pilotRoutes);
  await app.register(gdprRoutes, { pseudonymizer });
  await app.register(asrSocket);
  startRetention(app, config.retentionDays);
  return app;
}
