/**
 * Retention: transcripts (utterance text) older than DIKTATS_RETENTION_DAYS
 * are deleted at start and then once a day. 0 keeps them.
 */
import type { FastifyInstance } from 'fastify';
import { createClientDataRepository } from './client-data-repository.ts';

const DAY_MS = 86_400_000;

export function startRetention(app: FastifyInstance, retentionDays: number, now: () => number = Date.now): void {
  if (retentionDays <= 0) return;
  const repo = createClientDataRepository(app.storage.db);
  const run = () => {
    try {
      const cutoff = new Date(now() - retentionDays * DAY_MS).toISOString();
      const deleted = repo.purgeTranscriptsBefore(cutoff);
      if (deleted > 0) {
        app.log.info({ deleted, retentionDays }, 'old transcripts deleted');
        app.auth.record({ user: null, ip: null }, 'retention.purge', null, { utterances: deleted, before: cutoff });
      }
    } catch (err) {
      app.log.error({ err }, 'retention job failed');
    }
  };
  const timer = setInterval(run, DAY_MS);
  timer.unref();
  app.addHook('onReady', async () => run());
  app.addHook('onClose', async () => clearInterval(timer));
}
