/**
 * WebSocket /ws/asr (vosk-server protocol): decodes frames into a dictation
 * session's inputs and encodes its events as replies. The session
 * (server/dictation/, opened by plugins/dictation.ts) does the work; this file
 * only speaks the wire.
 */
import type { FastifyInstance } from 'fastify';
import { DiktatsError } from '../errors.ts';
import { decodeClientText, encodeEvent, errorReply } from './asr-protocol.ts';
import { CLERKS } from '../auth/roles.ts';
import { requestUser } from '../plugins/access.ts';

export async function asrSocket(app: FastifyInstance): Promise<void> {
  // Authenticated before the upgrade (access plugin): session cookie with our own Origin,
  // or an API token (Authorization: Bearer, or ?token= for vosk clients that cannot set headers).
  app.get('/ws/asr', { websocket: true, config: CLERKS }, (socket, req) => {
    const session = app.dictation.open(
      (event) => {
        if (event.type === 'close') socket.close(event.code, event.reason);
        else socket.send(encodeEvent(event));
      },
      req.log,
      { user: requestUser(req), ip: req.ip },
    );
    if (!session) {
      socket.send(errorReply(new DiktatsError('ASR_ERR_NOT_READY')));
      socket.close(1013, 'model loading');
      return;
    }
    app.metrics.streamOpened();
    // Handlers are attached synchronously so no message is missed.
    socket.on('message', (data, isBinary) => {
      const bytes = toBytes(data as Buffer | ArrayBuffer | Buffer[]);
      if (isBinary) session.pushPcm16(bytes);
      else void session.handle(decodeClientText(bytes.toString('utf8')));
    });
    socket.on('close', () => {
      app.metrics.streamClosed();
      void session.close();
    });
    socket.on('error', (err) => req.log.warn({ session: session.id, err: err.message }, 'websocket error'));
  });
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
