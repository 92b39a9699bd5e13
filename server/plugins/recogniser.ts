/**
 * The recogniser as a Fastify decorator. The model loads in the background so
 * the server answers /healthz (ready: false) while it loads; `waitForModel`
 * lets tests and the CLI wait for it.
 */
import fp from 'fastify-plugin';
import { Recogniser, type RecogniserOptions } from '../asr/recogniser.ts';
import type { Config } from '../config.ts';

/**
 * The streaming settings of the configuration as recogniser options: endpointing
 * and the decode window. The service and `diktats eval --streaming` both use it,
 * so an evaluation measures the stream clerks get.
 */
export function streamingOptions(
  config: Pick<Config, 'vadThreshold' | 'trailingSilenceMs' | 'maxUtteranceMs' | 'streamChunkMs' | 'streamLeftContextMs' | 'streamRightContextMs'>,
): Pick<RecogniserOptions, 'endpoint' | 'partialIntervalMs' | 'leftContextMs' | 'rightContextMs'> {
  return {
    endpoint: {
      frameMs: 32,
      positiveThreshold: config.vadThreshold,
      negativeThreshold: Math.max(0, Math.round((config.vadThreshold - 0.15) * 1000) / 1000),
      minSpeechMs: 96,
      trailingSilenceMs: config.trailingSilenceMs,
      maxUtteranceMs: config.maxUtteranceMs,
    },
    partialIntervalMs: config.streamChunkMs,
    leftContextMs: config.streamLeftContextMs,
    rightContextMs: config.streamRightContextMs,
  };
}

export interface AsrState {
  readonly recogniser: Recogniser | null;
  readonly error: Error | null;
  readonly ready: Promise<Recogniser>;
}

declare module 'fastify' {
  interface FastifyInstance {
    asr: AsrState;
  }
}

export interface RecogniserPluginOptions {
  readonly modelDir: string;
  readonly recogniser: Partial<RecogniserOptions>;
}

export default fp<RecogniserPluginOptions>(
  async (app, opts) => {
    const state: { recogniser: Recogniser | null; error: Error | null; ready: Promise<Recogniser> } = {
      recogniser: null,
      error: null,
      ready: Recogniser.load(opts.modelDir, {
        // A dead or restarted worker must leave a trace in the log (no personal data in these events).
        onWorkerEvent: (worker, e) => {
          if (e.type === 'exit') app.log.warn({ worker, slot: e.slot, reason: e.reason, failedJobs: e.failedJobs, retriedJobs: e.retriedJobs }, 'worker exited');
          else if (e.type === 'respawn-scheduled') app.log.info({ worker, slot: e.slot, delayMs: e.delayMs, failures: e.failures }, 'worker respawn scheduled');
          else if (e.restart) app.log.info({ worker, slot: e.slot }, 'worker respawned');
        },
        ...opts.recogniser,
      }),
    };
    state.ready.then(
      (r) => {
        state.recogniser = r;
        app.log.info({ model: r.modelId, family: r.spec.family, finalModel: r.finalPass ? { dir: r.finalPass.dir, family: r.finalPass.family } : null }, 'model loaded');
      },
      (err: Error) => {
        state.error = err;
        app.log.error({ err }, 'model failed to load');
      },
    );
    // Avoid an unhandled rejection when nobody awaits `ready`.
    state.ready.catch(() => undefined);
    app.decorate('asr', state);
    app.addHook('onClose', async () => {
      const r = await state.ready.catch(() => null);
      await r?.close();
    });
  },
  { name: 'recogniser' },
);
