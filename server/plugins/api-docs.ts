/**
 * OpenAPI from the routes' own TypeBox schemas (@fastify/swagger collects
 * every route registered after it, so register this before the routes), the
 * Swagger UI at /docs, the document at /docs/json (and /docs/yaml), and the
 * WebSocket protocol's JSON Schema at /docs/asr-protocol.json (OpenAPI cannot
 * describe socket messages).
 */
import fs from 'node:fs';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import path from 'node:path';
import { PROJECT_ROOT } from '../config.ts';
import type { RouteAccess } from '../http/route-access.ts';

/** Everyone signed in may read the API description; it holds no data. */
export const DOCS_ACCESS: RouteAccess = ['clerk', 'researcher', 'admin'];

export const ASR_PROTOCOL_SCHEMA_URL = new URL('../http/asr-protocol.schema.json', import.meta.url);

export default fp(
  async (app) => {
    const { version } = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    await app.register(swagger, {
      transformObject: (doc) => optionalDefaults('openapiObject' in doc ? doc.openapiObject : doc.swaggerObject),
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Diktāts',
          version,
          description:
            'Latvian dictation for municipal social services. Live recognition is a WebSocket at /ws/asr ' +
            '(the vosk-server protocol plus Diktāts extensions); its messages are described by the JSON Schema at /docs/asr-protocol.json.',
        },
      },
    });
    // The UI plugin registers its routes (and @fastify/static's) without options we can set;
    // this hook, encapsulated to the docs context, gives each of them the access declaration.
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, access: route.config?.access ?? DOCS_ACCESS };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs' });
      const protocol = fs.readFileSync(ASR_PROTOCOL_SCHEMA_URL, 'utf8');
      docs.get('/docs/asr-protocol.json', { schema: { hide: true } }, async (_req, reply) =>
        reply.type('application/schema+json; charset=utf-8').send(protocol),
      );
    });
  },
  { name: 'api-docs' },
);

type Document = Record<string, unknown> & { paths?: Record<string, Record<string, { parameters?: { required?: boolean; schema?: { default?: unknown } }[] }>> };

/**
 * A query parameter with a default may be left out (Fastify fills it in), but
 * TypeBox lists it among an object's required keys; say so in the document.
 */
function optionalDefaults<T>(doc: T): T {
  for (const operations of Object.values((doc as Document).paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const p of operation.parameters ?? []) if (p.schema?.default !== undefined) p.required = false;
    }
  }
  return doc;
}
