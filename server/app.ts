/** Composes the service from plugins and routes; listening is server.ts's job. */
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import { PROJECT_ROOT, type Config } from './config.ts';
import { DiktatsError, isDiktatsError } from './errors.ts';
import { loggerOptions } from './observability/logger.ts';
import storagePlugin from './plugins/storage.ts';
import recogniserPlugin, { streamingOptions } from './plugins/recogniser.ts';
import correctionPlugin from './plugins/correction.ts';
import formsPlugin from './plugins/forms.ts';
import dictationPlugin from './plugins/dictation.ts';
import languageModelPlugin from './plugins/language-model.ts';
import computePlugin from './plugins/compute.ts';
import apiDocsPlugin from './plugins/api-docs.ts';
import metricsPlugin from './plugins/metrics.ts';
import { healthRoutes } from './http/health-routes.ts';
import { sessionRoutes } from './http/session-routes.ts';
import { transcribeRoute } from './http/transcribe-route.ts';
import { asrSocket } from './http/asr-socket.ts';
import { corpusRoutes } from './http/corpus-routes.ts';
import { formRoutes } from './http/form-routes.ts';
import { pilotRoutes } from './http/pilot-routes.ts';
import { BODY_LIMITS } from './http/body-limits.ts';
import { storeErrorOf } from './storage/health-probe.ts';
import underPressure from '@fastify/under-pressure';
import { authRoutes } from './http/auth-routes.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { gdprRoutes } from './http/gdpr-routes.ts';
import securityPlugin from './plugins/security.ts';
import accessPlugin from './plugins/access.ts';
import { PUBLIC } from './auth/roles.ts';
import { createPseudonymizer } from './auth/pseudonymize.ts';
import { serverSecret } from './storage/server-secrets.ts';
import { startRetention } from './storage/retention.ts';

/** Seconds after start during which under-pressure lets everything through. */
const PRESSURE_GRACE_MS = 5000;

export interface AppOptions {
  readonly logger?: FastifyServerOptions['logger'];
  /** under-pressure timings (tests shorten them): the grace after start, and how often it samples (default 1 s) */
  readonly pressure?: { readonly graceMs?: number; readonly sampleIntervalMs?: number };
  /** how long /readyz reuses its database probe (default 1 s; tests shorten it) */
  readonly dbProbeEveryMs?: number;
  /** first retry of a failed language-model build (default 5 s; tests shorten it) */
  readonly lmRetryMs?: number;
  /** how often a change of the active corpora is looked for (default 5 s; tests shorten it) */
  readonly lmPollMs?: number;
  /**
   * where the bundled corpora are imported from on first start (default `corpora/`; tests that need a
   * language model in well under a second seed a small set); the correction context still reads `corpora/`
   */
  readonly bundledCorporaDir?: string;
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
    // JSON routes are small; WAV and corpus uploads raise their own limit (http/body-limits.ts).
    bodyLimit: BODY_LIMITS.default,
    // behind a reverse proxy: the client's address, https and host come from X-Forwarded-* (only from the proxies named)
    trustProxy: config.trustProxy,
  });

  app.setErrorHandler((err, req, reply) => {
    if (isDiktatsError(err)) {
      if (err.status >= 500) req.log.error({ code: err.code, err: err.cause }, err.message);
      return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
    }
    const stored = storeErrorOf(err);
    if (stored) {
      req.log.error({ code: stored.code, sqlite: (err as { code?: string }).code }, 'storage failed');
      if (stored.status === 503) reply.header('retry-after', '2');
      return reply.code(stored.status).send({ error: { code: stored.code, message: stored.message } });
    }
    const e = err as { statusCode?: number; code?: string; message: string };
    const status = e.statusCode ?? 500;
    if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const tooLarge = new DiktatsError('HTTP_ERR_BODY_TOO_LARGE', `${req.method} ${req.routeOptions.url ?? req.url}`);
      return reply.code(413).send({ error: { code: tooLarge.code, message: tooLarge.message } });
    }
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      return reply.code(500).send({ error: { code: 'INTERNAL', message: 'Internal error; the problem was logged' } });
    }
    return reply.code(status).send({ error: { code: e.code ?? 'BAD_REQUEST', message: e.message } });
  });

  // A refused WebSocket upgrade (503 under pressure, 401 …) is answered over plain HTTP on a socket the
  // HTTP server no longer tracks: unless it is destroyed it stays open and app.close() waits forever.
  // (@fastify/websocket does this only when its own onRequest hook ran before the refusing one.)
  app.addHook('onResponse', async (req, reply) => {
    if (req.headers.upgrade !== undefined && reply.statusCode !== 101) req.raw.socket?.destroy();
  });

  await app.register(storagePlugin, { dbPath: config.dbPath, corporaDir: options.bundledCorporaDir ?? path.join(PROJECT_ROOT, 'corpora') });
  await app.register(computePlugin);
  // Before the security and access hooks: its onRequest hook marks upgrade requests, so that a refused
  // upgrade's socket is closed after the 401/403 instead of lingering.
  await app.register(fastifyWebsocket, {
    options: { maxPayload: config.maxFrameBytes },
    // Shutdown: store every open stream's last final (within the limit), then close the sockets.
    // (The dictation service is decorated later; by close time it is there.)
    preClose: async function (this: FastifyInstance) {
      const { drained, unfinished } = await this.dictation.drain(config.shutdownMs);
      if (drained + unfinished > 0) this.log.info({ drained, unfinished }, 'open dictation streams stored before shutdown');
      for (const client of this.websocketServer.clients) client.close(1001, 'server shutting down');
    },
  });
  // Past the event-loop delay or memory threshold, requests get 503 + Retry-After (never /livez),
  // before the security and access hooks: an overloaded service does no session or token lookup.
  // Not in the first seconds after start: compiling the routes' schemas stalls the loop once.
  let pressureFrom = Number.POSITIVE_INFINITY;
  app.addHook('onReady', async () => {
    pressureFrom = Date.now() + (options.pressure?.graceMs ?? PRESSURE_GRACE_MS);
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxRssBytes: config.maxRssBytes,
    ...(options.pressure?.sampleIntervalMs ? { sampleInterval: options.pressure.sampleIntervalMs } : {}),
    // under-pressure sends what this returns; nothing (undefined) lets the request through. Its types say void.
    pressureHandler: (_req, reply) => {
      if (Date.now() < pressureFrom) return;
      const overloaded = new DiktatsError('HTTP_ERR_OVERLOADED');
      reply.code(overloaded.status).header('retry-after', '5');
      return { error: { code: overloaded.code, message: overloaded.message } } as unknown as void;
    },
  });
  await app.register(securityPlugin, { host: config.host, allowedHosts: config.allowedHosts, allowedOrigins: config.allowedOrigins });
  await app.register(accessPlugin, {
    sessionIdleMin: config.sessionIdleMin,
    sessionMaxHours: config.sessionMaxHours,
    allowedOrigins: config.allowedOrigins,
    metricsToken: config.metricsToken,
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
    recogniser: { workers: config.workers, finalModelDir: config.finalModelDir, finalWorkers: config.finalWorkers, isolation: config.workerIsolation, ...streamingOptions(config) },
  });
  await app.register(languageModelPlugin, { enabled: config.languageModel, pollMs: options.lmPollMs ?? 5000, ...(options.lmRetryMs !== undefined ? { retryMs: options.lmRetryMs } : {}) });
  // Before the routes: it collects them into the OpenAPI document.
  await app.register(apiDocsPlugin);
  await app.register(metricsPlugin);
  await app.register(dictationPlugin, { maxBacklogSec: config.maxBacklogSec, caps: config });
  // Static pages and assets are public (the pages ask the API, which checks); this scope marks the plugin's routes so.
  await app.register(async (scope) => {
    scope.addHook('onRoute', (route) => {
      route.config = { ...route.config, ...PUBLIC };
    });
    await scope.register(fastifyStatic, { root: path.join(PROJECT_ROOT, 'web'), index: ['index.html'] });
  });
  await app.register(healthRoutes, options.dbProbeEveryMs !== undefined ? { dbProbeEveryMs: options.dbProbeEveryMs } : {});
  await app.register(authRoutes);
  await app.register(adminRoutes);
  await app.register(sessionRoutes, { pseudonymizer });
  await app.register(transcribeRoute, { maxUploadBytes: config.maxUploadBytes });
  await app.register(corpusRoutes, { maxUploadBytes: config.maxUploadBytes });
  await app.register(formRoutes);
  await app.register(pilotRoutes, { compute: app.compute });
  await app.register(gdprRoutes, { pseudonymizer });
  await app.register(asrSocket);
  startRetention(app, config.retentionDays);
  return app;
}
