/**
 * Keeps the recogniser's beam decoder (language model + lexicon + term boosts)
 * in step with the active corpora: built in the background after start, rebuilt
 * when the corpora change (checked every few seconds, so CLI imports count too),
 * and swapped in without a restart or a dropped stream.
 *
 * A failed build is retried with exponential backoff (retryMs, doubling, up to
 * 32×) and given up after `maxAttempts` (state `failed`, finals stay greedy)
 * until the corpora change. A beam worker that dies loses its decoder: finals
 * fall back to greedy and a rebuild is scheduled on the respawned worker.
 * Closing fails a running build at once and clears a pending retry: shutdown
 * waits on neither (test/integration/faults/worker-faults.test.ts).
 */
import fp from 'fastify-plugin';
import { BeamClient } from '../asr/lm/beam-client.ts';
import type { DomainDecoderStats } from '../asr/lm/domain-decoder.ts';
import { biasTermsFromCorpus } from '../asr/two-pass.ts';

/** off: DIKTATS_LM=false; pending: not built yet; retrying: the last build failed, another is due */
export type LanguageModelPhase = 'off' | 'pending' | 'building' | 'ready' | 'retrying' | 'failed';

export interface LanguageModelState {
  readonly phase: LanguageModelPhase;
  readonly building: boolean;
  readonly signature: string | null;
  readonly stats: DomainDecoderStats | null;
  readonly error: string | null;
  /** consecutive failed builds of the current corpora */
  readonly failures: number;
  /** resolves when the current build (if any) has finished */
  idle(): Promise<void>;
  /** the beam worker's client (fault tests), null before the first build */
  readonly client: BeamClient | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    languageModel: LanguageModelState;
  }
}

export interface LanguageModelOptions {
  readonly enabled: boolean;
  readonly pollMs: number;
  /** first retry delay after a failed build */
  readonly retryMs?: number;
  /** builds of one corpora signature before giving up */
  readonly maxAttempts?: number;
}

export default fp<LanguageModelOptions>(
  async (app, opts) => {
    const retryMs = opts.retryMs ?? 5000;
    const maxAttempts = opts.maxAttempts ?? 6;
    const state = {
      phase: (opts.enabled ? 'pending' : 'off') as LanguageModelPhase,
      building: false,
      signature: null as string | null,
      stats: null as DomainDecoderStats | null,
      error: null as string | null,
      failures: 0,
      /** the signature the failures belong to, and when the next try is allowed */
      failedSignature: null as string | null,
      retryAt: 0,
    };
    let current: Promise<void> = Promise.resolve();
    let closed = false;
    let client: BeamClient | null = null;
    /** the backoff before the next try after a failed build; cleared on close, so shutdown neither waits on it nor leaves it behind */
    let retryTimer: NodeJS.Timeout | null = null;

    const rebuild = async (): Promise<void> => {
      const recogniser = await app.asr.ready.catch(() => null);
      if (!recogniser || closed) return;
      const signature = app.storage.corpora.activeSignature();
      if (signature === state.signature && client?.hasDecoder) return;
      if (signature === state.failedSignature && (state.phase === 'failed' || Date.now() < state.retryAt)) return;
      state.building = true;
      state.phase = 'building';
      try {
        const active = app.storage.corpora.activeEntries();
        const corpora = {
          sentences: active.filter((c) => c.kind === 'sentences').flatMap((c) => c.entries.map((e) => e.term)),
          terms: active.filter((c) => c.kind === 'terms').flatMap((c) => c.entries),
        };
        // Two-pass finals take the terms directly (hotwords, prompt); no build needed.
        recogniser.setFinalBias(biasTermsFromCorpus(corpora.terms));
        // Built inside the beam worker, which swaps it in when ready; finals never wait on a build.
        client ??= new BeamClient({
          onDecoderLost: () => {
            if (closed) return;
            app.log.warn('beam worker died; finals are greedy until the language model is rebuilt');
            state.phase = 'pending';
            schedule();
          },
          onEvent: (e) => {
            if (e.type === 'exit') app.log.warn({ worker: 'beam', reason: e.reason, failedJobs: e.failedJobs }, 'worker exited');
          },
        });
        const stats = await client.build(recogniser.spec, corpora, recogniser.spec.frameShiftMs / 1000);
        if (closed) return;
        recogniser.setBeamClient(client);
        state.signature = signature;
        state.stats = stats;
        state.error = null;
        state.failures = 0;
        state.failedSignature = null;
        state.phase = 'ready';
        for (const w of stats.warnings) app.log.warn({ warning: w }, 'language model');
        app.log.info({ ...stats, warnings: stats.warnings.length }, 'language model swapped in');
      } catch (err) {
        if (closed) return;
        state.error = err instanceof Error ? err.message : String(err);
        state.failures = signature === state.failedSignature ? state.failures + 1 : 1;
        state.failedSignature = signature;
        const giveUp = state.failures >= maxAttempts;
        const delayMs = retryMs * 2 ** Math.min(5, state.failures - 1);
        state.retryAt = Date.now() + delayMs;
        state.phase = giveUp ? 'failed' : 'retrying';
        app.log.error(
          { err, failures: state.failures, ...(giveUp ? {} : { retryInMs: delayMs }) },
          giveUp ? 'language model build failed; given up until the corpora change, finals stay greedy' : 'language model build failed; finals stay greedy, retrying',
        );
        if (!giveUp) {
          if (retryTimer) clearTimeout(retryTimer);
          retryTimer = setTimeout(() => {
            retryTimer = null;
            schedule();
          }, delayMs);
          retryTimer.unref();
        }
      } finally {
        state.building = false;
      }
    };
    const schedule = (): void => {
      if (closed) return;
      current = current.then(rebuild);
    };

    app.decorate('languageModel', {
      get phase() {
        return state.phase;
      },
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
      get failures() {
        return state.failures;
      },
      get client() {
        return client;
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
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = null;
      // Closing the client first fails a running build at once; shutdown never waits on it.
      await client?.close(2000);
      await current.catch(() => undefined);
    });
  },
  { name: 'language-model', dependencies: ['storage', 'recogniser'] },
);
