/**
 * Login, logout, who am I, and the first-run set-up of the first admin.
 *
 *   POST /api/auth/login  {username, password} → 200 {user} + session cookie; 401 wrong; 429 locked or too fast
 *   POST /api/auth/logout → 204, the session revoked and the cookie cleared
 *   GET  /api/auth/me     → {user}
 *   GET  /api/auth/setup  → {open}          POST /api/auth/setup {token, username, password} (loopback only)
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Type, type Static } from '@sinclair/typebox';
import { DiktatsError } from '../errors.ts';
import { ALL_ROLES, PUBLIC } from '../auth/roles.ts';
import { checkPasswordStrength } from '../auth/password.ts';
import { isLoopback } from '../auth/setup-gate.ts';
import { requestUser, SESSION_COOKIE } from '../plugins/access.ts';

const ErrorBody = Type.Object({ error: Type.Object({ code: Type.String(), message: Type.String() }) });
const User = Type.Object({ id: Type.Integer(), name: Type.String(), role: Type.String() });
const LoginBody = Type.Object(
  { username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  { additionalProperties: false },
);
const SetupBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 200 }),
    username: Type.String({ minLength: 2, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 1024 }),
  },
  { additionalProperties: false },
);

/** Login attempts per client address: a burst of guesses is slowed before the per-user lockout (5 failures) starts. */
const LOGIN_RATE = { max: 10, timeWindow: '1 minute' };

export async function authRoutes(app: FastifyInstance): Promise<void> {
  await app.register(rateLimit, { global: false });

  const setCookie = (req: FastifyRequest, reply: FastifyReply, sessionId: string) =>
    reply.setCookie(SESSION_COOKIE, sessionId, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      // https as the client saw it: direct TLS, or X-Forwarded-Proto from a trusted proxy (trustProxy)
      secure: req.protocol === 'https',
      maxAge: app.auth.sessionMaxAgeSec,
    });

  app.post<{ Body: Static<typeof LoginBody> }>(
    '/api/auth/login',
    {
      config: { ...PUBLIC, rateLimit: LOGIN_RATE },
      schema: { body: LoginBody, response: { 200: Type.Object({ user: User }), 401: ErrorBody, 429: ErrorBody } },
    },
    async (req, reply) => {
      const { user, sessionId } = await app.auth.login(req.body.username, req.body.password, req.ip);
      setCookie(req, reply, sessionId);
      return { user: { id: user.id, name: user.name, role: user.role } };
    },
  );

  app.post('/api/auth/logout', { config: PUBLIC }, async (req, reply) => {
    const cookie = req.cookies[SESSION_COOKIE];
    if (cookie) app.auth.logout(cookie, app.auth.actor(req));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/auth/me', { config: ALL_ROLES, schema: { response: { 200: Type.Object({ user: User }) } } }, async (req) => {
    const u = requestUser(req);
    return { user: { id: u.id, name: u.name, role: u.role } };
  });

  app.get('/api/auth/setup', { config: PUBLIC, schema: { response: { 200: Type.Object({ open: Type.Boolean() }) } } }, async () => ({
    open: app.auth.setup.token !== null,
  }));

  app.post<{ Body: Static<typeof SetupBody> }>(
    '/api/auth/setup',
    {
      config: { ...PUBLIC, rateLimit: LOGIN_RATE },
      schema: { body: SetupBody, response: { 201: Type.Object({ user: User }), 403: ErrorBody } },
    },
    async (req, reply) => {
      // The raw peer, not X-Forwarded-For: set-up is for a person at this machine.
      if (!isLoopback(req.socket.remoteAddress)) throw new DiktatsError('AUTH_ERR_SETUP', 'open the link on the machine that runs the service');
      checkPasswordStrength(req.body.password); // before the one-time token is spent
      if (!app.auth.setup.consume(req.body.token)) throw new DiktatsError('AUTH_ERR_SETUP');
      const actor = { user: null, ip: req.ip };
      const user = await app.auth.addUser({ name: req.body.username, role: 'admin', password: req.body.password }, actor);
      const { sessionId } = await app.auth.login(req.body.username, req.body.password, req.ip);
      setCookie(req, reply, sessionId);
      return reply.code(201).send({ user: { id: user.id, name: user.name, role: user.role } });
    },
  );
}
