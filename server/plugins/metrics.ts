/**
 * Prometheus metrics at GET /metrics (admins; a scraper's token can be
 * allowed once accounts exist) and `app.metrics`, the narrow functions the
 * rest of the service reports through. Every HTTP response is counted by its
 * route template, so ids in URLs never become label values.
 */
import fp from 'fastify-plugin';
import type { LanguageModelState } from './language-model.ts';
import { createServiceMetrics, type LanguageModelBuildState, type ServiceMetrics } from '../observability/service-metrics.ts';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics;
  }
}

export function languageModelBuildState(lm: Pick<LanguageModelState, 'building' | 'error' | 'stats'>): LanguageModelBuildState {
  if (lm.building) return 'building';
  if (lm.error !== null) return 'failed';
  return lm.stats ? 'ready' : 'none';
}

export default fp(
  async (app) => {
    const metrics = createServiceMetrics({
      inferenceQueueDepth: () => app.asr.recogniser?.queued ?? 0,
      liveWorkers: () => app.asr.recogniser?.liveWorkers ?? 0,
      languageModelState: () => languageModelBuildState(app.languageModel),
    });
    app.decorate('metrics', metrics);
    app.addHook('onResponse', async (req, reply) => {
      metrics.httpResponse(req.method, req.routeOptions.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    });
    app.get(
      '/metrics',
      { config: { access: ['admin'] }, schema: { summary: 'Prometheus metrics (text exposition format)' } },
      async (_req, reply) => reply.type(metrics.contentType).send(await metrics.scrape()),
    );
  },
  { name: 'metrics', dependencies: ['recogniser', 'language-model'] },
);
