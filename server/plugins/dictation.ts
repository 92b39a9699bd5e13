/**
 * The dictation service: opens a DictationSession per socket with the real
 * collaborators — the recogniser's stream, the live correction, the utterance
 * repository and a form session on the forms service. The socket route only
 * decodes and encodes the wire.
 */
import fp from 'fastify-plugin';
import type { DictationLogger } from '../dictation/collaborators.ts';
import { DictationSession } from '../dictation/dictation-session.ts';
import type { DictationEvent } from '../dictation/events.ts';
import { FormSession } from '../forms/form-session.ts';
import { mayAccessOwned, type AuthUser } from '../auth/roles.ts';

export interface DictationService {
  /**
   * A session for one client, or null while the model is still loading (ASR_ERR_NOT_READY).
   * `caller`: the authenticated user (owner of what is dictated; opens only records she may) and address, for the audit.
   */
  open(onEvent: (event: DictationEvent) => void, log: DictationLogger, caller: DictationCaller): DictationSession | null;
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

export default fp<{ maxBacklogSec: number }>(
  async (app, opts) => {
    app.decorate('dictation', {
      open(onEvent, log, { user, ip }) {
        const recogniser = app.asr.recogniser;
        if (!recogniser) return null;
        return new DictationSession(
          {
            createStream: () => recogniser.createStream(),
            correct: (text) => app.correction.correct(text),
            utterances: app.storage.asrSessions,
            createForm: (asrSessionId) =>
              new FormSession({
                templates: app.forms.templates,
                store: app.storage.forms,
                userId: user.id,
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
            userId: user.id,
            client: 'ws',
            maxBacklogSec: opts.maxBacklogSec,
            log,
            metrics: app.metrics.stream,
          },
          onEvent,
        );
      },
    } satisfies DictationService);
  },
  { name: 'dictation', dependencies: ['storage', 'access', 'correction', 'forms', 'recogniser', 'metrics'] },
);
