/** Listens and closes gracefully: finals of open sessions are stored before exit. */
import { buildApp } from './app.ts';
import type { Config } from './config.ts';

export async function startServer(config: Config): Promise<() => Promise<void>> {
  const app = await buildApp(config);
  await app.listen({ host: config.host, port: config.port });
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
