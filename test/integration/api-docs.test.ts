/**
 * /docs: the OpenAPI document is generated from the routes' own TypeBox
 * schemas. Every HTTP route of the real app is in it, and the response
 * schemas it publishes accept the real responses of those routes.
 */
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { addRoleUsers } from '../support/test-server.ts';
import { loadConfig } from '../../server/config.ts';
import apiDocs, { DOCS_ACCESS } from '../../server/plugins/api-docs.ts';
import { routeTable } from '../support/route-table.ts';
import { tempDirs } from '../support/temp-dirs.ts';

interface Operation {
  parameters?: { in: string; name: string; required?: boolean; schema: object }[];
  requestBody?: { content: Record<string, { schema: object }> };
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Spec = { openapi: string; info: { title: string; version: string }; paths: Record<string, Record<string, Operation>> };

const tempDir = tempDirs('diktats-docs-');
/** Not in the OpenAPI document: the docs themselves, the socket (its own JSON Schema) and the static web client. */
const UNDOCUMENTED = (url: string): boolean => url === '/docs' || url.startsWith('/docs/') || url === '/ws/asr' || url === '*';

describe('OpenAPI at /docs', () => {
  let app: FastifyInstance;
  let spec: Spec;
  let authHeaders: Record<string, string> = {};
  beforeAll(async () => {
    app = await buildApp(loadConfig({ DIKTATS_DB: path.join(tempDir(), 'docs.db'), LOG_LEVEL: 'silent', DIKTATS_WORKERS: '1', DIKTATS_LM: 'false' }));
    await app.ready();
    // the documentation is for signed-in users (access matrix): read it as an admin
    const tokens = await addRoleUsers(app);
    authHeaders = { authorization: `Bearer ${tokens.admin}` };
    const res = await app.inject({ method: 'GET', url: '/docs/json', headers: authHeaders });
    expect(res.statusCode).toBe(200);
    spec = res.json() as Spec;
  });
  afterAll(async () => app?.close());

  it('is OpenAPI 3.1 naming the service and its version', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(spec.info).toMatchObject({ title: 'Diktāts', version: '0.1.0' });
  });

  it('lists every HTTP route of the app with its method', () => {
    const routes = routeTable(app).filter((r) => r.method !== 'HEAD' && !UNDOCUMENTED(r.url));
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const missing = routes.filter((r) => {
      const openapiPath = r.url.replace(/:([A-Za-z0-9_]+)/gu, '{$1}');
      return spec.paths[openapiPath]?.[r.method.toLowerCase()] === undefined;
    });
    expect(missing).toEqual([]);
    // And nothing the app does not serve.
    const documented = Object.entries(spec.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    expect(documented).toHaveLength(routes.length);
  });

  it('carries the request schemas: query parameters with their bounds, path parameters, bodies', () => {
    const list = spec.paths['/api/sessions']!.get!;
    const limit = list.parameters!.find((p) => p.in === 'query' && p.name === 'limit');
    expect(limit?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    // It has a default, so a client may leave it out.
    expect(limit?.required).toBe(false);
    const detail = spec.paths['/api/sessions/{id}']!.get!;
    expect(detail.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'id', required: true }));
    const create = spec.paths['/api/forms/records']!.post!;
    expect(create.requestBody?.content['application/json']?.schema).toMatchObject({ type: 'object' });
  });

  it('publishes response schemas that accept the real responses', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const templates = (await app.inject({ method: 'GET', url: '/api/forms/templates', headers: authHeaders })).json() as { templates: { id: string }[] };
    const urls = [
      ['/healthz', '/healthz'],
      ['/api/sessions', '/api/sessions'],
      ['/api/corpora', '/api/corpora'],
      ['/api/forms/templates', '/api/forms/templates'],
      ['/api/forms/templates/{id}', `/api/forms/templates/${templates.templates[0]!.id}`],
      ['/api/forms/records', '/api/forms/records'],
      ['/api/pilot/report', '/api/pilot/report'],
      ['/api/pilot/savings', '/api/pilot/savings'],
      ['/api/eval/runs', '/api/eval/runs'],
      ['/api/sessions/{id}', '/api/sessions/no-such-session'],
    ] as const;
    for (const [openapiPath, url] of urls) {
      const res = await app.inject({ method: 'GET', url, headers: authHeaders });
      const schema = spec.paths[openapiPath]!.get!.responses[String(res.statusCode)]?.content?.['application/json']?.schema;
      expect(schema, `${url} answered ${res.statusCode}, which the document does not describe`).toBeDefined();
      const validate = ajv.compile(schema!);
      expect(validate(res.json()), `${url}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
  });

  it('serves the UI and the socket protocol schema', async () => {
    const ui = await app.inject({ method: 'GET', url: '/docs', headers: authHeaders });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    const protocol = await app.inject({ method: 'GET', url: '/docs/asr-protocol.json', headers: authHeaders });
    expect(protocol.statusCode).toBe(200);
    expect(protocol.json()).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });
});

describe('api-docs plugin', () => {
  it("declares access ['clerk', 'researcher', 'admin'] on every route it adds, and only on those", async () => {
    const app = Fastify({ logger: false });
    const seen: RouteOptions[] = [];
    // Runs before the plugin's own hook on the same options object, so read them after ready().
    app.addHook('onRoute', (route) => {
      seen.push(route);
    });
    await app.register(apiDocs);
    app.get('/other', async () => 'x');
    await app.ready();
    const docs = seen.filter((r) => r.url.startsWith('/docs'));
    expect(docs.length).toBeGreaterThanOrEqual(6);
    for (const r of docs) expect(r.config?.access, `${r.method} ${r.url}`).toEqual(DOCS_ACCESS);
    expect(seen.find((r) => r.url === '/other')?.config?.access).toBeUndefined();
    await app.close();
  });
});
