/**
 * Admin corpus management over REST. Upload the file as the raw body:
 *   POST /api/corpora/:name?kind=terms|sentences|autotexts&format=txt|csv|tsv|jsonl
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { importCorpus } from '../corpora/corpus-service.ts';
import type { CorpusFormat, CorpusKind } from '../corpora/corpus-parser.ts';
import { ADMIN_ONLY, RESEARCHERS } from '../auth/roles.ts';
import { requestUser } from '../plugins/access.ts';
import { addBinaryBodyParser } from './binary-body.ts';

const Corpus = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  kind: Type.String(),
  active: Type.Boolean(),
  bundled: Type.Boolean(),
  version: Type.Union([Type.Integer(), Type.Null()]),
  entries: Type.Integer(),
  sourceName: Type.Union([Type.String(), Type.Null()]),
  updatedAt: Type.String(),
});
const Name = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });

export async function corpusRoutes(app: FastifyInstance, opts: { maxUploadBytes: number }): Promise<void> {
  // Corpus files arrive as bytes: encoding is checked line by line by the parser. Fastify's own
  // text/plain parser would decode them first and hide bad bytes as U+FFFD (this plugin's scope only).
  app.removeContentTypeParser('text/plain');
  addBinaryBodyParser(app, ['text/plain', 'text/csv', 'text/tab-separated-values', 'application/x-ndjson', 'application/jsonl'], opts.maxUploadBytes);

  app.get('/api/corpora', { config: RESEARCHERS, schema: { response: { 200: Type.Object({ corpora: Type.Array(Corpus) }) } } }, async () => ({
    corpora: app.storage.corpora.list(),
  }));

  app.post<{ Params: { name: string }; Querystring: { kind: CorpusKind; format: CorpusFormat }; Body: Buffer }>(
    '/api/corpora/:name',
    {
      config: ADMIN_ONLY,
      schema: {
        params: Name,
        querystring: Type.Object({
          kind: Type.Union([Type.Literal('terms'), Type.Literal('sentences'), Type.Literal('autotexts')]),
          format: Type.Union([Type.Literal('txt'), Type.Literal('csv'), Type.Literal('tsv'), Type.Literal('jsonl')], { default: 'txt' }),
        }),
        response: {
          201: Type.Object({ corpus: Corpus, version: Type.Integer(), entries: Type.Integer(), duplicates: Type.Integer(), unchanged: Type.Boolean() }),
        },
      },
    },
    async (req, reply) => {
      const bytes = Buffer.isBuffer(req.body) ? new Uint8Array(req.body) : new Uint8Array(Buffer.from(String(req.body ?? '')));
      const result = importCorpus(app.storage.corpora, {
        name: req.params.name,
        kind: req.query.kind,
        format: req.query.format,
        fileName: `${req.params.name}.${req.query.format}`,
        bytes,
        userId: requestUser(req).id,
      });
      app.auth?.record(app.auth.actor(req), 'corpus.import', result.corpus.name, { version: result.version, entries: result.entries });
      req.log.info({ corpus: result.corpus.name, version: result.version, entries: result.entries }, 'corpus imported');
      return reply.code(201).send(result);
    },
  );

  app.patch<{ Params: { name: string }; Body: { active: boolean } }>(
    '/api/corpora/:name',
    { config: ADMIN_ONLY, schema: { params: Name, body: Type.Object({ active: Type.Boolean() }), response: { 200: Corpus } } },
    async (req) => {
      const corpus = app.storage.corpora.setActive(req.params.name, req.body.active);
      app.auth?.record(app.auth.actor(req), req.body.active ? 'corpus.activate' : 'corpus.deactivate', req.params.name);
      return corpus;
    },
  );

  app.delete<{ Params: { name: string } }>('/api/corpora/:name', { config: ADMIN_ONLY, schema: { params: Name } }, async (req, reply) => {
    app.storage.corpora.delete(req.params.name);
    app.auth?.record(app.auth.actor(req), 'corpus.delete', req.params.name);
    return reply.code(204).send();
  });
}
