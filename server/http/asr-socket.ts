/** WebSocket /ws/asr (vosk-server protocol): wires socket events to an AsrConnection. */
import type { FastifyInstance } from 'fastify';
import { DiktatsError } from '../errors.ts';
import { errorReply } from './asr-protocol.ts';
import { AsrConnection } from './asr-connection.ts';
import { FormSession } from '../forms/form-session.ts';

export interface AsrSocketOptions {
  readonly maxBacklogSec: number;
}

/** Until accounts exist, every session belongs to the default user (id 1). */
const DEFAULT_USER_ID = 1;

export async function asrSocket(app: FastifyInstance, opts: AsrSocketOptions): Promise<void> {
  app.get('/ws/asr', { websocket: true }, (socket, req) => {
    const recogniser = app.asr.recogniser;
    if (!recogniser) {
      socket.send(errorReply(new DiktatsError('ASR_ERR_NOT_READY')));
      socket.close(1013, 'model loading');
      return;
    }
    const conn = new AsrConnection(socket, {
      createStream: () => recogniser.createStream(),
      modelId: recogniser.modelId,
      sessions: app.storage.asrSessions,
      userId: DEFAULT_USER_ID,
      maxBacklogSec: opts.maxBacklogSec,
      log: req.log,
      client: 'ws',
      correct: (text) => app.correction.correct(text),
      createFormSession: (asrSessionId) =>
        new FormSession({
          templates: app.forms.templates,
          store: app.forms.records,
          userId: DEFAULT_USER_ID,
          correction: app.forms.correction,
          autotexts: () => app.forms.autotexts(),
          asrSessionId,
          onSaved: (record) => app.forms.notifySaved(record),
        }),
    });
    // Handlers are attached synchronously so no message is missed.
    socket.on('message', (data, isBinary) => conn.onMessage(data as Buffer, isBinary));
    socket.on('close', () => {
      void conn.onClose();
    });
    socket.on('error', (err) => req.log.warn({ session: conn.id, err: err.message }, 'websocket error'));
  });
}
