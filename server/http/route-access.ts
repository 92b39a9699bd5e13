/**
 * Who may use a route, declared in its options (`config: { access }`) by
 * every HTTP route and the socket: 'public', or the roles allowed (an admin is
 * always listed explicitly). Enforcement lives in one place (the accounts work);
 * this file only gives the declaration its type.
 */
export type Role = 'clerk' | 'researcher' | 'admin';
export type RouteAccess = 'public' | readonly Role[];

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}
