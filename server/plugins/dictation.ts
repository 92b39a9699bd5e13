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

export interface DictationService {
  /** A session for one client, or null while the model is still loading (ASR_ERR_NOT_READY). */
  open(onEvent: (event: DictationEvent) => void, log: DictationLogger): DictationSession | null;
}

declare module 'fastify' {
  interface FastifyInstance {
    dictation: DictationService;
  }
}

/** Until accounts exist, every session belongs to the default user (id 1). */
const DEFAULT_USER_ID = 1;

export default fp<{ maxBacklogSec: number }>(
  async (app, opts) => {
    app.decorate('dictation', {
      open(onEvent, log) {
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
                userId: DEFAULT_USER_ID,
                correction: () => app.forms.correction(),
                autotexts: () => app.forms.autotexts(),
                asrSessionId,
                onSaved: (record) => app.forms.notifySaved(record),
              }),
            modelId: recogniser.modelId,
            userId: DEFAULT_USER_ID,
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
  { name: 'dictation', dependencies: ['storage', 'correction', 'forms', 'recogniser', 'metrics'] },
);
