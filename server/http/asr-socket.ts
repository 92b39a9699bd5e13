/**
 * WebSocket /ws/asr (vosk-server protocol): decodes frames into a
 * DictationSession's inputs and encodes its events as replies. The session
 * (server/dictation/) does the work; this file only speaks the wire.
 */
import type { FastifyInstance } from 'fastify';
import { DiktatsError } from '../errors.ts';
import { DictationSession } from '../dictation/dictation-session.ts';
import { FormSession } from '../forms/form-session.ts';
import { decodeClientText, encodeEvent, errorReply } from './asr-protocol.ts';

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
    const session = new DictationSession(
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
            asrSessionId,
            onSaved: (record) => app.forms.notifySaved(record),
          }),
        modelId: recogniser.modelId,
        userId: DEFAULT_USER_ID,
        client: 'ws',
        maxBacklogSec: opts.maxBacklogSec,
        log: req.log,
      },
      (event) => {
        if (event.type === 'close') socket.close(event.code, event.reason);
        else socket.send(encodeEvent(event));
      },
    );
    // Handlers are attached synchronously so no message is missed.
    socket.on('message', (data, isBinary) => {
      const bytes = toBytes(data as Buffer | ArrayBuffer | Buffer[]);
      if (isBinary) session.pushPcm16(bytes);
      else void session.handle(decodeClientText(bytes.toString('utf8')));
    });
    socket.on('close', () => {
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
