/** Listens and closes gracefully: finals of open sessions are stored before exit. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';

export async function startServer(config: Config): Promise<() => Promise<void>> {
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
  const setupToken = app.auth.setup.token;
  if (setupToken !== null) {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    // Printed, not logged: the one-time link is for the person at this terminal. The token rides in the
    // fragment (#), which browsers never send, so it reaches no access log.
    process.stdout.write(
      `\nNo admin account yet. Create the first one within 60 minutes at (this machine only):\n` +
        `  http://127.0.0.1:${port}/setup.html#token=${setupToken}\n` +
        `Or: printf '%s\\n' "$PASSWORD" | npx diktats user add NAME --role admin --password-stdin\n\n`,
    );
  }
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= app.close();
    return closing;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app.log.info({ signal }, 'shutting down');
      close().then(
        () => process.exit(0),
        (err: unknown) => {
          app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return close;
}
