/** Starts the real app on port 0 with a temp database and waits for the model. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';

export interface TestServer {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly wsUrl: string;
  close(): Promise<void>;
}

export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diktats-test-'));
  const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', DIKTATS_DB: path.join(dir, 'test.db'), LOG_LEVEL: 'silent', DIKTATS_WORKERS: '1', DIKTATS_LM: 'false', DIKTATS_MAX_EVENT_LOOP_DELAY_MS: '0', ...env });
  const app = await buildApp(config);
  await app.asr.ready;
  await app.listen({ host: config.host, port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    url,
    wsUrl: url.replace('http', 'ws') + '/ws/asr',
    async close() {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
