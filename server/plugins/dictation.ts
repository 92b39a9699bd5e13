/**
 * The dictation service: opens a DictationSession per socket with the real
 * collaborators — the recogniser's stream, the live correction, the utterance
 * repository and a form session on the forms service. The socket route only
 * decodes and encodes the wire. Sockets and streams are capped (per user and
 * in all); `drain` stores every open stream's final at shutdown.
 */
import fp from 'fastify-plugin';
import type { DictationLogger } from '../dictation/collaborators.ts';
import { DictationSession } from '../dictation/dictation-session.ts';
import type { DictationEvent } from '../dictation/events.ts';
import { LiveConnections, type ConnectionCaps } from '../dictation/live-connections.ts';
import { FormSession } from '../forms/form-session.ts';

export interface DictationService {
  /**
   * A session for one client, or null while the model is still loading (ASR_ERR_NOT_READY).
   * Throws ASR_ERR_TOO_MANY_STREAMS past a socket cap, and a storage error when the session cannot be stored.
   */
  open(onEvent: (event: DictationEvent) => void, log: DictationLogger): DictationSession | null;
  /** Shutdown: every open session stores its last final; resolves when all have, or after `limitMs`. */
  drain(limitMs: number): Promise<{ drained: number; unfinished: number }>;
  readonly stats: { readonly sockets: number; readonly streams: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    dictation: DictationService;
  }
}

/** Until accounts exist, every session belongs to the default user (id 1). */
const DEFAULT_USER_ID = 1;

export default fp<{ maxBacklogSec: number; caps: ConnectionCaps }>(
  async (app, opts) => {
    const live = new LiveConnections(opts.caps);
    app.decorate('dictation', {
      open(onEvent, log) {
        const recogniser = app.asr.recogniser;
        if (!recogniser) return null;
        const userId = DEFAULT_USER_ID;
        const releaseSocket = live.admitSocket(userId);
        let releaseStream: (() => void) | null = null;
        let untrack = (): void => undefined;
        const release = (): void => {
          untrack();
          releaseSocket();
          releaseStream?.();
        };
        try {
          const session = new DictationSession(
            {
              createStream: () => {
                releaseStream ??= live.admitStream(userId); // throws ASR_ERR_TOO_MANY_STREAMS past a cap
                return recogniser.createStream();
              },
              correct: (text) => app.correction.correct(text),
              utterances: app.storage.asrSessions,
              createForm: (asrSessionId) =>
                new FormSession({
                  templates: app.forms.templates,
                  store: app.storage.forms,
                  userId,
                  correction: () => app.forms.correction(),
                  asrSessionId,
                  onSaved: (record) => app.forms.notifySaved(record),
                }),
              modelId: recogniser.modelId,
              userId,
              client: 'ws',
              maxBacklogSec: opts.maxBacklogSec,
              log,
              onClosed: release,
              metrics: app.metrics.stream,
            },
            onEvent,
          );
          untrack = live.track(session);
          return session;
        } catch (err) {
          release();
          throw err;
        }
      },
      drain: (limitMs) => live.drain(limitMs),
      get stats() {
        return live.stats;
      },
    } satisfies DictationService);
  },
  { name: 'dictation', dependencies: ['storage', 'correction', 'forms', 'recogniser', 'metrics'] },
);
