import Fastify, { type RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { describe, expect, it } from 'vitest';
import metricsPlugin from '../../../server/plugins/metrics.ts';
import { sample } from '../../support/prometheus-text.ts';

/** The two services the metrics plugin reads, as stand-ins. */
const stubs = [
  fp(
    async (app) => {
      app.decorate('asr', { recogniser: { queued: 4, liveWorkers: 2 }, error: null, ready: Promise.resolve() } as never);
    },
    { name: 'recogniser' },
  ),
  fp(
    async (app) => {
      app.decorate('languageModel', { building: false, error: null, stats: { lmVocabulary: 10 } } as never);
    },
    { name: 'language-model' },
  ),
];

describe('metrics plugin', () => {
  it("serves /metrics to admins only (access ['admin']) and reads the services at scrape time", async () => {
    const app = Fastify({ logger: false });
    const routes: RouteOptions[] = [];
    app.addHook('onRoute', (route) => {
      routes.push(route);
    });
    for (const stub of stubs) await app.register(stub);
    await app.register(metricsPlugin);
    app.get('/things/:id', async () => ({ ok: true }));
    await app.ready();
    expect(routes.find((r) => r.url === '/metrics' && r.method === 'GET')?.config?.access).toEqual(['admin']);

    await app.inject({ method: 'GET', url: '/things/42' });
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'diktats_inference_queue_depth')).toBe(4);
    expect(sample(text, 'diktats_live_workers')).toBe(2);
    expect(sample(text, 'diktats_language_model_state', { state: 'ready' })).toBe(1);
    expect(sample(text, 'diktats_http_requests_total', { method: 'GET', route: '/things/:id', status_code: '200' })).toBe(1);
    await app.close();
  });
});
