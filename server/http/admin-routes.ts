/**
 * Admins' management of users, API tokens and the audit log.
 *
 *   GET  /api/admin/users            POST /api/admin/users {name, role, password}
 *   PATCH /api/admin/users/:name {disabled?, password?}
 *   GET  /api/admin/tokens           POST /api/admin/tokens {user, expiresDays?} → {token} (shown once)
 *   DELETE /api/admin/tokens/:id
 *   GET  /api/admin/audit?limit&offset&action     GET /api/admin/audit.csv
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { ADMIN_ONLY, ROLES } from '../auth/roles.ts';
import { csvLine } from './csv.ts';

const User = Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String(), disabled: Type.Boolean(), createdAt: Type.String(), hasPassword: Type.Boolean() });
const Token = Type.Object({
  id: Type.Integer(),
  userId: Type.Integer(),
  userName: Type.String(),
  createdAt: Type.String(),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  userId: Type.Union([Type.Integer(), Type.Null()]),
  username: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  target: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  detail: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
const NewUser = Type.Object(
  { name: Type.String({ minLength: 2, maxLength: 64 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))), password: Type.String({ maxLength: 1024 }) },
  { additionalProperties: false },
);
const UserPatch = Type.Object(
  { disabled: Type.Optional(Type.Boolean()), password: Type.Optional(Type.String({ maxLength: 1024 })) },
  { additionalProperties: false, minProperties: 1 },
);
const NewToken = Type.Object(
  { user: Type.String({ minLength: 1, maxLength: 64 }), expiresDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })) },
  { additionalProperties: false },
);
const AuditQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
  action: Type.Optional(Type.String({ maxLength: 64 })),
});

export async function adminRoutes(app: FastifyInstance): Promise<void> {
  const opts = { config: ADMIN_ONLY };

  app.get('/api/admin/users', { ...opts, schema: { response: { 200: Type.Object({ users: Type.Array(User) }) } } }, async () => ({
    users: app.auth.accounts.list(),
  }));

  app.post<{ Body: Static<typeof NewUser> }>(
    '/api/admin/users',
    { ...opts, schema: { body: NewUser, response: { 201: Type.Object({ user: User }) } } },
    async (req, reply) => reply.code(201).send({ user: await app.auth.addUser(req.body, app.auth.actor(req)) }),
  );

  app.patch<{ Params: { name: string }; Body: Static<typeof UserPatch> }>(
    '/api/admin/users/:name',
    { ...opts, schema: { params: Type.Object({ name: Type.String({ maxLength: 64 }) }), body: UserPatch, response: { 200: Type.Object({ user: User }) } } },
    async (req) => {
      const actor = app.auth.actor(req);
      let user = app.auth.accounts.byName(req.params.name);
      if (req.body.password !== undefined) user = { ...(await app.auth.setPassword(req.params.name, req.body.password, actor)), passwordHash: null };
      if (req.body.disabled !== undefined) user = { ...app.auth.setDisabled(req.params.name, req.body.disabled, actor), passwordHash: null };
      const { passwordHash: _h, ...shown } = user!;
      return { user: shown };
    },
  );

  app.get('/api/admin/tokens', { ...opts, schema: { response: { 200: Type.Object({ tokens: Type.Array(Token) }) } } }, async () => ({
    tokens: app.auth.accounts.listTokens(),
  }));

  app.post<{ Body: Static<typeof NewToken> }>(
    '/api/admin/tokens',
    { ...opts, schema: { body: NewToken, response: { 201: Type.Object({ token: Type.String(), info: Token }) } } },
    async (req, reply) => {
      const { token, row } = app.auth.createToken(req.body.user, req.body.expiresDays ?? null, app.auth.actor(req));
      return reply.code(201).send({ token, info: row });
    },
  );

  app.delete<{ Params: { id: number } }>(
    '/api/admin/tokens/:id',
    { ...opts, schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), response: { 200: Type.Object({ info: Token }) } } },
    async (req) => ({ info: app.auth.revokeToken(req.params.id, app.auth.actor(req)) }),
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>(
    '/api/admin/audit',
    { ...opts, schema: { querystring: AuditQuery, response: { 200: Type.Object({ entries: Type.Array(AuditEntry), total: Type.Integer() }) } } },
    async (req) => app.auth.audit.list(req.query),
  );

  app.get<{ Querystring: Static<typeof AuditQuery> }>('/api/admin/audit.csv', { ...opts, schema: { querystring: AuditQuery } }, async (req, reply) => {
    const { entries } = app.auth.audit.list({ ...req.query, limit: 10_000 });
    const lines = [csvLine(['id', 'at', 'user_id', 'username', 'action', 'target', 'ip', 'detail'])];
    for (const e of entries) lines.push(csvLine([e.id, e.at, e.userId, e.username, e.action, e.target, e.ip, e.detail ? JSON.stringify(e.detail) : '']));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="diktats-audit.csv"')
      .send(lines.join('\r\n') + '\r\n');
  });
}
