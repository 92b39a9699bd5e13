/**
 * Starts the real app on port 0 with a temp database and waits for the model.
 * It has one user of each role (password PASSWORDS[role]) with an API token;
 * `inject` and `wsUrl` authenticate as the admin unless told otherwise.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp, type AppOptions } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { ROLES, type Role } from '../../server/auth/roles.ts';
import { CLI_ACTOR } from '../../server/auth/auth-service.ts';

export const PASSWORDS: Readonly<Record<Role, string>> = { clerk: 'clerk-password-1', researcher: 'researcher-password-1', admin: 'admin-password-1' };

export interface TestServer {
  readonly app: FastifyInstance;
  readonly url: string;
  /** /ws/asr with the admin's token in the query (as vosk clients send it) */
  readonly wsUrl: string;
  /** API tokens of the users `clerk`, `researcher` and `admin` */
  readonly tokens: Readonly<Record<Role, string>>;
  wsUrlAs(role: Role): string;
  /** app.inject with `Authorization: Bearer` of that role's user (default admin) */
  inject(opts: InjectOptions, role?: Role): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Adds one user per role, each with a token, to a built app. */
export async function addRoleUsers(app: FastifyInstance): Promise<Record<Role, string>> {
  const tokens = {} as Record<Role, string>;
  for (const role of ROLES) {
    await app.auth.addUser({ name: role, role, password: PASSWORDS[role] }, CLI_ACTOR);
    tokens[role] = app.auth.createToken(role, null, CLI_ACTOR).token;
  }
  return tokens;
}

export async function startTestServer(env: Record<string, string> = {}, appOptions: AppOptions = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DIKTATS_DB: path.join(dir, 'test.db'), LOG_LEVEL: 'silent', DIKTATS_WORKERS: '1', DIKTATS_LM: 'false', DIKTATS_MAX_EVENT_LOOP_DELAY_MS: '0', ...env });
  const app = await buildApp(config, appOptions);
  await app.asr.ready;
  const tokens = await addRoleUsers(app);
  await app.listen({ host: config.host, port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  const wsUrlAs = (role: Role) => `${url.replace('http', 'ws')}/ws/asr?token=${encodeURIComponent(tokens[role])}`;
  return {
    app,
    url,
    wsUrl: wsUrlAs('admin'),
    tokens,
    wsUrlAs,
    inject: (opts, role = 'admin') => app.inject({ ...opts, headers: { authorization: `Bearer ${tokens[role]}`, ...opts.headers } }),
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
