/** WebSocket /ws/asr (vosk-server protocol): wires socket events to an AsrConnection. */
import type { FastifyInstance } from 'fastify';
import { DiktatsError, isDiktatsError } from '../errors.ts';
import { errorReply } from './asr-protocol.ts';
import { AsrConnection } from './asr-connection.ts';
import { FormSession } from '../forms/form-session.ts';
import type { LiveConnections } from './live-connections.ts';
import { storeErrorOf } from '../storage/health-probe.ts';

export interface AsrSocketOptions {
  readonly maxBacklogSec: number;
  readonly live: LiveConnections;
}

/** Until accounts exist, every session belongs to the default user (id 1). */
const DEFAULT_USER_ID = 1;

export async function asrSocket(app: FastifyInstance, opts: AsrSocketOptions): Promise<void> {
  app.get('/ws/asr', { websocket: true, config: { access: ['clerk', 'researcher', 'admin'] } }, (socket, req) => {
    const recogniser = app.asr.recogniser;
    if (!recogniser) {
      socket.send(errorReply(new DiktatsError('ASR_ERR_NOT_READY')));
      socket.close(1013, 'model loading');
      return;
    }
    const userId = DEFAULT_USER_ID;
    let releaseSocket: () => void;
    try {
      releaseSocket = opts.live.admitSocket(userId);
    } catch (err) {
      if (!isDiktatsError(err)) throw err;
      req.log.warn({ code: err.code }, 'websocket refused');
      socket.send(errorReply(err));
      socket.close(1013, 'too many connections; try again later');
      return;
    }
    let releaseStream: (() => void) | null = null;
    let conn: AsrConnection;
    try {
      conn = new AsrConnection(socket, {
      createStream: () => {
        releaseStream ??= opts.live.admitStream(userId); // throws ASR_ERR_TOO_MANY_STREAMS past a cap
        return recogniser.createStream();
      },
      modelId: recogniser.modelId,
      sessions: app.storage.asrSessions,
      userId,
      maxBacklogSec: opts.maxBacklogSec,
      log: req.log,
      client: 'ws',
      correct: (text) => app.correction.correct(text),
      createFormSession: (asrSessionId) =>
        new FormSession({
          templates: app.forms.templates,
          store: app.forms.records,
          userId,
          correction: app.forms.correction,
          asrSessionId,
          onSaved: (record) => app.forms.notifySaved(record),
        }),
      });
    } catch (err) {
      // The session row could not be written (disk full, database locked): refuse this socket, keep the others.
      releaseSocket();
      const coded = storeErrorOf(err) ?? (isDiktatsError(err) ? err : new DiktatsError('STORE_ERR_IO', undefined, { cause: err }));
      req.log.error({ code: coded.code }, 'websocket refused: session not stored');
      socket.send(errorReply(coded));
      socket.close(1011, 'session could not be stored');
      return;
    }
    const untrack = opts.live.track(conn);
    // Handlers are attached synchronously so no message is missed.
    socket.on('message', (data, isBinary) => conn.onMessage(data as Buffer, isBinary));
    socket.on('close', () => {
      void conn.onClose().finally(() => {
        untrack();
        releaseSocket();
        releaseStream?.();
      });
    });
    socket.on('error', (err) => req.log.warn({ session: conn.id, err: err.message }, 'websocket error'));
  });
}
