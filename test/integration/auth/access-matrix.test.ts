/**
 * The access matrix: every route the app registers × {anonymous, clerk,
 * researcher, admin}. A route with no row in EXPECTED fails the test, so a new
 * route cannot ship without someone deciding who may use it; each row is both
 * compared with the route's declaration and tried over HTTP with real
 * credentials (API tokens), where 401/403 must come exactly as the row says.
 * HEAD routes Fastify adds for GET routes follow their GET row.
 */
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import accessPlugin from '../../../server/plugins/access.ts';
import type { Storage } from '../../../server/plugins/storage.ts';
import { openDatabase } from '../../../server/storage/database.ts';
import { startTestServer, type TestServer } from '../../support/test-server.ts';

type Who = 'anonymous' | 'clerk' | 'researcher' | 'admin';
const WHO: readonly Who[] = ['anonymous', 'clerk', 'researcher', 'admin'];
/** P public · C clerk · R researcher · A admin (a row lists who gets past the access check) */
type Row = 'P' | 'A' | 'CA' | 'RA' | 'CRA';

export const EXPECTED: Readonly<Record<string, Row>> = {
  'GET /*': 'P', // static pages and assets (the pages then ask the API)
  'GET /healthz': 'P',
  'POST /api/auth/login': 'P',
  'POST /api/auth/logout': 'P',
  'GET /api/auth/me': 'CRA',
  'GET /api/auth/setup': 'P',
  'POST /api/auth/setup': 'P',
  'GET /api/admin/users': 'A',
  'POST /api/admin/users': 'A',
  'PATCH /api/admin/users/:name': 'A',
  'GET /api/admin/tokens': 'A',
  'POST /api/admin/tokens': 'A',
  'DELETE /api/admin/tokens/:id': 'A',
  'GET /api/admin/audit': 'A',
  'GET /api/admin/audit.csv': 'A',
  'POST /api/admin/gdpr/export': 'A',
  'POST /api/admin/gdpr/erase': 'A',
  'GET /api/sessions': 'CRA', // clerks: their own; researchers: masked
  'GET /api/sessions/:id': 'CRA',
  'POST /api/transcribe': 'CRA',
  'GET /api/corpora': 'RA',
  'POST /api/corpora/:name': 'A',
  'PATCH /api/corpora/:name': 'A',
  'DELETE /api/corpora/:name': 'A',
  'GET /api/forms/templates': 'CRA',
  'GET /api/forms/templates/:id': 'CRA',
  'POST /api/forms/:id/fill': 'CA',
  'POST /api/forms/records': 'CA',
  'GET /api/forms/records': 'CA', // clerks: their own
  'GET /api/forms/records/export': 'CA',
  'GET /api/forms/records/:id': 'CA',
  'PUT /api/forms/records/:id': 'CA',
  'POST /api/forms/records/:id/reopen': 'CA',
  'GET /api/forms/records/:id/export': 'CA',
  'POST /api/forms/records/:id/timing': 'CA',
  'GET /api/pilot/report': 'RA',
  'GET /api/pilot/report.csv': 'RA',
  'GET /api/pilot/savings': 'RA',
  'GET /api/eval/runs': 'RA',
  'GET /api/eval/runs/:id': 'RA',
  'DELETE /api/eval/runs/:id': 'RA',
  'GET /api/eval/compare': 'RA',
  'GET /ws/asr': 'CA', // over an upgrade; see the socket tests
  // the API documentation (conv branch, plugins/api-docs.ts): for any signed-in user
  'GET /docs/': 'CRA',
  'GET /docs/static/index.html': 'CRA',
  'GET /docs/static/swagger-initializer.js': 'CRA',
  'GET /docs/json': 'CRA',
  'GET /docs/yaml': 'CRA',
  'GET /docs/static/*': 'CRA',
  'GET /docs/asr-protocol.json': 'CRA',
  'GET /metrics': 'A', // Prometheus (plugins/metrics.ts)
};

const allowed = (row: Row, who: Who): boolean =>
  row === 'P' || (who === 'clerk' && row.includes('C')) || (who === 'researcher' && row.includes('R')) || (who === 'admin' && row.includes('A'));
const declared = (access: unknown): Row | string =>
  access === 'public' ? 'P' : Array.isArray(access) ? (['clerk', 'researcher', 'admin'] as const).filter((r) => access.includes(r)).map((r) => r[0]!.toUpperCase()).join('') : String(access);
/** a concrete URL for a route pattern (ids that do not exist: the access check comes before the lookup) */
const concrete = (url: string) => url.replace('/*', '/index.html').replace(/:id\b/g, '999999').replace(/:name\b/g, 'nosuch');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
}, 180_000);
afterAll(async () => server?.close());

describe('access matrix', () => {
  it('every registered route has a row, and every row is a registered route', () => {
    const routes = server.app.auth.routes();
    const keys = new Set(routes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`));
    const missing = [...keys].filter((k) => !(k in EXPECTED));
    expect(missing, 'routes without a row in EXPECTED: decide who may use them').toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !keys.has(k)), 'rows for routes that do not exist').toEqual([]);
    for (const head of routes.filter((r) => r.method === 'HEAD')) {
      // a prefixed plugin's HEAD may carry the prefix without its trailing slash (HEAD /docs for GET /docs/)
      const row = EXPECTED[`GET ${head.url}`] ?? EXPECTED[`GET ${head.url}/`];
      expect(row, `HEAD ${head.url} has no GET row`).toBeDefined();
      expect(declared(head.access), `HEAD ${head.url}`).toBe(row);
    }
  });

  it('each route declares exactly the access of its row', () => {
    const got = Object.fromEntries(server.app.auth.routes().filter((r) => r.method !== 'HEAD').map((r) => [`${r.method} ${r.url}`, declared(r.access)]));
    expect(got).toEqual(EXPECTED);
  });

  it.each(Object.entries(EXPECTED))('%s answers each caller as its row says', async (key, row) => {
    const [method, url] = key.split(' ') as [string, string];
    for (const who of WHO) {
      const headers: Record<string, string> = who === 'anonymous' ? {} : { authorization: `Bearer ${server.tokens[who]}` };
      const body = method === 'GET' || method === 'DELETE' ? undefined : {};
      const res = await server.app.inject({ method: method as 'GET', url: concrete(url), headers, ...(body ? { payload: body } : {}) });
      const label = `${who} ${method} ${concrete(url)} → ${res.statusCode} ${res.body.slice(0, 120)}`;
      if (allowed(row, who)) expect([401, 403], label).not.toContain(res.statusCode);
      else expect(res.statusCode, label).toBe(who === 'anonymous' ? 401 : 403);
    }
  });

  it('without credentials every /api/* route outside /api/auth/ answers 401', () => {
    const api = server.app.auth.routes().filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/auth/'));
    expect(api.length).toBeGreaterThan(30);
    for (const r of api) expect(declared(r.access), `${r.method} ${r.url}`).not.toBe('P');
  });
});

describe('a route without a declared access', () => {
  it('fails start-up, naming the route', async () => {
    const app = Fastify({ logger: false });
    const db = openDatabase(':memory:');
    await app.register(fp(async (inner) => { inner.decorate('storage', { db } as unknown as Storage); }, { name: 'storage' }));
    await app.register(accessPlugin, { sessionIdleMin: 30, sessionMaxHours: 12, allowedOrigins: [] });
    app.get('/api/forgotten', async () => ({ ok: true }));
    app.get('/api/declared', { config: { access: ['admin'] } }, async () => ({ ok: true }));
    await expect(app.ready()).rejects.toThrow(/GET \/api\/forgotten/);
    db.close();
  });
});
