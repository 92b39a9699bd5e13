/**
 * Keeps the recogniser's beam decoder (language model + lexicon + term boosts)
 * in step with the active corpora: built in the background after start, rebuilt
 * when the corpora change (checked every few seconds, so CLI imports count too),
 * and swapped in without a restart or a dropped stream.
 */
import fp from 'fastify-plugin';
import { BeamClient } from '../asr/lm/beam-client.ts';
import type { DomainDecoderStats } from '../asr/lm/domain-decoder.ts';

export interface LanguageModelState {
  readonly building: boolean;
  readonly signature: string | null;
  readonly stats: DomainDecoderStats | null;
  readonly error: string | null;
  /** resolves when the current build (if any) has finished */
  idle(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    languageModel: LanguageModelState;
  }
}

export default fp<{ enabled: boolean; pollMs: number }>(
  async (app, opts) => {
    const state = { building: false, signature: null as string | null, stats: null as DomainDecoderStats | null, error: null as string | null };
    let current: Promise<void> = Promise.resolve();
    let closed = false;
    let client: BeamClient | null = null;

    const rebuild = async (): Promise<void> => {
      const recogniser = await app.asr.ready.catch(() => null);
      if (!recogniser || closed) return;
      const signature = app.storage.corpora.activeSignature();
      if (signature === state.signature) return;
      state.building = true;
      try {
        const active = app.storage.corpora.activeEntries();
        const corpora = {
          sentences: active.filter((c) => c.kind === 'sentences').flatMap((c) => c.entries.map((e) => e.term)),
          terms: active.filter((c) => c.kind === 'terms').flatMap((c) => c.entries),
        };
        // Built inside the beam worker, which swaps it in when ready; finals never wait on a build.
        client ??= new BeamClient();
        const stats = await client.build(recogniser.spec, corpora, recogniser.spec.frameShiftMs / 1000);
        if (closed) return;
        recogniser.setBeamClient(client);
        state.signature = signature;
        state.stats = stats;
        state.error = null;
        for (const w of stats.warnings) app.log.warn({ warning: w }, 'language model');
        app.log.info({ ...stats, warnings: stats.warnings.length }, 'language model swapped in');
      } catch (err) {
        state.error = err instanceof Error ? err.message : String(err);
        app.log.error({ err }, 'language model build failed; finals stay greedy');
      } finally {
        state.building = false;
      }
    };
    const schedule = (): void => {
      current = current.then(rebuild);
    };

    app.decorate('languageModel', {
      get building() {
        return state.building;
      },
      get signature() {
        return state.signature;
      },
      get stats() {
        return state.stats;
      },
      get error() {
        return state.error;
      },
      idle: () => current,
    });
    if (!opts.enabled) return;
    app.addHook('onReady', async () => {
      schedule();
    });
    const timer = setInterval(() => {
      if (!state.building && app.storage.corpora.activeSignature() !== state.signature) schedule();
    }, opts.pollMs);
    timer.unref();
    app.addHook('onClose', async () => {
      closed = true;
      clearInterval(timer);
      await current.catch(() => undefined);
      await client?.close();
    });
  },
  { name: 'language-model', dependencies: ['storage', 'recogniser'] },
);
