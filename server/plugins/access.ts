/**
 * Who may call what, enforced in one place. Every route declares
 * `config: { access: 'public' | Role[] }`; a route without it fails start-up
 * (checked when the app is ready, after every plugin added its routes). Each
 * request is authenticated once — session cookie, `Authorization: Bearer`,
 * or `?token=` on the /ws/asr upgrade only — and refused with 401 (no
 * credentials) or 403 (wrong role) before its handler runs.
 *
 * Cookie-authenticated state-changing requests must also come from the
 * service's own origin (the CSRF rule; see security.ts for the Origin check).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import fp from 'fastify-plugin';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DiktatsError } from '../errors.ts';
import { createAuthServiceForDatabase, type Actor, type AuthService } from '../auth/auth-service.ts';
import { createSetupGate, type SetupGate } from '../auth/setup-gate.ts';
import type { Access, AuthUser } from '../auth/roles.ts';
import { isOwnOrigin } from './security.ts';

export const SESSION_COOKIE = 'diktats_session';

export interface RouteEntry {
  readonly method: string;
  readonly url: string;
  readonly access: Access | undefined;
  readonly websocket: boolean;
}

export interface AccessOptions {
  readonly sessionIdleMin: number;
  readonly sessionMaxHours: number;
  readonly allowedOrigins: readonly string[];
  /** how long the first-run set-up link stays valid */
  readonly setupTtlMs?: number;
  /** DIKTATS_METRICS_TOKEN: a bearer token that reads GET /metrics and nothing else */
  readonly metricsToken?: string | null;
}

/** The only routes the metrics token opens. */
const SCRAPER_ROUTES = new Set(['GET /metrics']);

/** Compares a presented token with the configured one in constant time (hashes of equal length). */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export interface AuthDecoration extends AuthService {
  readonly setup: SetupGate;
  readonly sessionMaxAgeSec: number;
  /** every route registered, with its declared access (for the matrix test and the docs) */
  routes(): readonly RouteEntry[];
  /** the audit actor of a request */
  actor(req: FastifyRequest): Actor;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthDecoration;
  }
}

/** The caller of a route whose access is not public: always set, or the request never got here. */
export function requestUser(req: FastifyRequest): AuthUser {
  if (!req.user) throw new DiktatsError('AUTH_ERR_UNAUTHENTICATED');
  return req.user;
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

function queryToken(req: FastifyRequest): string | null {
  const q = req.query as Record<string, unknown> | undefined;
  return typeof q?.token === 'string' ? q.token : null;
}

async function accessPlugin(app: FastifyInstance, opts: AccessOptions): Promise<void> {
  const db = app.storage.db;
  const service = createAuthServiceForDatabase(db, opts);
  const noAdmin = () => service.accounts.activeAdmins() === 0;
  const setup = createSetupGate(noAdmin(), opts.setupTtlMs ?? 60 * 60_000, Date.now, noAdmin);
  // Route options as registered; read when asked, since a scope's own onRoute hook (static files) may set access after ours ran.
  const registered: { method: string | string[]; url: string; config?: { access?: Access }; websocket?: boolean }[] = [];
  const table = (): RouteEntry[] =>
    registered.flatMap((r) =>
      (Array.isArray(r.method) ? r.method : [r.method]).map((method) => ({ method, url: r.url, access: r.config?.access, websocket: r.websocket === true })),
    );

  await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorate('auth', {
    ...service,
    setup,
    sessionMaxAgeSec: opts.sessionMaxHours * 3600,
    routes: table,
    actor: (req: FastifyRequest): Actor => ({ user: req.user, ip: req.ip }),
  } satisfies AuthDecoration);

  app.addHook('onRoute', (route) => {
    registered.push(route);
  });
  app.addHook('onReady', async () => {
    const missing = table().filter((r) => r.access === undefined || (r.access !== 'public' && !Array.isArray(r.access)));
    if (missing.length > 0) {
      throw new Error(`routes without config.access (declare 'public' or the roles allowed): ${missing.map((r) => `${r.method} ${r.url}`).join(', ')}`);
    }
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    const isSocket = String(req.headers.upgrade).toLowerCase() === 'websocket'; // a WebSocket upgrade
    const cookie = req.cookies[SESSION_COOKIE];
    const token = bearer(req) ?? (isSocket ? queryToken(req) : null);
    if (token !== null && opts.metricsToken && sameSecret(token, opts.metricsToken)) {
      // the scraper's token: read-only, one route, no user behind it
      if (SCRAPER_ROUTES.has(`${req.method} ${req.routeOptions.url}`)) return;
      throw new DiktatsError('AUTH_ERR_FORBIDDEN', 'the metrics token reads GET /metrics only');
    }
    if (token !== null) req.user = service.userByToken(token);
    else if (cookie) req.user = service.userBySession(cookie);

    // Unmatched URLs (404) carry no access; let the 404 handler answer.
    if (access === undefined || access === 'public') return;
    if (!req.user) throw new DiktatsError('AUTH_ERR_UNAUTHENTICATED');
    if (!access.includes(req.user.role)) throw new DiktatsError('AUTH_ERR_FORBIDDEN', `${req.method} ${req.routeOptions.url} needs ${access.join(' or ')}`);

    const origin = req.headers.origin;
    if (req.user.via === 'session') {
      // A browser's cookie rides along with any request to us: demand proof that our own page sent it.
      const fetchSite = req.headers['sec-fetch-site'];
      const sameOrigin = origin !== undefined ? isOwnOrigin(req, origin, opts.allowedOrigins) : fetchSite === 'same-origin';
      if ((isSocket || STATE_CHANGING.has(req.method)) && !sameOrigin) {
        throw new DiktatsError('HTTP_ERR_ORIGIN', origin ?? 'no Origin header');
      }
    } else if (isSocket && origin !== undefined && !isOwnOrigin(req, origin, opts.allowedOrigins)) {
      // A token in a foreign page's socket is refused too: the page may have stolen it.
      throw new DiktatsError('HTTP_ERR_ORIGIN', origin);
    }
  });
}

export default fp(accessPlugin, { name: 'access', dependencies: ['storage'] });
