/**
 * Starts the real `diktats serve` as a child process on a free port and waits
 * until /healthz says the model is loaded. Then it goes through the first run
 * as a person would: the printed one-time set-up link creates the admin, who
 * adds a clerk; the clerk's session cookie and API token are handed to tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { BrowserContext } from 'playwright-core';
import { DEMO_CLERK, firstRun } from '../../../scripts/demo/first-run.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../../..');

export interface ServerHandle {
  readonly baseUrl: string;
  readonly port: number;
  /** Model id from /healthz. */
  readonly model: string;
  /** Last lines the server printed, for failure messages. */
  output(): string;
  /** the clerk's credentials: `Authorization: Bearer` for fetch */
  readonly authHeaders: Readonly<Record<string, string>>;
  /** the admin's credentials (the pilot report, the audit log) */
  readonly adminHeaders: Readonly<Record<string, string>>;
  readonly clerk: { readonly name: string; readonly password: string };
  /** puts the clerk's session cookie into a browser context (as if she had logged in) */
  signIn(context: BrowserContext): Promise<void>;
  stop(): Promise<void>;
}

/** Asks the OS for a free port by listening on port 0, then releases it. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

const OUTPUT_LINES_KEPT = 80;

export async function startServer({ readyTimeoutMs = 60_000 } = {}): Promise<ServerHandle> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'diktats-e2e-'));
  const lines: string[] = [];
  const child = spawn(
    process.execPath,
    ['bin/diktats.mjs', 'serve', '--host', '127.0.0.1', '--port', String(port)],
    { cwd: repoRoot, env: { ...process.env, DIKTATS_DB: join(dataDir, 'test.db') }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = () => lines.join('\n');
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    await stopChild(child);
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const model = await waitForReady(baseUrl, child, readyTimeoutMs);
    const { clerkToken: token, clerkCookie: cookie, adminToken } = await firstRun(baseUrl, output());
    return {
      baseUrl,
      port,
      model,
      output,
      stop,
      authHeaders: { authorization: `Bearer ${token}` },
      adminHeaders: { authorization: `Bearer ${adminToken}` },
      clerk: CLERK,
      signIn: (context) => context.addCookies([{ name: 'diktats_session', value: cookie, url: baseUrl, httpOnly: true, sameSite: 'Strict' }]),
    };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output()}`);
  }
}

export const CLERK = DEMO_CLERK;

async function waitForReady(baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`diktats serve exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { ready?: boolean; model?: string };
      if (body.ready === true) return String(body.model ?? '');
      last = JSON.stringify(body);
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`/healthz did not report ready:true within ${timeoutMs} ms (last: ${last})`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
