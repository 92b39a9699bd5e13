/**
 * WebSocket /ws/asr (vosk-server protocol): decodes frames into a dictation
 * session's inputs and encodes its events as replies. The session
 * (server/dictation/, opened by plugins/dictation.ts) does the work; this file
 * only speaks the wire — and stops a client that never reads its replies.
 */
import type { FastifyInstance } from 'fastify';
import { DiktatsError, isDiktatsError } from '../errors.ts';
import { storeErrorOf } from '../storage/health-probe.ts';
import type { DictationSession } from '../dictation/dictation-session.ts';
import { decodeClientText, encodeEvent, errorReply } from './asr-protocol.ts';
import { CLERKS } from '../auth/roles.ts';
import { requestUser } from '../plugins/access.ts';

/** Replies the client has not read (bytes); past this it is closed (1008), its finals stored. */
const MAX_UNREAD_BYTES = 4 * 1024 * 1024;

export async function asrSocket(app: FastifyInstance): Promise<void> {
  // Authenticated before the upgrade (access plugin): session cookie with our own Origin,
  // or an API token (Authorization: Bearer, or ?token= for vosk clients that cannot set headers).
  app.get('/ws/asr', { websocket: true, config: CLERKS }, (socket, req) => {
    let session: DictationSession | null;
    try {
      session = app.dictation.open((event) => {
        if (event.type === 'close') return socket.close(event.code, event.reason);
        if (socket.bufferedAmount > MAX_UNREAD_BYTES) {
          // A client that never reads would make us buffer every reply: stop, keeping what was said.
          req.log.warn({ session: session?.id }, 'closing asr session: the client does not read its replies');
          socket.close(1008, 'replies not read');
          void session?.close();
          return;
        }
        socket.send(encodeEvent(event));
      }, req.log, { user: requestUser(req), ip: req.ip });
    } catch (err) {
      // Over a connection cap, or the session row could not be stored (disk full, database locked).
      const coded = storeErrorOf(err) ?? (isDiktatsError(err) ? err : new DiktatsError('STORE_ERR_IO', undefined, { cause: err }));
      req.log.warn({ code: coded.code }, 'websocket refused');
      socket.send(errorReply(coded));
      socket.close(coded.code === 'ASR_ERR_TOO_MANY_STREAMS' ? 1013 : 1011, coded.code === 'ASR_ERR_TOO_MANY_STREAMS' ? 'too many connections; try again later' : 'session could not be stored');
      return;
    }
    if (!session) {
      socket.send(errorReply(new DiktatsError('ASR_ERR_NOT_READY')));
      socket.close(1013, 'model loading');
      return;
    }
    const open = session;
    app.metrics.streamOpened();
    // Handlers are attached synchronously so no message is missed.
    socket.on('message', (data, isBinary) => {
      const bytes = toBytes(data as Buffer | ArrayBuffer | Buffer[]);
      if (isBinary) open.pushPcm16(bytes);
      else void open.handle(decodeClientText(bytes.toString('utf8')));
    });
    socket.on('close', () => {
      app.metrics.streamClosed();
      void open.close();
    });
    socket.on('error', (err) => req.log.warn({ session: open.id, err: err.message }, 'websocket error'));
  });
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
