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
import { mayAccessOwned, type AuthUser } from '../auth/roles.ts';

export interface DictationService {
  /**
   * A session for one client, or null while the model is still loading (ASR_ERR_NOT_READY).
   * Throws ASR_ERR_TOO_MANY_STREAMS past a socket cap (counted per authenticated user and in all),
   * and a storage error when the session cannot be stored.
   * `caller`: the authenticated user (owner of what is dictated; opens only records she may) and address, for the audit.
   */
  open(onEvent: (event: DictationEvent) => void, log: DictationLogger, caller: DictationCaller): DictationSession | null;
  /** Shutdown: every open session stores its last final; resolves when all have, or after `limitMs`. */
  drain(limitMs: number): Promise<{ drained: number; unfinished: number }>;
  readonly stats: { readonly sockets: number; readonly streams: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    dictation: DictationService;
  }
}

export interface DictationCaller {
  readonly user: Pick<AuthUser, 'id' | 'name' | 'role'>;
  readonly ip: string;
}

export default fp<{ maxBacklogSec: number; caps: ConnectionCaps }>(
  async (app, opts) => {
    const live = new LiveConnections(opts.caps);
    app.decorate('dictation', {
      open(onEvent, log, { user, ip }) {
        const recogniser = app.asr.recogniser;
        if (!recogniser) return null;
        // Caps count the authenticated user's connections (each clerk has her own allowance).
        const userId = user.id;
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
                  mayOpen: (record) => mayAccessOwned(user, record),
                  correction: () => app.forms.correction(),
                  autotexts: () => app.forms.autotexts(),
                  asrSessionId,
                  onSaved: (record) => {
                    app.auth.record({ user, ip }, 'record.save', `record:${record.id}`, { via: 'socket' });
                    app.forms.notifySaved(record);
                  },
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
  { name: 'dictation', dependencies: ['storage', 'access', 'correction', 'forms', 'recogniser', 'metrics'] },
);
