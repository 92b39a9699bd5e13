/** WebSocket /ws/asr (vosk-server protocol): wires socket events to an AsrConnection. */
import type { FastifyInstance } from 'fastify';
import { DiktatsError } from '../errors.ts';
import { errorReply } from './asr-protocol.ts';
import { AsrConnection } from './asr-connection.ts';
import { FormSession } from '../forms/form-session.ts';
import { CLERKS } from '../auth/roles.ts';
import { requestUser } from '../plugins/access.ts';

export interface AsrSocketOptions {
  readonly maxBacklogSec: number;
}

export async function asrSocket(app: FastifyInstance, opts: AsrSocketOptions): Promise<void> {
  // Authenticated before the upgrade (access plugin): session cookie with our own Origin,
  // or an API token (Authorization: Bearer, or ?token= for vosk clients that cannot set headers).
  app.get('/ws/asr', { websocket: true, config: CLERKS }, (socket, req) => {
    const user = requestUser(req);
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
      userId: user.id,
      maxBacklogSec: opts.maxBacklogSec,
      log: req.log,
      client: 'ws',
      correct: (text) => app.correction.correct(text),
      createFormSession: (asrSessionId) =>
        new FormSession({
          templates: app.forms.templates,
          store: app.forms.records,
          userId: user.id,
          correction: app.forms.correction,
          asrSessionId,
          mayOpen: (record) => app.forms.mayAccess(user, record),
          onSaved: (record) => {
            app.auth.record({ user, ip: req.ip }, 'record.save', `record:${record.id}`, { via: 'socket' });
            app.forms.notifySaved(record);
          },
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
