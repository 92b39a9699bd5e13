/**
 * Cross-site and transport protections, before any authentication:
 *  - a Host allow-list (DNS rebinding: a foreign name that resolves to us is refused);
 *  - state-changing requests from a foreign Origin (or Sec-Fetch-Site: cross-site) are refused;
 *  - no text/plain or form-encoded JSON: Fastify's text/plain parser is removed (the corpus
 *    import, which takes text files, adds its own in its scope), form bodies have no parser (415);
 *  - @fastify/helmet: a CSP without inline scripts, frame-ancestors 'none', Referrer-Policy no-referrer.
 *
 * Why Origin checks and not CSRF tokens: the session cookie is SameSite=Strict,
 * so a cross-site page cannot send it at all; the Origin check also covers
 * same-site neighbours (another port or subdomain) and needs no token plumbing
 * in the pages or in vosk clients. Browsers send Origin on every POST, PUT,
 * PATCH and DELETE and on every WebSocket upgrade.
 */
import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { DiktatsError } from '../errors.ts';

export interface SecurityOptions {
  /** the configured listen address; added to the allowed Host names unless it is a wildcard */
  readonly host: string;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1', '[::1]'];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Origin equal to this request's own scheme://host[:port] (as the proxy saw it, with trustProxy), or allow-listed. */
export function isOwnOrigin(req: FastifyRequest, origin: string, allowed: readonly string[]): boolean {
  if (allowed.includes(origin)) return true;
  return origin === `${req.protocol}://${req.host}`;
}

export function allowedHostNames(opts: Pick<SecurityOptions, 'host' | 'allowedHosts'>): Set<string> {
  const names = new Set([...LOOPBACK_NAMES, ...opts.allowedHosts.map((h) => h.toLowerCase())]);
  if (opts.host !== '0.0.0.0' && opts.host !== '::') names.add(opts.host.toLowerCase());
  return names;
}

async function securityPlugin(app: FastifyInstance, opts: SecurityOptions): Promise<void> {
  const hosts = allowedHostNames(opts);
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (req) => {
    const hostname = req.hostname.toLowerCase();
    if (!hosts.has(hostname)) throw new DiktatsError('HTTP_ERR_HOST', JSON.stringify(hostname.slice(0, 100)));
    if (!STATE_CHANGING.has(req.method)) return;
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && !isOwnOrigin(req, origin, opts.allowedOrigins)) throw new DiktatsError('HTTP_ERR_ORIGIN', origin);
    if (origin === 'null' || req.headers['sec-fetch-site'] === 'cross-site') throw new DiktatsError('HTTP_ERR_ORIGIN', origin ?? 'cross-site');
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // A service on a LAN name over plain HTTP must not be pinned to HTTPS by accident; the proxy sets HSTS.
    strictTransportSecurity: false,
  });
}

export default fp(securityPlugin, { name: 'security' });
