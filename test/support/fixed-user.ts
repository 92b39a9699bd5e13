/**
 * For route tests on a partial app (no access plugin, no accounts): every
 * request is made by this user. Authentication and the access rules are
 * tested on the whole app (test/integration/auth/).
 */
import fp from 'fastify-plugin';
import type { AuthUser } from '../../server/auth/roles.ts';

/** user 1 of migration 1 (the rows made before accounts existed belong to it) acting as an admin */
export const TEST_ADMIN: AuthUser = { id: 1, name: 'default', role: 'admin', via: 'token' };

export const fixedUser = (user: AuthUser = TEST_ADMIN) =>
  fp(
    async (app) => {
      app.decorateRequest('user', null);
      app.addHook('onRequest', async (req) => {
        req.user = user;
      });
    },
    { name: 'fixed-user' },
  );
